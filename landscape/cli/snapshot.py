"""Snapshot commands: export, import, schema, diff, and the one-page brief."""

from __future__ import annotations

from pathlib import Path

import click

from landscape.analysis.brief import brief as make_brief
from landscape.analysis.brief import render_markdown, text_lines
from landscape.dataset import TABLES
from landscape.analysis.diff import diff as diff_documents
from landscape.analysis.diff import render_text as render_diff
from landscape.errors import LandscapeError
from landscape.i18n import N_, _
from landscape.analysis.lookup import resolve
from landscape.settings import load_settings
from landscape.io.snapshot import (create_database, export_document, import_snapshot, is_empty, load_snapshot,
                        read_lieux, shipped_schema_text, write_document)
from landscape.cli import main
from landscape.cli.common import english, AppContext, counted, counts_text, emit_json, heading, json_option, out, pass_app
from landscape.cli.help import Option

_KIND_CHOICES = [*TABLES, *(t[:-1] for t in TABLES)]


def _tables(kinds: tuple[str, ...]) -> list[str] | None:
    return sorted({k if k in TABLES else f"{k}s" for k in kinds}, key=TABLES.index) if kinds else None


@main.command("export", help=N_(
    "Write the map as one JSON snapshot (schema: 'landscape schema').\n\n"
    "Records are sorted by id with the models' field names, so two exports of one database differ only in "
    "'generated_at'. With --kind/--query, the snapshot also holds every actor and source the chosen records "
    "reference, so it can be merged on its own ('landscape import --merge')."))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), help=N_(
    "Write to FILE (atomically; '-': stdout, the default). Never over the database, a device or a folder; a "
    "symbolic link is written through, an existing file keeps its permissions."))
@click.option("--kind", "kinds", multiple=True, type=click.Choice(_KIND_CHOICES), metavar="KIND", cls=Option,
              help=N_("Only records of KIND (repeatable): {kinds}."), help_values={"kinds": ", ".join(TABLES)})
@click.option("--query", "-q", help=N_(
    "Only records whose id, name, alias, title or summary contains Q (case and accents ignored)."))
@click.option("--with-lieux", is_flag=True, help=N_("Add the open-data places ('lieux')."))
@click.option("--with-private", is_flag=True, help=N_("Add your notes, contacts and own assessments (private)."))
@pass_app
def export(app: AppContext, out_path: Path | None, kinds: tuple[str, ...], query: str | None,
           with_lieux: bool, with_private: bool) -> None:
    if query is not None and not query.strip():
        raise LandscapeError(_("--query is empty"))
    out_path = _file_or_stdout(out_path)
    store = app.store
    lieux = read_lieux(store.db) if with_lieux else None
    private = None
    if with_private:
        from landscape.store.journal import private_layer

        private = private_layer(store.db.conn)
    doc = export_document(store.map(), kinds=_tables(kinds), query=query, lieux=lieux, private=private)
    write_document(doc, out_path)
    if out_path is not None:
        counts = counts_text({k: len(doc[k]) for k in doc if isinstance(doc[k], list)})
        click.echo(_("wrote {file}: {counts}").format(file=out_path, counts=counts), err=True)


def _file_or_stdout(path: Path | None) -> Path | None:
    """None (stdout) for ``-``; else `path`, checked before any work (database, special files)."""
    if path is None or str(path) == "-":
        return None
    from landscape.io.files import check_target

    check_target(path)
    return path


@main.command("import", help=N_(
    "Import a JSON snapshot (FILE, or - for stdin) in one transaction.\n\n"
    "The whole file is validated first (JSON, schema_version, every record and field, duplicate ids, references); "
    "on any problem nothing is written. An empty or missing database takes the snapshot as it is; a database that "
    "holds records needs --replace or --merge. --replace needs a complete map (a plan for each of the 101 "
    "départements); a filtered snapshot is imported with --merge, its references resolving against the records "
    "already there."))
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--replace", "mode", flag_value="replace",
              help=N_("Replace every curated record with the snapshot's (it must be a complete map)."))
@click.option("--merge", "mode", flag_value="merge",
              help=N_("Add the snapshot's records, replacing those with the same id; keep the others."))
@json_option
@pass_app
def import_(app: AppContext, file: str, mode: str | None, as_json: bool) -> None:
    snapshot = load_snapshot(file)
    if not app.db_path.exists():
        if mode == "merge":
            raise LandscapeError(_("{path}: no such database to merge into (import without --merge to create it "
                                   "from a complete snapshot)").format(path=app.db_path))
        summary = create_database(app.db_path, snapshot)
    else:
        store = app.store
        if mode is None:
            if not is_empty(store):
                raise LandscapeError(_("{path} already holds records: choose --replace (the snapshot becomes the "
                                       "map) or --merge (add to and update the map)").format(path=app.db_path))
            mode = "replace"
        summary = import_snapshot(store, snapshot, mode)
    if as_json:
        emit_json(summary)
        return
    moved = {"added": N_("{n} new"), "changed": N_("{n} changed"), "removed": N_("{n} removed")}
    parts = []
    for kind, n in summary["kinds"].items():
        if n["records"] or n.get("removed"):
            moves = [_(moved[k]).format(n=n[k]) for k in ("added", "changed", "removed") if n.get(k)]
            parts.append(counted(kind, n["records"]) + (f" ({', '.join(moves)})" if moves else ""))
    if "lieux" in summary:
        parts.append(counted("lieux", summary["lieux"]))
    mode = {"replace": _("replaced"), "merge": _("merged")}.get(summary["mode"], summary["mode"])
    out(_("imported {file} ({mode}): {what}").format(file=snapshot.file, mode=mode,
                                                    what="; ".join(parts) or _("nothing")))


@main.command("schema", help=N_("Print the JSON Schema (draft 2020-12) of snapshots, generated from the models."))
def schema() -> None:
    click.echo(shipped_schema_text(), nl=False)


def _current_document(app: AppContext, with_lieux: bool) -> dict:
    store = app.store
    return export_document(store.map(), lieux=read_lieux(store.db) if with_lieux else None)


def _file_document(path: str) -> dict:
    snap = load_snapshot(path)
    return export_document(snap.data, lieux=snap.lieux, generated_at=snap.generated_at or "")


@main.command("diff", help=N_(
    "Compare two snapshots: records added, removed and changed per kind, field by field.\n\n"
    "Without NEW, OLD is compared with the current database. Exit status: 0 equal, 1 different, 2 on error "
    "(like diff(1)). 'generated_at' is not a difference."))
@click.argument("old", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("new", type=click.Path(dir_okay=False, allow_dash=True), required=False)
@json_option
@click.pass_context
def diff(ctx: click.Context, old: str, new: str | None, as_json: bool) -> None:
    app: AppContext = ctx.obj
    old_doc = _file_document(old)
    if new is None:
        new_doc = _current_document(app, with_lieux=old_doc.get("lieux") is not None)
    else:
        new_doc = _file_document(new)
    result = diff_documents(old_doc, new_doc)
    result["old"]["file"] = old
    result["new"]["file"] = new if new is not None else f"current database ({app.db_path})"
    if as_json:
        emit_json(result)
    else:
        for line in render_diff(result):
            mark = line.strip()[:1]
            if line.startswith("  ") and mark in ("+", "-", "~"):
                out(line, fg={"+": "green", "-": "red", "~": "yellow"}[mark])
            elif line.startswith("  ") or result["equal"]:
                out(line)
            else:
                heading(line)
    ctx.exit(0 if result["equal"] else 1)


@main.command("brief", help=N_(
    "One page on an actor or a département before a meeting. REF: an id, a name or an alias; a département's code "
    "or name gives its page (plans by generation, actors, people, events, sources).\n\n"
    "Who they are, their role in the strategy, positioning, key people, funders, partners, competitors, offers, the "
    "plan of their département, their last five events, open disputes, and the numbered sources behind every line."))
@click.argument("ref")
@click.option("--markdown", "fmt", flag_value="markdown", help=N_("Print Markdown (data escaped to read literally)."))
@click.option("--json", "fmt", flag_value="json", help=N_("Print JSON."))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), help=N_(
    "Save to FILE (atomically; '-': print) instead of printing. Never over the database, a device or a folder; a "
    "symbolic link is written through, an existing file keeps its permissions."))
@click.option("--short/--full", default=False, help=N_(
    "--short: one page (under 60 lines: the first few of each section, one source per fact); --full (default): "
    "everything."))
@pass_app
def brief(app: AppContext, ref: str, fmt: str | None, out_path: Path | None, short: bool) -> None:
    from landscape.analysis.departement import departement_view, match_departement

    if fmt == "json":
        english()
    out_path = _file_or_stdout(out_path)
    data = app.store.map()
    code = match_departement(app.store, ref)
    if code is not None:
        page = departement_view(app.store, code)
    else:
        actor = resolve(data, ref, tables=("actors",))
        from landscape.veille.news import latest_news

        focal = load_settings().focal_actor
        page = make_brief(data, actor, focal=focal, short=short)
        page["news"] = latest_news(app.store.db.conn, "actor", actor.id)
        from landscape.store.journal import user_layer

        page["yours"] = user_layer(app.store.db.conn, "actors", actor.id)
    if out_path is not None:
        from landscape.analysis.brief import render_text
        from landscape.io.files import write_file
        from landscape.text import json_text, printable

        # A saved brief carries no control character: JSON escapes them, text and Markdown show them.
        text = (json_text(page) + "\n" if fmt == "json"
                else printable(render_markdown(page)) if fmt == "markdown" else render_text(page))
        write_file(out_path, text.encode("utf-8"))
        click.echo(_("wrote {file}").format(file=out_path), err=True)
        return
    if fmt == "json":
        emit_json(page)
    elif fmt == "markdown":
        click.echo(render_markdown(page), nl=False)
    else:
        from landscape.cli.departements import print_lines

        print_lines(text_lines(page))

