"""Core commands: init, check, stats, list, show, vocab (``tui`` is in dashboard.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from landscape.model import vocab
from landscape.errors import LandscapeError
from landscape.i18n import N_, _, colon, display_date, get_lang, ngettext, semicolon, text_of
from landscape.model.labels import DATE_FIELDS, claimed_value, field_label, field_name, label, prose
from landscape.store.summary import RECORD_TABLES as TABLES  # = dataset.TABLES, without importing the models
from landscape.text import printable
from landscape.cli import main
from landscape.cli.kinds import KindChoice
from landscape.cli.common import AppContext, counted, counts_text, emit_json, heading, json_option, out, pass_app


def load_dir(*args: Any, **kwargs: Any):
    """`landscape.dataset.load_dir`, imported on first use: the models are slow to import."""
    from landscape.dataset import load_dir as load

    return load(*args, **kwargs)


@main.command(help=N_("Build the database from the curated datasets (validated first, written in one transaction)."))
@click.option("--force", is_flag=True, help=N_(
    "Rebuild the curated map of an existing database, in one transaction on the live file (imported places, "
    "your changes and notes are kept)."))
@click.option("--fresh", is_flag=True, help=N_(
    "With --force: build a new file instead (for a database SQLite cannot read); the old file is kept beside "
    "it as PATH.broken-DATE."))
@click.option("--from", "directory", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help=N_("Build the base from this datasets folder instead of the bundled one."))
@pass_app
def init(app: AppContext, force: bool, fresh: bool, directory: Path | None) -> None:
    if app.db_path.exists() and not force:
        raise LandscapeError(_("{path} already exists; use --force to rebuild it from the datasets").format(
            path=app.db_path))
    from landscape.store.database import build, build_fresh

    data = load_dir(directory)
    if fresh and app.db_path.exists():
        kept = build_fresh(app.db_path, data, directory=directory, base=str(directory) if directory else "bundled")
        if kept:
            out(_("the old file is kept as {path}; close any dashboard still open on it").format(path=kept), err=True)
    else:
        build(app.db_path, data, directory=directory, base=str(directory) if directory else "bundled")
    out(_("built {path}: {counts}").format(path=app.db_path, counts=counts_text(data.counts())))


@main.command(help=N_(
    "Validate the bundled datasets without touching any database; list texts missing their French twin."))
@json_option
def check(as_json: bool) -> None:
    from landscape.dataset import missing_translations

    data = load_dir()
    missing = missing_translations(data)
    if as_json:
        emit_json({"ok": True, **data.counts(),
                   "missing_french": [{"kind": t, "id": i, "field": f} for t, i, f in missing]})
        return
    out(_("datasets are valid: {counts}").format(counts=counts_text(data.counts())))
    if missing:
        out(ngettext("{n} text has no French version yet (landscape check --json lists them), e.g. {examples}",
                     "{n} texts have no French version yet (landscape check --json lists them), e.g. {examples}",
                     len(missing)).format(n=len(missing), examples="; ".join(f"{t} {i} {f}" for t, i, f in missing[:3])),
            fg="yellow")


def stats_of(app: AppContext) -> dict[str, Any]:
    from landscape.store.summary import open_readonly, record_stats

    conn = app.read_fast(open_readonly)  # stdlib sqlite3: counting needs no models
    try:
        return record_stats(conn)
    finally:
        conn.close()


# What people read for each count of `stats` (JSON keeps the keys).
STATS_NAMES = {
    "sources": N_("sources"), "actors": N_("actors"), "plans": N_("plans"), "events": N_("events"),
    "relations": N_("relations"), "competitors": N_("competitors"), "offers": N_("offers"),
    "unsourced": N_("records missing a required source"), "disputed": N_("records with sources in dispute"),
    "lieux": N_("places of help"), "departements_with_fne": N_("départements with an FNE roadmap 2024-2027"),
    "none_known": N_("départements with no plan known"),
}


@main.command(help=N_("Counts per kind; records missing a required source ('unsourced') must be 0 in a sound map."))
@json_option
@pass_app
def stats(app: AppContext, as_json: bool) -> None:
    from landscape.i18n import format_number

    counts = stats_of(app)
    if as_json:
        emit_json(counts)
        return
    names = {key: _(STATS_NAMES[key]) if key in STATS_NAMES else key.replace("_", " ") for key in counts}
    width = max(map(len, names.values()))
    for key, value in counts.items():
        out(f"{names[key]:<{width}}  {format_number(value):>6}")


LIST_KINDS = KindChoice(TABLES)


@main.command("list", help=N_(
    "List every record of a KIND: {kinds} (singular or plural).\n\n"
    "Text: one record a line, its name then its id (dim). JSON: the model's field names."),
    help_values={"kinds": LIST_KINDS.listed()})
@click.argument("kind", type=LIST_KINDS, metavar="KIND")
@json_option
@pass_app
def list_(app: AppContext, kind: str, as_json: bool) -> None:
    from landscape.store.plain import actor_names, read_table
    from landscape.store.summary import open_readonly

    conn = app.read_fast(open_readonly)  # stdlib sqlite3: printing records needs no models
    try:
        records = read_table(conn, kind, where=str(app.db_path))
        actors = actor_names(conn) if kind in ("relations", "competitors") else {}
    finally:
        conn.close()
    if as_json:
        emit_json([r.dump() for r in records])
        return
    names = [plain_name(r, actors) + (" ⚠" if r.disputed else "") for r in records]
    width = min(60, max(map(len, names), default=0))
    for record, name in zip(records, names):
        click.echo(f"{printable(name):<{width}}  " + click.style(printable(record.id), dim=True))
    out(counted(kind, len(records)), dim=True)


def plain_name(record: Any, actors: dict[str, str]) -> str:
    """`landscape.analysis.profile.display_name` of a plain record (`landscape.store.plain`), given actors' names."""
    if record.table == "relations":
        return (f"{actors.get(record.source, record.source)} {label('relation_kind', record.kind)} "
                f"{actors.get(record.target, record.target)}")
    if record.table == "competitors":
        return _("{actor} vs {competitor}: {arena}").format(
            actor=actors.get(record.actor, record.actor), competitor=actors.get(record.competitor, record.competitor),
            arena=text_of(record, "arena"))
    if record.table == "events":
        return text_of(record, "title") or record.label
    return record.label


@main.command(help=N_(
    "Show one record and what surrounds it. REF: an id, a name or an alias (case, accents, spaces and hyphens "
    "forgiven: \"cd gironde\" finds cd-gironde); a département's code or name shows its page."))
@click.argument("ref")
@json_option
@pass_app
def show(app: AppContext, ref: str, as_json: bool) -> None:
    if _show_plain(app, ref, as_json):
        return
    from landscape.analysis.departement import departement_view, match_departement
    from landscape.analysis.lookup import resolve
    from landscape.analysis.profile import profile

    code = match_departement(app.store, ref)
    if code is not None:
        from landscape.cli.departements import print_view

        print_view(departement_view(app.store, code), as_json)
        return
    data = app.store.map()
    record = resolve(data, ref)
    result = _surrounded(app.store, profile(data, record), record)
    if as_json:
        emit_json(result)
        return
    _print_profile(data, record, result)
    _print_yours(data, result)


def _surrounded(store: Any, result: dict[str, Any], record: Any) -> dict[str, Any]:
    """A record's profile with what `show` adds: how fresh it is, the user's own layer, the latest news."""
    from landscape.store.freshness import as_of
    from landscape.store.journal import user_layer
    from landscape.veille.news import latest_news  # not the veille's fetching machinery

    conn = store.db.conn
    result["as_of"] = as_of(store, record.table, record.id)
    result["yours"] = user_layer(conn, record.table, record.id)
    result["news"] = latest_news(conn, record.kind_name, record.id) if record.kind_name in (
        "actor", "plan", "offer") else []
    return result


# Tables searched for a record's id, in `landscape.analysis.lookup.resolve`'s order.
_ID_ORDER = ("actors", "offers", "plans", "events", "sources", "relations", "competitors")


def _show_plain(app: AppContext, ref: str, as_json: bool) -> bool:
    """`show` read with the standard library's sqlite3 (no models to import): a département's page, or a
    record named by its id, a name or an alias; False, having printed nothing, for anything else (no
    match, several, a problem), which the model path answers or explains."""
    import sqlite3

    from landscape.analysis.departement import departement_view, match_departement
    from landscape.analysis.profile import profile
    from landscape.store.plain import PlainStore
    from landscape.store.summary import check_current

    def connect(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=10)  # read-write: the user's tables are made on first use
        try:
            check_current(conn, path)
        except BaseException:
            conn.close()
            raise
        return conn

    try:
        conn = app.read_fast(connect)
    except (sqlite3.DatabaseError, LandscapeError):
        return False  # the model path says what is wrong, in one line
    try:
        try:
            store = PlainStore(conn, where=str(app.db_path))
            code = match_departement(store, ref)
            if code is not None:
                view = departement_view(store, code)
            else:
                table = next((t for t in _ID_ORDER if conn.execute(f"SELECT 1 FROM [{t}] WHERE id = ?",
                                                                     [ref.strip()]).fetchone()), None)
                data = store.map()
                record = data.index(table)[ref.strip()] if table else _named(data, ref)
                if record is None:
                    return False
                result = _surrounded(store, profile(data, record), record)
        except (sqlite3.DatabaseError, LandscapeError):
            return False  # the model path says what is wrong, in one line
        if code is not None:
            from landscape.cli.departements import print_view

            print_view(view, as_json)
        elif as_json:
            emit_json(result)
        else:  # while the connection is open: the plain map reads a table when first asked for it
            _print_profile(data, record, result)
            _print_yours(data, result)
        return True
    finally:
        conn.close()


def _named(data: Any, ref: str) -> Any:
    """The one record `ref` names as `landscape.analysis.lookup.resolve` finds it past an exact id (a loosely
    typed id, then a name or alias), or None when it finds none or several (its errors say which)."""
    from landscape.text import fold

    key = fold(ref)
    if not key:
        return None
    for table in _ID_ORDER:
        for record in data.table(table):
            if fold(record.id) == key:
                return record
    for table in _ID_ORDER:
        matches = [r for r in data.table(table) if key in {fold(n) for n in _names_of(r)}]
        if matches:
            return matches[0] if len(matches) == 1 else None
    return None


def _names_of(record: Any) -> list[str]:
    """`landscape.analysis.lookup.names_of` of a plain record."""
    names = [record.label]
    if record.kind_name in ("actor", "offer"):
        names += record.aliases
    if record.kind_name == "plan":
        names += [record.departement_name, record.departement_code]
    return names


# Fields not printed as "name: value" lines (the heading or a section shows them).
_NOT_LINES = {"id", "name", "title", "sources", "disputes", "summary", "roles", "positioning", "departement_code",
              "departement_name"}
# Fields that hold actor ids: printed with the names `profile()` resolved.
_REFERENCE_FIELDS = ("carriers", "partners", "owner", "source", "target", "actor", "competitor", "actors")
# Curated texts with a French twin (``summary_fr``): the reader's language is shown, the twin never as a field.
_TWINNED = ("summary", "title", "note", "arena", "rationale")


def _field_lines(data: Any, p: dict[str, Any]) -> list[str]:
    """The record's own fields as "name: value" lines: labels for codes, names for actor ids."""
    kind, rec = p["kind"], p["record"]
    departements = {pl.departement_code: pl.departement_name for pl in data.plans}
    lines = []
    for key, value in rec.items():
        if value in (None, [], "") or key.endswith("_fr") or key in _NOT_LINES:
            continue
        name = field_name(key)
        if key in _REFERENCE_FIELDS and key in p:
            refs = p[key] if isinstance(p[key], list) else [p[key]]
            text = ", ".join(r["name"] for r in refs if r)
        elif key == "departement":
            text = f"{departements.get(value, value)} ({value})"
        elif key in DATE_FIELDS:
            text = display_date(value)
        elif key in _TWINNED:
            text = prose(text_of(rec, key))
        elif isinstance(value, list):
            text = ", ".join(field_label(kind, key, v) for v in value)
        else:
            text = field_label(kind, key, value)
        lines.append(f"  {name}{colon()} {text}")
    if rec.get("roles"):
        lines.append("  " + _("roles") + f"{colon()} " + ", ".join(
            f"{label('role', r['role'])} ({label('role_level', r['level'])})" for r in rec["roles"]))
    if rec.get("positioning"):
        pos = rec["positioning"]
        lines.append("  " + _("positioning") + f"{colon()} " + _("influence {influence}/5, interest {interest}/5").format(
            influence=pos["influence"], interest=pos["interest"]) + f" — {prose(text_of(pos, 'rationale'))}")
    return lines


def plan_line(plan: dict[str, Any], actor_id: str | None = None) -> str:
    """One plan as a line: département, status and, seen from an actor, the part it plays in it."""
    text = f"{plan['departement_name']} ({plan['departement_code']})"
    if plan.get("generation"):
        text += f", {label('plan_generation', plan['generation'])}"
    text += f" — {label('plan_status', plan['status'])}"
    if plan.get("title"):
        text += f"{colon()} {text_of(plan, 'title')}"
    if actor_id and actor_id in plan.get("carriers", []):
        text += " " + _("(carrier)")
    elif actor_id and actor_id in plan.get("partners", []):
        text += " " + _("(partner)")
    return text


def _print_profile(data: Any, record: Any, p: dict[str, Any]) -> None:
    from landscape.analysis.profile import display_name, group_relations

    rec = p["record"]
    heading(display_name(data, record) + ("  ⚠ " + _("disputed") if p["disputed"] else ""))
    out(f"{label('record_kind', p['kind'])} · {rec['id']}", dim=True)
    for line in _field_lines(data, p):
        out(line)
    if rec.get("summary"):
        out()
        out(prose(text_of(rec, "summary")))
    for dispute in rec.get("disputes", []):
        values = f"{semicolon()} ".join(f"{claimed_value(dispute['field'], c['value'])} "
                                        f"({', '.join(c['sources'])})" for c in dispute["claims"])
        note = text_of(dispute, "note")
        out("⚠ " + _("disputed {field}: {values}").format(field=field_name(dispute["field"]), values=values)
            + (f" — {note}" if note else ""), fg="yellow")
    if p.get("relations"):
        out()
        heading(_("Relations"))
        for title, rows in group_relations(p["relations"]).items():
            out(f"  {title}{colon()} " + ", ".join(r["other"]["name"] for r in rows))
    if p.get("competitors"):
        out()
        heading(_("Competitors"))
        for row in p["competitors"]:
            out(f"  {row['other']['name']} — {text_of(row, 'arena')} ("
                + _("overlap {level}").format(level=label("overlap", row["overlap"])) + ")")
    if p.get("offers"):
        out()
        heading(_("Offers"))
        for row in p["offers"][:10]:
            out(f"  {row['name']} ({label('offer_category', row['category'])})")
    if p.get("plans"):
        out()
        heading(_("Plans"))
        for row in p["plans"][:10]:
            out(f"  {plan_line(row, rec['id'])}")
    if p.get("events"):
        out()
        heading(_("Events"))
        dates = [display_date(row["date"]) for row in p["events"][:10]]
        width = max(map(len, dates))
        for row, when in zip(p["events"], dates):
            out(f"  {when:<{width}}  {text_of(row, 'title')}")
        if len(p["events"]) > 10:
            more = len(p["events"]) - 10
            out("  … " + _("{n} more (landscape show {id} --json lists them all)").format(n=more, id=rec["id"]),
                dim=True)
    if p.get("cited_by"):
        out()
        heading(_("Cited by"))
        index = {t: data.index(f"{t}s") for t in {c["kind"] for c in p["cited_by"]}}
        for row in p["cited_by"]:
            cited = index[row["kind"]].get(row["id"])
            out(f"  {label('record_kind', row['kind'])}{colon()} {display_name(data, cited) if cited else row['name']}")
    if p.get("sources"):
        out()
        heading(_("Sources"))
        for s in p["sources"]:
            where = f", {s['locator']}" if s.get("locator") else ""
            out(f"  [{s['id']}] {s['title']}{where}" + (f" <{s['url']}>" if s.get("url") else ""))


def _print_yours(data: Any, p: dict[str, Any]) -> None:
    """The record's date of freshness, the latest news and what the user keeps about it."""
    names = {a.id: a.name for a in data.actors}
    mine = p["yours"]
    if p.get("as_of"):
        out(_("as of {date} (newest source or edit)").format(date=display_date(p["as_of"])), dim=True)
    if mine["retired"]:
        out(_("retired on {date}: {reason}").format(date=display_date(mine["retired"]["date"]),
                                                    reason=mine["retired"]["reason"]), fg="yellow")
    if p.get("news"):
        out()
        heading(_("Latest news"))
        for item in p["news"]:
            state = _("accepted as an event") if item["status"] == "accepted" else _("unreviewed")
            out(f"  {display_date((item.get('date') or '')[:10])}  {item['title']} ({state})")
    if mine["assessment"]:
        a = mine["assessment"]
        out()
        heading(_("Your assessment"))
        out("  " + _("influence {influence}/5, interest {interest}/5").format(influence=a["influence"],
                                                                             interest=a["interest"])
            + f" — {a['why']} ({display_date(a['date'])}, {a['author']})")
    if mine["next_steps"]:
        out()
        heading(_("Open next steps"))
        for step in mine["next_steps"]:
            late = " " + _("(overdue)") if step["overdue"] else ""
            out(f"  {display_date(step['due']) or _('no date')}{late}  {step['next']}",
                fg="red" if step["overdue"] else None)
    if mine["contacts"]:
        out()
        heading(_("Last contacts"))
        for c in mine["contacts"]:
            kind = label("contact_kind", c["kind"])
            if c["people"]:
                kind = _("{kind} with {people}").format(kind=kind, people=", ".join(names.get(x, x) for x in c["people"]))
            out(f"  {display_date(c['date'])}  {kind}{colon()} {c['summary']}")
    if mine["notes"]:
        out()
        heading(_("Your notes"))
        for note in mine["notes"]:
            out(f"  {display_date(note['date'])}  {note['text']}")
    if mine["changes"]:
        out(ngettext("{n} change in your journal: landscape history {id}",
                     "{n} changes in your journal: landscape history {id}", mine["changes"]).format(
            n=mine["changes"], id=p["record"]["id"]), dim=True)


# The controlled vocabularies as `vocab` lists them (JSON keeps these keys).
VOCAB_TITLES = {
    "roles": N_("roles"), "actor kinds": N_("actor kinds"), "sectors": N_("sectors"),
    "plan statuses": N_("plan statuses"), "event kinds": N_("event kinds"), "relation kinds": N_("relation kinds"),
    "offer categories": N_("offer categories"), "source kinds": N_("source kinds"),
}
_VOCAB_LABELS = {"roles": "role", "actor kinds": "actor_kind", "sectors": "sector", "plan statuses": "plan_status",
                 "event kinds": "event_kind", "relation kinds": "relation_kind", "offer categories": "offer_category",
                 "source kinds": "source_kind"}


@main.command("vocab", help=N_("The controlled vocabularies: roles, kinds, statuses, with what each value means."))
@json_option
def vocab_(as_json: bool) -> None:
    tables = {"roles": vocab.ROLES, "actor kinds": vocab.ACTOR_KINDS, "sectors": vocab.SECTORS,
              "plan statuses": vocab.PLAN_STATUSES, "event kinds": vocab.EVENT_KINDS,
              "relation kinds": vocab.RELATION_KINDS, "offer categories": vocab.OFFER_CATEGORIES,
              "source kinds": vocab.SOURCE_KINDS}
    if as_json:
        emit_json(tables)
        return
    for title, values in tables.items():
        heading(_(VOCAB_TITLES[title]))
        for key, meaning in values.items():
            out(f"  {key:<24} {label(_VOCAB_LABELS[title], key)} — {_(meaning)}" if get_lang() == "fr"
                else f"  {key:<24} {meaning}")
