"""What every command shares: the store, ``--json`` output and safe terminal text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from landscape.i18n import N_, format_number, ngettext
from landscape.paths import default_db_path
from landscape.text import json_text, printable

if TYPE_CHECKING:
    from landscape.store.database import Store

T = TypeVar("T")


class AppContext:
    """Per-invocation state: the database path and the store, opened on first use."""

    def __init__(self, db_path: str | None):
        self.db_path = Path(db_path).expanduser() if db_path else default_db_path()
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from landscape.store.database import Store  # imported on first use: `landscape` alone must start fast

            self._store = Store.open(self.db_path)
            for notice in self._store.notices:  # an upgrade or a rebuild the user should know about
                click.echo(f"landscape: {printable(notice)}", err=True)
        return self._store

    def read_fast(self, opener: Callable[[Path], T]) -> T:
        """`opener(db_path)`, a reader on the standard library's sqlite3 (no models to import), once the
        database is one it can read: built on first use; upgraded, or its bundled map rebuilt, first when
        `Store.open` would do so (`landscape.store.summary.OutOfDate`)."""
        from landscape.store.summary import OutOfDate

        if not self.db_path.exists():
            self.store  # builds the database from the bundled datasets
        try:
            return opener(self.db_path)
        except OutOfDate:
            self.store  # Store.open brings it up to date (or says in one line why it cannot)
            return opener(self.db_path)


pass_app = click.make_pass_decorator(AppContext)


def json_option(func: Callable) -> Callable:
    """Add ``--json``: the command's result as JSON on stdout, the same whatever the language."""

    def json_in_english(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
        if value:
            english()
        return value

    return click.option("--json", "as_json", is_flag=True, callback=json_in_english,
                        help=N_("Print JSON instead of text."))(func)


def english() -> None:
    """JSON is for scripts: names derived from labels stay in English whatever the reader's language."""
    from landscape.i18n import set_lang

    set_lang("en")


def emit_json(value: Any) -> None:
    """`value` as JSON on stdout, control characters written as ``\\uXXXX`` escapes (`json_text`)."""
    click.echo(json_text(value))


def out(text: str = "", *, err: bool = False, **style: Any) -> None:
    """Print data as text, control characters shown, never obeyed."""
    click.echo(click.style(printable(text), **style) if style else printable(text), err=err)


def heading(text: str) -> None:
    out(text, bold=True)


def counted(kind: str, n: int) -> str:
    """A number of records of a kind (its table's name) in words: "240 sources", "1 acteur"."""
    shown = format_number(n)
    words = {
        "sources": ngettext("{n} source", "{n} sources", n), "actors": ngettext("{n} actor", "{n} actors", n),
        "plans": ngettext("{n} plan", "{n} plans", n), "events": ngettext("{n} event", "{n} events", n),
        "relations": ngettext("{n} relation", "{n} relations", n),
        "competitors": ngettext("{n} competitor", "{n} competitors", n), "offers": ngettext("{n} offer", "{n} offers", n),
        "lieux": ngettext("{n} place of help", "{n} places of help", n),
    }
    return words[kind].format(n=shown) if kind in words else f"{shown} {kind}"


def counts_text(counts: dict[str, int]) -> str:
    """Counts per kind in words, comma-separated."""
    return ", ".join(counted(kind, n) for kind, n in counts.items())
