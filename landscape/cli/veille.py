"""Veille commands: ``watch add|list|remove|run`` and ``inbox [accept|dismiss|follow]``."""

from __future__ import annotations

import click

from landscape.errors import LandscapeError, NotFound
from landscape.i18n import N_, _, decimal, display_date
from landscape.settings import load_settings
from landscape.cli import main
from landscape.cli.common import AppContext, emit_json, json_option, out, pass_app

TEXT = {
    "added": N_("following {name} ({url}) as feed {id}"),
    "removed": N_("no longer following {name} ({url}); its items stay in the inbox"),
    "no_feeds": N_("no feeds followed (add one with 'landscape watch add URL')"),
    "unverified": N_("unverified"),
    "run_ok": N_("{name}: {new} new, {merged} merged, {items} read"),
    "run_304": N_("{name}: unchanged"),
    "run_error": N_("{name}: {error}"),
    "run_total": N_("{new} new items from {ok} feeds; {failed} failed"),
    "empty": N_("the inbox is empty (run 'landscape watch run')"),
    "dismissed": N_("item {id} dismissed"),
    "followed": N_("following {name}"),
    "already": N_("already following {name}"),
    "unfollowed": N_("no longer following {name}"),
    "not_followed": N_("{name} was not followed"),
    "accepted": N_("item {id} accepted as event {event}"),
    "already_accepted": N_("item {id} was already accepted as event {event}"),
    "score": N_("score {score}"),
}
STATUS = {"new": N_("new"), "accepted": N_("accepted"), "dismissed": N_("dismissed")}


def t(key: str, **values: object) -> str:
    """The message `key` of `TEXT` in the reader's language, filled with `values`."""
    return _(TEXT[key]).format(**values)


def _conn(app: AppContext):
    from landscape.veille.inbox import ensure_schema

    conn = app.store.db.conn
    ensure_schema(conn)
    return conn


@main.group(help=N_("Feeds of the field to follow (RSS, Atom, JSON Feed), read into the inbox by 'watch run'."))
def watch() -> None:
    pass


@watch.command("add", help=N_("Follow the feed at URL."))
@click.argument("url")
@click.option("--name", help=N_("What to call the feed (default: its host)."))
@click.option("--tag", help=N_("A tag to group feeds (presse, institutions ...)."))
@click.option("--publisher", help=N_("Who publishes it."))
@json_option
@pass_app
def watch_add(app: AppContext, url: str, name: str | None, tag: str | None, publisher: str | None,
              as_json: bool) -> None:
    from landscape.veille.inbox import add_feed

    feed = add_feed(_conn(app), url, name=name, tag=tag, publisher=publisher)
    if as_json:
        emit_json(feed)
    else:
        out(t("added", **feed))


@watch.command("list", help=N_("The feeds followed, with when each was last read and how it went."))
@json_option
@pass_app
def watch_list(app: AppContext, as_json: bool) -> None:
    from landscape.veille.inbox import list_feeds

    feeds = list_feeds(_conn(app))
    if as_json:
        emit_json(feeds)
        return
    if not feeds:
        out(t("no_feeds"))
    for f in feeds:
        flags = [f["tag"]] if f["tag"] else []
        if f["shipped"] and not f["verified"]:
            flags.append(t("unverified"))
        out(f"{f['id']:>3}  {f['name']}" + (f"  [{', '.join(flags)}]" if flags else ""))
        detail = f"     {f['url']}" + (f" — {f['publisher']}" if f["publisher"] else "")
        if f["last_run"]:
            day, _sep, time = f["last_run"][:16].partition("T")
            detail += f" — {display_date(day)} {time} {f['last_status'] or ''}".rstrip()
        out(detail, dim=True)
        if f["last_error"]:
            out(f"     {f['last_error']}", fg="red")


@watch.command("remove", help=N_("Stop following feeds, named by number, URL or name ('all' for every feed)."))
@click.argument("refs", nargs=-1, required=True, metavar="FEED...")
@json_option
@pass_app
def watch_remove(app: AppContext, refs: tuple[str, ...], as_json: bool) -> None:
    from landscape.veille.inbox import list_feeds, remove_feed

    conn = _conn(app)
    if refs == ("all",):
        refs = tuple(str(f["id"]) for f in list_feeds(conn))
    removed = [remove_feed(conn, ref) for ref in refs]
    if as_json:
        emit_json(removed)
        return
    for feed in removed:
        out(t("removed", **feed))


@watch.command("run", help=N_(
    "Read every feed and keep their new items in the inbox, linked to the records they name.\n\n"
    "One failing feed is reported in one line; the others still run. The exit code is 0 when at least one feed "
    "was read (or none is followed), 1 when every feed failed."))
@click.option("--deadline", type=click.FloatRange(1, 3600), default=120, show_default=True,
              help=N_("Seconds for the whole run; feeds not read by then are reported and skipped."))
@json_option
@pass_app
def watch_run(app: AppContext, deadline: float, as_json: bool) -> None:
    from landscape.veille.inbox import run
    from landscape.veille.linking import linker_for

    conn = _conn(app)
    focal = load_settings().focal_actor
    linker = linker_for(app.store)

    def show(r) -> None:
        if as_json:
            return
        if r.status == "error":
            out(t("run_error", name=r.name, error=r.error), fg="red")
        elif r.status == "not_modified":
            out(t("run_304", name=r.name), dim=True)
        else:
            out(t("run_ok", **r.as_dict()))

    reports = run(conn, linker, focal=focal, deadline=deadline, progress=show)
    failed = sum(r.status == "error" for r in reports)
    if as_json:
        emit_json({"feeds": [r.as_dict() for r in reports], "new": sum(r.new for r in reports),
                   "failed": failed})
    else:
        out(t("run_total", new=sum(r.new for r in reports), ok=len(reports) - failed, failed=failed), dim=True)
    if reports and failed == len(reports):
        raise SystemExit(1)


@main.group(invoke_without_command=True, help=N_(
    "News items waiting for a decision, best first, with the records each one names."))
@click.option("--since", help=N_("Only items published since a date (2026-01-31) or a number of days (7d)."))
@click.option("--actor", "actor_ref", help=N_("Only items naming this actor or person (id, name or alias)."))
@click.option("--departement", "dept_ref", help=N_("Only items naming this département (code or name)."))
@click.option("--all", "show_all", is_flag=True, help=N_("Include accepted and dismissed items."))
@click.option("--limit", type=click.IntRange(1), help=N_("At most this many items."))
@json_option
@pass_app
@click.pass_context
def inbox(ctx: click.Context, app: AppContext, since: str | None, actor_ref: str | None, dept_ref: str | None,
          show_all: bool, limit: int | None, as_json: bool) -> None:
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
            raise NotFound(_("--departement: no département matches {ref!r}").format(ref=dept_ref))
        dept = found[0]
    rows = items(conn, since=since_date(since) if since else None, actor=actor, departement=dept,
                 status=None if show_all else ("new",), limit=limit)
    if as_json:
        emit_json([public(r) for r in rows])
        return
    if not rows:
        out(t("empty"))
    for r in rows:
        date = display_date((r["published"] or "")[:10]) or "—"
        status = "" if r["status"] == "new" else f"  [{_(STATUS[r['status']]) if r['status'] in STATUS else r['status']}]"
        out(f"{r['id']:>4}  {r['title']}", bold=r["status"] == "new")
        out(f"      {date}  {r['feed']}  {t('score', score=decimal(r['score']))}{status}", dim=True)
        if r["links"]:
            out("      → " + ", ".join(f"{link['name']}" for link in r["links"]), fg="cyan")
        if r["link"]:
            out(f"      {r['link']}", dim=True)


@inbox.command("dismiss", help=N_("Set an item aside: it leaves the inbox (see it again with 'inbox --all')."))
@click.argument("item_id")
@pass_app
def inbox_dismiss(app: AppContext, item_id: str) -> None:
    from landscape.veille.inbox import get_item, set_status

    conn = _conn(app)
    item = get_item(conn, item_id)
    if item["status"] == "accepted":
        raise LandscapeError(_("item {id} was accepted as event {event}; it cannot be dismissed").format(
            id=item["id"], event=item["event_id"]))
    set_status(conn, item["id"], "dismissed")
    out(t("dismissed", id=item["id"]))


@inbox.command("follow", help=N_("Follow an actor or a département (code or name): its news comes first in the inbox."))
@click.argument("ref")
@click.option("--undo", is_flag=True, help=N_("Stop following it."))
@json_option
@pass_app
def inbox_follow(app: AppContext, ref: str, undo: bool, as_json: bool) -> None:
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
        out(t("unfollowed" if changed else "not_followed", name=name))
    else:
        out(t("followed" if changed else "already", name=name))


@inbox.command("accept", help=N_(
    "Turn an item into an event of the map, citing the item as its source, with the linked actors.\n\n"
    "Accepting an item twice creates one event."))
@click.argument("item_id")
@click.option("--as", "as_", type=click.Choice(["event"]), required=True, help=N_("What the item becomes."))
@click.option("--kind", help=N_("The event's kind (default: guessed from the item's words; see 'landscape vocab')."))
@click.option("--date", help=N_("The event's date (default: the item's publication date)."))
@click.option("--title", help=N_("The event's title (default: the item's title)."))
@click.option("--scope", type=click.Choice(["national", "regional", "departmental", "european"]),
              help=N_("Default: departmental when the item names one département, else national."))
@json_option
@pass_app
def inbox_accept(app: AppContext, item_id: str, as_: str, kind: str | None, date: str | None, title: str | None,
                 scope: str | None, as_json: bool) -> None:
    from landscape.veille.accept import accept

    _conn(app)
    event_id, created = accept(app.store, item_id, overrides={"kind": kind, "date": date, "title": title,
                                                              "scope": scope})
    if as_json:
        emit_json({"item": int(item_id), "event": event_id, "created": created})
    else:
        out(t("accepted" if created else "already_accepted", id=item_id, event=event_id))
