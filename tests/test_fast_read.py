"""The commands' standard-library read paths print byte for byte what the model path prints."""

from __future__ import annotations

import json

import pytest

from landscape import plain
from landscape.dataset import TABLES
from landscape.models import BY_TABLE
from landscape.profile import display_name, dump
from landscape.store import Store, build
from landscape.text import printable
from tests.factories import tiny_map


def _model_listing(path, table: str) -> tuple[str, list]:
    """What ``landscape list TABLE`` printed when it read the models (text, JSON)."""
    store = Store.open(path)
    try:
        data = store.map()
        records = data.table(table)
        names = [display_name(data, r) + (" ⚠" if r.disputed else "") for r in records]
        width = min(60, max(map(len, names), default=0))
        lines = [f"{printable(name):<{width}}  " + printable(r.id) for r, name in zip(records, names)]
        lines.append(f"{len(records)} {table}")
        return "\n".join(lines) + "\n", [dump(r) for r in records]
    finally:
        store.close()


def test_fields_are_the_models_fields():
    for table, (kind, fields) in plain.FIELDS.items():
        model = BY_TABLE[table]
        assert model.kind_name == kind
        assert ("id", "sources", "disputes", *fields) == tuple(model.model_fields)
    assert set(plain.FIELDS) == set(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_list_reads_what_the_models_read(cli, real_db, table):
    text, records = _model_listing(real_db, table)
    assert records, f"the real map has {table}"
    r = cli("list", table, db=real_db)
    assert r.code == 0 and r.out == text
    r = cli("list", table, "--json", db=real_db)
    assert r.code == 0 and r.out == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_list_of_a_disputed_and_edited_map(cli, tmp_path):
    path = tmp_path / "tiny.db"
    build(path, tiny_map())
    for table in TABLES:
        text, records = _model_listing(path, table)
        assert cli("list", table, db=path).out == text
        assert cli("list", table, "--json", db=path).out == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
