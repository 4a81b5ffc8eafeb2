"""A kind of record as an option or argument: singular or plural accepted ("plan" or "plans")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from landscape.store.search_index import TABLE_OF
from landscape.store.summary import RECORD_TABLES

# Every kind's singular and plural (= the models' kind_name and table, without importing the models,
# which are slow to import); places ("lieux") are a kind of search hit, not a curated table.
PLURALS: dict[str, str] = {**{k: t for k, t in TABLE_OF.items() if t in RECORD_TABLES}, "lieu": "lieux"}
_EXTRA = {"place": "lieu", "places": "lieu"}


class KindChoice(click.Choice):
    """One of `kinds` (given in the form the command wants); the other number and any case are accepted."""

    def __init__(self, kinds: Sequence[str]) -> None:
        super().__init__(list(kinds))
        self._forms: dict[str, str] = {}
        singular_of = {plural: singular for singular, plural in PLURALS.items()}
        for kind in kinds:
            singular = singular_of.get(kind, kind)
            for form in (singular, PLURALS.get(singular, kind)):
                self._forms[form] = kind
            for extra, target in _EXTRA.items():
                if target == singular:
                    self._forms[extra] = kind

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            value = self._forms.get(value.strip().casefold(), value)
        return super().convert(value, param, ctx)

    def listed(self) -> str:
        """The kinds, for a help text."""
        return ", ".join(map(str, self.choices))
