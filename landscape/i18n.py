"""Languages: French for French users, English otherwise; interface strings, labels, dates and numbers.

The language is, first to last: the ``--lang`` option, the ``lang`` setting, then the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``fr*`` means French). `set_lang` sets it for the whole process
(the dashboard's worker threads see it too); `using_lang` overrides it for one block of code in one thread
or task. Interface strings go through `_()`,
backed by the gettext catalog in ``landscape/locale`` (extracted and compiled with Babel); curated texts
have a French twin (``summary_fr`` beside ``summary``) that `text_of` picks. JSON never changes with the
language: keys and vocabulary values are identifiers.

>>> set_lang("fr"); _("Sources"), format_date("2017-12-12")   # doctest: +SKIP
('Sources', '12 décembre 2017')
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES = ("fr", "en")
DOMAIN = "landscape"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_process_lang = "en"  # the language of the whole process: threads do not inherit a ContextVar's value
_override: ContextVar[str | None] = ContextVar("lang", default=None)


def lang_from_environment(environ: dict[str, str] | None = None) -> str:
    """French when the locale says French (LC_ALL, then LC_MESSAGES, then LANG), else English."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def resolve_lang(option: str | None = None, setting: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The language to use: the option, else the setting, else the environment."""
    for choice in (option, setting):
        if choice in LANGUAGES:
            return choice
    return lang_from_environment(environ)


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose {', '.join(LANGUAGES)}")
    return lang


def set_lang(lang: str) -> None:
    """Use `lang` from now on, in every thread (and in this context's `using_lang` block, if any)."""
    global _process_lang
    _process_lang = _check(lang)
    if _override.get() is not None:
        _override.set(lang)


def get_lang() -> str:
    return _override.get() or _process_lang


@contextmanager
def using_lang(lang: str) -> Iterator[None]:
    """Use `lang` inside the block, in this thread or task only; the process keeps its language."""
    token = _override.set(_check(lang))
    try:
        yield
    finally:
        _override.reset(token)


@lru_cache(maxsize=None)
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def _(message: str) -> str:
    """`message` in the current language (itself when the catalog has no translation)."""
    if get_lang() == "en" or not message:  # gettext("") is the catalog's header
        return message
    return _catalog(get_lang()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if get_lang() == "en":
        return singular if n == 1 else plural
    return _catalog(get_lang()).ngettext(singular, plural, n)


def text_of(record: Any, field: str) -> Any:
    """A curated text in the current language: the ``_fr`` twin in French when there is one."""
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name, None)
    if get_lang() == "fr":
        twin = get(f"{field}_fr")
        if twin:
            return twin
    return get(field)


# What Babel writes for French months; kept here because loading Babel's French data costs a `show` 35 ms.
_FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                  "novembre", "décembre")


def format_date(value: str | None) -> str:
    """A partial ISO date as people write it: « 12 décembre 2017 », « décembre 2017 », « 2017 »."""
    if not value:
        return ""
    import datetime as dt

    parts = value.split("-")
    try:
        day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1) \
            if len(parts) in (2, 3) else None
    except ValueError:
        return value
    if day is None:
        return value
    if get_lang() == "fr":
        month = f"{_FRENCH_MONTHS[day.month - 1]} {day.year}"
        return f"{day.day} {month}" if len(parts) == 3 else month
    from babel.dates import format_date as babel_date

    return babel_date(day, format="d MMMM y" if len(parts) == 3 else "MMMM y", locale=get_lang())


def format_number(value: float | int) -> str:
    """« 45 000 » in French, "45,000" in English."""
    if isinstance(value, int) and not isinstance(value, bool):  # what Babel writes, without loading it (counts)
        return f"{value:,}".replace(",", "\u202f" if get_lang() == "fr" else ",")
    from babel.numbers import format_decimal

    return format_decimal(value, locale=get_lang())


def decimal(value: float, spec: str = "g") -> str:
    """`value` formatted with `spec` (".3f", "g") and the language's decimal mark: « 0,125 ». No Babel: fast."""
    text = format(value, spec)
    return text.replace(".", ",") if get_lang() == "fr" else text


def percent(share: float) -> str:
    """A share of 1 as a whole percentage: "45%", « 45 % » (narrow no-break space) in French."""
    return f"{share:.0%}".replace("%", "\u202f%") if get_lang() == "fr" else f"{share:.0%}"


def N_(message: str) -> str:
    """Mark `message` for the catalog where it is defined; translate it with `_()` where it is shown."""
    return message


def display_date(value: str | None) -> str:
    """A date as the current language shows it: ISO in English (compact, sortable), words in French."""
    if not value:
        return ""
    return format_date(value) if get_lang() == "fr" else value


def colon() -> str:
    """":" as the current language writes it after a word (French: a no-break space before)."""
    return "\u00a0:" if get_lang() == "fr" else ":"


def semicolon() -> str:
    return "\u202f;" if get_lang() == "fr" else ";"
