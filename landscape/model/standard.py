"""The national data standard for digital-inclusion places (``standard-mediation-num`` v1.0.2).

The field rules come from the standard's own Table Schema, bundled as
``landscape/data/standard-mediation-num.schema.json``: required fields, patterns, maximum lengths,
the date type, and the vocabularies of the multi-value fields (``A|B|C``), read out of their patterns.

`validate(row)` returns the cleaned row, warnings (an optional field that broke the standard and was
dropped, or a value removed from a list) and errors (the row cannot be kept).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from landscape.io.lieux import STANDARD_FIELDS
from landscape.text import UNSAFE
from landscape.model.vocab import DEPARTEMENT_CODES

SCHEMA_FILE = "standard-mediation-num.schema.json"
MULTI_SEPARATOR = "|"
_VOCAB_PATTERN = re.compile(r"^\(\?:\(\?:\^\|\\\|\)\((?P<alternatives>.*)\)\)\+\$$")
_DEPARTEMENTS = frozenset(DEPARTEMENT_CODES)
# The standard caps only presentation_resume; a name of megabytes is still not a name. Longer values
# are refused (required field) or dropped (optional one), as for any other break of the standard.
MAX_LENGTH = 1000
MAX_LENGTHS = {"presentation_detail": 20000, "horaires": 4000, "courriels": 2000, "autres_formations_labels": 2000}


@dataclass(frozen=True)
class Rule:
    """What the standard says about one field."""

    name: str
    type: str = "string"
    required: bool = False
    pattern: re.Pattern[str] | None = None
    max_length: int | None = None
    vocabulary: tuple[str, ...] = ()   # the allowed values of a multi-value field, in the schema's order


@dataclass(frozen=True)
class Issue:
    field: str
    reason: str


@cache
def schema() -> dict[str, Any]:
    """The bundled Table Schema of the standard."""
    text = resources.files("landscape").joinpath("data", SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _vocabulary(pattern: str) -> tuple[str, ...]:
    """The values of a ``(?:(?:^|\\|)(A|B))+$`` pattern; () if the pattern has another shape."""
    match = _VOCAB_PATTERN.match(pattern)
    if not match:
        return ()
    values = tuple(re.sub(r"\\(.)", r"\1", v) for v in match["alternatives"].split("|"))
    compiled = re.compile(pattern)
    return values if all(compiled.fullmatch(v) for v in values) else ()


@cache
def rules() -> dict[str, Rule]:
    """One `Rule` per field of the standard, by name."""
    out = {}
    for f in schema()["fields"]:
        c = f.get("constraints", {})
        pattern = c.get("pattern")
        out[f["name"]] = Rule(
            name=f["name"], type=f.get("type", "string"), required=bool(c.get("required")),
            pattern=re.compile(pattern) if pattern else None, max_length=c.get("maxLength"),
            vocabulary=_vocabulary(pattern) if pattern else ())
    missing = set(STANDARD_FIELDS) ^ set(out)
    if missing:  # the bundled schema and the table must describe the same fields
        raise RuntimeError(f"standard schema and lieux table disagree on {sorted(missing)}")
    return out


def required_fields() -> tuple[str, ...]:
    return tuple(n for n, r in rules().items() if r.required)


def vocabulary(field_name: str) -> tuple[str, ...]:
    return rules()[field_name].vocabulary


def departement_of(code_insee: str | None, code_postal: str | None) -> str | None:
    """The département of a place: from its INSEE commune code, else from its postal code."""
    if code_insee and len(code_insee) == 5:
        code = code_insee[:3] if code_insee.startswith("97") else code_insee[:2]
        if code in _DEPARTEMENTS:
            return code
    if code_postal and len(code_postal) == 5 and code_postal.isdigit():
        if code_postal.startswith("97"):
            code = code_postal[:3]
        elif code_postal.startswith("20"):  # Corsica: 200xx-201xx Corse-du-Sud, 202xx and 206xx Haute-Corse
            code = "2A" if code_postal[2] in "01" else "2B"
        else:
            code = code_postal[:2]
        if code in _DEPARTEMENTS:
            return code
    return None


def _split(value: str, vocab: tuple[str, ...]) -> list[str]:
    """Values of a multi-value field; the old ``;`` separator only when every part is a known value."""
    if MULTI_SEPARATOR not in value and ";" in value and value not in vocab:
        parts = [p.strip() for p in value.split(";") if p.strip()]
        if parts and all(p in vocab for p in parts):
            return parts
    return [p.strip() for p in value.split(MULTI_SEPARATOR) if p.strip()]


def validate(row: dict[str, Any]) -> tuple[dict[str, Any], list[Issue], list[Issue]]:
    """Check one place against the standard: (clean row, warnings, errors).

    Values are stripped and empty ones become None. A required field that is missing or invalid is an
    error; an optional field that breaks the standard is dropped with a warning; unknown values of a
    multi-value field are removed with a warning, the known ones kept.
    """
    clean: dict[str, Any] = {}
    warnings: list[Issue] = []
    errors: list[Issue] = []
    get = row.get
    # One search over the whole row: most rows hold no control character, and then no field needs a look.
    suspect = UNSAFE.search("".join([v for v in row.values() if v.__class__ is str])) is not None
    for name, required, check, limit in _plan():
        value = get(name)
        if value.__class__ is str:
            value = value.strip()
            if suspect:
                value = value.replace("\r\n", "\n")
                bad = UNSAFE.search(value)
                if bad:
                    problem = f"contains a control character (U+{ord(bad.group()):04X})"
                    clean[name] = None
                    (errors if required else warnings).append(Issue(name, problem if required else f"{problem}; dropped"))
                    continue
            if len(value) > limit:
                problem = f"longer than {limit} characters ({len(value)})"
                clean[name] = None
                (errors if required else warnings).append(Issue(name, problem if required else f"{problem}; dropped"))
                continue
        if value is None or value == "":
            clean[name] = None
            if required:
                errors.append(Issue(name, "required field is missing"))
            continue
        if check is None:
            clean[name] = value
            continue
        problem, value, warning = check(value)
        if warning:
            warnings.append(Issue(name, warning))
        if problem:
            clean[name] = None
            (errors if required else warnings).append(Issue(name, problem if required else f"{problem}; dropped"))
        else:
            clean[name] = value
    lat, lon = clean["latitude"], clean["longitude"]
    if (lat is None) != (lon is None):
        warnings.append(Issue("latitude" if lat is None else "longitude",
                              "coordinates need both latitude and longitude; dropped"))
        clean["latitude"] = clean["longitude"] = None
    clean["departement_code"] = departement_of(clean["code_insee"], clean["code_postal"])
    if clean["departement_code"] is None and not errors:
        warnings.append(Issue("code_postal", "no French département matches code_insee or code_postal"))
    return clean, warnings, errors


Check = Callable[[Any], tuple[str | None, Any, str | None]]  # value -> (problem, clean value, warning)


@cache
def _plan() -> tuple[tuple[str, bool, Check | None, int], ...]:
    """Per field: (name, required, checker or None when any text is fine, longest text accepted)."""
    return tuple((name, rule.required, _checker(rule), max_length(name)) for name, rule in rules().items())


def max_length(field_name: str) -> int:
    """The longest value a field may hold: the standard's own cap, else ours (`MAX_LENGTH`, `MAX_LENGTHS`)."""
    return rules()[field_name].max_length or MAX_LENGTHS.get(field_name, MAX_LENGTH)


def _checker(rule: Rule) -> Check | None:
    if rule.type == "number":
        limit = 90.0 if rule.name == "latitude" else 180.0 if rule.name == "longitude" else float("inf")

        def number(value: Any) -> tuple[str | None, Any, str | None]:
            try:
                n = float(value)
            except (TypeError, ValueError):
                return f"not a number: {value!r}", None, None
            if n != n or abs(n) > limit:
                return f"out of range: {value!r}", None, None
            return None, n, None
        return number
    if rule.type == "date":
        @lru_cache(maxsize=4096)
        def iso_date(value: str) -> tuple[str | None, Any, str | None]:
            text = value[:10] if len(value) > 10 and value[10] == "T" else value  # a datetime: its date
            try:
                return None, date.fromisoformat(text).isoformat(), None
            except ValueError:
                return f"not an ISO date (YYYY-MM-DD): {_short(value)!r}", None, None
        return iso_date
    if rule.vocabulary:
        allowed = frozenset(rule.vocabulary)

        @lru_cache(maxsize=4096)  # lists repeat a lot across places
        def values(value: str) -> tuple[str | None, Any, str | None]:
            parts = _split(value, rule.vocabulary)
            known = [p for p in parts if p in allowed]
            unknown = [p for p in parts if p not in allowed]
            if not known:
                return f"no value of the standard's list: {_short(value)!r}", None, None
            warning = (f"value{'s' if len(unknown) > 1 else ''} not in the standard's list dropped: "
                       f"{', '.join(map(repr, unknown))}") if unknown else None
            return None, MULTI_SEPARATOR.join(dict.fromkeys(known)), warning
        return values
    if rule.pattern or rule.max_length:
        pattern, limit = rule.pattern, rule.max_length

        def text(value: Any) -> tuple[str | None, Any, str | None]:
            if not isinstance(value, str):
                value = str(value)
            if pattern and not pattern.fullmatch(value):
                return f"does not match the standard's pattern: {_short(value)!r}", None, None
            if limit and len(value) > limit:
                return f"longer than {limit} characters ({len(value)})", None, None
            return None, value, None
        return text
    return None


def _short(value: str, width: int = 60) -> str:
    return value if len(value) <= width else value[:width - 1] + "…"
