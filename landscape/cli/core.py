"""Core commands: init, check, stats, list, show, vocab (``tui`` is in dashboard.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .. import vocab
from ..dataset import TABLES, load_dir
from ..errors import LandscapeError
from ..lookup import resolve
from ..profile import dump, group_relations, profile
from ..store import build, build_fresh
from . import main
from .common import AppContext, emit_json, heading, json_option, out, pass_app


@main.command()
@click.option("--force", is_flag=True,
              help="Rebuild the curated map of an existing database, in one transaction on the live file "
                   "(imported places, your changes and notes are kept).")
@click.option("--fresh", is_flag=True,
              help="With --force: build a new file instead (for a database SQLite cannot read); the old "
                   "file is kept beside it as PATH.broken-DATE.")
@click.option("--from", "directory", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Build the base from this datasets folder instead of the bundled one.")
@pass_app
def init(app: AppContext, force: bool, fresh: bool, directory: Path | None) -> None:
    """Build the database from the curated datasets (validated first, written in one transaction)."""
    if app.db_path.exists() and not force:
        raise LandscapeError(f"{app.db_path} already exists; use --force to rebuild it from the datasets")
    data = load_dir(directory)
    if fresh and app.db_path.exists():
        kept = build_fresh(app.db_path, data, directory=directory)
        if kept:
            out(f"the old file is kept as {kept}; close any dashboard still open on it", err=True)
    else:
        build(app.db_path, data, directory=directory)
    counts = data.counts()
    out(f"built {app.db_path}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@main.command()
@json_option
def check(as_json: bool) -> None:
    """Validate the bundled datasets without touching any database."""
    data = load_dir()
    if as_json:
        emit_json({"ok": True, **data.counts()})
    else:
        out("datasets are valid: " + ", ".join(f"{n} {t}" for t, n in data.counts().items()))


def stats_of(app: AppContext) -> dict[str, Any]:
    store = app.store
    counts: dict[str, Any] = store.counts()
    counts["unsourced"] = store.unsourced()
    counts["disputed"] = store.db.execute(
        "SELECT count(*) FROM (SELECT DISTINCT record_table, record_id FROM disputes)").fetchone()[0]
    counts["lieux"] = store.db.execute("SELECT count(*) FROM lieux").fetchone()[0]
    return counts


@main.command()
@json_option
@pass_app
def stats(app: AppContext, as_json: bool) -> None:
    """Counts per kind; 'unsourced' counts records missing a required source (0 in a sound map)."""
    counts = stats_of(app)
    if as_json:
        emit_json(counts)
        return
    width = max(map(len, counts))
    for key, value in counts.items():
        out(f"{key:<{width}}  {value:>6}")


@main.command("list")
@click.argument("kind", type=click.Choice(TABLES), metavar="KIND")
@json_option
@pass_app
def list_(app: AppContext, kind: str, as_json: bool) -> None:
    """List every record of a KIND (JSON: the model's field names)."""
    records = app.store.map().table(kind)
    if as_json:
        emit_json([dump(r) for r in records])
        return
    for record in records:
        flag = " ⚠" if record.disputed else ""
        out(f"{record.id:<40} {record.label}{flag}")
    out(f"{len(records)} {kind}", dim=True)


@main.command()
@click.argument("ref")
@json_option
@pass_app
def show(app: AppContext, ref: str, as_json: bool) -> None:
    """Show one record and what surrounds it. REF: an id, a name or an alias (case and accents ignored)."""
    data = app.store.map()
    record = resolve(data, ref)
    result = profile(data, record)
    if as_json:
        emit_json(result)
        return
    _print_profile(result)


def _print_profile(p: dict[str, Any]) -> None:
    rec = p["record"]
    heading(f"{rec.get('name') or rec.get('title') or rec['id']}  [{p['kind']} {rec['id']}]")
    skip = {"id", "name", "sources", "disputes", "summary", "roles", "positioning"}
    for key, value in rec.items():
        if key in skip or value in (None, [], ""):
            continue
        out(f"  {key}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    if rec.get("roles"):
        out("  roles: " + ", ".join(f"{r['role']} ({r['level']})" for r in rec["roles"]))
    if rec.get("positioning"):
        pos = rec["positioning"]
        out(f"  positioning: influence {pos['influence']}/5, interest {pos['interest']}/5 — {pos['rationale']}")
    if rec.get("summary"):
        out()
        out(rec["summary"])
    for dispute in rec.get("disputes", []):
        values = "; ".join(f"{c['value']} ({', '.join(c['sources'])})" for c in dispute["claims"])
        out(f"⚠ disputed {dispute['field']}: {values}" + (f" — {dispute['note']}" if dispute.get("note") else ""),
            fg="yellow")
    if p.get("relations"):
        out()
        heading("Relations")
        for title, rows in group_relations(p["relations"]).items():
            out(f"  {title}: " + ", ".join(r["other"]["name"] for r in rows))
    for key, title in (("competitors", "Competitors"),):
        if p.get(key):
            out()
            heading(title)
            for row in p[key]:
                out(f"  {row['other']['name']} — {row['arena']} (overlap {row['overlap']})")
    for key, title, label in (("offers", "Offers", "name"), ("plans", "Plans", "departement_name"),
                              ("events", "Events", "title")):
        if p.get(key):
            out()
            heading(title)
            for row in p[key][:10]:
                prefix = f"{row['date']}  " if key == "events" else ""
                suffix = f" — {row['status']}" if key == "plans" else ""
                out(f"  {prefix}{row[label]}{suffix}")
    for key in ("lead", "owner", "source", "target", "actor", "competitor"):
        if isinstance(p.get(key), dict):
            out(f"  {key}: {p[key]['name']} ({p[key]['id']})")
    for key in ("partners", "actors", "cited_by"):
        if p.get(key):
            out(f"  {key}: " + ", ".join(r["name"] for r in p[key]))
    if p.get("sources"):
        out()
        heading("Sources")
        for s in p["sources"]:
            where = f", {s['locator']}" if s.get("locator") else ""
            out(f"  [{s['id']}] {s['title']}{where}" + (f" <{s['url']}>" if s.get("url") else ""))


@main.command("vocab")
@json_option
def vocab_(as_json: bool) -> None:
    """The controlled vocabularies: roles, kinds, statuses, with what each value means."""
    tables = {"roles": vocab.ROLES, "actor kinds": vocab.ACTOR_KINDS, "sectors": vocab.SECTORS,
              "plan statuses": vocab.PLAN_STATUSES, "event kinds": vocab.EVENT_KINDS,
              "relation kinds": vocab.RELATION_KINDS, "offer categories": vocab.OFFER_CATEGORIES,
              "source kinds": vocab.SOURCE_KINDS}
    if as_json:
        emit_json(tables)
        return
    for title, values in tables.items():
        heading(title)
        for key, meaning in values.items():
            out(f"  {key:<24} {meaning}")

