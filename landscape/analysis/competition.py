"""Who competes with an actor: the recorded rivals by arena, then rivals the map suggests.

Recorded rivals come from the ``competitors`` table, grouped by arena, each with the overlap the
curators gave and each side's edge: the measures on which one side leads the other (curated and
measured influence, partners, funders, départemental plans, offers).

Suggested rivals are actors not yet recorded as competitors that do the same things: they run
offers of the same categories and hold the same roles. The score (`WEIGHTS`) adds 3 per offer
category both run, 2 per role primary for both, 1 per role one holds as primary and the other as
secondary, and 0.5 per shared funder or partner (they court the same patrons). An actor is
suggested only when both hold a role as primary, or when they run offers of a common category and
one holds as primary a role the other holds at all; actors the focal one funds,
supervises, founded, operates or belongs to (and their reverse) are dependants, not rivals, and
people are never suggested.
"""

from __future__ import annotations

from typing import Any

from landscape.dataset import MapData
from landscape.errors import NotFound
from landscape.i18n import N_, _, colon, ngettext, semicolon
from landscape.analysis.influence import measure
from landscape.model.labels import label
from landscape.model.models import Actor
from landscape.analysis.profile import plans_of, ref

WEIGHTS = {"category": 3.0, "primary_role": 2.0, "mixed_role": 1.0, "funder": 0.5, "partner": 0.5}
HIERARCHY = {"funds", "supervises", "founded", "operates", "part_of", "member_of", "leads", "works_for",
             "succeeded_by"}
OVERLAP_ORDER = {"high": 0, "medium": 1, "low": 2}


def _actor(data: MapData, actor_id: str) -> Actor:
    actor = data.index("actors").get(actor_id)
    if not isinstance(actor, Actor):
        raise NotFound(_("no actor {id!r}").format(id=actor_id))
    return actor


def funders_of(data: MapData, actor_id: str) -> set[str]:
    return {r.source for r in data.relations if r.kind == "funds" and r.target == actor_id}


def partners_of(data: MapData, actor_id: str) -> set[str]:
    out = set()
    for r in data.relations:
        if r.kind in ("partner", "coalition_with") and actor_id in (r.source, r.target):
            out.add(r.target if r.source == actor_id else r.source)
    return out


def standing(data: MapData, actor: Actor, measured: dict[str, Any]) -> dict[str, Any]:
    """The figures each side's edge is read from."""
    row = measured.get(actor.id, {})
    return {
        "influence": actor.positioning.influence if actor.positioning else None,
        "measured": row.get("measured"),
        "partners": len(partners_of(data, actor.id)),
        "funders": len(funders_of(data, actor.id)),
        "plans": len(plans_of(data, actor)),
        "offers": sum(1 for o in data.offers if o.owner == actor.id),
    }


_EDGE_WORDS = {"influence": N_("curated influence"), "measured": N_("measured influence"),
               "partners": N_("partners"), "funders": N_("funders"), "plans": N_("départemental plans"),
               "offers": N_("offers")}


def edges(mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What each side leads on, in words ("curated influence 5 vs 3")."""
    ours, them = [], []
    for key, words in _EDGE_WORDS.items():
        a, b = mine[key], theirs[key]
        if a is None or b is None or a == b:
            continue
        (ours if a > b else them).append(_("{what} {high} vs {low}").format(what=_(words), high=max(a, b),
                                                                            low=min(a, b)))
    return ours, them


def recorded(data: MapData, actor: Actor, measured: dict[str, Any]) -> list[dict[str, Any]]:
    """The recorded rivals grouped by arena (arenas with the highest overlap first)."""
    actors = data.index("actors")
    mine = standing(data, actor, measured)
    arenas: dict[str, list[dict[str, Any]]] = {}
    for c in data.competitors:
        if actor.id not in (c.actor, c.competitor):
            continue
        other = actors[c.competitor if c.actor == actor.id else c.actor]
        theirs = standing(data, other, measured)
        ours, them = edges(mine, theirs)
        arenas.setdefault(c.arena, []).append({
            "id": other.id, "name": other.name, "record": c.id, "overlap": c.overlap, "note": c.note,
            "note_fr": c.note_fr, "arena_fr": c.arena_fr,
            "suggested": False, "standing": theirs, "edge": {"actor": ours, "competitor": them},
            "sources": c.sources,
        })
    groups = []
    for arena, rivals in arenas.items():
        rivals.sort(key=lambda r: (OVERLAP_ORDER[r["overlap"]], r["name"].casefold()))
        groups.append({"arena": arena, "arena_fr": next((r["arena_fr"] for r in rivals if r["arena_fr"]), None),
                       "overlap": rivals[0]["overlap"], "rivals": rivals})
    groups.sort(key=lambda g: (OVERLAP_ORDER[g["overlap"]], g["arena"].casefold()))
    return groups


def suggest(data: MapData, actor: Actor, *, limit: int | None = 10) -> list[dict[str, Any]]:
    """Actors doing what `actor` does and not yet recorded as its competitors, best first."""
    known = {c.competitor if c.actor == actor.id else c.actor
             for c in data.competitors if actor.id in (c.actor, c.competitor)}
    dependants = {r.target if r.source == actor.id else r.source for r in data.relations
                  if r.kind in HIERARCHY and actor.id in (r.source, r.target)}
    categories: dict[str, set[str]] = {}
    for offer in data.offers:
        categories.setdefault(offer.owner, set()).add(offer.category)
    mine_cats = categories.get(actor.id, set())
    mine_roles = {r.role: r.level for r in actor.roles}
    my_funders, my_partners = funders_of(data, actor.id), partners_of(data, actor.id)
    actors = data.index("actors")
    found = []
    for other in data.actors:
        if other.id == actor.id or other.id in known or other.id in dependants or other.kind == "person":
            continue
        cats = sorted(mine_cats & categories.get(other.id, set()))
        roles = {r.role: r.level for r in other.roles}
        both_primary = sorted(r for r in mine_roles if roles.get(r) == "primary" == mine_roles[r])
        mixed = sorted(r for r in mine_roles if r in roles and r not in both_primary
                       and "primary" in (roles[r], mine_roles[r]))
        if not both_primary and not (cats and mixed):
            continue  # a common offer category alone (a "service") is too loose a sign of rivalry
        funders = sorted(my_funders & funders_of(data, other.id))
        partners = sorted(my_partners & partners_of(data, other.id))
        score = (WEIGHTS["category"] * len(cats) + WEIGHTS["primary_role"] * len(both_primary)
                 + WEIGHTS["mixed_role"] * len(mixed) + WEIGHTS["funder"] * len(funders)
                 + WEIGHTS["partner"] * len(partners))
        reasons = []
        if cats:
            offers = [o.name for o in data.offers if o.owner == other.id and o.category in cats]
            reasons.append(_("also runs {categories} ({offers})").format(
                categories=_join(_plural_category(c) for c in cats), offers=_join(offers[:3])))
        if both_primary:
            reasons.append(ngettext("same primary role", "same primary roles", len(both_primary)) + colon() + " "
                           + ", ".join(label("role", r) for r in both_primary))
        if mixed:
            reasons.append(ngettext("overlapping role", "overlapping roles", len(mixed)) + colon() + " "
                           + ", ".join(label("role", r) for r in mixed))
        if funders:
            reasons.append(ngettext("same funder", "same funders", len(funders)) + colon() + " "
                           + _join(actors[f].name for f in funders))
        if partners:
            reasons.append(ngettext("shared partner", "shared partners", len(partners)) + colon() + " "
                           + _join(actors[p].name for p in partners))
        found.append({"id": other.id, "name": other.name, "kind": other.kind, "suggested": True,
                      "score": score, "shared_categories": cats, "shared_primary_roles": both_primary,
                      "overlapping_roles": mixed, "shared_funders": funders, "shared_partners": partners,
                      "reason": f"{semicolon()} ".join(reasons)})
    found.sort(key=lambda s: (-s["score"], s["name"].casefold()))
    return found[:limit] if limit is not None else found


_CATEGORY_PLURALS = {
    "platform": N_("platforms"), "programme": N_("programmes"), "publication": N_("publications"),
    "label": N_("labels"), "service": N_("services"), "network": N_("networks"),
    "funding_scheme": N_("funding schemes"), "dataset": N_("datasets"),
}


def _plural_category(category: str) -> str:
    if category in _CATEGORY_PLURALS:
        return _(_CATEGORY_PLURALS[category])
    return label("offer_category", category)


def _join(items) -> str:
    """"a", "a and b", "a, b and c" in the reader's language."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else _("{items} and {last}").format(items=", ".join(items[:-1]),
                                                                           last=items[-1])


def competition(data: MapData, actor_id: str, *, limit: int | None = 10) -> dict[str, Any]:
    """The competitors view of one actor: recorded rivals by arena, then suggestions."""
    actor = _actor(data, actor_id)
    measured = {row["id"]: row for row in measure(data)}
    return {"actor": ref(data, "actors", actor.id), "standing": standing(data, actor, measured),
            "recorded": recorded(data, actor, measured), "suggested": suggest(data, actor, limit=limit)}
