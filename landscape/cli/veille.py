"""Veille commands: ``watch add|list|remove|run`` and ``inbox [accept|dismiss|follow]``."""

from __future__ import annotations

import click

from landscape.errors import LandscapeError, NotFound
from landscape.settings import load_settings
from landscape.cli import main
from landscape.cli.common import AppContext, emit_json, json_option, out, pass_app

TEXT = {
    "added": "following {name} ({url}) as feed {id}",
    "removed": "no longer following {name} ({url}); its items stay in the inbox",
    "no_feeds": "no feeds followed (add one with 'landscape watch add URL')",
    "unverified": "unverified",
    "run_ok": "{name}: {new} new, {merged} merged, {items} read",
    "run_304": "{name}: unchanged",
    "run_error": "{name}: {error}",
    "run_total": "{new} new items from {ok} feeds; {failed} failed",
    "empty": "the inbox is empty (run 'landscape watch run')",
    "dismissed": "item {id} dismissed",
    "followed": "following {name}",
    "already": "already following {name}",
    "accepted": "item {id} accepted as event {event}",
    "already_accepted": "item {id} was already accepted as event {event}",
}


def _conn(app: AppContext):
    from landscape.veille.inbox import ensure_schema

    conn = app.store.db.conn
    ensure_schema(conn)
    return conn


@main.group()
def watch() -> None:
    """Feeds of the field to follow (RSS, Atom, JSON Feed), read into the inbox by 'watch run'."""


@watch.command("add")
@click.argument("url")
@click.option("--name", help="What to call the feed (default: its host).")
@click.option("--tag", help="A tag to group feeds (presse, institutions ...).")
@click.option("--publisher", help="Who publishes it.")
@json_option
@pass_app
def watch_add(app: AppContext, url: str, name: str | None, tag: str | None, publisher: str | None,
              as_json: bool) -> None:
    """Follow the feed at URL."""
    from landscape.veille.inbox import add_feed

    feed = add_feed(_conn(app), url, name=name, tag=tag, publisher=publisher)
    if as_json:
        emit_json(feed)
    else:
        out(TEXT["added"].format(**feed))


@watch.command("list")
@json_option
@pass_app
def watch_list(app: AppContext, as_json: bool) -> None:
    """The feeds followed, with when each was last read and how it went."""
    from landscape.veille.inbox import list_feeds

    feeds = list_feeds(_conn(app))
    if as_json:
        emit_json(feeds)
        return
    if not feeds:
        out(TEXT["no_feeds"])
    for f in feeds:
        flags = [f["tag"]] if f["tag"] else []
        if f["shipped"] and not f["verified"]:
            flags.append(TEXT["unverified"])
        out(f"{f['id']:>3}  {f['name']}" + (f"  [{', '.join(flags)}]" if flags else ""))
        detail = f"     {f['url']}" + (f" — {f['publisher']}" if f["publisher"] else "")
        if f["last_run"]:
            detail += f" — {f['last_run'][:16]} {f['last_status'] or ''}"
        out(detail, dim=True)
        if f["last_error"]:
            out(f"     {f['last_error']}", fg="red")


@watch.command("remove")
@click.argument("refs", nargs=-1, required=True, metavar="FEED...")
@json_option
@pass_app
def watch_remove(app: AppContext, refs: tuple[str, ...], as_json: bool) -> None:
    """Stop following feeds, named by number, URL or name ('all' for every feed)."""
    from landscape.veille.inbox import list_feeds, remove_feed

    conn = _conn(app)
    if refs == ("all",):
        refs = tuple(str(f["id"]) for f in list_feeds(conn))
    removed = [remove_feed(conn, ref) for ref in refs]
    if as_json:
        emit_json(removed)
        return
    for feed in removed:
        out(TEXT["removed"].format(**feed))


@watch.command("run")
@click.option("--deadline", type=click.FloatRange(1, 3600), default=120, show_default=True,
              help="Seconds for the whole run; feeds not read by then are reported and skipped.")
@json_option
@pass_app
def watch_run(app: AppContext, deadline: float, as_json: bool) -> None:
    """Read every feed and keep their new items in the inbox, linked to the records they name.

    One failing feed is reported in one line; the others still run. The exit code is 0 when at least
    one feed was read (or none is followed), 1 when every feed failed.
    """
    from landscape.veille.inbox import run
    from landscape.veille.linking import linker_for

    conn = _conn(app)
    focal = load_settings().focal_actor
    linker = linker_for(app.store)

    def show(r) -> None:
        if as_json:
            return
        if r.status == "error":
            out(TEXT["run_error"].format(name=r.name, error=r.error), fg="red")
        elif r.status == "not_modified":
            out(TEXT["run_304"].format(name=r.name), dim=True)
        else:
            out(TEXT["run_ok"].format(**r.as_dict()))

    reports = run(conn, linker, focal=focal, deadline=deadline, progress=show)
    failed = sum(r.status == "error" for r in reports)
    if as_json:
        emit_json({"feeds": [r.as_dict() for r in reports], "new": sum(r.new for r in reports),
                   "failed": failed})
    else:
        out(TEXT["run_total"].format(new=sum(r.new for r in reports), ok=len(reports) - failed, failed=failed),
            dim=True)
    if reports and failed == len(reports):
        raise SystemExit(1)


@main.group(invoke_without_command=True)
@click.option("--since", help="Only items published since a date (2026-01-31) or a number of days (7d).")
@click.option("--actor", "actor_ref", help="Only items naming this actor or person (id, name or alias).")
@click.option("--departement", "dept_ref", help="Only items naming this département (code or name).")
@click.option("--all", "show_all", is_flag=True, help="Include accepted and dismissed items.")
@click.option("--limit", type=click.IntRange(1), help="At most this many items.")
@json_option
@pass_app
@click.pass_context
def inbox(ctx: click.Context, app: AppContext, since: str | None, actor_ref: str | None, dept_ref: str | None,
          show_all: bool, limit: int | None, as_json: bool) -> None:
    """News items waiting for a decision, best first, with the records each one names."""
    if ctx.invoked_subcommand is not None:
        return
    from landscape.analysis.lookup import resolve
    from landscape.veille.inbox import items, public, since_date
    from landscape.veille.linking import resolve_departement

    conn = _conn(app)
    actor = resolve(app.store.map(), actor_ref, tables=("actors",)).id if actor_ref else None
    dept = None
    if dept_ref:
        found = resolve_departement(app.store.departements(), dept_ref)
        if found is None:
            raise NotFound(f"--departement: no département matches {dept_ref!r}")
        dept = found[0]
    rows = items(conn, since=since_date(since) if since else None, actor=actor, departement=dept,
                 status=None if show_all else ("new",), limit=limit)
    if as_json:
        emit_json([public(r) for r in rows])
        return
    if not rows:
        out(TEXT["empty"])
    for r in rows:
        date = (r["published"] or "")[:10] or "—"
        out(f"{r['id']:>4}  {r['title']}", bold=r["status"] == "new")
        out(f"      {date}  {r['feed']}  score {r['score']:g}" + ("" if r["status"] == "new" else f"  [{r['status']}]"),
            dim=True)
        if r["links"]:
            out("      → " + ", ".join(f"{link['name']}" for link in r["links"]), fg="cyan")
        if r["link"]:
            out(f"      {r['link']}", dim=True)


@inbox.command("dismiss")
@click.argument("item_id")
@pass_app
def inbox_dismiss(app: AppContext, item_id: str) -> None:
    """Set an item aside: it leaves the inbox (see it again with 'inbox --all')."""
    from landscape.veille.inbox import get_item, set_status

    conn = _conn(app)
    item = get_item(conn, item_id)
    if item["status"] == "accepted":
        raise LandscapeError(f"item {item['id']} was accepted as event {item['event_id']}; it cannot be dismissed")
    set_status(conn, item["id"], "dismissed")
    out(TEXT["dismissed"].format(id=item["id"]))


@inbox.command("follow")
@click.argument("ref")
@click.option("--undo", is_flag=True, help="Stop following it.")
@json_option
@pass_app
def inbox_follow(app: AppContext, ref: str, undo: bool, as_json: bool) -> None:
    """Follow an actor or a département (code or name): its news comes first in the inbox."""
    from landscape.analysis.lookup import resolve
    from landscape.veille.inbox import follow, relink, unfollow
    from landscape.veille.linking import linker_for, resolve_departement

    conn = _conn(app)
    found = resolve_departement(app.store.departements(), ref)
    if found:
        kind, record_id, name = "departement", found[0], found[1]
    else:
        actor = resolve(app.store.map(), ref, tables=("actors",))
        kind, record_id, name = "actor", actor.id, actor.name
    changed = unfollow(conn, kind, record_id) if undo else follow(conn, kind, record_id, name)
    if changed:
        relink(conn, linker_for(app.store), focal=load_settings().focal_actor)
    if as_json:
        emit_json({"kind": kind, "id": record_id, "name": name, "followed": not undo, "changed": changed})
    elif undo:
        out(f"no longer following {name}" if changed else f"{name} was not followed")
    else:
        out(TEXT["followed" if changed else "already"].format(name=name))


@inbox.command("accept")
@click.argument("item_id")
@click.option("--as", "as_", type=click.Choice(["event"]), required=True, help="What the item becomes.")
@click.option("--kind", help="The event's kind (default: guessed from the item's words; see 'landscape vocab').")
@click.option("--date", help="The event's date (default: the item's publication date).")
@click.option("--title", help="The event's title (default: the item's title).")
@click.option("--scope", type=click.Choice(["national", "regional", "departmental", "european"]),
              help="Default: departmental when the item names one département, else national.")
@json_option
@pass_app
def inbox_accept(app: AppContext, item_id: str, as_: str, kind: str | None, date: str | None, title: str | None,
                 scope: str | None, as_json: bool) -> None:
    """Turn an item into an event of the map, citing the item as its source, with the linked actors.

    Accepting an item twice creates one event.
    """
    from landscape.veille.accept import accept

    _conn(app)
    event_id, created = accept(app.store, item_id, overrides={"kind": kind, "date": date, "title": title,
                                                              "scope": scope})
    if as_json:
        emit_json({"item": int(item_id), "event": event_id, "created": created})
    else:
        out(TEXT["accepted" if created else "already_accepted"].format(id=item_id, event=event_id))
