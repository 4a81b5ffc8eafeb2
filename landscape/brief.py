"""One page on an actor before a meeting: who they are, where they stand, who surrounds them, and why we know.

`brief()` is built from `landscape.profile.profile()`, so it says what `landscape show` says.
Every fact carries the numbers of the sources behind it; the sources are listed at the end with
their locator and URL. `render_text()` and `render_markdown()` print it; data never acts as markup.

>>> page = brief(data, resolve(data, "wetechcare"))    # doctest: +SKIP
>>> print(render_markdown(page))                       # doctest: +SKIP
"""

from __future__ import annotations

import re
from typing import Any

from . import vocab
from .dataset import MapData
from .models import Actor, Record
from .profile import profile, relation_heading
from .standing import generation_rank
from .text import printable

LAST_EVENTS = 5
PEOPLE_RELATIONS = ("works_for", "leads", "founded")
FUNDING_RELATIONS = ("funds", "sponsors")
PARTNER_RELATIONS = ("partner", "coalition_with")


class _Citations:
    """Numbers sources in order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, source_ids: list[str]) -> list[int]:
        out = []
        for source_id in source_ids:
            n = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            if n not in out:
                out.append(n)
        return out

    def of(self, record: Record | None) -> list[int]:
        return self.cite(record.cited_sources()) if record else []


def brief(data: MapData, actor: Actor, *, focal: str | None = None) -> dict[str, Any]:
    """The brief on `actor` as JSON-ready data; `focal` (an actor id) adds how it relates to that actor."""
    if not isinstance(actor, Actor):
        raise TypeError("a brief is about an actor")
    p = profile(data, actor)
    rec = p["record"]
    actors = data.index("actors")
    relations = data.index("relations")
    competitors = data.index("competitors")
    offers = data.index("offers")
    events = data.index("events")
    plans = data.index("plans")
    cites = _Citations()
    shown: list[Record] = [actor]

    out: dict[str, Any] = {
        "id": actor.id,
        "name": actor.name,
        "who": {k: rec[k] for k in ("aliases", "kind", "sector", "founded", "ended", "departement", "website",
                                    "twitter", "summary")},
        "cites": cites.of(actor),
        "roles": [{"role": r.role, "level": r.level, "meaning": vocab.ROLES.get(r.role, "")} for r in actor.roles],
        "positioning": rec["positioning"],
    }

    def person(row: dict[str, Any]) -> bool:
        other = actors.get(row["other"]["id"])
        return bool(other and other.kind == "person")

    def item(row: dict[str, Any], **extra: Any) -> dict[str, Any]:
        record = relations[row["id"]]
        shown.append(record)
        return {"id": row["other"]["id"], "name": row["other"]["name"], "relation": row["id"], "kind": row["kind"],
                **extra, "cites": cites.of(record)}

    key_people, funders, funded, partners, others, with_focal = [], [], [], [], [], []
    for row in p["relations"]:
        heading = relation_heading(row["kind"], row["direction"])
        if focal and row["other"]["id"] == focal and focal != actor.id:
            with_focal.append(item(row, how=heading, since=row["since"], until=row["until"], note=row["note"]))
        if row["kind"] in PEOPLE_RELATIONS and person(row) and not (actor.kind == "person"):
            key_people.append(item(row, how=heading, since=row["since"], until=row["until"]))
        elif row["kind"] in FUNDING_RELATIONS and row["direction"] == "in":
            funders.append(item(row, how=heading, since=row["since"], until=row["until"]))
        elif row["kind"] in FUNDING_RELATIONS:
            funded.append(item(row, how=heading, since=row["since"], until=row["until"]))
        elif row["kind"] in PARTNER_RELATIONS:
            partners.append(item(row, how=heading, since=row["since"], until=row["until"]))
        else:
            others.append(item(row, how=heading, since=row["since"], until=row["until"]))
    out.update(key_people=key_people, funders=funders, funds=funded, partners=partners, other_relations=others)

    rivals = []
    for row in p["competitors"]:
        record = competitors[row["id"]]
        shown.append(record)
        entry = {"id": row["other"]["id"], "name": row["other"]["name"], "arena": row["arena"],
                 "overlap": row["overlap"], "note": row["note"], "cites": cites.of(record)}
        rivals.append(entry)
        if focal and row["other"]["id"] == focal and focal != actor.id:
            with_focal.append({**entry, "relation": row["id"], "kind": "competitor", "how": "competes with",
                               "since": None, "until": None})
    out["competitors"] = rivals
    out["focal"] = ({"id": focal, "name": actors[focal].name, "links": with_focal}
                    if focal and focal in actors and focal != actor.id else None)

    out["offers"] = []
    for row in p["offers"]:
        record = offers[row["id"]]
        shown.append(record)
        out["offers"].append({"id": row["id"], "name": row["name"], "category": row["category"],
                              "launched": row["launched"], "ended": row["ended"], "website": row["website"],
                              "summary": row["summary"], "cites": cites.of(record)})

    def plan_entry(row: dict[str, Any]) -> dict[str, Any]:
        record = plans[row["id"]]
        shown.append(record)
        carriers = [actors[a] for a in row["carriers"] if a in actors]
        return {"id": row["id"], "departement_code": row["departement_code"],
                "departement_name": row["departement_name"], "generation": row["generation"],
                "status": row["status"], "status_meaning": vocab.PLAN_STATUSES.get(row["status"], ""),
                "title": row["title"], "period": row["period"], "adopted": row["adopted"],
                "carriers": [{"id": a.id, "name": a.name} for a in carriers], "summary": row["summary"],
                "involvement": ("carrier" if actor.id in row["carriers"] else
                                "partner" if actor.id in row["partners"] else "département"),
                "cites": cites.of(record)}

    own = [row for row in p["plans"] if actor.departement and row["departement_code"] == actor.departement]
    own.sort(key=lambda row: generation_rank(row["generation"]), reverse=True)
    out["departement_plans"] = [plan_entry(row) for row in own]
    own_ids = {row["id"] for row in own}
    out["other_plans"] = [plan_entry(row) for row in p["plans"] if row["id"] not in own_ids]

    out["events"] = []
    for row in p["events"][:LAST_EVENTS]:
        record = events[row["id"]]
        shown.append(record)
        out["events"].append({"id": row["id"], "date": row["date"], "title": row["title"], "kind": row["kind"],
                              "cites": cites.of(record)})
    out["events_total"] = len(p["events"])

    out["disputes"] = []
    for record in shown:
        for dispute in record.disputes:
            out["disputes"].append({
                "kind": record.kind_name, "id": record.id, "label": record.label, "field": dispute.field,
                "current": getattr(record, dispute.field, None), "note": dispute.note,
                "claims": [{"value": c.value, "cites": cites.cite(c.sources)} for c in dispute.claims]})

    sources = data.index("sources")
    out["sources"] = [{"n": n, **sources[s].model_dump(mode="json", exclude={"sources", "disputes"})}
                      for s, n in cites.numbers.items() if s in sources]
    return out


# --- rendering -----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])", re.MULTILINE)
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(text: str) -> str:
    """`text` as literal Markdown: control characters shown, markup characters backslash-escaped."""
    text = printable(str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _inline(text: Any) -> str:
    return " ".join(str(text).split("\n"))


def _refs(numbers: list[int]) -> str:
    return f" [{', '.join(map(str, numbers))}]" if numbers else ""


def _span(row: dict[str, Any]) -> str:
    since, until = row.get("since"), row.get("until")
    if since and until:
        return f" ({since}–{until})"
    if since:
        return f" (since {since})"
    if until:
        return f" (until {until})"
    return ""


def _blocks(b: dict[str, Any], esc, md: bool) -> list[tuple[str, str]]:
    """(style, text) lines; style is "title", "heading", "text" or "item". `esc` makes data literal."""
    lines: list[tuple[str, str]] = []

    def e(value: Any) -> str:
        return esc(_inline(value))

    who = b["who"]
    lines.append(("title", f"{e(b['name'])} — brief"))
    facts = [who["kind"].replace("_", " ")]
    if who["sector"]:
        facts.append(f"sector {who['sector']}")
    if who["founded"]:
        facts.append(f"founded {who['founded']}" + (f", ended {who['ended']}" if who["ended"] else ""))
    if who["departement"]:
        facts.append(f"département {who['departement']}")
    lines.append(("text", e(", ".join(facts)) + _refs(b["cites"])))
    if who["aliases"]:
        lines.append(("text", "also known as " + ", ".join(e(a) for a in who["aliases"])))
    links = []
    if who["website"]:
        links.append(_link(who["website"], esc, md))
    if who["twitter"]:
        links.append(e(who["twitter"]))
    if links:
        lines.append(("text", " · ".join(links)))
    if who["summary"]:
        lines.append(("text", ""))
        lines.append(("text", esc(who["summary"]) if md else who["summary"]))

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append(("heading", title))
            lines.extend(("item", row) for row in rows)

    section("Role in the strategy", [f"{e(r['role'].replace('_', ' '))} ({e(r['level'])}) — {e(r['meaning'])}"
                                     for r in b["roles"]])
    pos = b["positioning"]
    if pos:
        section("Positioning", [f"influence {pos['influence']}/5, interest {pos['interest']}/5 — "
                                f"{e(pos['rationale'])}"])
    focal = b.get("focal")
    if focal and focal["links"]:
        section(f"With {e(focal['name'])}",
                [f"{e(row['how'])} {e(row['name'])}" + (f" in {e(row['arena'])}" if row.get("arena") else "")
                 + f"{_span(row)}{_refs(row['cites'])}" for row in focal["links"]])

    def rel_rows(rows: list[dict[str, Any]], style: str) -> list[str]:
        out = []
        for r in rows:
            if style == "how":  # "funded by Gamma", "founded Beta"
                text = f"{e(r['how'])} {e(r['name'])}"
            elif style == "kind":  # "Jane Doe (leads)", "Gamma (funds, since 2013)"
                span = _span(r).strip()[1:-1]
                out.append(f"{e(r['name'])} ({e(r['kind'].replace('_', ' '))}{', ' + span if span else ''})"
                           + _refs(r["cites"]))
                continue
            else:
                text = e(r["name"])
            out.append(text + _span(r) + _refs(r["cites"]))
        return out

    section("Key people", rel_rows(b["key_people"], "kind"))
    section("Funders", rel_rows(b["funders"], "kind"))
    section("Funds", rel_rows(b["funds"], "kind"))
    section("Partners", rel_rows(b["partners"], "name"))
    section("Other relations", rel_rows(b["other_relations"], "how"))
    section("Competitors", [f"{e(c['name'])} — {e(c['arena'])} (overlap {e(c['overlap'])})"
                            + (f": {e(c['note'])}" if c["note"] else "") + _refs(c["cites"])
                            for c in b["competitors"]])
    section("Offers", [f"{e(o['name'])} ({e(o['category'])}" + (f", {o['launched']}" if o["launched"] else "") + ")"
                       + (f" — {e(o['summary'])}" if o["summary"] else "") + _refs(o["cites"]) for o in b["offers"]])

    def plan_row(p: dict[str, Any]) -> str:
        text = f"{e(p['departement_name'])} ({p['departement_code']})"
        if p["generation"]:
            text += f", {e(vocab.PLAN_GENERATIONS_SHORT.get(p['generation'], p['generation']))}"
        text += f": {e(p['status'].replace('_', ' '))}"
        if p["title"]:
            text += f" — {e(p['title'])}"
        if p["adopted"]:
            text += f", adopted {p['adopted']}"
        if p["carriers"]:
            text += f", carried by {', '.join(e(c['name']) for c in p['carriers'])}"
        if p["involvement"] != "département":
            text += f" ({p['involvement']})"
        return text + _refs(p["cites"])

    if b["departement_plans"]:
        section("Plans of their département", [plan_row(p) for p in b["departement_plans"]])
    elif not who["departement"]:
        section("Plans of their département", ["none: not tied to one département"])
    section("Other plans they take part in", [plan_row(p) for p in b["other_plans"]])
    shown = len(b["events"])
    title = "Last events" + (f" ({shown} of {b['events_total']})" if b["events_total"] > shown else "")
    section(title, [f"{ev['date']}  {e(ev['title'])} ({e(ev['kind'])}){_refs(ev['cites'])}" for ev in b["events"]])
    section("Open disputes", [
        f"{e(d['kind'])} {e(d['label'])}, {e(d['field'])}: "
        + "; ".join(f"{e(c['value'])}{_refs(c['cites'])}" for c in d["claims"])
        + (f" — {e(d['note'])}" if d["note"] else "") for d in b["disputes"]])
    sources = []
    for s in b["sources"]:
        text = f"[{s['n']}] {e(s['title'])}"
        for key in ("publisher", "date", "locator"):
            if s.get(key):
                text += f", {e(s[key])}"
        if s.get("url"):
            text += f" {_link(s['url'], esc, md)}"
        sources.append(text)
    section("Sources", sources)
    return lines


def _link(url: str, esc, md: bool) -> str:
    if md:
        return f"<{url}>" if re.fullmatch(r"https?://[^\s<>]+", url) else esc(url)
    return f"<{url}>"


def text_lines(b: dict[str, Any]) -> list[tuple[str, str]]:
    """The brief as (style, text) lines for a terminal; the caller shows text literally (see `printable`)."""
    return _blocks(b, lambda s: s, md=False)


def render_text(b: dict[str, Any]) -> str:
    """The brief as plain text, control characters shown literally."""
    out = []
    for style, text in text_lines(b):
        if style == "heading":
            out += ["", text]
        elif style == "item":
            out.append(f"  {text}")
        else:
            out.append(text)
    return printable("\n".join(out)) + "\n"


def render_markdown(b: dict[str, Any]) -> str:
    """The brief as Markdown: data is escaped so that it always reads literally."""
    out: list[str] = []
    for style, text in _blocks(b, md_escape, md=True):
        if style == "title":
            out.append(f"# {text}")
            out.append("")
        elif style == "heading":
            out += ["", f"## {text}", ""]
        elif style == "item":
            out.append(f"- {text}")
        else:
            out.append(text if text else "")
    return "\n".join(out).rstrip() + "\n"
