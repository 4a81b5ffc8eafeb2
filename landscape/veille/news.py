"""The latest news about a record, read without the veille's fetching machinery (httpx, the models).

`landscape show` prints it and must start fast; `landscape.veille.inbox` re-exports it.
"""

from __future__ import annotations

import sqlite3
from contextlib import nullcontext

from landscape.errors import LandscapeError
from landscape.i18n import _


def _rows(conn: sqlite3.Connection, sql: str, params: list | tuple = ()) -> list[dict]:
    lock = getattr(conn, "lock", None)  # the store's connection serialises threads with it
    with lock if lock is not None else nullcontext():
        cursor = conn.execute(sql, list(params))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def latest_news(conn: sqlite3.Connection, record_kind: str, record_id: str, limit: int = 5) -> list[dict]:
    """The latest news about a record: events accepted from the inbox first, then unreviewed items.

    `record_kind` is ``actor`` (people included), ``departement``, ``plan`` or ``offer``. Each entry has
    ``status`` ``accepted`` (with the ``event`` it became) or ``unreviewed``. Empty when the veille
    was never used.
    """
    kinds = {"actor": ("actor", "person"), "actors": ("actor", "person"), "person": ("actor", "person"),
             "departement": ("departement",), "departements": ("departement",), "plan": ("plan",),
             "plans": ("plan",), "offer": ("offer",), "offers": ("offer",)}.get(record_kind)
    if kinds is None:
        raise LandscapeError(_("record kind: expected actor, departement, plan or offer, got {record_kind}").format(
            record_kind=repr(record_kind)))
    marks = ",".join("?" * len(kinds))
    sql = ("SELECT i.id, i.title, i.link, COALESCE(i.published, i.fetched) AS date, i.feed_name AS feed, "
           "i.publisher, i.status, i.event_id AS event FROM inbox_items i WHERE i.status = ? AND EXISTS "
           f"(SELECT 1 FROM item_links l WHERE l.item_id = i.id AND l.kind IN ({marks}) AND l.record_id = ?) "
           "ORDER BY date DESC, i.id DESC LIMIT ?")
    try:
        accepted = _rows(conn, sql, ["accepted", *kinds, record_id, limit])
        fresh = _rows(conn, sql, ["new", *kinds, record_id, limit])
    except sqlite3.OperationalError:
        return []
    for row in accepted:
        row["status"] = "accepted"
    for row in fresh:
        row["status"] = "unreviewed"
        row["event"] = None
    return (accepted + fresh)[:limit]
