"""The veille's tables: feeds followed, the inbox of items read from them, their links and the follows.

These tables belong to the veille, not to the curated map: `ensure_schema` creates them, every
write is one ``BEGIN IMMEDIATE`` transaction, and a rebuild of the map leaves them alone.
Items are deduplicated on the way in: same GUID in a feed, same link (tracking parameters
aside) or the same story republished (same title, near in time) are merged into the first.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from landscape.errors import LandscapeError, NotFound
from landscape.i18n import _
from landscape.io.http import Policy
from landscape.text import fold
from landscape.veille import feeds as feedlib
from landscape.veille.linking import Link, Linker
from landscape.veille.news import latest_news  # noqa: F401  (kept light for `landscape show`)

STATUSES = ("new", "accepted", "dismissed")
SAME_STORY_DAYS = 14
TRACKING = ("utm_", "xtor", "at_", "fbclid", "gclid", "mc_")

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    publisher TEXT,
    tag TEXT,
    verified INTEGER NOT NULL DEFAULT 0,
    shipped INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    last_run TEXT,
    last_status TEXT,
    last_error TEXT,
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inbox_items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    feed_name TEXT NOT NULL,
    publisher TEXT,
    guid TEXT NOT NULL,
    link TEXT,
    link_key TEXT,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    published TEXT,
    fetched TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'dismissed')),
    score REAL NOT NULL DEFAULT 0,
    event_id TEXT,
    also TEXT NOT NULL DEFAULT '[]',
    UNIQUE (feed_id, guid)
);
CREATE INDEX IF NOT EXISTS inbox_items_link ON inbox_items(link_key);
CREATE INDEX IF NOT EXISTS inbox_items_title ON inbox_items(title_key);
CREATE INDEX IF NOT EXISTS inbox_items_status ON inbox_items(status, score);
CREATE TABLE IF NOT EXISTS item_links (
    item_id INTEGER NOT NULL REFERENCES inbox_items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    name TEXT NOT NULL,
    span TEXT NOT NULL,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (item_id, kind, record_id)
);
CREATE INDEX IF NOT EXISTS item_links_record ON item_links(kind, record_id);
CREATE TABLE IF NOT EXISTS follows (
    kind TEXT NOT NULL CHECK (kind IN ('actor', 'departement')),
    record_id TEXT NOT NULL,
    name TEXT NOT NULL,
    added TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def ensure_schema(conn: sqlite3.Connection, *, defaults: bool = True) -> None:
    """Create the veille's tables; the first time, follow the feeds shipped with the package."""
    with _locked(conn):
        fresh = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feeds'").fetchone() is None
    if not fresh:
        return
    with write(conn):
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        if defaults:
            for f in feedlib.default_feeds():
                conn.execute("INSERT OR IGNORE INTO feeds (url, name, publisher, tag, verified, shipped, added) "
                             "VALUES (?, ?, ?, ?, ?, 1, ?)", [f.url, f.name, f.publisher, f.tag, int(f.verified), _now()])


def _locked(conn: sqlite3.Connection):
    lock = getattr(conn, "lock", None)   # the store's connection serialises threads with it
    return lock if lock is not None else nullcontext()


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One ``BEGIN IMMEDIATE`` transaction, committed whole or rolled back."""
    with _locked(conn):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _rows(conn: sqlite3.Connection, sql: str, params: list | tuple = ()) -> list[dict]:
    with _locked(conn):
        cursor = conn.execute(sql, list(params))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


# --- feeds ---------------------------------------------------------------------------------------
def add_feed(conn: sqlite3.Connection, url: str, *, name: str | None = None, tag: str | None = None,
             publisher: str | None = None) -> dict:
    url = feedlib.check_url(url)
    with write(conn):
        if conn.execute("SELECT 1 FROM feeds WHERE url = ?", [url]).fetchone():
            raise LandscapeError(_("{url}: already followed").format(url=url))
        conn.execute("INSERT INTO feeds (url, name, publisher, tag, added) VALUES (?, ?, ?, ?, ?)",
                     [url, (name or urlsplit(url).netloc).strip(), publisher, tag, _now()])
    return find_feed(conn, url)


def list_feeds(conn: sqlite3.Connection) -> list[dict]:
    return _rows(conn, "SELECT * FROM feeds ORDER BY id")


def find_feed(conn: sqlite3.Connection, ref: str) -> dict:
    """A feed by number, URL or name (case and accents forgiven)."""
    ref = ref.strip()
    feeds = list_feeds(conn)
    for f in feeds:
        if ref == str(f["id"]) or ref == f["url"]:
            return f
    matches = [f for f in feeds if fold(f["name"]) == fold(ref)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NotFound(_("{ref!r} names several feeds ({numbers}); give its number").format(
            ref=ref, numbers=", ".join(str(f["id"]) for f in matches)))
    raise NotFound(_("no feed matches {ref!r} (see 'landscape watch list')").format(ref=ref))


def remove_feed(conn: sqlite3.Connection, ref: str) -> dict:
    """Stop following a feed; its items stay in the inbox."""
    feed = find_feed(conn, ref)
    with write(conn):
        conn.execute("UPDATE inbox_items SET feed_id = NULL WHERE feed_id = ?", [feed["id"]])
        conn.execute("DELETE FROM feeds WHERE id = ?", [feed["id"]])
    return feed


# --- running -------------------------------------------------------------------------------------
@dataclass
class FeedReport:
    """What one feed gave in a run: ``ok``, ``not_modified`` or ``error`` (one line)."""

    feed: int
    name: str
    url: str
    status: str
    items: int = 0
    new: int = 0
    merged: int = 0
    error: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def run(conn: sqlite3.Connection, linker: Linker, *, focal: str | None = None, policy: Policy | None = None,
        transport: httpx.BaseTransport | None = None, deadline: float = feedlib.RUN_DEADLINE, workers: int = 4,
        max_bytes: int = feedlib.FEED_MAX_BYTES, only: list[int] | None = None,
        progress: Callable[[FeedReport], None] | None = None) -> list[FeedReport]:
    """Fetch every feed (a few at a time, within `deadline` seconds) and keep their new items.

    One feed failing is reported in its line and never stops the others.
    """
    feeds = [f for f in list_feeds(conn) if only is None or f["id"] in only]
    until = time.monotonic() + deadline
    followed = followed_keys(conn)
    reports: list[FeedReport] = []
    with feedlib.client(policy, transport) as http, ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        def read(feed: dict):
            got = feedlib.fetch(feed["url"], client=http, etag=feed["etag"], last_modified=feed["last_modified"],
                                policy=policy, deadline=until, max_bytes=max_bytes)
            return got, (None if got.not_modified else feedlib.parse(got.body, got.url, got.content_type))

        futures = [(feed, pool.submit(read, feed)) for feed in feeds]
        for feed, future in futures:
            report = FeedReport(feed["id"], feed["name"], feed["url"], "ok")
            try:
                got, parsed = future.result()
            except LandscapeError as exc:
                report.status, report.error = "error", str(exc)
                _record_run(conn, feed, report)
            except Exception as exc:  # a parser crash on hostile input stays this feed's problem
                report.status, report.error = "error", f"{feed['url']}: {type(exc).__name__}: {exc}"
                _record_run(conn, feed, report)
            else:
                if parsed is None:
                    report.status = "not_modified"
                    _record_run(conn, feed, report, got)
                else:
                    _, items = parsed
                    report.items = len(items)
                    report.new, report.merged = store_items(conn, feed, items, linker, focal=focal,
                                                            followed=followed, fetched=got)
                    _record_run(conn, feed, report, got, stored=True)
            reports.append(report)
            if progress:
                progress(report)
    return reports


def _record_run(conn: sqlite3.Connection, feed: dict, report: FeedReport, got: feedlib.Fetched | None = None,
                stored: bool = False) -> None:
    if stored:
        return  # store_items wrote the validators in the same transaction as the items
    with write(conn):
        conn.execute("UPDATE feeds SET last_run = ?, last_status = ?, last_error = ? WHERE id = ?",
                     [_now(), report.status, report.error, feed["id"]])
        if got is not None and (got.etag or got.last_modified):
            conn.execute("UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                         [got.etag or feed["etag"], got.last_modified or feed["last_modified"], feed["id"]])


def link_key(link: str | None) -> str | None:
    """A link without its fragment, tracking parameters, ``www.`` or trailing slash: one story, one key."""
    if not link:
        return None
    parts = urlsplit(link)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING)]
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/"), urlencode(sorted(query)), ""))


def store_items(conn: sqlite3.Connection, feed: dict, items: list[feedlib.FeedItem], linker: Linker, *,
                focal: str | None = None, followed: frozenset = frozenset(),
                fetched: feedlib.Fetched | None = None) -> tuple[int, int]:
    """Keep the items not seen yet, linked and scored, in one transaction; return (new, merged)."""
    new = merged = 0
    now = _now()
    with write(conn):
        for item in items:
            if conn.execute("SELECT 1 FROM inbox_items WHERE feed_id = ? AND guid = ?",
                            [feed["id"], item.guid]).fetchone():
                continue
            key, title_key = link_key(item.link), fold(item.title)
            twin = _twin(conn, key, title_key, item.published)
            if twin is not None:
                also = json.loads(twin[1])
                copy = {"feed": feed["name"], "link": item.link, "guid": item.guid}
                if copy not in also and not (twin[2] == feed["id"] and twin[3] == item.guid):
                    also.append(copy)
                    conn.execute("UPDATE inbox_items SET also = ? WHERE id = ?",
                                 [json.dumps(also, ensure_ascii=False), twin[0]])
                    merged += 1
                continue
            links = linker.link(item.title, item.summary)
            score = linker.score(links, focal=focal, followed=followed)
            cursor = conn.execute(
                "INSERT INTO inbox_items (feed_id, feed_name, publisher, guid, link, link_key, title, title_key, "
                "summary, published, fetched, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [feed["id"], feed["name"], feed.get("publisher"), item.guid, item.link, key, item.title, title_key,
                 item.summary, item.published, now, score])
            _write_links(conn, cursor.lastrowid, links)
            new += 1
        conn.execute("UPDATE feeds SET last_run = ?, last_status = 'ok', last_error = NULL WHERE id = ?",
                     [now, feed["id"]])
        if fetched is not None:
            conn.execute("UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                         [fetched.etag, fetched.last_modified, feed["id"]])
    return new, merged


def _twin(conn: sqlite3.Connection, key: str | None, title_key: str, published: str | None) -> tuple | None:
    """The stored item this one repeats: same link, or same title within `SAME_STORY_DAYS`."""
    if key:
        row = conn.execute("SELECT id, also, feed_id, guid FROM inbox_items WHERE link_key = ?", [key]).fetchone()
        if row:
            return row
    if len(title_key) < 12:   # "Actualités", "Communiqué": too short to call two items one story
        return None
    for row in conn.execute("SELECT id, also, feed_id, guid, published FROM inbox_items WHERE title_key = ?",
                            [title_key]):
        if not published or not row[4] or abs(_days(published) - _days(row[4])) <= SAME_STORY_DAYS:
            return row[:4]
    return None


def _days(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp() / 86400
    except ValueError:
        return 0.0


def _write_links(conn: sqlite3.Connection, item_id: int, links: list[Link]) -> None:
    conn.execute("DELETE FROM item_links WHERE item_id = ?", [item_id])
    conn.executemany(
        'INSERT INTO item_links (item_id, kind, record_id, name, span, field, start, "end", position) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(item_id, l.kind, l.id, l.name, l.span, l.field, l.start, l.end, i) for i, l in enumerate(links)])


def relink(conn: sqlite3.Connection, linker: Linker, *, focal: str | None = None) -> int:
    """Link and score every item again (after the map or the follows changed); return how many."""
    followed = followed_keys(conn)
    items = _rows(conn, "SELECT id, title, summary FROM inbox_items")
    with write(conn):
        for item in items:
            links = linker.link(item["title"], item["summary"])
            _write_links(conn, item["id"], links)
            conn.execute("UPDATE inbox_items SET score = ? WHERE id = ?",
                         [linker.score(links, focal=focal, followed=followed), item["id"]])
    return len(items)


# --- reading the inbox ---------------------------------------------------------------------------
def links_of(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {i: [] for i in item_ids}
    for chunk in range(0, len(item_ids), 500):
        part = item_ids[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        for row in _rows(conn, f"SELECT item_id, kind, record_id, name, span FROM item_links "
                               f"WHERE item_id IN ({marks}) ORDER BY item_id, position", part):
            out[row["item_id"]].append({"kind": row["kind"], "id": row["record_id"], "name": row["name"],
                                        "span": row["span"]})
    return out


def items(conn: sqlite3.Connection, *, since: str | None = None, actor: str | None = None,
          departement: str | None = None, status: tuple[str, ...] | None = ("new",),
          limit: int | None = None) -> list[dict]:
    """Items best first (score, then date), as the JSON the CLI prints; filters by date, actor, département."""
    where, params = [], []
    if status:
        where.append(f"i.status IN ({','.join('?' * len(status))})")
        params += list(status)
    if since:
        where.append("COALESCE(i.published, i.fetched) >= ?")
        params.append(since)
    if actor:
        where.append("EXISTS (SELECT 1 FROM item_links l WHERE l.item_id = i.id AND l.kind IN ('actor', 'person') "
                     "AND l.record_id = ?)")
        params.append(actor)
    if departement:
        where.append("EXISTS (SELECT 1 FROM item_links l WHERE l.item_id = i.id AND l.kind = 'departement' "
                     "AND l.record_id = ?)")
        params.append(departement)
    sql = ("SELECT i.id, i.title, i.link, i.published, i.feed_name AS feed, i.score, i.status, i.summary, "
           "i.publisher, i.event_id, i.fetched FROM inbox_items i")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY i.score DESC, COALESCE(i.published, i.fetched) DESC, i.id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = _rows(conn, sql, params)
    links = links_of(conn, [r["id"] for r in rows])
    for r in rows:
        r["links"] = links[r["id"]]
    return rows


def public(item: dict) -> dict:
    """An item with exactly the fields the CLI's JSON promises."""
    return {k: item[k] for k in ("id", "title", "link", "published", "feed", "score", "status", "links")}


def get_item(conn: sqlite3.Connection, item_id: int | str) -> dict:
    try:
        number = int(str(item_id).strip())
    except ValueError:
        raise NotFound(_("{ref!r}: an inbox item is named by its number (see 'landscape inbox')").format(ref=item_id)) \
            from None
    rows = _rows(conn, "SELECT id, title, link, published, feed_name AS feed, score, status, summary, publisher, "
                       "event_id, fetched FROM inbox_items WHERE id = ?", [number])
    if not rows:
        raise NotFound(_("no inbox item {number}").format(number=number))
    item = rows[0]
    item["links"] = links_of(conn, [number])[number]
    return item


def set_status(conn: sqlite3.Connection, item_id: int, status: str, *, event_id: str | None = None) -> None:
    if status not in STATUSES:
        raise LandscapeError(_("status: expected one of {choices}, got {status}").format(
            choices=', '.join(STATUSES), status=repr(status)))
    with write(conn):
        conn.execute("UPDATE inbox_items SET status = ?, event_id = COALESCE(?, event_id) WHERE id = ?",
                     [status, event_id, item_id])


def unread_count(conn: sqlite3.Connection) -> int:
    """Items still waiting for a decision (0 when the veille was never used)."""
    with _locked(conn):
        try:
            return conn.execute("SELECT count(*) FROM inbox_items WHERE status = 'new'").fetchone()[0]
        except sqlite3.OperationalError:   # no veille tables yet
            return 0


# --- follows -------------------------------------------------------------------------------------
def follow(conn: sqlite3.Connection, kind: str, record_id: str, name: str) -> bool:
    """Follow an actor or a département; False when it was already followed."""
    with write(conn):
        cursor = conn.execute("INSERT OR IGNORE INTO follows (kind, record_id, name, added) VALUES (?, ?, ?, ?)",
                              [kind, record_id, name, _now()])
        return cursor.rowcount > 0


def unfollow(conn: sqlite3.Connection, kind: str, record_id: str) -> bool:
    with write(conn):
        return conn.execute("DELETE FROM follows WHERE kind = ? AND record_id = ?", [kind, record_id]).rowcount > 0


def follows(conn: sqlite3.Connection) -> list[dict]:
    return _rows(conn, "SELECT * FROM follows ORDER BY added, kind, record_id")


def followed_keys(conn: sqlite3.Connection) -> frozenset[tuple[str, str]]:
    return frozenset((f["kind"], f["record_id"]) for f in follows(conn))


# --- news for a record ---------------------------------------------------------------------------
def since_date(value: str) -> str:
    """A ``--since`` value: an ISO date, or a number of days ago ("7d")."""
    value = value.strip()
    if value.endswith("d") and value[:-1].isdigit():
        return (datetime.now(timezone.utc) - timedelta(days=int(value[:-1]))).isoformat(timespec="seconds")
    try:
        return datetime.fromisoformat(value).date().isoformat() if len(value) == 10 else \
            datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise LandscapeError(_("--since: expected a date (2026-01-31) or a number of days (7d), got {value!r}").format(
            value=value)) from None
