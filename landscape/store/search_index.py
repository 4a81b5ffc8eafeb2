"""The search index, stored in the database beside the records it indexes (stdlib sqlite3 only).

One *document* per searchable record (every curated kind and every open-data place), written by the
same transaction that writes the record: writers call ``reindex(conn, kind, ids)`` before they
commit, so every process sees the same, current index and opening it costs nothing.

Tables (all prefixed ``search_``):

- ``search_docs``: the document of a record: kind, record id, the name people read (a relation
  reads "Conseil départemental du Morbihan — partner — MSA", not ids), aliases, and its searchable
  fields as JSON ``[[field, text, weight, folded text], ...]`` for re-ranking.
- ``search_keys``: every short field folded (names, aliases, ids, codes, communes...), its
  spaceless form and the acronyms of names, B-tree indexed: exact, spaceless and acronym look-ups
  and "starts with" scans for one- and two-letter queries.
- ``search_fts``: an FTS5 table over the folded short fields, columns ``name`` (names and
  aliases), ``keys`` (the other short fields) and ``kind``; tokenizer ``unicode61
  remove_diacritics 2`` with prefix indexes (chosen over ``trigram`` by
  ``benchmarks/bench_search.py``, which prints both).
- ``search_body``: the same over summaries and notes (columns ``body`` and ``kind``), only for
  the documents that have some: a few thousand of 100,000, so a topic query does not read the
  long lists of words common in place names.
- ``search_terms``: every word with the number of documents of each kind holding it (document
  frequency, for IDF weighting) and the vocabulary misspelt words are corrected against.
- ``search_meta``: the index format and, per kind, how many base rows were indexed; `ensure`
  compares them with the base tables to find an index left behind by a writer that did not reindex.

`ensure(conn)` creates missing tables and rebuilds an index that is missing, corrupt, of another
format or out of date, with a one-line notice on stderr.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

from landscape.model.labels import LABELS, LABELS_FR
from landscape.text import fold

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_NON_WORD = re.compile(r"[^0-9a-z]+")


class _Folded(dict):
    """Non-ASCII character -> what `fold` makes of it, computed once per character."""

    def __missing__(self, char: int) -> str:
        folded = self[char] = fold(chr(char)) or ("" if unicodedata.combining(chr(char)) else " ")
        return folded


FOLDED = _Folded()
_FOLDED = FOLDED


def fold_fast(text: str) -> str:
    """`landscape.text.fold`, one character table lookup per non-ASCII character (indexing 100,000 places)."""
    if not text.isascii():
        text = text.translate(_FOLDED)
    return _NON_WORD.sub(" ", text.lower()).strip()

FORMAT = "7"  # bump when documents or tables change: older indexes are rebuilt
TOKENIZER = "unicode61 remove_diacritics 2"
KINDS: tuple[str, ...] = ("actor", "departement", "plan", "offer", "event", "competitor", "source", "relation", "lieu")
TABLE_OF = {"actor": "actors", "departement": "departements", "plan": "plans", "offer": "offers", "event": "events", "competitor": "competitors",
            "source": "sources", "relation": "relations", "lieu": "lieux"}
KIND_OF = {table: kind for kind, table in TABLE_OF.items()}
STOPWORDS = frozenset("""
a au aux avec ce ces d dans de des du elle en et il l la le les leur leurs mais ne nos notre ou par pas
pour qu que qui s sa se ses son sur ta te un une vos votre
an and are as at be by for from has have in is it its of on or that the their this to was were with
""".split())
"""French and English words that carry no topic: ignored when weighing a query's words."""

# field -> weight of a match in it. Fields in LONG_FIELDS are long texts, matched by words only.
WEIGHTS = {
    "name": 1.0, "alias": 0.96, "departement_code": 1.0, "id": 0.9, "title": 0.9, "arena": 0.9,
    "date": 0.85, "commune": 0.8, "region": 0.9, "publisher": 0.75, "summary": 1.0, "note": 0.95,
    "label": 0.7,
}
LONG_FIELDS = frozenset({"summary", "note"})
NAME_FIELDS = frozenset({"name", "alias"})
KEY, COMPACT, ACRONYM = 0, 1, 2  # search_keys.how

NOTICE = "landscape: search index {why}; rebuilt it ({count} records)"

_TABLES = ("search_docs", "search_keys", "search_fts", "search_body", "search_terms", "search_meta")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_docs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, "
    "name TEXT NOT NULL, aliases TEXT NOT NULL, fields TEXT NOT NULL, UNIQUE (kind, ref))",
    "CREATE TABLE IF NOT EXISTS search_keys (key TEXT NOT NULL, kind TEXT NOT NULL, doc INTEGER NOT NULL, "
    "entry INTEGER NOT NULL, how INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_keys_key ON search_keys (key, kind)",
    "CREATE INDEX IF NOT EXISTS search_keys_doc ON search_keys (doc)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(name, keys, kind, "
    f"tokenize='{TOKENIZER}', prefix='2 3', detail=column)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_body USING fts5(body, kind, "
    f"tokenize='{TOKENIZER}', prefix='2 3', detail=column)",
    "CREATE TABLE IF NOT EXISTS search_terms (term TEXT NOT NULL, kind TEXT NOT NULL, df INTEGER NOT NULL, "
    "UNIQUE (term, kind))",
)


class IndexUnavailable(Exception):
    """The index cannot be read and this connection cannot rebuild it (read-only, or locked)."""


# --- documents -------------------------------------------------------------------------------------

def _rows(conn: sqlite3.Connection, sql: str, params: Iterable = ()) -> Iterator[dict]:
    cursor = conn.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


def _aliases(value: str | None) -> list[str]:
    try:
        found = json.loads(value or "[]")
    except ValueError:
        return []
    return [a for a in found if isinstance(a, str)] if isinstance(found, list) else []


def _where(column: str, ids: list[str] | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    return f" WHERE {column} IN (SELECT value FROM json_each(?))", [json.dumps(ids)]


def _labels(vocabulary: str, *codes: str | None) -> list[tuple[str, str, float]]:
    """("label", text, weight) for each code's English and French label: a record is found by either."""
    found = []
    for code in codes:
        if code:
            for table in (LABELS, LABELS_FR):
                text = table.get(vocabulary, {}).get(code)
                if text:
                    found.append(("label", text, WEIGHTS["label"]))
    return found


def _roles(conn: sqlite3.Connection, ids: list[str] | None) -> dict[str, list[str]]:
    where, params = _where("actor_id", ids)
    roles: dict[str, list[str]] = {}
    for actor_id, role in conn.execute(f"SELECT actor_id, role FROM actor_roles{where}", params):
        roles.setdefault(actor_id, []).append(role)
    return roles


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone() is not None


def documents(conn: sqlite3.Connection, kind: str, ids: list[str] | None = None) -> Iterator[tuple]:
    """(ref, name, aliases, [(field, text, weight)]) of the records of `kind` (all, or those `ids`)."""
    w = WEIGHTS
    if kind == "actor":
        where, params = _where("id", ids)
        roles = _roles(conn, ids)
        for r in _rows(conn, f"SELECT id, name, aliases, departement, kind, summary, summary_fr "
                             f"FROM actors{where}", params):
            aliases = _aliases(r["aliases"])
            yield r["id"], r["name"], aliases, [
                ("name", r["name"], 1.0), *(("alias", a, w["alias"]) for a in aliases), ("id", r["id"], w["id"]),
                ("departement_code", r["departement"], 0.9),  # the plan, not the council, owns the code
                *_labels("actor_kind", r["kind"]), *_labels("role", *roles.get(r["id"], ())),
                ("summary", r["summary"], w["summary"]), ("summary", r["summary_fr"], w["summary"])]
    elif kind == "offer":
        where, params = _where("id", ids)
        for r in _rows(conn, f"SELECT id, name, aliases, category, summary, summary_fr "
                             f"FROM offers{where}", params):
            aliases = _aliases(r["aliases"])
            yield r["id"], r["name"], aliases, [
                ("name", r["name"], 1.0), *(("alias", a, w["alias"]) for a in aliases), ("id", r["id"], w["id"]),
                *_labels("offer_category", r["category"]),
                ("summary", r["summary"], w["summary"]), ("summary", r["summary_fr"], w["summary"])]
    elif kind == "departement":
        where, params = _where("code", ids)
        for r in _rows(conn, f"SELECT code, name, region FROM departements{where}", params):
            name = f"{r['name']} ({r['code']})"
            yield r["code"], name, [], [
                ("name", r["name"], 1.0), ("departement_code", r["code"], 1.0), ("region", r["region"], w["region"])]
    elif kind == "plan":
        where, params = _where("id", ids)
        for r in _rows(conn, "SELECT id, departement_code, departement_name, region, generation, status, title, "
                             f"summary, title_fr, summary_fr FROM plans{where}", params):
            name = f"{r['departement_name']} ({r['departement_code']})"
            if r["generation"]:
                # English whatever the process's language: the index is shared by every process
                name += f" · {LABELS['plan_generation'].get(r['generation'], r['generation'])}"
            yield r["id"], name, [], [
                ("name", name, 1.0), ("departement_code", r["departement_code"], w["departement_code"]),
                ("title", r["title"], w["title"]), ("title", r["title_fr"], w["title"]),
                ("region", r["region"], w["region"]), ("id", r["id"], w["id"]),
                *_labels("plan_generation", r["generation"]), *_labels("plan_status", r["status"]),
                ("summary", r["summary"], w["summary"]), ("summary", r["summary_fr"], w["summary"])]
    elif kind == "event":
        where, params = _where("id", ids)
        for r in _rows(conn, f"SELECT id, date, kind, title, summary, title_fr, summary_fr "
                             f"FROM events{where}", params):
            yield r["id"], r["title"], [], [
                ("name", r["title"], 1.0), ("title", r["title_fr"], w["title"]),
                ("date", (r["date"] or "")[:4], w["date"]), ("id", r["id"], w["id"]),
                *_labels("event_kind", r["kind"]),
                ("summary", r["summary"], w["summary"]), ("summary", r["summary_fr"], w["summary"])]
    elif kind == "competitor":
        where, params = _where("c.id", ids)
        for r in _rows(conn, "SELECT c.id, c.arena, c.note, c.arena_fr, c.note_fr, coalesce(a.name, c.actor) AS a, "
                             "coalesce(b.name, c.competitor) AS b FROM competitors c "
                             "LEFT JOIN actors a ON a.id = c.actor LEFT JOIN actors b ON b.id = c.competitor"
                             f"{where}", params):
            name = f"{r['a']} vs {r['b']}: {r['arena']}"
            yield r["id"], name, [], [
                ("name", name, 0.9),  # the actors themselves come first
                ("arena", r["arena"], w["arena"]), ("arena", r["arena_fr"], w["arena"]), ("id", r["id"], 0.8),
                ("note", r["note"], w["note"]), ("note", r["note_fr"], w["note"])]
    elif kind == "relation":
        where, params = _where("r.id", ids)
        for r in _rows(conn, "SELECT r.id, r.kind, r.note, r.note_fr, coalesce(a.name, r.source) AS a, "
                             "coalesce(b.name, r.target) AS b FROM relations r "
                             "LEFT JOIN actors a ON a.id = r.source LEFT JOIN actors b ON b.id = r.target"
                             f"{where}", params):
            name = f"{r['a']} — {(r['kind'] or '').replace('_', ' ')} — {r['b']}"
            yield r["id"], name, [], [
                ("name", name, 0.9), ("id", r["id"], 0.8), *_labels("relation_kind", r["kind"]),
                ("note", r["note"], w["note"]), ("note", r["note_fr"], w["note"])]
    elif kind == "source":
        where, params = _where("id", ids)
        for r in _rows(conn, f"SELECT id, title, publisher FROM sources{where}", params):
            yield r["id"], r["title"], [], [
                ("name", r["title"], 0.95), ("publisher", r["publisher"], w["publisher"]), ("id", r["id"], w["id"])]
    elif kind == "lieu":
        if not _has_table(conn, "lieux"):
            return
        where, params = ("", [])
        if ids is not None:
            where, params = (" WHERE origin || ':' || id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
        for origin, lieu_id, nom, commune in conn.execute(f"SELECT origin, id, nom, commune FROM lieux{where}",
                                                          params):
            yield f"{origin}:{lieu_id}", nom, [], [("name", nom, 1.0), ("commune", commune, w["commune"])]
    else:
        raise ValueError(f"unknown kind {kind!r}")


def acronyms(words: list[str]) -> set[str]:
    """Initials of every word, and of the words that are not stop words: "anct", "bsf" (3+ letters)."""
    strong = [x for x in words if x not in STOPWORDS]
    return {"".join(x[0] for x in chosen) for chosen in (words, strong) if len(chosen) >= 3}


def _prepare(kind: str, docs: Iterable[tuple], first_id: int):
    """Rows for search_docs, search_keys, search_fts and search_body."""
    doc_rows, key_rows, fts_rows, body_rows = [], [], [], []
    cache: dict[str, str] = {}
    doc_id = first_id
    for ref, name, aliases, fields in docs:
        entries, seen = [], set()
        names, keys, body = [], [], []
        name_key = None
        for fld, text, weight in fields:
            if not text:
                continue
            folded = cache.get(text)
            if folded is None:
                folded = cache[text] = fold_fast(text)
            if not folded:
                continue
            long = fld in LONG_FIELDS
            if (long, folded) in seen or (fld == "id" and folded == name_key):
                continue  # an id that reads like the name adds nothing
            seen.add((long, folded))
            name_key = name_key or folded
            entry = len(entries)
            entries.append((fld, text, weight, folded))
            if long:
                body.append(folded)
                continue
            (names if fld in NAME_FIELDS else keys).append(folded)
            key_rows.append((folded, kind, doc_id, entry, KEY))
            if " " in folded:
                key_rows.append((folded.replace(" ", ""), kind, doc_id, entry, COMPACT))
            if fld in NAME_FIELDS and kind in ("actor", "offer"):
                for acronym in acronyms(folded.split()):
                    key_rows.append((acronym, kind, doc_id, entry, ACRONYM))
        doc_rows.append((doc_id, kind, ref, name or ref, _ENCODE(aliases) if aliases else "[]", _ENCODE(entries)))
        fts_rows.append((doc_id, " ; ".join(names), " ; ".join(keys), kind))
        if body:
            body_rows.append((doc_id, " ; ".join(body), kind))
        doc_id += 1
    return doc_rows, key_rows, fts_rows, body_rows


# --- writing ---------------------------------------------------------------------------------------

def _create(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT OR IGNORE INTO search_meta VALUES ('format', ?)", [FORMAT])
    conn.execute("INSERT OR IGNORE INTO search_meta VALUES ('docs', '0')")


def _normalise_kind(kind: str) -> str:
    kind = KIND_OF.get(kind, kind)
    if kind not in TABLE_OF:
        raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    return kind


def _base_count(conn: sqlite3.Connection, kind: str) -> int:
    table = TABLE_OF[kind]
    if not _has_table(conn, table):
        return 0
    return conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def _delete(conn: sqlite3.Connection, kind: str, refs: list[str] | None) -> int:
    """Remove the documents of `kind` (all, or those of `refs`); return how many."""
    if refs is None:
        doomed = "SELECT id FROM search_docs WHERE kind = ?"
        params: list = [kind]
    else:
        doomed = "SELECT id FROM search_docs WHERE kind = ? AND ref IN (SELECT value FROM json_each(?))"
        params = [kind, json.dumps(refs)]
    if refs is None:  # the whole kind: one pass over each table
        count = conn.execute("SELECT count(*) FROM search_docs WHERE kind = ?", [kind]).fetchone()[0]
        if count:
            conn.execute("DELETE FROM search_terms WHERE kind = ?", [kind])
            conn.execute("DELETE FROM search_keys WHERE kind = ?", [kind])
            conn.execute(f"DELETE FROM search_fts WHERE rowid IN ({doomed})", params)
            conn.execute(f"DELETE FROM search_body WHERE rowid IN ({doomed})", params)
            conn.execute("DELETE FROM search_docs WHERE kind = ?", [kind])
        return count
    ids = [r[0] for r in conn.execute(doomed, params)]
    if not ids:
        return 0
    marks = json.dumps(ids)
    gone = _terms(fields for (fields,) in conn.execute(
        "SELECT fields FROM search_docs WHERE id IN (SELECT value FROM json_each(?))", [marks]))
    conn.executemany("UPDATE search_terms SET df = df - ? WHERE term = ? AND kind = ?",
                     [(n, term, kind) for term, n in gone.items()])
    conn.execute("DELETE FROM search_terms WHERE kind = ? AND df <= 0", [kind])
    conn.execute("DELETE FROM search_keys WHERE kind = ? AND doc IN (SELECT value FROM json_each(?))", [kind, marks])
    conn.execute("DELETE FROM search_fts WHERE rowid IN (SELECT value FROM json_each(?))", [marks])
    conn.execute("DELETE FROM search_body WHERE rowid IN (SELECT value FROM json_each(?))", [marks])
    conn.execute("DELETE FROM search_docs WHERE id IN (SELECT value FROM json_each(?))", [marks])
    return len(ids)


def _reindex_one(conn: sqlite3.Connection, kind: str, ids: list[str] | None) -> None:
    removed = _delete(conn, kind, ids)
    first = (conn.execute("SELECT max(id) FROM search_docs").fetchone()[0] or 0) + 1
    docs = documents(conn, kind, ids)
    if ids is None:  # shortest names first: a search reading matches in id order meets them first
        docs = sorted(docs, key=lambda d: len(d[1] or ""))
    _write(conn, *_prepare(kind, docs, first), removed=removed)
    conn.execute("INSERT OR REPLACE INTO search_meta VALUES (?, ?)", [f"count:{kind}", str(_base_count(conn, kind))])


def _terms(fields_json: Iterable[str]) -> Counter:
    """Documents holding each word, from documents' stored fields."""
    counts: Counter = Counter()
    for fields in fields_json:
        counts.update({w for entry in json.loads(fields) for w in entry[3].split()})
    return counts


def _write(conn: sqlite3.Connection, doc_rows: list, key_rows: list, fts_rows: list, body_rows: list, *,
           removed: int) -> None:
    counts: Counter = Counter()
    bodies = {doc: body for doc, body, _ in body_rows}
    for doc, name, keys, _ in fts_rows:
        counts.update(set(f"{name} {keys} {bodies.get(doc, '')}".split()) - {";"})
    if doc_rows:
        kind = doc_rows[0][1]
        conn.executemany("INSERT INTO search_terms VALUES (?, ?, ?) ON CONFLICT (term, kind) DO UPDATE SET "
                         "df = df + excluded.df", [(term, kind, n) for term, n in sorted(counts.items())])
    conn.executemany("INSERT INTO search_docs VALUES (?, ?, ?, ?, ?, ?)", doc_rows)
    key_rows.sort()  # B-tree inserts in key order are several times faster
    conn.executemany("INSERT INTO search_keys VALUES (?, ?, ?, ?, ?)", key_rows)
    conn.executemany("INSERT INTO search_fts (rowid, name, keys, kind) VALUES (?, ?, ?, ?)", fts_rows)
    conn.executemany("INSERT INTO search_body (rowid, body, kind) VALUES (?, ?, ?)", body_rows)
    conn.execute("UPDATE search_meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'docs'",
                 [len(doc_rows) - removed])


def reindex(conn: sqlite3.Connection, kind: str, ids: Iterable[str] | None = None) -> None:
    """Recompute the documents of `kind` (singular or table name) from the base tables.

    `ids`: only those records (an id that no longer exists removes its document); None: every
    record of the kind. Places are named by their hit id, ``origin:id``. Call it inside the
    writer's transaction, after the write. Actors' names appear in relations and competitors, whose
    documents are recomputed with them.
    """
    kind = _normalise_kind(kind)
    ids = None if ids is None else list(dict.fromkeys(ids))
    if ids is not None and not ids:
        return
    if not _complete(conn):
        rebuild(conn)  # every kind, this one included
        return
    _reindex_one(conn, kind, ids)
    if kind == "actor":
        for linked, columns in (("relation", ("source", "target")), ("competitor", ("actor", "competitor"))):
            linked_ids = None
            if ids is not None:
                table = TABLE_OF[linked]
                linked_ids = [r[0] for r in conn.execute(
                    f"SELECT id FROM [{table}] WHERE {columns[0]} IN (SELECT value FROM json_each(?)) "
                    f"OR {columns[1]} IN (SELECT value FROM json_each(?))", [json.dumps(ids)] * 2)]
                if not linked_ids:
                    continue
            _reindex_one(conn, linked, linked_ids)


def add_documents(conn: sqlite3.Connection, kind: str, docs: Iterable[tuple]) -> None:
    """Index documents that have no base rows, ``(ref, name, aliases, [(field, text, weight)])``
    (an index of records held in memory, `SearchIndex.from_map`)."""
    if not _has_table(conn, "search_docs"):
        _create(conn)
    first = (conn.execute("SELECT max(id) FROM search_docs").fetchone()[0] or 0) + 1
    _write(conn, *_prepare(_normalise_kind(kind), docs, first), removed=0)


def _complete(conn: sqlite3.Connection) -> bool:
    marks = ",".join("?" * len(_TABLES))
    return conn.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})", _TABLES).fetchone()[0] == len(_TABLES)


def reindex_curated(conn: sqlite3.Connection) -> None:
    """Recompute the documents of every curated record (after the whole map was replaced)."""
    for kind in KINDS:
        if kind != "lieu":
            reindex(conn, kind)


def rebuild(conn: sqlite3.Connection) -> int:
    """Drop and rebuild every search table from the base tables; return the documents written."""
    _drop(conn)
    _create(conn)
    for kind in KINDS:
        _reindex_one(conn, kind, None)
    return int(conn.execute("SELECT value FROM search_meta WHERE key = 'docs'").fetchone()[0])


def _drop(conn: sqlite3.Connection) -> None:
    for table in ("search_vocab", "search_terms", "search_body", "search_fts", "search_keys", "search_docs",
                  "search_meta"):
        try:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        except sqlite3.DatabaseError:
            _force_drop(conn, table)


def _force_drop(conn: sqlite3.Connection, table: str) -> None:
    """Remove a virtual table whose shadow tables are broken (DROP TABLE needs them intact)."""
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '\\'",
                                [f"{table}\\_%"]).fetchall():
        conn.execute(f"DROP TABLE IF EXISTS [{name}]")
    try:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    except sqlite3.DatabaseError:
        conn.execute("PRAGMA writable_schema = ON")
        try:
            conn.execute("DELETE FROM sqlite_master WHERE name = ?", [table])
        finally:
            conn.execute("PRAGMA writable_schema = OFF")
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute(f"PRAGMA schema_version = {version + 1}")  # makes every connection reload the schema


# --- checking --------------------------------------------------------------------------------------

def problem(conn: sqlite3.Connection) -> str | None:
    """Why the index cannot be used as it stands ("missing", "corrupt", ...), or None when it is current."""
    try:
        present = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE name IN (%s)" % ",".join("?" * len(_TABLES)), _TABLES)}
        if not present - {"search_body"}:  # the body table alone is what is left of a dropped index
            return "missing"
        meta = dict(conn.execute("SELECT key, value FROM search_meta").fetchall()) if "search_meta" in present else {}
        if "format" in meta and meta["format"] != FORMAT:  # (format 5 and older had no body table)
            return "of another version"
        if present != set(_TABLES):
            return "incomplete"
        conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH 'kind : actor' LIMIT 1").fetchall()
        conn.execute("SELECT rowid FROM search_body WHERE search_body MATCH 'kind : actor' LIMIT 1").fetchall()
        conn.execute("SELECT * FROM search_keys LIMIT 1").fetchall()
        conn.execute("SELECT * FROM search_docs ORDER BY id DESC LIMIT 1").fetchall()
        for kind in KINDS:
            if meta.get(f"count:{kind}") != str(_base_count(conn, kind)):
                return "out of date"
    except (sqlite3.DatabaseError, ValueError):
        return "corrupt"
    return None


def ensure(conn: sqlite3.Connection, *, notice=None) -> bool:
    """Make the index usable: create it if missing, rebuild it if corrupt, of another version or out
    of date (one line on stderr says so). Returns True if it was (re)built.

    Raises `IndexUnavailable` when it needs a rebuild this connection cannot write.
    """
    why = problem(conn)
    if why is None:
        return False
    count = _locked_rebuild(conn)
    if why != "missing" or count:
        line = NOTICE.format(why=why, count=count)
        (notice or (lambda text: print(text, file=sys.stderr)))(line)
    return True


def _locked_rebuild(conn: sqlite3.Connection) -> int:
    lock = getattr(conn, "lock", None)
    if lock is not None:
        lock.acquire()
    try:
        if conn.in_transaction:
            return rebuild(conn)
        try:
            conn.execute("BEGIN IMMEDIATE")
            count = rebuild(conn)
            conn.execute("COMMIT")
            return count
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise IndexUnavailable(f"the search index needs rebuilding and cannot be ({exc})") from None
    finally:
        if lock is not None:
            lock.release()
