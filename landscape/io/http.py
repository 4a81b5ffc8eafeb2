"""Downloads over HTTP, done carefully: timeouts, a total deadline, retries with backoff, size cap, checked content.

Every failure becomes a one-line `LandscapeError` saying what happened. Bodies stream to a temporary
file, so a large or broken download never sits whole in memory and never reaches the database.

>>> with download("https://geo.api.gouv.fr/departements", accept=JSON_TYPES) as got:   # doctest: +SKIP
...     data = json.loads(got.path.read_bytes())
"""

from __future__ import annotations

import email.utils
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import httpx

from landscape.errors import LandscapeError
from landscape.i18n import _, ngettext
from landscape.io.limits import DEADLINE, MAX_BYTES

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
JSON_TYPES = ("application/json", "application/geo+json", "text/json")
CSV_TYPES = ("text/csv", "application/csv", "text/plain", "application/octet-stream", "application/vnd.ms-excel",
             "text/comma-separated-values")
USER_AGENT = "landscape/0.1 (open-data import; python-httpx)"


@dataclass
class Policy:
    """How patient and how trusting a download is. Tests pass ``sleep=lambda s: None``."""

    timeout: httpx.Timeout = field(default_factory=lambda: httpx.Timeout(30.0, connect=10.0))
    attempts: int = 4                 # first try + 3 retries
    backoff: float = 1.0              # seconds before the first retry, doubled each time
    max_delay: float = 30.0           # cap on any wait, Retry-After included
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    deadline: float = DEADLINE        # seconds for the whole download, retries and waits included
    sleep: Callable[[float], None] = field(default_factory=lambda: _pause)  # looked up late: tests patch it

    def delay(self, attempt: int, retry_after: float | None) -> float:
        wait = retry_after if retry_after is not None else self.backoff * 2 ** attempt
        return max(0.0, min(wait, self.max_delay))


def _pause(seconds: float) -> None:
    time.sleep(seconds)


@dataclass
class Downloaded:
    """A finished download: the body in a temporary file (deleted when the context ends)."""

    url: str
    path: Path
    size: int
    content_type: str


def make_client(policy: Policy | None = None, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    policy = policy or Policy()
    return httpx.Client(timeout=policy.timeout, follow_redirects=True, max_redirects=policy.max_redirects,
                        transport=transport, headers={"User-Agent": USER_AGENT})


def retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait (``Retry-After``: seconds or an HTTP date), if any."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now if now is not None else datetime.now(timezone.utc).timestamp()
    return max(0.0, when.timestamp() - now)


def media_type(response: httpx.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


class _Retry(Exception):
    """A failure worth another attempt; `message` is what the user sees if attempts run out."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.message, self.wait = message, wait


@contextmanager
def download(url: str, *, accept: tuple[str, ...] = (), policy: Policy | None = None,
             transport: httpx.BaseTransport | None = None, client: httpx.Client | None = None,
             progress: Callable[[int], None] | None = None) -> Iterator[Downloaded]:
    """Download `url` to a temporary file, retrying what can be retried; yield it, then delete it.

    `accept` lists acceptable media types (empty: any); a missing Content-Type is accepted.
    """
    policy = policy or Policy()
    own = client is None
    client = client or make_client(policy, transport)
    end = time.monotonic() + policy.deadline
    fd, name = tempfile.mkstemp(prefix="landscape-download-", suffix=".part")
    os.close(fd)
    path = Path(name)
    try:
        last = ""
        for attempt in range(policy.attempts):
            try:
                got = _attempt(client, url, path, accept, policy, progress, end)
                break
            except _Retry as retry:
                last = retry.message
                if attempt + 1 < policy.attempts:
                    wait = policy.delay(attempt, retry.wait)
                    if time.monotonic() + wait >= end:
                        raise _deadline(url, policy, last) from None
                    policy.sleep(wait)
        else:
            raise LandscapeError(ngettext("{url}: download failed after {n} attempt: {problem}",
                                          "{url}: download failed after {n} attempts: {problem}", policy.attempts)
                                 .format(url=url, n=policy.attempts, problem=last))
        yield got
    finally:
        path.unlink(missing_ok=True)
        if own:
            client.close()


def _deadline(url: str, policy: Policy, last: str = "") -> LandscapeError:
    why = _("; last problem: {problem}").format(problem=last) if last else ""
    return LandscapeError(_("{url}: download stopped at its {seconds}-second deadline (--deadline){why}; database "
                            "unchanged").format(url=url, seconds=f"{policy.deadline:g}", why=why))


def _timeout(policy: Policy, remaining: float) -> httpx.Timeout:
    """The policy's timeouts, none longer than what is left before the deadline."""
    t = policy.timeout

    def cap(value: float | None) -> float:
        return remaining if value is None else min(value, remaining)

    return httpx.Timeout(connect=cap(t.connect), read=cap(t.read), write=cap(t.write), pool=cap(t.pool))


@contextmanager
def _watchdog(response: httpx.Response, at: float) -> Iterator[None]:
    """Shut the connection down at the monotonic time `at`, so a read blocked on a trickle returns then.

    Timeouts bound each read, not the whole body: a server sending a byte now and then never trips them.
    """
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is None:  # a mock transport: the checks between reads are enough
        yield
        return

    def shut() -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    timer = threading.Timer(max(0.0, at - time.monotonic()), shut)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _attempt(client: httpx.Client, url: str, path: Path, accept: tuple[str, ...], policy: Policy,
             progress: Callable[[int], None] | None, end: float) -> Downloaded:
    remaining = end - time.monotonic()
    if remaining <= 0:
        raise _deadline(url, policy)
    try:
        with client.stream("GET", url, timeout=_timeout(policy, remaining)) as response, _watchdog(response, end):
            status = response.status_code
            if status in RETRY_STATUSES:
                raise _Retry(f"HTTP {status} {response.reason_phrase}".strip(), retry_after(response))
            if status >= 400:
                raise LandscapeError(_("{url}: {problem}").format(
                    url=url, problem=f"HTTP {status} {response.reason_phrase}".strip()))
            kind = media_type(response)
            if accept and kind and kind not in accept:
                raise LandscapeError(_("{url}: unexpected content type {kind} (expected {expected})").format(
                    url=url, kind=repr(kind), expected=", ".join(accept)))
            declared = _content_length(response)
            if declared is not None and declared > policy.max_bytes:
                raise LandscapeError(_("{url}: refused: {size} bytes is over the {limit}-byte limit").format(
                    url=url, size=declared, limit=policy.max_bytes))
            written = 0
            with path.open("wb") as fh:
                for chunk in response.iter_bytes():  # each read as it arrives: a trickle still meets the deadline
                    if time.monotonic() >= end:
                        raise _deadline(url, policy)
                    written += len(chunk)
                    if written > policy.max_bytes:
                        raise LandscapeError(_("{url}: refused: the body exceeds the {limit}-byte limit").format(
                            url=url, limit=policy.max_bytes))
                    fh.write(chunk)
                    if progress:
                        progress(written)
            # Content-Length counts the bytes on the wire, before any gzip decoding.
            encoded = response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity")
            received = response.num_bytes_downloaded if encoded else written
            if declared is not None and received < declared:
                raise _Retry(_("truncated body: got {received} of {declared} bytes").format(received=received,
                                                                                          declared=declared))
            return Downloaded(str(response.url), path, written, kind)
    except httpx.TooManyRedirects:
        raise LandscapeError(_("{url}: more than {n} redirects").format(url=url, n=policy.max_redirects)) from None
    except httpx.TimeoutException as exc:
        if time.monotonic() >= end - 0.01:  # the timeout was the deadline's
            raise _deadline(url, policy, _("timed out ({error})").format(error=type(exc).__name__)) from None
        raise _Retry(_("timed out ({error})").format(error=type(exc).__name__)) from None
    except httpx.UnsupportedProtocol as exc:
        raise LandscapeError(_("{url}: {problem}").format(url=url, problem=exc)) from None
    except httpx.InvalidURL as exc:
        raise LandscapeError(_("{url}: invalid URL ({error})").format(url=url, error=exc)) from None
    except httpx.TransportError as exc:  # connection refused or reset, DNS, incomplete chunked body...
        if time.monotonic() >= end:  # the watchdog shut the connection down
            raise _deadline(url, policy, f"{type(exc).__name__}") from None
        raise _Retry(f"{type(exc).__name__}: {exc or _('connection error')}") from None
    except httpx.DecodingError as exc:
        raise LandscapeError(_("{url}: {problem}").format(
            url=url, problem=_("corrupt compressed body ({error})").format(
            error=exc))) from None


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Length", "")
    return int(value) if value.strip().isdigit() else None


def get_json(url: str, *, policy: Policy | None = None, transport: httpx.BaseTransport | None = None,
             client: httpx.Client | None = None) -> object:
    """Download `url` and parse it as JSON; a body that is not JSON is a one-line error."""
    import json

    with download(url, accept=JSON_TYPES, policy=policy, transport=transport, client=client) as got:
        try:
            return json.loads(got.path.read_bytes())
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise LandscapeError(_("{url}: not valid JSON ({error})").format(url=url, error=exc)) from None
        except RecursionError:
            raise LandscapeError(_("{url}: {problem}").format(url=url, problem=_("JSON nested too deeply"))) from None
