"""How fresh each record is: "as of" the newest of its sources' dates and the user's edits of it."""

from __future__ import annotations

from typing import Any


def as_of_dates(store: Any) -> dict[tuple[str, str], str]:
    """(table, id) → the newest date among the record's cited sources and its journal entries."""
    conn = store.db.conn
    newest: dict[tuple[str, str], str] = {}

    def keep(key: tuple[str, str], when: str | None) -> None:
        if when and (key not in newest or when > newest[key]):
            newest[key] = when

    for table, record_id, when in conn.execute(
            "SELECT c.record_table, c.record_id, max(s.date) FROM citations c JOIN sources s ON s.id = c.source_id "
            "GROUP BY c.record_table, c.record_id"):
        keep((table, record_id), when)
    has_journal = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'journal'").fetchone()
    if has_journal:
        for table, record_id, when in conn.execute(
                "SELECT record_table, record_id, max(substr(at, 1, 10)) FROM journal "
                "WHERE record_table IS NOT NULL AND undone_by IS NULL AND action IN ('add', 'edit', 'retire') "
                "GROUP BY record_table, record_id"):
            keep((table, record_id), when)
    return newest


def as_of(store: Any, table: str, record_id: str) -> str | None:
    """`as_of_dates(store).get((table, record_id))` for one record, read through the indexes."""
    conn = store.db.conn
    dates = [conn.execute("SELECT max(s.date) FROM citations c JOIN sources s ON s.id = c.source_id "
                          "WHERE c.record_table = ? AND c.record_id = ?", [table, record_id]).fetchone()[0]]
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'journal'").fetchone():
        dates.append(conn.execute(
            "SELECT max(substr(at, 1, 10)) FROM journal WHERE record_table = ? AND record_id = ? "
            "AND undone_by IS NULL AND action IN ('add', 'edit', 'retire')", [table, record_id]).fetchone()[0])
    return max((d for d in dates if d), default=None)


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
