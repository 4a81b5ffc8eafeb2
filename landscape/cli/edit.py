"""Keeping the map alive: add, edit, retire, note, log, assess, agenda, history, undo, conflicts, changes.

Every command that changes the map goes through `landscape.store.changes.apply_change` (one transaction,
validated, journaled); these functions only turn options into a `Change` and print the result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import click

from landscape.store import journal
from landscape.store.changes import (
    Change,
    SourceSpec,
    apply_change,
    changes_document,
    export_entries,
    import_entries,
    parse_changes,
    resolve_conflict,
    table_of,
    undo,
)
from landscape.errors import LandscapeError
from landscape.i18n import N_, _, colon, display_date, ngettext
from landscape.analysis.lookup import resolve
from landscape.cli import main
from landscape.cli.common import AppContext, emit_json, json_option, out, pass_app
from landscape.model.labels import label


def source_options(func: Callable) -> Callable:
    """The options that say where a change's fact comes from."""
    for decorator in reversed([
        click.option("--source", "source_id", metavar="ID", help=N_("An existing source's id.")),
        click.option("--source-url", metavar="URL", help=N_("A new source (or the existing one with this URL).")),
        click.option("--source-title", metavar="TEXT", help=N_("The new source's title (default: its URL).")),
        click.option("--source-publisher", metavar="TEXT", help=N_("Who published the new source.")),
        click.option("--source-date", metavar="DATE",
                     help=N_("The new source's date (YYYY, YYYY-MM or YYYY-MM-DD).")),
        click.option("--source-note", metavar="TEXT", help=N_(
            "Your own observation as the source (\"met X on DATE\"): dated, with you as author.")),
    ]):
        func = decorator(func)
    return func


def _source(source_id, source_url, source_title, source_publisher, source_date, source_note) -> SourceSpec:
    return SourceSpec(id=source_id, url=source_url, title=source_title, publisher=source_publisher,
                      date=source_date, note=source_note)


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise LandscapeError(_("--set {item!r}: expected FIELD=VALUE").format(item=item))
        fields[name.strip()] = value
    return fields


def _user(app: AppContext) -> str | None:
    from landscape.settings import load_settings

    try:
        return getattr(load_settings(), "user", None)
    except LandscapeError:
        return None


def _done(entry, as_json: bool) -> None:
    if as_json:
        emit_json({"journal_id": entry.id, "action": entry.action, "kind": entry.record_table,
                   "id": entry.record_id, "summary": entry.summary})
    else:
        out(_("{summary} (journal {id})").format(summary=entry.summary, id=entry.id))


def _ref(app: AppContext, ref: str, kind: str | None = None) -> tuple[str, str]:
    tables = (table_of(kind),) if kind else None
    record = resolve(app.store.map(), ref, tables=tables)
    return record.table, record.id


@main.command(help=N_("Add a record of KIND (actor, plan, event, relation, competitor, offer, source), with its source."))
@click.argument("kind", metavar="KIND")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help=N_("A field's value; lists are comma-separated or JSON (repeat for each field)."))
@click.option("--id", "record_id", help=N_("The new record's id (default: derived from its name or title)."))
@source_options
@json_option
@pass_app
def add(app: AppContext, kind: str, sets: tuple[str, ...], record_id: str | None, as_json: bool, **source) -> None:
    entry = apply_change(app.store, Change("add", table_of(kind), record_id, fields=_pairs(sets),
                                           source=_source(**source)), author=_user(app))
    _done(entry, as_json)


@main.command(help=N_("Change fields of the record REF names (id, name or alias); the source is added to its sources."))
@click.argument("ref")
@click.option("--kind", help=N_("The record's kind, when REF could name several."))
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help=N_("A new value (repeat for each field)."))
@click.option("--unset", multiple=True, metavar="FIELD", help=N_("Empty a field (repeat for each field)."))
@source_options
@json_option
@pass_app
def edit(app: AppContext, ref: str, kind: str | None, sets: tuple[str, ...], unset: tuple[str, ...], as_json: bool,
         **source) -> None:
    if not sets and not unset:
        raise LandscapeError(_("nothing to change: give --set FIELD=VALUE or --unset FIELD"))
    table, record_id = _ref(app, ref, kind)
    entry = apply_change(app.store, Change("edit", table, record_id, fields=_pairs(sets), unset=list(unset),
                                           source=_source(**source)), author=_user(app))
    _done(entry, as_json)


@main.command(help=N_("Mark a record as ended or withdrawn; it stays in the map and its history."))
@click.argument("ref")
@click.option("--reason", required=True, help=N_("Why the record ended or was withdrawn."))
@click.option("--date", "when", help=N_("When (default: today)."))
@source_options
@json_option
@pass_app
def retire(app: AppContext, ref: str, reason: str, when: str | None, as_json: bool, **source) -> None:
    table, record_id = _ref(app, ref)
    entry = apply_change(app.store, Change("retire", table, record_id, reason=reason, date=when,
                                           source=_source(**source)), author=_user(app))
    _done(entry, as_json)


@main.command(help=N_("Attach a dated private note to a record."))
@click.argument("ref")
@click.argument("text")
@click.option("--date", "when", help=N_("The note's date (default: today)."))
@json_option
@pass_app
def note(app: AppContext, ref: str, text: str, when: str | None, as_json: bool) -> None:
    table, record_id = _ref(app, ref)
    entry = apply_change(app.store, Change("note", table, record_id, text=text, date=when), author=_user(app))
    _done(entry, as_json)


@main.command("log", help=N_("Record a contact with an actor (meeting, call, email, letter, event) and the next step."))
@click.argument("ref")
@click.option("--kind", "contact_kind", required=True, type=click.Choice(journal.CONTACT_KINDS),
              help=N_("What kind of contact."))
@click.option("--date", "when", required=True, help=N_("When it happened."))
@click.option("--summary", required=True, help=N_("What was said."))
@click.option("--with", "people", multiple=True, metavar="PERSON", help=N_("Who took part (repeat)."))
@click.option("--next", "next_step", help=N_("The next step."))
@click.option("--due", help=N_("When the next step is due."))
@json_option
@pass_app
def log_(app: AppContext, ref: str, contact_kind: str, when: str, summary: str, people: tuple[str, ...],
         next_step: str | None, due: str | None, as_json: bool) -> None:
    table, record_id = _ref(app, ref)
    data = app.store.map()
    ids = [resolve(data, p, tables=("actors",)).id for p in people]
    entry = apply_change(app.store, Change("log", table, record_id, contact_kind=contact_kind, date=when,
                                           text=summary, people=ids, next=next_step, due=due), author=_user(app))
    _done(entry, as_json)


@main.command(help=N_("The next steps of your contacts by due date, overdue first."))
@json_option
@pass_app
def agenda(app: AppContext, as_json: bool) -> None:
    rows = journal.agenda(app.store.db.conn)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        out(_("no next step recorded (add one with: landscape log REF ... --next TEXT --due DATE)"))
        return
    names = _names(app)
    dues = [display_date(row["due"]) or _("no date") for row in rows]
    width = max(10, *map(len, dues))
    for row, due in zip(rows, dues):
        mark = _("overdue") + " " if row["overdue"] else ""
        out(f"{due:<{width}}  {mark}{names.get(row['record_id'], row['record_id'])}{colon()} {row['next']}",
            fg="red" if row["overdue"] else None)


def _names(app: AppContext) -> dict[str, str]:
    data = app.store.map()
    return {r.id: r.label for r in data.all_records()}


@main.command(help=N_("Record your own influence and interest scores for an actor (shown beside the curated ones)."))
@click.argument("ref")
@click.option("--influence", type=click.IntRange(1, 5), required=True, help=N_("Your influence score, 1 to 5."))
@click.option("--interest", type=click.IntRange(1, 5), required=True, help=N_("Your interest score, 1 to 5."))
@click.option("--why", required=True, help=N_("Why: an assessment is a judgement."))
@json_option
@pass_app
def assess(app: AppContext, ref: str, influence: int, interest: int, why: str, as_json: bool) -> None:
    _, actor_id = _ref(app, ref, "actor")
    entry = apply_change(app.store, Change("assess", "actors", actor_id, influence=influence, interest=interest,
                                           why=why), author=_user(app))
    _done(entry, as_json)


@main.command(help=N_("The journal of changes, newest first (of one record when REF is given)."))
@click.argument("ref", required=False)
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True, help=N_("How many entries."))
@json_option
@pass_app
def history(app: AppContext, ref: str | None, limit: int, as_json: bool) -> None:
    record_id = _ref(app, ref)[1] if ref else None
    conn = app.store.db.conn
    rows = journal.entries(conn, record_id=record_id, limit=limit)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        out(_("no change recorded yet"))
        return
    for row in rows:
        undone = " " + _("(undone)") if row["undone_by"] else ""
        out(f"{_moment(row['at'])}  {row['author']}{colon()} {row['summary']}{undone}")
        if row["action"] == "edit":
            for name in sorted(set(row["after"]) | set(row["before"] or {})):
                old, new = (row["before"] or {}).get(name), row["after"].get(name)
                if old != new:
                    out(f"    {name}{colon()} {_short(old)} → {_short(new)}", dim=True)


def _moment(at: str) -> str:
    """A journal time as people read it: "2026-11-19 14:05", « 19 novembre 2026 à 14:05 »."""
    day, _sep, time = at[:16].partition("T")
    return _("{date} {time}").format(date=display_date(day), time=time) if time else display_date(day)


def _short(value: Any) -> str:
    text = "∅" if value is None else str(value)
    return text if len(text) <= 70 else text[:69] + "…"


@main.command("undo", help=N_("Revert the last COUNT changes (each undo is journaled too)."))
@click.argument("count", type=click.IntRange(1), default=1)
@json_option
@pass_app
def undo_(app: AppContext, count: int, as_json: bool) -> None:
    entries = undo(app.store, count, author=_user(app))
    if as_json:
        emit_json([{"journal_id": e.id, "summary": e.summary} for e in entries])
        return
    for entry in entries:
        out(entry.summary)


@main.group(invoke_without_command=True, help=N_(
    "Fields that both the curated base and your changes modified (both values kept)."))
@json_option
@click.pass_context
def conflicts(ctx: click.Context, as_json: bool) -> None:
    if ctx.invoked_subcommand:
        return
    app: AppContext = ctx.obj
    rows = journal.conflicts(app.store.db.conn)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        out(_("no conflict"))
        return
    names = _names(app)
    for row in rows:
        out(f"{names.get(row['record_id'], row['record_id'])} ({row['record_id']}) {row['field']}{colon()} "
            + _("base {base} | yours {yours}").format(base=_short(row["base_value"]), yours=_short(row["user_value"])))
    out(_("pick one: landscape conflicts resolve REF FIELD --keep base|mine"), dim=True)


@conflicts.command("resolve", help=N_("Keep the base's value or yours for one conflicting field."))
@click.argument("ref")
@click.argument("field")
@click.option("--keep", type=click.Choice(["base", "mine"]), required=True, help=N_("Which value to keep."))
@pass_app
def conflicts_resolve(app: AppContext, ref: str, field: str, keep: str) -> None:
    table, record_id = _ref(app, ref)
    resolve_conflict(app.store, table, record_id, field, keep, author=_user(app))  # type: ignore[arg-type]
    kept = _("kept the base value of {id} {field}") if keep == "base" else _("kept your value of {id} {field}")
    out(kept.format(id=record_id, field=field))


@main.command(help=N_("Records not confirmed for more than N months: the newest of their sources' dates and your edits."))
@click.option("--months", type=click.IntRange(1), default=12, show_default=True,
              help=N_("Records whose newest source or edit is older than this."))
@json_option
@pass_app
def stale(app: AppContext, months: int, as_json: bool) -> None:
    from landscape.store.freshness import stale_records

    cutoff = (date.today() - timedelta(days=30 * months)).isoformat()
    rows = stale_records(app.store, months)
    if as_json:
        emit_json(rows)
        return
    dates = [display_date(row["as_of"]) or _("undated") for row in rows]
    kinds = [label("record_kind", row["kind"]) for row in rows]
    width, kind_width = max(10, *map(len, dates or [""])), max(8, *map(len, kinds or [""]))
    for row, when, kind in zip(rows, dates, kinds):
        out(f"{when:<{width}}  {kind:<{kind_width}}  {row['name']}")
    out(ngettext("{n} record not confirmed since {date}", "{n} records not confirmed since {date}", len(rows)).format(
        n=len(rows), date=display_date(cutoff[:7])), dim=True)


@main.group(help=N_("Share your layer of the map (edits, assessments; notes and contacts with --with-private)."))
def changes() -> None:
    pass


@changes.command("export", help=N_("Write your changes as a versioned JSON Lines patch."))
@click.option("--out", "target", required=True, metavar="FILE", help=N_("Where to write (- for standard output)."))
@click.option("--since", metavar="DATE", help=N_("Only changes made on or after DATE."))
@click.option("--with-private", is_flag=True, help=N_("Include your notes and contacts."))
@pass_app
def changes_export(app: AppContext, target: str, since: str | None, with_private: bool) -> None:
    entries = export_entries(app.store.db.conn, since=since, with_private=with_private)
    text = changes_document(entries, generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    if target == "-":
        click.echo(text, nl=False)
        return
    from landscape.io.files import write_file

    write_file(Path(target), text.encode("utf-8"), what=N_("changes"))
    out(ngettext("wrote {n} change to {file}", "wrote {n} changes to {file}", len(entries)).format(
        n=len(entries), file=target))


@changes.command("import", help=N_(
    "Replay a colleague's changes: known ones are skipped, conflicts listed and not overwritten."))
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@json_option
@pass_app
def changes_import(app: AppContext, file: str, as_json: bool) -> None:
    if file == "-":
        text = click.get_text_stream("stdin").read()
    else:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LandscapeError(_("{file}: cannot read ({error})").format(
                file=file, error=getattr(exc, "strerror", None) or exc)) from None
    summary = import_entries(app.store, parse_changes(text, file=file))
    if as_json:
        emit_json(summary)
        return
    out(ngettext("{n} change applied, {skipped} already here, {conflicts} conflicts (see 'landscape conflicts')",
                 "{n} changes applied, {skipped} already here, {conflicts} conflicts (see 'landscape conflicts')",
                 summary["applied"]).format(n=summary["applied"], skipped=summary["skipped"],
                                            conflicts=len(summary["conflicts"])))
