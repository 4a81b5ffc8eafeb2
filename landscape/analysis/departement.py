"""One département on one page: its plans by generation, who acts there, what happened, what is unknown.

>>> view = departement_view(store, resolve_departement(store, "gironde"))     # doctest: +SKIP
>>> view["standing"], [p["generation"] for p in view["plans"]]               # doctest: +SKIP
('finalised_unsigned', ['fne-2024', 'charte-2019'])

A reference is a code ("33", "2a", "971"), a name ("gironde", "Côtes d'Armor") or the id of an actor
tied to one département (its conseil départemental, "cd-gironde").

`store` is a `Store`, or a `landscape.store.plain.PlainStore` (records read with the standard library,
no models to import: ``landscape show 33`` starts fast); both give the same page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from landscape.errors import NotFound
from landscape.i18n import _
from landscape.store.freshness import as_of
from landscape.analysis.standing import generation_rank, standing
from landscape.text import fold

if TYPE_CHECKING:
    from landscape.dataset import MapData
    from landscape.model.models import Plan

LAST_EVENTS = 10
PEOPLE_KINDS = ("leads", "works_for", "member_of")


def departement_index(store: Any) -> dict[str, dict[str, Any]]:
    """code → the official row (name, region, population)."""
    return {d["code"]: d for d in store.departements()}


def match_departement(store: Any, ref: str) -> str | None:
    """The code `ref` names as a code or a département's name (case, accents, hyphens forgiven), else None."""
    rows = departement_index(store)
    text = ref.strip()
    if text.upper() in rows:
        return text.upper()
    if text.isdigit() and len(text) == 1 and f"0{text}" in rows:
        return f"0{text}"
    key = fold(text).replace("-", " ")
    for code, row in rows.items():
        if fold(row["name"]).replace("-", " ") == key:
            return code
    return None


def resolve_departement(store: Any, ref: str) -> str:
    """The code of the département `ref` names (code, name or an actor tied to one), else `NotFound`."""
    code = match_departement(store, ref)
    if code:
        return code
    data = store.map()
    actor = data.index("actors").get(ref.strip())
    if actor is not None and actor.departement:
        return actor.departement
    raise NotFound(_("no département matches {ref!r}: give a code (33, 2A, 971), a name or a council's id").format(
        ref=ref))


def plans_of(data: MapData, code: str) -> list[Plan]:
    """The département's plans, newest generation first."""
    return sorted((p for p in data.plans if p.departement_code == code),
                  key=lambda p: (-generation_rank(p.generation), p.id))


def departement_view(store: Any, code: str, *, generation: str | None = None, news: int = 5) -> dict[str, Any]:
    """Everything a meeting about the département needs, with names, labels and sources (ids kept for JSON)."""
    data = store.map()
    official = departement_index(store)[code]
    actors = data.index("actors")
    sources = data.index("sources")
    plans = plans_of(data, code)

    def actor_ref(actor_id: str) -> dict[str, Any]:
        actor = actors.get(actor_id)
        return {"id": actor_id, "name": actor.name if actor else actor_id}

    def source_refs(ids: list[str]) -> list[dict[str, Any]]:
        out = []
        for source_id in ids:
            s = sources.get(source_id)
            if s is not None:
                out.append({"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url,
                            "locator": s.locator, "kind": s.kind})
        return out

    plan_rows = [{
        "id": p.id, "generation": p.generation, "status": p.status, "title": p.title, "title_fr": p.title_fr, "kind": p.kind, "carriers": [actor_ref(a) for a in p.carriers],
        "partners": [actor_ref(a) for a in p.partners], "period": p.period, "adopted": p.adopted,
        "signed": p.signed, "as_of": as_of(store, "plans", p.id), "summary": p.summary, "summary_fr": p.summary_fr,
        "sources": source_refs(p.sources)} for p in plans]

    involved: dict[str, set[str]] = {}

    def involve(actor_id: str, why: str) -> None:
        if actor_id in actors:
            involved.setdefault(actor_id, set()).add(why)

    for actor in data.actors:
        if actor.departement == code:
            involve(actor.id, "based here")
    for p in plans:
        for a in p.carriers:
            involve(a, "carries a plan")
        for a in p.partners:
            involve(a, "partner of a plan")
    events = sorted((e for e in data.events if e.departement == code), key=lambda e: (e.date, e.id), reverse=True)
    for e in events:
        for a in e.actors:
            involve(a, "in local events")
    organisations = {a for a in involved if actors[a].kind != "person"}
    local = {a for a in organisations if actors[a].departement == code}
    people: dict[str, dict[str, Any]] = {}
    for r in data.relations:
        if r.kind in PEOPLE_KINDS and r.target in local and r.source in actors \
                and actors[r.source].kind == "person":
            people.setdefault(r.source, {**actor_ref(r.source), "roles": []})["roles"].append(
                {"relation": r.kind, "of": actor_ref(r.target),
                 "since": r.since, "until": r.until, "current": r.until is None, "note": r.note})
    for a in involved:
        if actors[a].kind == "person" and a not in people:
            people[a] = {**actor_ref(a), "roles": [], "summary": actors[a].summary}
    actor_rows = []
    for a in sorted(organisations, key=lambda i: actors[i].name):
        actor = actors[a]
        actor_rows.append({"id": a, "name": actor.name, "kind": actor.kind,
                           "roles": [_role(r) for r in actor.roles],
                           "why": sorted(involved[a])})
    event_rows = [{"id": e.id, "date": e.date, "title": e.title, "title_fr": e.title_fr, "kind": e.kind,
                   "actors": [actor_ref(a) for a in e.actors], "sources": source_refs(e.sources)}
                  for e in events[:LAST_EVENTS]]
    places = _places(store, code)
    news_rows = _news(store, code, [p.id for p in plans], news)

    status_now = standing([(p.generation, p.status) for p in plans], generation)
    unknowns: list[dict[str, str]] = []  # codes, rendered in the reader's language (see UNKNOWNS)
    if not any(p.generation == "fne-2024" for p in plans):
        unknowns.append({"what": "fne_roadmap"})
    if not plans:
        unknowns.append({"what": "any_plan"})
    for p in plans:
        if not p.carriers:
            unknowns.append({"what": "carriers", "plan": p.id})
        if p.status in ("adopted", "in_force") and not (p.adopted or p.signed):
            unknowns.append({"what": "adoption_date", "plan": p.id})
    if not any(actors[a].kind == "network_hub" for a in organisations):
        unknowns.append({"what": "hub"})
    if not people:
        unknowns.append({"what": "people"})
    if places is None:
        unknowns.append({"what": "places"})
    return {"view": "departement", "code": code, "name": official["name"], "region": official["region"],
            "standing": status_now, "generation": generation, "plans": plan_rows,
            "actors": actor_rows, "people": sorted(people.values(), key=lambda p: p["name"]), "events": event_rows,
            "events_total": len(events), "places": places, "news": news_rows, "unknowns": unknowns}


def _role(role: Any) -> dict[str, str]:
    """A role as {role, level}: a model's `Role`, or the mapping a plain record holds."""
    if isinstance(role, dict):
        return {"role": role["role"], "level": role["level"]}
    return {"role": role.role, "level": role.level}


def _places(store: Any, code: str) -> dict[str, Any] | None:
    """Places of help and coverage, or None when no place was ever imported."""
    from landscape.analysis.coverage import coverage_of

    if store.db.execute("SELECT 1 FROM lieux LIMIT 1").fetchone() is None:
        return None
    cov = coverage_of(store, code)
    return cov.as_dict(top=5) if cov else None


def _news(store: Any, code: str, plan_ids: list[str], limit: int) -> list[dict[str, Any]]:
    from landscape.veille.news import latest_news  # without the veille's fetching machinery

    rows = latest_news(store.db.conn, "departement", code, limit)
    seen = {r["id"] for r in rows}
    for plan_id in plan_ids:
        for row in latest_news(store.db.conn, "plan", plan_id, limit):
            if row["id"] not in seen:
                rows.append(row)
                seen.add(row["id"])
    rows.sort(key=lambda r: (r["status"] != "accepted", -_sortable(r.get("date"))))
    return rows[:limit]


def _sortable(date: str | None) -> float:
    digits = "".join(ch for ch in (date or "")[:10] if ch.isdigit())
    return float(digits or 0)


def departements_table(store: Any, generation: str | None = None) -> list[dict[str, Any]]:
    """The 101 départements with their standing (as of `generation` when given) and plans per generation."""
    data = store.map()
    rows = []
    for code, official in departement_index(store).items():
        plans = plans_of(data, code)
        status = standing([(p.generation, p.status) for p in plans], generation)
        rows.append({"code": code, "name": official["name"], "region": official["region"], "standing": status,
                     "plans": {p.id: {"generation": p.generation, "status": p.status} for p in plans}})
    return rows
