"""URLs are validated as URLs: http(s), a host, no control or bidi character (issue 10, item 6)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from landscape.model.models import Actor, Offer, Source, check_url

DATASETS = Path(__file__).resolve().parent.parent / "datasets"

HOSTILE = [
    "https://evil.example/\x1b]52;c;U1JD\x07x",   # OSC 52: writes the clipboard
    "https://evil.example/\x1b[31m",              # CSI: colours the terminal
    "https://evil.example/\x1b]8;;https://x\x1b\\y",  # OSC 8 hyperlink
    "https://evil.example/\x9b31m",               # C1 CSI
    "https://evil.example/\u202egnp.exe",         # bidi override
    "https://evil.example/a\rb",
    "https://senat.fr./rap/r21-778/r21-7782.html",  # empty last label
    "ftp://example.org/x", "javascript:alert(1)", "https:///path-only", "https://ex ample.org/",
    "https://user:secret@example.org/", "https://example.org:99999/", "https://-bad.example/",
]
GOOD = ["https://example.org/a", "http://www.senat.fr/rap/r21-588/r21-5886.html", "https://ex.org:8080/x?y=1#z",
        "https://[2001:db8::1]/", "https://élysée.fr/", "https://127.0.0.1/x"]


@pytest.mark.parametrize("url", HOSTILE)
@pytest.mark.parametrize("model, field", [(Source, "url"), (Actor, "website"), (Offer, "website")])
def test_hostile_urls_are_refused(model, field, url):
    base = {Source: {"id": "s", "title": "t", "kind": "web"},
            Actor: {"id": "a", "name": "A", "kind": "association", "sources": ["s"]},
            Offer: {"id": "o", "name": "O", "owner": "a", "category": "service", "sources": ["s"]}}[model]
    with pytest.raises(ValidationError) as info:
        model(**base, **{field: url})
    assert info.value.errors()[0]["loc"] == (field,)


@pytest.mark.parametrize("url", GOOD)
def test_real_urls_pass(url):
    assert Source(id="s", title="t", kind="web", url=url).url == url


def _urls(value, where=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, str) and (key == "url" or key == "website"):
                yield f"{where}.{key}", inner
            else:
                yield from _urls(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _urls(inner, f"{where}[{i}]")


def test_every_url_in_the_datasets_is_a_valid_http_url():
    checked = 0
    for path in sorted(DATASETS.glob("*.toml")):
        for where, url in _urls(tomllib.loads(path.read_text(encoding="utf-8"))):
            try:
                check_url(url)
            except ValueError as exc:
                pytest.fail(f"{path.name}{where}: {exc}")
            assert url.startswith(("https://", "http://")), f"{path.name}{where}: {url}"
            checked += 1
    assert checked > 100  # the datasets cite well over a hundred pages
