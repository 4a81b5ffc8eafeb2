"""A total deadline per download: slowloris servers stop at the deadline with one line (issue 10, item 5).

The servers are real sockets on 127.0.0.1, started by the tests; no network is used.
"""

from __future__ import annotations

import json
import socketserver
import threading
import time
from collections.abc import Iterator

import pytest

from landscape.errors import LandscapeError
from landscape.io.http import Policy, download
from landscape.store.database import Store
from tests.test_opendata import db_hash


class _Trickle(socketserver.BaseRequestHandler):
    """Headers at once, then one byte of the body every `server.every` seconds (forever, or `server.silent`)."""

    def handle(self) -> None:
        self.request.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            data += chunk
        self.server.requests += 1
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {self.server.content_type}\r\nContent-Length: 1000000\r\n\r\n"
        self.request.sendall(head.encode() + self.server.prefix)
        while not self.server.stop.is_set():
            if self.server.stop.wait(self.server.every):
                return
            if not self.server.silent:
                try:
                    self.request.sendall(b"x")
                except OSError:  # the client gave up, as it should
                    return


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def slowloris() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Trickle)
    server.stop, server.every, server.silent, server.requests, server.prefix = threading.Event(), 0.1, False, 0, b"id,"
    server.content_type = "text/csv"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.stop.set()
    server.shutdown()
    server.server_close()


def url_of(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/lieux.csv"


@pytest.mark.parametrize("silent", [False, True], ids=["trickle", "silent"])
def test_a_slowloris_server_stops_at_the_deadline_with_one_line(cli, tiny_db, slowloris, silent):
    slowloris.silent = silent
    before = db_hash(Store.open(tiny_db))
    started = time.monotonic()
    r = cli("fetch", "lieux", "--url", url_of(slowloris), "--deadline", "1", db=tiny_db)
    took = time.monotonic() - started
    assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "1-second deadline" in r.err and "database unchanged" in r.err
    assert 0.9 <= took < 3.0, took
    assert db_hash(Store.open(tiny_db)) == before


def test_the_deadline_setting_is_the_default(cli, tiny_db, slowloris, tmp_path, monkeypatch):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"deadline": 0.5}))
    monkeypatch.setenv("LANDSCAPE_CONFIG", str(settings))
    started = time.monotonic()
    r = cli("fetch", "lieux", "--url", url_of(slowloris), db=tiny_db)
    assert r.code == 2 and "0.5-second deadline" in r.err
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("value", ['"soon"', "0", "-1", "true"])
def test_a_bad_deadline_setting_is_one_line(cli, tiny_db, tmp_path, monkeypatch, value):
    settings = tmp_path / "settings.json"
    settings.write_text('{"deadline": %s}' % value)
    monkeypatch.setenv("LANDSCAPE_CONFIG", str(settings))
    r = cli("fetch", "departements", "--url", "http://127.0.0.1:9/x", db=tiny_db)
    assert r.code == 2 and "unreadable settings" in r.err and "deadline" in r.err and r.err.count("\n") == 1


@pytest.mark.parametrize("command", [["departements"], ["population"], ["lieux"]])
def test_every_fetch_command_takes_a_deadline(cli, tiny_db, slowloris, command):
    slowloris.content_type = "text/csv" if command == ["lieux"] else "application/json"
    r = cli("fetch", *command, "--url", url_of(slowloris), "--deadline", "0.5", db=tiny_db)
    assert r.code == 2 and "0.5-second deadline" in r.err and r.err.count("\n") == 1


def test_the_deadline_covers_retries_and_their_waits():
    import httpx

    waits: list[float] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(503, headers={"Retry-After": "20"}))
    with pytest.raises(LandscapeError, match=r"20-second deadline.*HTTP 503"):
        with download("https://example.org/x", policy=Policy(deadline=20.0, sleep=waits.append),
                      transport=transport):
            pass
    assert waits == []  # waiting 20 s more would pass the deadline: stop now, say why
    with pytest.raises(LandscapeError, match="after 4 attempts"):
        with download("https://example.org/x", policy=Policy(deadline=200.0, sleep=waits.append),
                      transport=transport):
            pass
    assert waits == [20.0, 20.0, 20.0]


def test_a_fast_download_is_not_affected(tmp_path):
    import httpx

    body = b"x" * 300_000
    policy = Policy(deadline=5.0)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with download("https://example.org/x", policy=policy, transport=transport) as got:
        assert got.path.read_bytes() == body
