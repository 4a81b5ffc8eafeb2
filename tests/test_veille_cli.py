"""The veille as a user runs it, against a feed server on 127.0.0.1 started by the test."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from landscape.store.database import Store
from landscape.veille.inbox import latest_news

DATA = Path(__file__).parent / "data" / "veille"
FILES = {"/localtis.xml": ("localtis.rss.xml", "application/rss+xml"),
         "/senat.xml": ("senat.atom.xml", "application/atom+xml"),
         "/mednum.json": ("mednum.feed.json", "application/feed+json"),
         "/broken.xml": (None, "application/xml")}


class _Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, int]] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        name, kind = FILES.get(self.path, (None, None))
        if kind is None:
            self.send_error(404)
            return
        body = (DATA / name).read_bytes() if name else b"<rss><channel><item><title>oops"
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            self.hits.append((self.path, 304))
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)
        self.hits.append((self.path, 200))

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.hits = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def watched(cli, real_db, server):
    assert cli("watch", "remove", "all", db=real_db).code == 0   # the shipped defaults are on the internet
    for path in ("/localtis.xml", "/senat.xml", "/mednum.json", "/broken.xml", "/gone.xml"):
        r = cli("watch", "add", server + path, "--name", path.strip("/"), "--tag", "test", db=real_db)
        assert r.code == 0, r.err
    return real_db


def test_watch_run_twice_and_inbox_json(cli, watched):
    first = cli("watch", "run", "--json", db=watched)
    assert first.code == 0, first.err
    report = first.json()
    assert report["new"] == 7 and report["failed"] == 2
    errors = {f["name"]: f["error"] for f in report["feeds"] if f["status"] == "error"}
    assert set(errors) == {"broken.xml", "gone.xml"} and "HTTP 404" in errors["gone.xml"]
    again = cli("watch", "run", "--json", db=watched).json()
    assert again["new"] == 0
    assert {f["name"]: f["status"] for f in again["feeds"]}["localtis.xml"] == "not_modified"
    text = cli("watch", "run", db=watched)
    assert "gone.xml: " in text.out and "0 new items from 3 feeds; 2 failed" in text.out
    items = cli("inbox", "--json", db=watched).json()
    assert len(items) == 7
    assert all(set(i) == {"id", "title", "link", "published", "feed", "score", "status", "links"} for i in items)
    assert all(i["link"].startswith("http") for i in items)
    assert all(set(l) == {"kind", "id", "name", "span"} for i in items for l in i["links"])
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    creuse = cli("inbox", "--json", "--departement", "creuse", db=watched).json()
    assert [i["title"] for i in creuse] == ["L'Indice de fragilité numérique mis à jour"]
    anct = cli("inbox", "--json", "--actor", "ANCT", db=watched).json()
    assert len(anct) == 2 and all(any(l["id"] == "anct" for l in i["links"]) for i in anct)
    assert cli("inbox", "--json", "--since", "2026-03-10", db=watched).json()
    listed = cli("watch", "list", db=watched).out
    assert "HTTP 404" in listed and "localtis.xml" in listed


def test_accept_twice_creates_one_event_dismiss_and_follow(cli, watched):
    cli("watch", "run", db=watched)
    items = cli("inbox", "--json", db=watched).json()
    hubs = next(i for i in items if "hubs" in i["title"])
    events_before = cli("stats", "--json", db=watched).json()["events"]
    first = cli("inbox", "accept", hubs["id"], "--as", "event", "--json", db=watched)
    assert first.code == 0, first.err
    event_id = first.json()["event"]
    second = cli("inbox", "accept", hubs["id"], "--as", "event", "--json", db=watched).json()
    assert second == {"item": hubs["id"], "event": event_id, "created": False}
    assert cli("stats", "--json", db=watched).json()["events"] == events_before + 1
    shown = cli("show", event_id, "--json", db=watched).json()
    assert shown["record"]["departement"] == "56" and {"anct", "cd-morbihan"} <= set(shown["record"]["actors"])
    assert shown["sources"][0]["url"] == hubs["link"]
    store = Store.open(watched)
    news = latest_news(store.db.conn, "actor", "anct", 5)
    assert news[0]["status"] == "accepted" and news[0]["event"] == event_id
    assert any(n["status"] == "unreviewed" for n in news)
    store.close()
    brief = cli("brief", "anct", "--json", db=watched).json()
    assert brief["news"][0]["event"] == event_id  # the brief shows the latest news, accepted first
    text = cli("brief", "anct", db=watched).out
    assert "Latest news" in text and "(accepted as an event)" in text and "(unreviewed)" in text
    page = cli("departement", "56", "--json", db=watched).json()
    assert page["news"] and page["news"][0]["status"] == "accepted"
    pixel = next(i for i in items if i["title"].startswith("Pixel"))
    assert cli("inbox", "dismiss", pixel["id"], db=watched).code == 0
    left = {i["id"] for i in cli("inbox", "--json", db=watched).json()}
    assert pixel["id"] not in left and hubs["id"] not in left
    assert cli("inbox", "follow", "Gironde", db=watched).out.strip() == "following Gironde"
    audition = next(i for i in cli("inbox", "--json", db=watched).json() if i["title"].startswith("Audition"))
    assert audition["score"] > next(i for i in items if i["id"] == audition["id"])["score"]


@pytest.mark.parametrize("args, message", [
    (("inbox", "accept", "999", "--as", "event"), "no inbox item 999"),
    (("inbox", "accept", "abc", "--as", "event"), "named by its number"),
    (("inbox", "--departement", "Atlantis"), "no département matches"),
    (("inbox", "--since", "yesterday"), "--since"),
    (("watch", "add", "ftp://example.org/feed"), "absolute http(s) URL"),
    (("watch", "remove", "nothing-like-this"), "no feed matches"),
])
def test_errors_are_one_line(cli, real_db, args, message):
    r = cli(*args, db=real_db)
    assert r.code == 2 and message in r.err and r.err.count("\n") == 1
