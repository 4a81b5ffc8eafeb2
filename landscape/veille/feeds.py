"""Feeds to follow and how they are read: RSS, Atom and JSON Feed, fetched with care, parsed safely.

Fetching reuses `landscape.io.http` (its client, timeouts, retry policy and Retry-After reading) and
adds what feeds need: conditional GET (ETag / Last-Modified, so an unchanged feed costs one empty
304), an in-memory size cap and a deadline shared by a whole run. XML goes through defusedxml
before feedparser sees it, so entity tricks (billion laughs, external entities) are refused.
"""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from html.parser import HTMLParser
from importlib import resources
from urllib.parse import urljoin, urlsplit

import httpx

from landscape.errors import LandscapeError
from landscape.i18n import N_, _
from landscape.io.http import RETRY_STATUSES, Policy, make_client, media_type, retry_after

FEED_MAX_BYTES = 10 * 1024 * 1024   # a real feed is well under 1 MB; 10 MB is generous
RUN_DEADLINE = 120.0                 # seconds for a whole `watch run`
SUMMARY_CHARS = 400
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")

MESSAGES = {
    "deadline": N_("skipped: the run's deadline passed"),
    "too_big": N_("refused: the feed exceeds the {limit}-byte limit"),
    "entities": N_("refused: the XML declares entities ({why})"),
    "malformed": N_("not a readable feed ({why})"),
    "http": "HTTP {status} {reason}",
    "failed": N_("failed after {tries} attempts: {why}"),
}


def _problem(url: str, key: str, **values: object) -> LandscapeError:
    """The one-line error "<url>: <MESSAGES[key]>" in the current language."""
    return _at(url, _(MESSAGES[key]).format(**values).strip())


def _at(url: str, problem: object) -> LandscapeError:
    return LandscapeError(_("{url}: {problem}").format(url=url, problem=problem))


@dataclass(frozen=True)
class DefaultFeed:
    """A public feed of the field shipped with the package."""

    name: str
    url: str
    publisher: str
    tag: str | None
    verified: bool


def default_feeds() -> list[DefaultFeed]:
    """The feeds followed by default (``default_feeds.json`` in this package)."""
    raw = json.loads(resources.files(__package__).joinpath("default_feeds.json").read_text(encoding="utf-8"))
    return [DefaultFeed(f["name"], f["url"], f["publisher"], f.get("tag"), bool(f.get("verified")))
            for f in raw["feeds"]]


def check_url(url: str) -> str:
    """`url` if it is an absolute http(s) address, else a one-line error."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LandscapeError(_("{url}: a feed address must be an absolute http(s) URL").format(url=repr(url)))
    return url


# --- fetching ------------------------------------------------------------------------------------
@dataclass
class Fetched:
    """What one conditional GET gave: a body, or ``not_modified``."""

    url: str
    body: bytes | None
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.body is None


class _Retry(Exception):
    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.message, self.wait = message, wait


def fetch(url: str, *, client: httpx.Client, etag: str | None = None, last_modified: str | None = None,
          policy: Policy | None = None, deadline: float | None = None, max_bytes: int = FEED_MAX_BYTES) -> Fetched:
    """GET `url` with the validators of the last fetch; retry 429/5xx (honouring Retry-After) until `deadline`.

    `deadline` is a `time.monotonic()` instant shared by a run; raises `LandscapeError` (one line).
    """
    policy = policy or Policy()
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    last = ""
    for attempt in range(policy.attempts):
        if deadline is not None and time.monotonic() >= deadline:
            raise _problem(url, "deadline")
        try:
            return _get(client, url, headers, max_bytes, deadline)
        except _Retry as retry:
            last = retry.message
            if attempt + 1 < policy.attempts:
                wait = policy.delay(attempt, retry.wait)
                if deadline is not None and time.monotonic() + wait >= deadline:
                    break
                policy.sleep(wait)
    raise _problem(url, "failed", tries=attempt + 1, why=last)


def _get(client: httpx.Client, url: str, headers: dict[str, str], max_bytes: int, deadline: float | None) -> Fetched:
    timeout = client.timeout
    if deadline is not None:
        left = max(0.1, deadline - time.monotonic())
        timeout = httpx.Timeout(min(left, timeout.read or left), connect=min(left, timeout.connect or left))
    try:
        with client.stream("GET", url, headers=headers, timeout=timeout) as response:
            status = response.status_code
            if status in RETRY_STATUSES:
                raise _Retry(MESSAGES["http"].format(status=status, reason=response.reason_phrase).strip(),
                             retry_after(response))
            validators = response.headers.get("ETag"), response.headers.get("Last-Modified")
            if status == 304:
                return Fetched(str(response.url), None, "", *validators)
            if status >= 400:
                raise _problem(url, "http", status=status, reason=response.reason_phrase or "")
            declared = response.headers.get("Content-Length", "")
            too_big = _problem(url, "too_big", limit=max_bytes)
            if declared.strip().isdigit() and int(declared) > max_bytes:
                raise too_big
            chunks, size = [], 0
            for chunk in response.iter_bytes(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise too_big
                chunks.append(chunk)
                if deadline is not None and time.monotonic() > deadline:
                    raise _problem(url, "deadline")
            return Fetched(str(response.url), b"".join(chunks), media_type(response), *validators)
    except httpx.TooManyRedirects:
        raise _at(url, _("too many redirects")) from None
    except httpx.TimeoutException as exc:
        raise _Retry(_("timed out ({error})").format(error=type(exc).__name__)) from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise _at(url, exc) from None
    except httpx.TransportError as exc:
        raise _Retry(f"{type(exc).__name__}: {exc or _('connection error')}") from None
    except httpx.DecodingError as exc:
        raise _at(url, _("corrupt compressed body ({error})").format(error=exc)) from None


def client(policy: Policy | None = None, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The project's HTTP client (`landscape.io.http.make_client`), shared by the feeds of a run."""
    return make_client(policy, transport)


# --- parsing -------------------------------------------------------------------------------------
@dataclass
class FeedItem:
    """One entry of a feed, reduced to what the inbox keeps."""

    guid: str
    link: str | None
    title: str
    summary: str
    published: str | None   # ISO 8601 (UTC) or None when the feed gives no date


def parse(body: bytes, url: str, content_type: str = "") -> tuple[str | None, list[FeedItem]]:
    """The feed's own title and its items; `url` resolves relative links. Raises `LandscapeError`."""
    head = body.lstrip()[:1]
    if content_type in ("application/feed+json", "application/json") or head == b"{":
        return _parse_json_feed(body, url)
    _refuse_entities(body, url)
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url, "content-type":
                                                     content_type or "application/xml"})
    if not parsed.get("version") and not parsed.entries:
        raise _problem(url, "malformed", why=_("neither RSS, Atom nor JSON Feed"))
    items = []
    for entry in parsed.entries:
        link = _absolute(url, entry.get("link"))
        title = plain_text(entry.get("title") or "")
        summary = plain_text(entry.get("summary") or _first_content(entry) or "")
        date = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime(*date[:6], tzinfo=timezone.utc).isoformat(timespec="seconds") if date else None
        guid = entry.get("id") or link or title
        if not (title or summary) or not guid:
            continue
        items.append(FeedItem(str(guid), link, title or shorten(summary, 90), shorten(summary), published))
    if parsed.get("bozo") and not items:   # broken XML that feedparser could not make sense of
        why = str(parsed.get("bozo_exception") or _("no entries")).splitlines()[0]
        raise _problem(url, "malformed", why=why)
    return plain_text(parsed.feed.get("title") or "") or None, items


def _first_content(entry: dict) -> str:
    content = entry.get("content") or []
    return content[0].get("value", "") if content else ""


def _refuse_entities(body: bytes, url: str) -> None:
    """Refuse XML that declares entities or fetches external ones; malformed XML is left to feedparser."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise _problem(url, "entities", why=type(exc).__name__) from None
    except (ParseError, ValueError):
        if re.search(rb"<!ENTITY", body[:65536], re.IGNORECASE):
            raise _problem(url, "entities", why=_("in malformed XML")) from None


def _parse_json_feed(body: bytes, url: str) -> tuple[str | None, list[FeedItem]]:
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _problem(url, "malformed", why=_("invalid JSON: {error}").format(error=exc)) from None
    if not isinstance(raw, dict) or not str(raw.get("version", "")).startswith("https://jsonfeed.org/version/") \
            or not isinstance(raw.get("items"), list):
        raise _problem(url, "malformed", why=_("JSON that is not a JSON Feed"))
    base = raw.get("home_page_url") if isinstance(raw.get("home_page_url"), str) else url
    items = []
    for entry in raw["items"]:
        if not isinstance(entry, dict):
            continue
        link = _absolute(urljoin(url, base), entry.get("url") if isinstance(entry.get("url"), str) else None)
        title = plain_text(str(entry.get("title") or ""))
        text = entry.get("summary") or entry.get("content_text") or entry.get("content_html") or ""
        summary = plain_text(str(text))
        guid = str(entry.get("id") or link or title)
        if not (title or summary):
            continue
        items.append(FeedItem(guid, link, title or shorten(summary, 90), shorten(summary),
                              _iso(entry.get("date_published") or entry.get("date_modified"))))
    title = raw.get("title")
    return (plain_text(title) if isinstance(title, str) else None), items


def _iso(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def _absolute(base: str, link: object) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    absolute = urljoin(base, link.strip())
    if _CONTROLS.search(absolute) or " " in absolute:
        return None
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("br", "p", "div", "li", "h1", "h2", "h3", "h4"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


# C0 and C1 controls and the bidirectional controls: feed text never carries them into the inbox.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain_text(value: str) -> str:
    """HTML reduced to its text on one line: tags dropped, entities decoded, controls removed, spaces collapsed."""
    if "<" in value:
        parser = _Text()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    else:
        value = html.unescape(value)
    return " ".join(_CONTROLS.sub(" ", value).split())


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
