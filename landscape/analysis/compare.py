"""Two to four actors side by side, read from the same `profile()` as `landscape show`."""

from __future__ import annotations

from typing import Any

from landscape.dataset import MapData
from landscape.errors import LandscapeError
from landscape.i18n import _
from landscape.analysis.influence import measure
from landscape.model.models import Actor
from landscape.analysis.positioning import actor_entry
from landscape.analysis.profile import profile

MIN_ACTORS, MAX_ACTORS = 2, 4
LATEST_EVENTS = 5


def _names(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        seen.setdefault(row["other"]["id"], {"id": row["other"]["id"], "name": row["other"]["name"]})
    return list(seen.values())


def column(data: MapData, actor: Actor, measured: dict[str, Any]) -> dict[str, Any]:
    """One actor's column: roles, positioning, funders, partners, offers, competitors, plans, latest events."""
    p = profile(data, actor)
    relations = p["relations"]
    entry = actor_entry(actor)
    row = measured.get(actor.id, {})
    return {
        "id": actor.id, "name": actor.name, "kind": actor.kind, "sector": actor.sector,
        "roles": entry["roles"],
        "positioning": {"influence": entry["influence"], "interest": entry["interest"],
                        "quadrant": entry["quadrant"], "rationale": entry["rationale"],
                        "measured": row.get("measured"), "pagerank_rank": row.get("pagerank_rank"),
                        "betweenness": row.get("betweenness"), "degree": row.get("degree")},
        "funders": _names([r for r in relations if r["kind"] == "funds" and r["direction"] == "in"]),
        "sponsors": _names([r for r in relations if r["kind"] == "sponsors" and r["direction"] == "in"]),
        "funds": _names([r for r in relations if r["kind"] in ("funds", "sponsors") and r["direction"] == "out"]),
        "partners": _names([r for r in relations if r["kind"] in ("partner", "coalition_with")]),
        "offers": [{"id": o["id"], "name": o["name"], "category": o["category"]} for o in p["offers"]],
        "competitors": [{"id": c["other"]["id"], "name": c["other"]["name"], "arena": c["arena"],
                         "arena_fr": c["arena_fr"], "overlap": c["overlap"]} for c in p["competitors"]],
        "plans": [{"id": pl["id"], "departement": pl["departement_name"], "status": pl["status"],
                   "carrier": actor.id in pl["carriers"]} for pl in p["plans"]
                  if actor.id in pl["carriers"] or actor.id in pl["partners"]],
        "events": [{"id": e["id"], "date": e["date"], "title": e["title"], "title_fr": e.get("title_fr")}
                   for e in p["events"][:LATEST_EVENTS]],
    }


def compare(data: MapData, actors: list[Actor]) -> dict[str, Any]:
    """The columns of 2–4 distinct actors, what they share, and the rivalries recorded between them."""
    unique = list({a.id: a for a in actors}.values())
    if not MIN_ACTORS <= len(unique) <= MAX_ACTORS:
        raise LandscapeError(_("compare takes {least} to {most} different actors, got {n}").format(
            least=MIN_ACTORS, most=MAX_ACTORS, n=len(unique)))
    measured = {row["id"]: row for row in measure(data)}
    columns = [column(data, a, measured) for a in unique]
    shared: dict[str, list[str]] = {}
    for key in ("funders", "partners", "plans"):
        sets = [{item["id"] for item in col[key]} for col in columns]
        shared[key] = sorted(set.intersection(*sets))
    shared["offer_categories"] = sorted(set.intersection(*({o["category"] for o in col["offers"]}
                                                          for col in columns)))
    shared["roles"] = sorted(set.intersection(*(set(col["roles"]) for col in columns)))
    chosen = {col["id"] for col in columns}
    rivalries = [{"actor": c.actor, "competitor": c.competitor, "arena": c.arena, "arena_fr": c.arena_fr,
                  "overlap": c.overlap, "note": c.note, "note_fr": c.note_fr}
                 for c in data.competitors if c.actor in chosen and c.competitor in chosen]
    return {"actors": columns, "shared": shared, "rivalries": rivalries}
