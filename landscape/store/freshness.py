"""How fresh each record is: "as of" the newest of its sources' dates and the user's edits of it."""

from __future__ import annotations

from typing import Any


def _newest(store: Any, key: tuple[str, str] | None = None) -> dict[tuple[str, str], str]:
    """(table, id) → the newest date among the record's cited sources and its journal entries; for the one
    record `key` when given (read through the indexes), else for all."""
    conn = store.db.conn
    one = " AND {table} = ? AND {id} = ?" if key else ""
    params = list(key) if key else []
    newest: dict[tuple[str, str], str] = {}

    def keep(rows: Any) -> None:
        for table, record_id, when in rows:
            if when and ((table, record_id) not in newest or when > newest[(table, record_id)]):
                newest[(table, record_id)] = when

    keep(conn.execute(
        "SELECT c.record_table, c.record_id, max(s.date) FROM citations c JOIN sources s ON s.id = c.source_id "
        "WHERE 1" + one.format(table="c.record_table", id="c.record_id") + " GROUP BY c.record_table, c.record_id",
        params))
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'journal'").fetchone():
        keep(conn.execute(
            "SELECT record_table, record_id, max(substr(at, 1, 10)) FROM journal "
            "WHERE record_table IS NOT NULL AND undone_by IS NULL AND action IN ('add', 'edit', 'retire')"
            + one.format(table="record_table", id="record_id") + " GROUP BY record_table, record_id", params))
    return newest


def as_of_dates(store: Any) -> dict[tuple[str, str], str]:
    """(table, id) → the newest date among the record's cited sources and its journal entries."""
    return _newest(store)


def as_of(store: Any, table: str, record_id: str) -> str | None:
    """`as_of_dates(store).get((table, record_id))` for one record, read through the indexes."""
    return _newest(store, (table, record_id)).get((table, record_id))


def stale_records(store: Any, months: int = 12, *, today: str | None = None) -> list[dict[str, Any]]:
    """Actors, plans, offers and relations whose newest source or edit is older than `months` (or undated),
    oldest first: what to confirm before relying on it."""
    from datetime import date, timedelta

    cutoff = ((date.fromisoformat(today) if today else date.today()) - timedelta(days=30 * months)).isoformat()
    data = store.map()
    dates = as_of_dates(store)
    rows = []
    for table in ("actors", "plans", "offers", "relations"):
        for record in data.table(table):
            when = dates.get((table, record.id))
            if when is None or when < cutoff[:len(when)]:
                rows.append({"kind": record.kind_name, "id": record.id, "name": record.label, "as_of": when})
    rows.sort(key=lambda r: (r["as_of"] or "", r["kind"], r["name"]))
    return rows
