"""Footer groups shared by the app's and the screens' bindings: compact, so that the keys fit 80 columns.

Their names are msgids, translated where the footer shows them (`tui.language`). When a screen's own keys
and the groups still do not fit its width (French words are longer), `fit_footer` leaves the jump keys
(`GOTO`), then the actor keys (`ACTOR`), out of the footer: they still work, and `?` lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.binding import ActiveBinding, Binding

from landscape.i18n import N_, _

GOTO = Binding.Group(N_("Go"), compact=True)
ACTOR = Binding.Group(N_("Actor"), compact=True)  # v compare, C rivals, b brief: what to do with the actor shown
PALETTE_CELLS = 12  # "▏^p palette", docked on the right


def footer_cells(bindings: list[Binding], key_display: Callable[[Binding], str]) -> int:
    """About how many cells a compact footer needs for `bindings` (the shown ones; a group's keys share its name)."""
    cells, actions, groups = PALETTE_CELLS, set(), set()
    for b in bindings:
        if not b.show or b.action in actions:
            continue
        actions.add(b.action)
        if b.group is not None:
            cells += len(key_display(b))
            if b.group.description not in groups:
                groups.add(b.group.description)
                cells += 2 + len(b.group.description)
        else:
            cells += len(key_display(b)) + len(b.description) + 2
    return cells


def fit_footer(found: dict[str, ActiveBinding], width: int,
               key_display: Callable[[Binding], str]) -> dict[str, ActiveBinding]:
    """`found` with groups of keys hidden from the footer, jump keys first, until the footer fits `width` cells.

    The groups are named in the reader's language already (`tui.language.translated`).
    """
    for group in (GOTO, ACTOR):
        if not width or footer_cells([a.binding for a in found.values()], key_display) <= width:
            break
        name = _(group.description)
        found = {key: a._replace(binding=replace(a.binding, show=False))
                 if a.binding.group is not None and a.binding.group.description == name else a
                 for key, a in found.items()}
    return found
