"""The dashboard in the reader's language: key descriptions translated where they are shown.

Bindings are class attributes, made at import time: their descriptions, tooltips and group names are
marked with `N_()` and translated here, when the footer (or the help, or Textual's key panel) reads
`active_bindings`, so that a switch of language shows at the next redraw of the keys.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from textual.binding import ActiveBinding, Binding

from landscape.i18n import N_, _, get_lang

LANGUAGE_NAMES = {"fr": "français", "en": "English"}  # each language named in itself

# Texts of Textual's own that the dashboard shows: the palette's key in the footer, its tooltip.
TEXTUAL_TEXTS = (N_("palette"), N_("Open the command palette"), N_("Quit"),
                 N_("Quit the app and return to the command prompt."))


@lru_cache(maxsize=2048)
def _translated(binding: Binding, lang: str) -> Binding:
    group = binding.group
    return replace(binding, description=_(binding.description), tooltip=_(binding.tooltip),
                   group=replace(group, description=_(group.description)) if group is not None else None)


def translated(binding: Binding) -> Binding:
    """`binding` with its description, tooltip and group in the current language."""
    return binding if get_lang() == "en" else _translated(binding, get_lang())


class TranslatedKeys:
    """Screen mixin: the footer, and whatever reads `active_bindings`, shows keys in the current language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        found: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        if get_lang() == "en":
            return found
        return {key: ActiveBinding(a.node, translated(a.binding), a.enabled, _(a.tooltip))
                for key, a in found.items()}
