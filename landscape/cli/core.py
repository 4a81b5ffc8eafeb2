"""Core commands: init, check, stats, list, show, vocab (``tui`` is in dashboard.py)."""

from __future__ import annotations

from typing import Any

import click

from .. import vocab
from ..errors import LandscapeError
from ..summary import RECORD_TABLES as TABLES  # = dataset.TABLES, without importing the models
from . import main
from .common import AppContext, emit_json, heading, json_option, out, pass_app


def load_dir(*args: Any, **kwargs: Any):
    """`landscape.dataset.load_dir`, imported on first use: the models are slow to import."""
    from ..dataset import load_dir as load

    return load(*args, **kwargs)


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even if the database exists (imported places are kept).")
@pass_app
def init(app: AppContext, force: bool) -> None:
    """Build the database from the bundled datasets (validated first, written atomically)."""
    if app.db_path.exists() and not force:
        raise LandscapeError(f"{app.db_path} already exists; use --force to rebuild it from the datasets")
    from ..store import build

    data = load_dir()
    build(app.db_path, data)
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
    from ..summary import open_readonly, record_stats

    if not app.db_path.exists():
        app.store  # builds the database from the bundled datasets on first use
    conn = open_readonly(app.db_path)  # stdlib sqlite3: counting needs no models
    try:
        return record_stats(conn)
    finally:
        conn.close()


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
    from ..profile import dump

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
    from ..lookup import resolve
    from ..profile import profile

    data = app.store.map()
    record = resolve(data, ref)
    result = profile(data, record)
    if as_json:
        emit_json(result)
        return
    _print_profile(result)


def _print_profile(p: dict[str, Any]) -> None:
    from ..profile import group_relations

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

