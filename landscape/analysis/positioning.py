"""Who plays which role, and where each actor sits on the power-interest (Mendelow) grid.

Everything here returns plain, JSON-ready data (dicts, lists, strings) that the CLI prints and the
TUI renders without further computation.

The quadrant rule
-----------------
Influence and interest are curated scores from 1 to 5. A score is *high* when it is **4 or 5**
(``HIGH = 4``); 1, 2 and 3 are *low*. The middle score 3 counts as low on purpose: curators give 3
to an actor that matters "somewhat", and the point of the grid is to single out the few actors a
strategist must manage closely, not half of the map. So:

==================  ==============  ================
influence \\ interest  interest <= 3   interest >= 4
==================  ==============  ================
influence >= 4      keep satisfied  manage closely
influence <= 3      monitor         keep informed
==================  ==============  ================

An actor without a curated positioning has no quadrant (``None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from landscape.dataset import MapData
from landscape.i18n import N_, _, get_lang
from landscape.model.models import Actor
from landscape.text import fold
from landscape.model.vocab import ROLES, values, ActorKind

HIGH = 4
"""The lowest score that counts as high influence or high interest."""

# The quadrants' names are identifiers (JSON); people read them through `_()`.
MANAGE_CLOSELY = N_("manage closely")
KEEP_SATISFIED = N_("keep satisfied")
KEEP_INFORMED = N_("keep informed")
MONITOR = N_("monitor")
QUADRANTS: dict[str, str] = {
    MANAGE_CLOSELY: N_("high influence, high interest: key players to involve and manage closely"),
    KEEP_SATISFIED: N_("high influence, low interest: powerful but not engaged; keep them satisfied"),
    KEEP_INFORMED: N_("low influence, high interest: engaged allies or rivals; keep them informed"),
    MONITOR: N_("low influence, low interest: watch with minimal effort"),
}
SCORES = (1, 2, 3, 4, 5)
ROLE_NAMES: tuple[str, ...] = tuple(ROLES)
ROLE_SHORT: dict[str, str] = {
    "policy_maker": "policy", "funder": "funder", "coordinator": "coord", "field_support": "field",
    "tool_provider": "tools", "expertise": "expert", "detection_orientation": "detect",
    "public_service_operator": "pubsvc", "advocacy_media": "advoc", "training": "train",
}
"""Column headings narrow enough for a terminal table (every role of the vocabulary has one)."""
ROLE_SHORT_FR: dict[str, str] = {
    "policy_maker": "décid", "funder": "financ", "coordinator": "coord", "field_support": "terr",
    "tool_provider": "outils", "expertise": "expert", "detection_orientation": "repér",
    "public_service_operator": "servpu", "advocacy_media": "plaid", "training": "form",
}


def role_short(role: str) -> str:
    """`ROLE_SHORT` in the reader's language (at most 6 characters in both)."""
    return (ROLE_SHORT_FR if get_lang() == "fr" else ROLE_SHORT).get(role, role)
LEVEL_MARKS = {"primary": "●", "secondary": "○"}
KIND_NAMES: tuple[str, ...] = values(ActorKind)


def quadrant(influence: int, interest: int) -> str:
    """The Mendelow quadrant of scores on 1–5; high means >= `HIGH` (4).

    >>> quadrant(4, 4), quadrant(4, 3), quadrant(3, 4), quadrant(3, 3)
    ('manage closely', 'keep satisfied', 'keep informed', 'monitor')
    """
    for name, score in (("influence", influence), ("interest", interest)):
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"{name} must be an integer from 1 to 5, not {score!r}")
    powerful, engaged = influence >= HIGH, interest >= HIGH
    if powerful:
        return MANAGE_CLOSELY if engaged else KEEP_SATISFIED
    return KEEP_INFORMED if engaged else MONITOR


def short_label(actor: Actor, width: int = 24) -> str:
    """A name that fits a narrow cell: the name, or its shortest alias when the name is long; cut with "…"."""
    label = actor.name
    if len(label) > width and actor.aliases:
        label = min(actor.aliases, key=len) if min(map(len, actor.aliases)) < len(label) else label
    if len(label) > width:
        label = label[: max(1, width - 1)].rstrip() + "…"
    return label


def _matches(actor: Actor, folded_query: str) -> bool:
    haystack = " | ".join(fold(n) for n in (actor.id.replace("-", " "), actor.name, *actor.aliases))
    return folded_query in haystack


def select_actors(data: MapData, *, kinds: Iterable[str] = (), sector: str | None = None,
                  text: str | None = None) -> list[Actor]:
    """Actors of any of `kinds` (all when empty), of `sector`, whose id, name or alias contains `text`."""
    kinds = set(kinds)
    query = fold(text) if text else ""
    return [a for a in data.actors
            if (not kinds or a.kind in kinds) and (sector is None or a.sector == sector)
            and (not query or _matches(a, query))]


def actor_entry(actor: Actor, *, focal: str | None = None) -> dict[str, Any]:
    """One actor as the positioning views show it: roles by name, curated scores, quadrant, focal flag."""
    pos = actor.positioning
    return {
        "id": actor.id,
        "name": actor.name,
        "label": short_label(actor),
        "kind": actor.kind,
        "sector": actor.sector,
        "roles": {r.role: r.level for r in sorted(actor.roles, key=lambda r: ROLE_NAMES.index(r.role))},
        "influence": pos.influence if pos else None,
        "interest": pos.interest if pos else None,
        "quadrant": quadrant(pos.influence, pos.interest) if pos else None,
        "rationale": pos.rationale if pos else None,
        "focal": actor.id == focal,
    }


def positioning_entries(data: MapData, *, focal: str | None = None, kinds: Iterable[str] = (),
                        sector: str | None = None, text: str | None = None) -> list[dict[str, Any]]:
    """One entry per selected actor, the focal actor first, then by name."""
    entries = [actor_entry(a, focal=focal) for a in select_actors(data, kinds=kinds, sector=sector, text=text)]
    entries.sort(key=lambda e: (not e["focal"], e["name"].casefold(), e["id"]))
    return entries


def role_counts(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per role of the vocabulary (in its order): how many of `entries` hold it as primary, secondary, in all."""
    counts = []
    for role in ROLE_NAMES:
        primary = sum(1 for e in entries if e["roles"].get(role) == "primary")
        secondary = sum(1 for e in entries if e["roles"].get(role) == "secondary")
        counts.append({"role": role, "meaning": ROLES[role], "primary": primary, "secondary": secondary,
                       "total": primary + secondary})
    return counts


def roles_matrix(data: MapData, *, focal: str | None = None, kinds: Iterable[str] = (),
                 sector: str | None = None, text: str | None = None) -> dict[str, Any]:
    """The roles matrix: the role columns with their counts, and one row per selected actor."""
    rows = positioning_entries(data, focal=focal, kinds=kinds, sector=sector, text=text)
    return {"focal": focal, "roles": role_counts(rows), "rows": rows}


def grid(entries: Sequence[dict[str, Any]], *, max_labels: int = 3, width: int = 14) -> dict[str, Any]:
    """Actors grouped per (influence, interest) cell of the 5x5 power-interest grid.

    Each of the 25 cells (influence 5 to 1, interest 1 to 5, so row by row from the top as drawn)
    holds every actor id, at most `max_labels` short labels cut to `width` characters (the focal
    actor first, marked with "*"), and `more`: how many actors the labels leave out ("+N more").
    Unrated actors (no curated positioning) are listed apart.
    """
    cells = []
    for influence in reversed(SCORES):
        for interest in SCORES:
            here = [e for e in entries if e["influence"] == influence and e["interest"] == interest]
            here.sort(key=lambda e: (not e["focal"], e["name"].casefold()))
            shown = max_labels if len(here) <= max_labels else max(0, max_labels - 1)
            labels = [_cut(("*" if e["focal"] else "") + e["label"], width) for e in here[:shown]]
            cells.append({"influence": influence, "interest": interest,
                          "quadrant": quadrant(influence, interest),
                          "actors": [e["id"] for e in here], "labels": labels, "more": len(here) - len(labels)})
    return {"high": HIGH, "cells": cells, "unrated": [e["id"] for e in entries if e["influence"] is None]}


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def grid_lines(layout: dict[str, Any], *, width: int = 14) -> list[str]:
    """The grid drawn as plain text lines: influence on the vertical axis, interest across.

    A double rule separates low from high scores, so the four quadrants read at a glance.
    Labels are data: print them with a function that shows control characters literally.
    """
    cells = {(c["influence"], c["interest"]): c for c in layout["cells"]}
    high = layout["high"]

    def sep(i: int) -> str:
        return "║" if i == high else "│"

    def rule(heavy: bool, first: bool = False) -> str:
        line = "═" if heavy else "─"
        cross = {(True, True): "╬", (True, False): "╫", (False, True): "╪", (False, False): "┼"}
        marks = ["├" if not heavy else "╞"] + [cross[(i == high, heavy)] for i in SCORES[1:]]
        return "     " + "".join(m + line * (width + 2) for m in marks) + ("╡" if heavy else "┤")

    lines = [_("influence ↑") + "   " + _("interest →").rjust(5 * (width + 3) - 10)]
    lines.append("     " + "".join(" " + f"{i}".center(width + 2) for i in SCORES))
    lines.append(rule(False))
    for influence in reversed(SCORES):
        row = [cells[(influence, i)] for i in SCORES]
        texts = [c["labels"] + ([_("+{n} more").format(n=c["more"])] if c["more"] else []) for c in row]
        height = max(1, *(len(t) for t in texts))
        for k in range(height):
            head = f"  {influence}  " if k == 0 else "     "
            body = "".join(sep(i) + " " + (t[k] if k < len(t) else "").ljust(width) + " "
                           for i, t in zip(SCORES, texts))
            lines.append(head + body + "│")
        lines.append(rule(influence == high))
    left = _("low interest: {top} (top) / {bottom} (bottom)").format(top=_(KEEP_SATISFIED), bottom=_(MONITOR))
    right = _("high interest: {top} (top) / {bottom} (bottom)").format(top=_(MANAGE_CLOSELY), bottom=_(KEEP_INFORMED))
    lines.append("     " + _("high = {high} or 5").format(high=high) + f" · {left} · {right}")
    return lines


def with_assessments(entries: Sequence[dict[str, Any]], assessments: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries placed by the user's own assessment where there is one.

    An assessed entry gets `own` (the assessment: scores, why, date, author) and `curated` (the
    curated influence and interest, or None), and its `influence`, `interest` and `quadrant` become
    the user's; the others get `own` None and `curated` as they were.
    """
    out = []
    for entry in entries:
        curated = (entry["influence"], entry["interest"]) if entry["influence"] is not None else None
        own = assessments.get(entry["id"])
        entry = {**entry, "own": own, "curated": curated}
        if own is not None:
            entry.update(influence=own["influence"], interest=own["interest"],
                         quadrant=quadrant(own["influence"], own["interest"]))
        out.append(entry)
    return out
