"""Veille feeds over fake HTTP: RSS, Atom and JSON Feed, 304, retries, hostile and broken feeds, dedup."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from landscape.dataset import load_departements
from landscape.errors import LandscapeError
from landscape.io.http import Policy
from landscape.veille import inbox
from landscape.veille.feeds import FEED_MAX_BYTES, default_feeds, fetch, parse, plain_text
from landscape.veille.linking import Linker

DATA = Path(__file__).parent / "data" / "veille"
RSS = (DATA / "localtis.rss.xml").read_bytes()
ATOM = (DATA / "senat.atom.xml").read_bytes()
JSONFEED = (DATA / "mednum.feed.json").read_bytes()
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>lol</title><item><title>&lol3;</title><link>https://x.fr/a</link></item></channel></rss>"""
MALFORMED = b"<?xml version='1.0'?><html><body><p>Maintenance en cours</p>"


@pytest.fixture(scope="module")
def linker(real_map):
    return Linker.from_map(real_map, load_departements())


@pytest.fixture
def conn():
    c = sqlite3.connect(":memory:")
    c.execute("PRAGMA foreign_keys = ON")
    inbox.ensure_schema(c, defaults=False)
    yield c
    c.close()


class Server:
    """A fake web: path -> handler; records the requests it saw."""

    def __init__(self, routes):
        self.routes, self.seen = routes, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return self.routes[request.url.path](request)


def body(content: bytes, kind: str = "application/rss+xml", **headers):
    return lambda request: httpx.Response(200, content=content, headers={"Content-Type": kind, **headers})


def no_sleep() -> Policy:
    return Policy(sleep=lambda s: None)


def test_parse_rss_atom_jsonfeed_with_french_html_relative_links_and_missing_dates():
    _, rss = parse(RSS, "https://www.banquedesterritoires.fr/localtis/rss", "application/rss+xml")
    assert rss[0].link == "https://www.banquedesterritoires.fr/localtis/inclusion-numerique-anct-hubs-morbihan"
    assert rss[0].summary.startswith("Le Conseil départemental du Morbihan s'appuie")
    assert "<" not in rss[0].summary and "alert" not in rss[0].summary and "&amp;" not in rss[0].summary
    assert rss[0].published == "2026-03-11T07:30:00+00:00" and rss[1].published is None
    title, atom = parse(ATOM, "https://www.senat.fr/rss/rapports.rss", "application/atom+xml")
    assert title == "Sénat – Derniers rapports"
    assert atom[0].title == "Rapport d'information sur l'illectronisme : le Sénat interpelle l'État"
    assert atom[1].link == "https://www.senat.fr/commission/audition-adf.html"
    _, items = parse(JSONFEED, "https://lamednum.coop/feed.json", "application/feed+json")
    assert items[0].link == "https://lamednum.coop/actualites/assemblee-generale-2026"
    assert items[0].summary.startswith("Les sociétaires de La MedNum") and items[1].published is None


def test_billion_laughs_and_malformed_feeds_are_refused_in_one_line():
    with pytest.raises(LandscapeError, match="declares entities") as bomb:
        parse(BILLION_LAUGHS, "https://evil.example/feed", "application/rss+xml")
    with pytest.raises(LandscapeError, match="not a readable feed") as broken:
        parse(MALFORMED, "https://down.example/feed", "text/html")
    for exc in (bomb, broken):
        assert "\n" not in str(exc.value)
    with pytest.raises(LandscapeError, match="not a JSON Feed"):
        parse(b'{"hello": 1}', "https://x.example/feed.json", "application/json")


def test_plain_text_drops_tags_scripts_and_controls():
    assert plain_text("<p>Un <b>plan</b><script>x()</script> &eacute;t&eacute;</p>") == "Un plan été"
    assert plain_text("Titre\x1b[31m rouge\u202e inversé\x9b") == "Titre [31m rouge inversé"


def test_conditional_get_sends_validators_and_304_costs_nothing(conn, linker):
    def feed(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(200, content=RSS, headers={"Content-Type": "application/rss+xml", "ETag": '"v1"',
                                                         "Last-Modified": "Wed, 11 Mar 2026 08:00:00 GMT"})
    server = Server({"/rss": feed})
    inbox.add_feed(conn, "https://localtis.example/rss", name="Localtis")
    first = inbox.run(conn, linker, transport=httpx.MockTransport(server), policy=no_sleep())
    assert (first[0].status, first[0].new) == ("ok", 3)
    second = inbox.run(conn, linker, transport=httpx.MockTransport(server), policy=no_sleep())
    assert second[0].status == "not_modified" and second[0].new == 0
    assert server.seen[1].headers["If-Modified-Since"] == "Wed, 11 Mar 2026 08:00:00 GMT"
    assert len(inbox.items(conn)) == 3


def test_running_twice_adds_nothing_and_same_story_is_merged(conn, linker):
    republished = RSS.replace(b"localtis-2026-0311-1", b"gazette-99").replace(
        b"/localtis/inclusion-numerique-anct-hubs-morbihan", b"https://www.lagazettedescommunes.com/99/hubs")
    server = Server({"/rss": body(RSS), "/gazette": body(republished)})
    inbox.add_feed(conn, "https://localtis.example/rss", name="Localtis")
    inbox.add_feed(conn, "https://gazette.example/gazette", name="La Gazette")
    reports = inbox.run(conn, linker, transport=httpx.MockTransport(server), policy=no_sleep())
    assert [(r.new, r.merged) for r in reports] == [(3, 0), (0, 3)]
    again = inbox.run(conn, linker, transport=httpx.MockTransport(server), policy=no_sleep())
    assert [(r.new, r.merged) for r in again] == [(0, 0), (0, 0)]
    assert len(inbox.items(conn)) == 3
    also = json.loads(conn.execute("SELECT also FROM inbox_items WHERE guid = 'localtis-2026-0311-1'").fetchone()[0])
    assert also == [{"feed": "La Gazette", "link": "https://www.lagazettedescommunes.com/99/hubs",
                     "guid": "gazette-99"}]


def test_one_failing_feed_among_good_ones(conn, linker):
    def flaky(request, state={"n": 0}):
        state["n"] += 1
        if state["n"] == 1:
            return httpx.Response(503, headers={"Retry-After": "7"})
        return httpx.Response(200, content=ATOM, headers={"Content-Type": "application/atom+xml"})

    def timeout(request):
        raise httpx.ReadTimeout("slow", request=request)

    server = Server({"/rss": body(RSS), "/atom": flaky, "/json": body(JSONFEED, "application/feed+json"),
                     "/gone": lambda r: httpx.Response(404), "/bomb": body(BILLION_LAUGHS),
                     "/broken": body(MALFORMED, "text/html"), "/slow": timeout})
    for path in server.routes:
        inbox.add_feed(conn, f"https://feeds.example{path}", name=path.strip("/"))
    waits = []
    reports = inbox.run(conn, linker, transport=httpx.MockTransport(server),
                        policy=Policy(sleep=waits.append, attempts=2))
    status = {r.name: (r.status, r.new) for r in reports}
    assert status == {"rss": ("ok", 3), "atom": ("ok", 2), "json": ("ok", 2), "gone": ("error", 0),
                      "bomb": ("error", 0), "broken": ("error", 0), "slow": ("error", 0)}
    assert 7 in waits   # Retry-After honoured
    errors = {r.name: r.error for r in reports if r.error}
    assert "HTTP 404" in errors["gone"] and "entities" in errors["bomb"] and "timed out" in errors["slow"]
    assert all("\n" not in e for e in errors.values())
    assert conn.execute("SELECT last_error FROM feeds WHERE name = 'gone'").fetchone()[0] == errors["gone"]


def test_a_50_mb_feed_is_refused_by_the_size_cap(conn, linker):
    chunk = b"<!-- " + b"x" * (1024 * 1024 - 10) + b" -->"

    def huge(request):
        def stream():
            yield b'<?xml version="1.0"?><rss version="2.0"><channel>'
            for _ in range(50):
                yield chunk
        return httpx.Response(200, content=stream(), headers={"Content-Type": "application/rss+xml"})

    declared = lambda r: httpx.Response(200, content=b"", headers={"Content-Length": str(50 * 1024 * 1024)})
    server = Server({"/huge": huge, "/declared": declared, "/rss": body(RSS)})
    for path in server.routes:
        inbox.add_feed(conn, f"https://feeds.example{path}", name=path.strip("/"))
    reports = {r.name: r for r in inbox.run(conn, linker, transport=httpx.MockTransport(server), policy=no_sleep())}
    for name in ("huge", "declared"):
        assert reports[name].status == "error" and f"{FEED_MAX_BYTES}-byte limit" in reports[name].error
    assert reports["rss"].new == 3


def test_total_deadline_skips_what_is_left(linker):
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=RSS)))
    with pytest.raises(LandscapeError, match="deadline"):
        fetch("https://feeds.example/rss", client=client, deadline=0.0)


def test_items_are_linked_scored_and_filtered(conn, linker):
    server = Server({"/rss": body(RSS), "/atom": body(ATOM, "application/atom+xml")})
    for path in server.routes:
        inbox.add_feed(conn, f"https://feeds.example{path}", name=path.strip("/"))
    inbox.run(conn, linker, transport=httpx.MockTransport(server), policy=no_sleep(), focal="anct")
    rows = inbox.items(conn)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    hubs = next(r for r in rows if "hubs" in r["title"])
    assert {(l["kind"], l["id"], l["span"]) for l in hubs["links"]} >= {
        ("actor", "anct", "ANCT"), ("actor", "cd-morbihan", "Conseil départemental du Morbihan"),
        ("departement", "56", "le Morbihan"), ("actor", "la-mednum", "La MedNum")}
    pixel = next(r for r in rows if r["title"].startswith("Pixel"))
    assert [l["id"] for l in pixel["links"]] == ["pix"]   # "Pix" in the text, never "pixel"
    assert {r["id"] for r in inbox.items(conn, departement="64")} == {
        r["id"] for r in rows if r["title"].startswith("Audition")}
    assert inbox.items(conn, since="2026-03-10") and all(
        (r["published"] or "9") >= "2026-03-10" for r in inbox.items(conn, since="2026-03-10"))
    before = hubs["score"]
    inbox.follow(conn, "departement", "56", "Morbihan")
    inbox.relink(conn, linker, focal="anct")
    assert next(r for r in inbox.items(conn) if r["id"] == hubs["id"])["score"] > before
    assert inbox.public(hubs).keys() == {"id", "title", "link", "published", "feed", "score", "status", "links"}


def test_default_feeds_ship_with_publisher_and_verified_flag():
    feeds = default_feeds()
    assert len(feeds) >= 5 and all(f.publisher and f.url.startswith("https://") for f in feeds)
    c = sqlite3.connect(":memory:")
    inbox.ensure_schema(c)
    assert len(inbox.list_feeds(c)) == len(feeds)
    inbox.remove_feed(c, str(inbox.list_feeds(c)[0]["id"]))
    inbox.ensure_schema(c)   # a removed default stays removed
    assert len(inbox.list_feeds(c)) == len(feeds) - 1
