"""The user's layer of the map: the journal of changes, notes, contacts, own assessments, conflicts.

These tables are not part of the curated map: a rebuild (`init --force`, new datasets) rewrites the
curated tables and replays the journal on top (`changes.replay`), and these tables stay as they are.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from datetime import datetime, timezone
from typing import Any

JOURNAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    origin TEXT NOT NULL,
    action TEXT NOT NULL,
    record_table TEXT,
    record_id TEXT,
    before TEXT,
    after TEXT,
    source_id TEXT,
    summary TEXT,
    private INTEGER NOT NULL DEFAULT 0,
    undoes TEXT,
    undone_by TEXT
);
CREATE INDEX IF NOT EXISTS journal_record ON journal (record_table, record_id);
CREATE TABLE IF NOT EXISTS retired (
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    date TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (record_table, record_id)
);
CREATE TABLE IF NOT EXISTS notes (
    id TEXT PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_record ON notes (record_table, record_id);
CREATE TABLE IF NOT EXISTS contacts (
    id TEXT PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    summary TEXT NOT NULL,
    people TEXT NOT NULL DEFAULT '[]',
    next TEXT,
    due TEXT,
    author TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS contacts_record ON contacts (record_table, record_id);
CREATE TABLE IF NOT EXISTS assessments (
    actor_id TEXT PRIMARY KEY,
    influence INTEGER NOT NULL,
    interest INTEGER NOT NULL,
    why TEXT NOT NULL,
    date TEXT NOT NULL,
    author TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS conflicts (
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    base_value TEXT,
    user_value TEXT,
    journal_id TEXT NOT NULL,
    PRIMARY KEY (record_table, record_id, field)
);
"""

CONTACT_KINDS = ("meeting", "call", "email", "letter", "event")


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the user's tables if they are missing (runs inside the caller's transaction)."""
    for statement in JOURNAL_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def today() -> str:
    return datetime.now().date().isoformat()


def author(settings_user: str | None = None) -> str:
    """Who makes a change: the `user` setting, else the login name."""
    if settings_user:
        return settings_user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def entries(conn: sqlite3.Connection, *, record_table: str | None = None, record_id: str | None = None,
            limit: int | None = None) -> list[dict[str, Any]]:
    """Journal entries, newest first, optionally those of one record."""
    where, params = [], []
    if record_id is not None:
        where.append("record_id = ?")
        params.append(record_id)
    if record_table is not None:
        where.append("record_table = ?")
        params.append(record_table)
    sql = "SELECT * FROM journal" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY seq DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    rows = []
    for row in cursor.fetchall():
        entry = dict(zip(names, row))
        entry["before"], entry["after"] = loads(entry["before"]), loads(entry["after"])
        entry["private"] = bool(entry["private"])
        rows.append(entry)
    return rows


def _rows(conn: sqlite3.Connection, sql: str, params: list) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def notes_of(conn: sqlite3.Connection, record_table: str, record_id: str) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT * FROM notes WHERE record_table = ? AND record_id = ? ORDER BY date DESC, id",
                 [record_table, record_id])


def contacts_of(conn: sqlite3.Connection, record_table: str, record_id: str) -> list[dict[str, Any]]:
    rows = _rows(conn, "SELECT * FROM contacts WHERE record_table = ? AND record_id = ? ORDER BY date DESC, id",
                 [record_table, record_id])
    for row in rows:
        row["people"] = json.loads(row["people"])
    return rows


def agenda(conn: sqlite3.Connection, *, today_: str | None = None) -> list[dict[str, Any]]:
    """Open next steps by due date, overdue first (then those with no due date)."""
    today_ = today_ or today()
    rows = _rows(conn, "SELECT * FROM contacts WHERE next IS NOT NULL ORDER BY due IS NULL, due, date, id", [])
    for row in rows:
        row["people"] = json.loads(row["people"])
        row["overdue"] = bool(row["due"] and row["due"] < today_)
    return rows


def assessment_of(conn: sqlite3.Connection, actor_id: str) -> dict[str, Any] | None:
    rows = _rows(conn, "SELECT * FROM assessments WHERE actor_id = ?", [actor_id])
    return rows[0] if rows else None


def assessments(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    return {r["actor_id"]: r for r in _rows(conn, "SELECT * FROM assessments", [])}


def retired_of(conn: sqlite3.Connection, record_table: str, record_id: str) -> dict[str, Any] | None:
    rows = _rows(conn, "SELECT * FROM retired WHERE record_table = ? AND record_id = ?", [record_table, record_id])
    return rows[0] if rows else None


def conflicts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = _rows(conn, "SELECT * FROM conflicts ORDER BY record_table, record_id, field", [])
    for row in rows:
        row["base_value"], row["user_value"] = loads(row["base_value"]), loads(row["user_value"])
    return rows


def user_layer(conn: sqlite3.Connection, record_table: str, record_id: str, *, contacts: int = 5,
               notes: int = 5) -> dict[str, Any]:
    """What the user keeps about one record: retirement, own assessment, last contacts, open next steps,
    notes and the number of journal entries (private: never part of the curated facts)."""
    ensure_schema(conn)
    all_contacts = contacts_of(conn, record_table, record_id)
    return {
        "retired": retired_of(conn, record_table, record_id),
        "assessment": assessment_of(conn, record_id) if record_table == "actors" else None,
        "contacts": all_contacts[:contacts],
        "next_steps": [c for c in agenda(conn) if c["record_table"] == record_table and c["record_id"] == record_id],
        "notes": notes_of(conn, record_table, record_id)[:notes],
        "changes": conn.execute("SELECT count(*) FROM journal WHERE record_table = ? AND record_id = ?",
                                [record_table, record_id]).fetchone()[0],
    }


PRIVATE_TABLES = {"notes": ("id", "record_table", "record_id", "date", "text", "author"),
                  "contacts": ("id", "record_table", "record_id", "kind", "date", "summary", "people", "next", "due",
                               "author"),
                  "assessments": ("actor_id", "influence", "interest", "why", "date", "author")}
"""The user's private tables a snapshot carries with --with-private, and their columns."""


def private_layer(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Notes, contacts and own assessments, for a snapshot (people as a list, ordered for a stable file)."""
    ensure_schema(conn)
    layer = {}
    for table, columns in PRIVATE_TABLES.items():
        rows = _rows(conn, f"SELECT {', '.join(columns)} FROM {table} ORDER BY {columns[0]}", [])
        for row in rows:
            if "people" in row:
                row["people"] = json.loads(row["people"])
        layer[table] = rows
    return layer


def check_private_layer(layer: Any, *, file: str) -> dict[str, list[dict[str, Any]]]:
    """A snapshot's private layer, checked for shape; a one-line error names the table, row and field."""
    from landscape.errors import RecordError
    from landscape.i18n import _

    if not isinstance(layer, dict) or set(layer) - set(PRIVATE_TABLES):
        raise RecordError(_("'private' holds {tables}").format(
            tables=', '.join(PRIVATE_TABLES)), file=file, field="private")
    checked: dict[str, list[dict[str, Any]]] = {}
    for table, rows in layer.items():
        columns = PRIVATE_TABLES[table]
        if not isinstance(rows, list):
            raise RecordError(_("expected an array"), file=file, field=f"private.{table}")
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or set(row) != set(columns):
                raise RecordError(_("expected the fields {fields}").format(fields=', '.join(columns)), file=file,
                                  field=f"private.{table}[{i}]")
            for name, value in row.items():
                ok = (isinstance(value, list) and all(isinstance(x, str) for x in value)) if name == "people" else \
                     isinstance(value, int) if name in ("influence", "interest") else \
                     value is None or isinstance(value, str)
                if not ok:
                    raise RecordError(_("wrong type"), file=file, field=f"private.{table}[{i}].{name}")
        checked[table] = rows
    return checked


def write_private_layer(conn: sqlite3.Connection, layer: dict[str, list[dict[str, Any]]]) -> int:
    """Add a snapshot's notes, contacts and assessments (inside the caller's transaction); known ones are kept."""
    ensure_schema(conn)
    written = 0
    for table, rows in layer.items():
        columns = PRIVATE_TABLES[table]
        for row in rows:
            values = [json.dumps(row[c], ensure_ascii=False) if c == "people" else row[c] for c in columns]
            cursor = conn.execute(f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
                                  f"VALUES ({', '.join('?' * len(columns))})", values)
            written += cursor.rowcount
    return written
