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
