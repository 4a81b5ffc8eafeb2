"""One page on an actor before a meeting: who they are, where they stand, who surrounds them, and why we know.

`brief()` is built from `landscape.analysis.profile.profile()`, so it says what `landscape show` says.
Every fact carries the numbers of the sources behind it; the sources are listed at the end with
their locator and URL. `render_text()` and `render_markdown()` print it; data never acts as markup.

>>> page = brief(data, resolve(data, "wetechcare"))    # doctest: +SKIP
>>> print(render_markdown(page))                       # doctest: +SKIP
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from landscape.model import vocab
from landscape.i18n import N_, _, colon, display_date, format_number, semicolon, text_of
from landscape.model.labels import claimed_value, field_name, label, prose
from landscape.analysis.profile import display_name, profile, relation_heading
from landscape.analysis.standing import generation_rank
from landscape.text import printable

if TYPE_CHECKING:  # imported when a brief is made: the département page is printed without the models
    from landscape.dataset import MapData
    from landscape.model.models import Actor, Record

LAST_EVENTS = 5
PEOPLE_RELATIONS = ("works_for", "leads", "founded")
FUNDING_RELATIONS = ("funds", "sponsors")
PARTNER_RELATIONS = ("partner", "coalition_with")


# How many of each section a short brief keeps (the full brief keeps everything but events, see LAST_EVENTS).
SHORT_LIMITS = {"key_people": 2, "funders": 3, "funds": 2, "partners": 3, "other_relations": 0,
                "competitors": 3, "offers": 3, "plans": 2, "events": 3, "disputes": 1}
SHORT_SUMMARY = 280  # characters of the summary a short brief keeps, cut at a sentence when it can


class _Citations:
    """Numbers sources in order of first citation; `single`: one source per fact, an already cited one first."""

    def __init__(self, single: bool = False) -> None:
        self.numbers: dict[str, int] = {}
        self.single = single

    def cite(self, source_ids: list[str]) -> list[int]:
        if self.single and source_ids:
            source_ids = [next((s for s in source_ids if s in self.numbers), source_ids[0])]
        out = []
        for source_id in source_ids:
            n = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            if n not in out:
                out.append(n)
        return out

    def of(self, record: Record | None) -> list[int]:
        return self.cite(record.cited_sources()) if record else []


def _relation_section(row: dict[str, Any], actor: Actor, actors: dict[str, Actor]) -> str:
    """The section of the brief a relation goes in."""
    other = actors.get(row["other"]["id"])
    if row["kind"] in PEOPLE_RELATIONS and other and other.kind == "person" and actor.kind != "person":
        return "key_people"
    if row["kind"] in FUNDING_RELATIONS:
        return "funders" if row["direction"] == "in" else "funds"
    return "partners" if row["kind"] in PARTNER_RELATIONS else "other_relations"


def _shorten(p: dict[str, Any], actor: Actor, actors: dict[str, Actor], focal: str | None) -> dict[str, int]:
    """Cut the profile `p` to what a short brief shows (in place); returns each section's full size."""
    totals: dict[str, int] = {}
    kept = []
    for row in p["relations"]:
        section = _relation_section(row, actor, actors)
        totals[section] = totals.get(section, 0) + 1
        if totals[section] <= SHORT_LIMITS[section] or row["other"]["id"] == focal:
            kept.append(row)
    p["relations"] = kept
    for key in ("competitors", "offers", "events"):
        totals[key] = len(p[key])
        p[key] = [row for i, row in enumerate(p[key])
                  if i < SHORT_LIMITS[key] or (key == "competitors" and row["other"]["id"] == focal)]
    own = [row for row in p["plans"] if actor.departement and row["departement_code"] == actor.departement]
    others = [row for row in p["plans"] if row not in own]
    totals["other_plans"] = len(others)
    own.sort(key=lambda row: generation_rank(row["generation"]), reverse=True)
    p["plans"] = own[:1] + others[:SHORT_LIMITS["plans"] - len(own[:1]) if own else SHORT_LIMITS["plans"]]
    return totals


def short_summary(text: str | None, limit: int = SHORT_SUMMARY) -> str | None:
    """The first sentences of `text` that fit in `limit` characters (cut with "…" when a sentence is longer)."""
    if not text or len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > 40 else cut[: limit - 1].rstrip() + "…"


def brief(data: MapData, actor: Actor, *, focal: str | None = None, short: bool = False) -> dict[str, Any]:
    """The brief on `actor` as JSON-ready data; `focal` (an actor id) adds how it relates to that actor.

    `short`: a one-page brief (at most `SHORT_LIMITS` of each section, one source per fact, the
    summary's first sentences); ``short`` in the result then gives each section's full size.
    """
    from landscape.model.models import Actor

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
    cites = _Citations(single=short)
    shown: list[Record] = [actor]
    totals = _shorten(p, actor, actors, focal) if short else None

    out: dict[str, Any] = {
        "id": actor.id,
        "name": actor.name,
        "who": {k: rec[k] for k in ("aliases", "kind", "sector", "founded", "ended", "departement", "website",
                                    "twitter", "summary", "summary_fr")},
        "cites": cites.of(actor),
        "roles": [{"role": r.role, "level": r.level, "meaning": vocab.ROLES.get(r.role, "")} for r in actor.roles],
        "positioning": rec["positioning"],
        "departement_name": next((pl.departement_name for pl in data.plans
                                  if actor.departement and pl.departement_code == actor.departement), None),
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
            with_focal.append(item(row, how=heading, since=row["since"], until=row["until"], note=row["note"],
                                   note_fr=row.get("note_fr")))
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
                 "arena_fr": row.get("arena_fr"), "overlap": row["overlap"], "note": row["note"],
                 "note_fr": row.get("note_fr"), "cites": cites.of(record)}
        rivals.append(entry)
        if focal and row["other"]["id"] == focal and focal != actor.id:
            with_focal.append({**entry, "relation": row["id"], "kind": "competitor", "how": _("competes with"),
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
                              "summary": row["summary"], "summary_fr": row.get("summary_fr"),
                              "cites": cites.of(record)})

    def plan_entry(row: dict[str, Any]) -> dict[str, Any]:
        record = plans[row["id"]]
        shown.append(record)
        carriers = [actors[a] for a in row["carriers"] if a in actors]
        return {"id": row["id"], "departement_code": row["departement_code"],
                "departement_name": row["departement_name"], "generation": row["generation"],
                "status": row["status"], "status_meaning": vocab.PLAN_STATUSES.get(row["status"], ""),
                "title": row["title"], "period": row["period"], "adopted": row["adopted"],
                "title_fr": row.get("title_fr"), "carriers": [{"id": a.id, "name": a.name} for a in carriers],
                "summary": row["summary"], "summary_fr": row.get("summary_fr"),
                "involvement": ("carrier" if actor.id in row["carriers"] else
                                "partner" if actor.id in row["partners"] else "département"),
                "cites": cites.of(record)}

    own = [row for row in p["plans"] if actor.departement and row["departement_code"] == actor.departement]
    own.sort(key=lambda row: generation_rank(row["generation"]), reverse=True)
    out["departement_plans"] = [plan_entry(row) for row in own]
    own_ids = {row["id"] for row in own}
    out["other_plans"] = [plan_entry(row) for row in p["plans"] if row["id"] not in own_ids]

    out["events"] = []
    for row in p["events"][:SHORT_LIMITS["events"] if short else LAST_EVENTS]:
        record = events[row["id"]]
        shown.append(record)
        out["events"].append({"id": row["id"], "date": row["date"], "title": row["title"],
                              "title_fr": row.get("title_fr"), "kind": row["kind"], "cites": cites.of(record)})
    out["events_total"] = totals["events"] if totals else len(p["events"])

    out["disputes"] = []
    open_disputes = [(record, dispute) for record in shown for dispute in record.disputes]
    for record, dispute in open_disputes[:SHORT_LIMITS["disputes"]] if short else open_disputes:
        out["disputes"].append({
            "kind": record.kind_name, "id": record.id, "label": record.label, "name": display_name(data, record),
            "field": dispute.field, "current": getattr(record, dispute.field, None), "note": dispute.note,
            "note_fr": dispute.note_fr,
            "claims": [{"value": c.value, "cites": cites.cite(c.sources)} for c in dispute.claims]})

    if totals is not None:
        totals["disputes"] = len(open_disputes)
        out["who"]["summary"] = short_summary(out["who"]["summary"])
        out["who"]["summary_fr"] = short_summary(out["who"]["summary_fr"])
        out["short"] = totals
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
    since, until = display_date(row.get("since")), display_date(row.get("until"))
    if since and until:
        return f" ({since}–{until})"
    if since:
        return " " + _("(since {date})").format(date=since)
    if until:
        return " " + _("(until {date})").format(date=until)
    return ""


# The words of the brief, in one place (to be translated with the rest of the interface).
TEXT = {
    "yours": N_("Your contacts and notes (private)"), "next_step": N_("next step"), "note": N_("note"),
    "news": N_("Latest news"), "news_accepted": N_("accepted as an event"), "news_unreviewed": N_("unreviewed"),
    "title": N_("{name} — brief"), "aka": N_("also known as {names}"), "roles": N_("Role in the strategy"),
    "positioning": N_("Positioning"), "with": N_("With {name}"), "key_people": N_("Key people"), "funders": N_("Funders"),
    "funds": N_("Funds"), "partners": N_("Partners"), "other_relations": N_("Other relations"), "competitors": N_("Competitors"),
    "offers": N_("Offers"), "own_plan": N_("Plans of their département"), "no_departement": N_("none: not tied to one département"),
    "other_plans": N_("Other plans they take part in"), "plans": N_("Plans"), "events": N_("Last events"),
    "disputes": N_("Open disputes"), "sources": N_("Sources"), "more": N_("+{n} more"),
    "short_note": N_("Short brief: the full one has every relation, offer, event and dispute "
                  "(landscape brief {id} --full)."),
}


def t(key: str, **values: Any) -> str:
    """The brief's text `key` in the current language, with `values` filled in."""
    text = _(TEXT[key])
    return text.format(**values) if values else text


def _blocks(b: dict[str, Any], esc, md: bool) -> list[tuple[str, str]]:
    """(style, text) lines; style is "title", "heading", "text" or "item". `esc` makes data literal.

    A short brief (``b["short"]``) puts most sections on one "Section: a, b, c (+N more)" item each.
    """
    if b.get("view") == "departement":
        return departement_blocks(b, lambda value: esc(_inline(value)), md)
    lines: list[tuple[str, str]] = []
    short = b.get("short")

    def e(value: Any) -> str:
        return esc(_inline(value))

    def more(key: str, shown: int) -> str:
        left = (short or {}).get(key, 0) - shown
        return f" ({t('more', n=left)})" if short and left > 0 else ""

    who = b["who"]
    lines.append(("title", t("title", name=e(b["name"]))))
    facts = [label("actor_kind", who["kind"])]
    if who["sector"]:
        facts.append(label("sector", who["sector"]))
    if who["founded"]:
        facts.append(_("founded {date}").format(date=display_date(who["founded"]))
                     + (", " + _("ended {date}").format(date=display_date(who["ended"])) if who["ended"] else ""))
    if who["departement"]:
        name = b.get("departement_name")
        facts.append(_("département {name}").format(name=f"{name} ({who['departement']})" if name
                                                    else who["departement"]))
    lines.append(("text", e(", ".join(facts)) + _refs(b["cites"])))
    links = []
    if who["aliases"]:
        links.append(t("aka", names=", ".join(e(a) for a in who["aliases"])))
    if not short and links:
        lines.append(("text", links.pop()))
    if who["website"]:
        links.append(_link(who["website"], esc, md))
    if who["twitter"]:
        links.append(e(who["twitter"]))
    if links:
        lines.append(("text", " · ".join(links)))
    if text_of(who, "summary"):
        lines.append(("text", ""))
        summary = prose(text_of(who, "summary"))
        lines.append(("text", esc(summary) if md else summary))

    def section(title: str, rows: list[str], key: str | None = None) -> None:
        if not rows:
            return
        if short and key is not None:  # one line: "Funders: a [1], b [2] (+3 more)"
            lines.append(("item", f"{title}{colon()} " + f"{semicolon()} ".join(rows) + more(key, len(rows))))
        else:
            lines.append(("heading", title + (more(key, len(rows)) if key else "")))
            lines.extend(("item", row) for row in rows)

    if short:
        lines.append(("heading", _("At a glance")))
    roles = b["roles"]
    if short and roles:
        by_level = {level: [e(label("role", r["role"])) for r in roles if r["level"] == level]
                    for level in ("primary", "secondary")}
        section(t("roles"), [f"{', '.join(names)} ({label('role_level', level)})"
                             for level, names in by_level.items() if names], "")
    else:
        section(t("roles"), [f"{e(label('role', r['role']))} ({e(label('role_level', r['level']))}) — "
                                f"{e(_(r['meaning']))}" for r in roles])
    pos = b["positioning"]
    if pos:
        rationale = short_summary(prose(text_of(pos, "rationale")), 160) if short else prose(text_of(pos, "rationale"))
        section(t("positioning"), [_("influence {influence}/5, interest {interest}/5").format(
            influence=pos["influence"], interest=pos["interest"]) + f" — {e(rationale)}"], "" if short else None)
    focal = b.get("focal")
    if focal and focal["links"]:
        section(t("with", name=e(focal["name"])),
                [f"{e(row['how'])} {e(row['name'])}"
                 + (" " + _("in {arena}").format(arena=e(text_of(row, "arena"))) if row.get("arena") else "")
                 + f"{_span(row)}{_refs(row['cites'])}" for row in focal["links"]], "" if short else None)

    def rel_rows(rows: list[dict[str, Any]], style: str) -> list[str]:
        out = []
        for r in rows:
            if style == "how":  # "funded by Gamma", "founded Beta"
                text = f"{e(r['how'])} {e(r['name'])}"
            elif style == "kind":  # "Jane Doe (leads)", "Gamma (funds, since 2013)"
                span = _span(r).strip()[1:-1]
                out.append(f"{e(r['name'])} ({e(label('relation_kind', r['kind']))}{', ' + span if span else ''})"
                           + _refs(r["cites"]))
                continue
            else:
                text = e(r["name"])
            out.append(text + _span(r) + _refs(r["cites"]))
        return out

    section(t("key_people"), rel_rows(b["key_people"], "kind"), "key_people")
    section(t("funders"), rel_rows(b["funders"], "kind"), "funders")
    section(t("funds"), rel_rows(b["funds"], "kind"), "funds")
    section(t("partners"), rel_rows(b["partners"], "name"), "partners")
    section(t("other_relations"), rel_rows(b["other_relations"], "how"), "other_relations")
    if short:
        section(t("offers"), [f"{e(o['name'])} ({e(label('offer_category', o['category']))})" + _refs(o["cites"])
                                 for o in b["offers"]], "offers")
        disputes = [f"{e(d['name'])}, {e(field_name(d['field']))}{colon()} " + _(" or ").join(
            f"{e(claimed_value(d['field'], c['value']))}{_refs(c['cites'])}" for c in d["claims"]) for d in b["disputes"]]
        section(t("disputes"), disputes, "disputes")
    section(t("competitors"), [f"{e(c['name'])} — {e(text_of(c, 'arena'))} ("
                               + _("overlap {level}").format(level=e(label("overlap", c["overlap"]))) + ")"
                                  + (f"{colon()} {e(prose(text_of(c, 'note')))}" if c["note"] and not short else "")
                                  + _refs(c["cites"])
                                  for c in b["competitors"]], "competitors" if short else None)
    if not short:
        section(t("offers"), [f"{e(o['name'])} ({e(label('offer_category', o['category']))}"
                                 + (f", {display_date(o['launched'])}" if o["launched"] else "") + ")"
                                 + (f" — {e(prose(text_of(o, 'summary')))}" if o["summary"] else "") + _refs(o["cites"])
                                 for o in b["offers"]])

    if short:
        plans = b["departement_plans"] + b["other_plans"]
        section(t("plans"), [plan_row(p, e) for p in plans], "other_plans")
    else:
        if b["departement_plans"]:
            section(t("own_plan"), [plan_row(p, e) for p in b["departement_plans"]])
        elif not who["departement"]:
            section(t("own_plan"), [t("no_departement")])
        section(t("other_plans"), [plan_row(p, e) for p in b["other_plans"]])
    shown = len(b["events"])
    title = t("events") + (" " + _("({shown} of {total})").format(shown=shown, total=b["events_total"])
                           if b["events_total"] > shown else "")
    section(title, [f"{display_date(ev['date'])}  {e(text_of(ev, 'title'))} ({e(label('event_kind', ev['kind']))})"
                    f"{_refs(ev['cites'])}"
                    for ev in b["events"]])
    if b.get("news"):
        section(t("news"), [news_row(n, e) for n in b["news"]])
    mine = b.get("yours") or {}
    private = [f"{t('next_step')}{colon()} {e(step['next'])}" + (f" ({display_date(step['due'])})" if step["due"] else "")
               for step in mine.get("next_steps", [])]
    private += [f"{display_date(c['date'])}  {e(label('contact_kind', c['kind']))}{colon()} {e(c['summary'])}"
                for c in mine.get("contacts", [])]
    private += [f"{display_date(n['date'])}  {t('note')}{colon()} {e(n['text'])}" for n in mine.get("notes", [])]
    if private:
        section(t("yours"), private)
    if not short:
        section(t("disputes"), [
            f"{e(label('record_kind', d['kind']))} {e(d.get('name', d['label']))}, {e(field_name(d['field']))}{colon()} "
            + f"{semicolon()} ".join(f"{e(claimed_value(d['field'], c['value']))}{_refs(c['cites'])}" for c in d["claims"])
            + (f" — {e(prose(text_of(d, 'note')))}" if d["note"] else "") for d in b["disputes"]])
    section(t("sources"), [source_row(s["n"], s, e, lambda url: _link(url, esc, md)) for s in b["sources"]])
    if short:
        lines.append(("text", ""))
        lines.append(("text", e(t("short_note", id=b["id"]))))
    return lines


def source_row(n: int, s: dict[str, Any], e, link) -> str:
    """One numbered source: title, publisher, date, locator, and its link."""
    text = f"[{n}] {e(s['title'])}"
    for key in ("publisher", "date", "locator"):
        if s.get(key):
            text += f", {e(display_date(s[key]) if key == 'date' else s[key])}"
    if s.get("url"):
        text += f" {link(s['url'])}"
    return text


def news_row(item: dict[str, Any], e) -> str:
    """One news item of the veille: date, title, and whether it was reviewed (accepted as an event)."""
    state = t("news_accepted") if item["status"] == "accepted" else t("news_unreviewed")
    return f"{e(display_date((item.get('date') or '')[:10]))}  {e(item['title'])} ({state})"


def plan_row(p: dict[str, Any], e) -> str:
    """One plan in a brief: département, generation, status, title, adoption, carriers, the actor's part;
    `e` escapes data."""
    text = f"{e(p['departement_name'])} ({p['departement_code']})"
    if p["generation"]:
        text += f", {e(label('plan_generation', p['generation']))}"
    text += f"{colon()} {e(label('plan_status', p['status']))}"
    if text_of(p, "title"):
        text += f" — {e(text_of(p, 'title'))}"
    if p["adopted"]:
        text += ", " + _("adopted {date}").format(date=display_date(p["adopted"]))
    if p["carriers"]:
        text += ", " + _("carried by {names}").format(names=", ".join(e(c["name"]) for c in p["carriers"]))
    if p["involvement"] != "département":
        text += " " + (_("(carrier)") if p["involvement"] == "carrier" else _("(partner)"))
    return text + _refs(p["cites"])


def _link(url: str, esc, md: bool) -> str:
    if md:
        return f"<{url}>" if re.fullmatch(r"https?://[^\s<>]+", url) else esc(url)
    return f"<{url}>"


UNKNOWNS = {
    "fne_roadmap": N_("no France Numérique Ensemble roadmap (2024-2027) found in the sources"),
    "any_plan": N_("no plan of any generation found in the sources"),
    "carriers": N_("who carries {plan} is not recorded"),
    "adoption_date": N_("the date {plan} was adopted or signed is not known"),
    "hub": N_("no digital-inclusion hub recorded for this département"),
    "people": N_("no elected lead or contact person recorded"),
    "places": N_("no places of help imported (run 'landscape fetch lieux')"),
}
"""What a département's page can say is unknown, by the code `departement_view` gives."""


def departement_blocks(v: dict[str, Any], e, md: bool) -> list[tuple[str, str]]:
    """A département's page (`landscape.analysis.departement.departement_view`) as (style, text) lines."""
    lines: list[tuple[str, str]] = [("title", f"{e(v['name'])} ({v['code']}) — {e(v['region'])}")]
    standing = _("Standing: {status}").format(status=e(label("plan_status", v["standing"])))
    if v.get("generation"):
        standing += " " + _("(as of the {generation})").format(generation=e(label("plan_generation", v["generation"])))
    lines.append(("text", standing))
    cited: dict[str, int] = {}
    sources: list[dict[str, Any]] = []

    def refs(rows: list[dict[str, Any]]) -> str:
        numbers = []
        for s in rows:
            if s["id"] not in cited:
                cited[s["id"]] = len(cited) + 1
                sources.append(s)
            numbers.append(cited[s["id"]])
        return _refs(numbers)

    def section(title: str, items: list[str]) -> None:
        lines.append(("heading", title))
        lines.extend(("item", item) for item in items) if items else lines.append(("text", _("none recorded")))

    plans = []
    for p in v["plans"]:
        generation = label("plan_generation", p["generation"]) if p["generation"] else _("unclassified")
        text = f"{e(generation)}{colon()} {e(label('plan_status', p['status']))}"
        if text_of(p, "title"):
            text += f" — {e(text_of(p, 'title'))}"
        if p["period"]:
            text += f", {e(p['period'])}"
        if p["adopted"]:
            text += ", " + _("adopted {date}").format(date=e(display_date(p["adopted"])))
        if p["signed"]:
            text += ", " + _("signed {date}").format(date=e(display_date(p["signed"])))
        if p["carriers"]:
            text += f"{semicolon()} " + _("carried by {names}").format(names=", ".join(e(c["name"]) for c in p["carriers"]))
        if p["as_of"]:
            text += " " + _("(newest source: {date})").format(date=e(display_date(p["as_of"])))
        if text_of(p, "summary"):
            text += f". {e(prose(text_of(p, 'summary')))}"
        plans.append(text + refs(p["sources"]))
    section(_("Plans by generation"), plans)
    section(_("Who acts there"), [f"{e(a['name'])} — {e(label('actor_kind', a['kind']))}"
                                  + (f"{semicolon()} {', '.join(e(label('role', r['role'])) for r in a['roles'])}"
                                     if a["roles"] else "") for a in v["actors"]])
    people = []
    for person in v["people"]:
        roles = [f"{e(label('relation_kind', r['relation']))} {e(r['of']['name'])}" + _span(r)
                 + ("" if r["current"] else " " + _("(former)")) for r in person["roles"]]
        people.append(e(person["name"]) + (f" — {'; '.join(roles)}" if roles else ""))
    section(_("People"), people)
    if v["places"] is not None:
        p = v["places"]
        text = _("{n} places of help").format(n=format_number(p["places"]))
        if p.get("per_100k") is not None:
            text += ", " + _("{n} per 100,000 inhabitants").format(n=format_number(p["per_100k"]))
        services = ", ".join(f"{e(s['service'])} ({format_number(s['places'])})" for s in p.get("services", []))
        if services:
            text += f"{semicolon()} " + _("most offered: {services}").format(services=services)
        section(_("Places of help"), [text])
    shown = len(v["events"])
    title = t("events") + (" " + _("({shown} of {total})").format(shown=shown, total=v["events_total"])
                           if v["events_total"] > shown else "")
    section(title, [f"{e(display_date(ev['date']))}  {e(text_of(ev, 'title'))}{refs(ev['sources'])}"
                    for ev in v["events"]])
    if v["news"]:
        section(t("news"), [news_row(n, e) for n in v["news"]])
    section(_("Open questions"), [e(_(UNKNOWNS[u["what"]]).format(**u)) for u in v["unknowns"]])
    section(t("sources"), [source_row(n, s, e, lambda url: _link(url, e, md)) for n, s in enumerate(sources, 1)])
    return lines


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
