"""The commands' standard-library read paths print byte for byte what the model path prints."""

from __future__ import annotations

import json

import pytest

from landscape.store import plain
from landscape.dataset import TABLES
from landscape.model.models import BY_TABLE
from landscape.analysis.profile import display_name, dump, profile
from landscape.store.database import Store, build
from landscape.text import printable
from landscape.cli.common import counted
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
        lines.append(counted(table, len(records)))
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


# --- show -------------------------------------------------------------------------------------------

def _both_maps(path):
    import sqlite3

    store = Store.open(path)
    conn = sqlite3.connect(path)
    return store, store.map(), conn, plain.PlainMap(conn)


def test_profile_of_every_record_reads_the_same(real_db, capsys):
    """Every record of the real map: the same profile, printed the same, from the models and from sqlite3."""
    from landscape.cli import core

    store, models, conn, plains = _both_maps(real_db)
    try:
        for table in TABLES:
            plain_index = plains.index(table)
            assert list(plain_index) == [r.id for r in models.table(table)]
            for record in models.table(table):
                twin = plain_index[record.id]
                assert (twin.label, twin.disputed, twin.cited_sources()) == (
                    record.label, record.disputed, record.cited_sources())
                expected, got = profile(models, record), profile(plains, twin)
                assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False), record.id
                printed = []
                for data, rec, result in ((models, record, expected), (plains, twin, got)):
                    result.update(as_of=None, news=[], yours={"retired": None, "assessment": None, "next_steps": [],
                                                              "contacts": [], "notes": [], "changes": 0})
                    core._print_profile(data, rec, result)
                    core._print_yours(data, result)
                    printed.append(capsys.readouterr().out)
                assert printed[0] == printed[1] and printed[0], record.id
    finally:
        conn.close()
        store.close()


def _shown(cli, monkeypatch, path, ref, *flags):
    """(fast path output, model path output) of ``landscape show REF``."""
    from landscape.cli import core

    fast = cli("show", ref, *flags, db=path)
    with monkeypatch.context() as m:
        m.setattr(core, "_show_plain", lambda *args: False)
        slow = cli("show", ref, *flags, db=path)
    assert fast.code == slow.code == 0, (fast.err, slow.err)
    return fast.out, slow.out


def _add_news(path, kind: str, record_id: str) -> None:
    import sqlite3

    from landscape.veille.inbox import ensure_schema

    conn = sqlite3.connect(path)
    ensure_schema(conn)
    for n, status in enumerate(("accepted", "new", "new"), start=1):
        conn.execute("INSERT INTO inbox_items (id, feed_name, guid, title, title_key, fetched, published, status) "
                     "VALUES (?, 'Localtis', ?, ?, ?, '2026-03-01T10:00:00Z', ?, ?)",
                     [n, f"g{n}", f"News {n} about {record_id}", f"news {n}", f"2026-03-0{n}", status])
        conn.execute("INSERT INTO item_links VALUES (?, ?, ?, 'x', 'x', 'title', 0, 1, 0)", [n, kind, record_id])
    conn.commit()
    conn.close()


def test_show_reads_what_the_models_read_for_every_kind(cli, monkeypatch, real_db):
    """A record of each kind, with the user's layer (note, assessment, next step, contact) and news."""
    assert cli("note", "wetechcare", "Asked for the 2026 impact figures", "--date", "2026-11-19", db=real_db).code == 0
    assert cli("assess", "wetechcare", "--influence", "5", "--interest", "4", "--why", "leads the hub",
               db=real_db).code == 0
    _add_news(real_db, "actor", "wetechcare")
    store = Store.open(real_db)
    data = store.map()
    refs = ["wetechcare"] + [data.table(t)[len(data.table(t)) // 2].id for t in TABLES]
    refs += [r.id for t in TABLES for r in data.table(t) if r.disputed][:3]
    refs += ["we tech care", "CD_Gironde", next(a.aliases[0] for a in data.actors if a.aliases)]
    store.close()
    shown = {}
    for ref in refs:
        for flags in ((), ("--json",)):
            fast, slow = _shown(cli, monkeypatch, real_db, ref, *flags)
            assert fast == slow, (ref, flags)
            shown.setdefault(ref, fast)
    assert "News 1 about wetechcare" in shown["wetechcare"] and "Asked for the 2026" in shown["wetechcare"]
    assert "leads the hub" in shown["wetechcare"]


def test_show_of_a_departement_is_fast_and_an_unclear_name_takes_the_model_path(cli, monkeypatch, real_db):
    from landscape.cli import core

    taken = []
    real = core._show_plain
    monkeypatch.setattr(core, "_show_plain", lambda *args: taken.append(real(*args)) or taken[-1])
    for ref in ("no-such-record", "  "):
        cli("show", ref, db=real_db)
    for ref in ("wetechcare", "we tech care", "33", "Gironde", "cotes-d-armor"):
        cli("show", ref, db=real_db)
    assert taken == [False, False, True, True, True, True, True]
    r = cli("show", "no-such-record", db=real_db)
    assert r.code != 0 and r.err.count("\n") == 1 and "no record matches" in r.err


def test_show_of_a_departement_reads_what_the_models_read(cli, monkeypatch, real_db):
    """The page through `PlainStore` is the page through the models, with news and places too."""
    import sqlite3

    _add_news(real_db, "departement", "33")
    conn = sqlite3.connect(real_db)
    with conn:
        conn.execute("INSERT INTO lieux (origin, id, pivot, nom, commune, code_postal, adresse, date_maj, services, "
                     "departement_code) VALUES ('t', '1', '0', 'Espace', 'Bordeaux', '33000', '1 rue', '2024-01-01', "
                     "'Prendre en main un ordinateur', '33')")
    conn.close()
    shown = {}
    for ref in ("33", "Gironde", "2a", "971"):
        for flags in ((), ("--json",)):
            fast, slow = _shown(cli, monkeypatch, real_db, ref, *flags)
            assert fast == slow, (ref, flags)
            shown.setdefault(ref, fast)
    assert "News 1 about 33" in shown["33"] and "Prendre en main un ordinateur" in shown["33"]


@pytest.mark.parametrize("generation", [None, "charte-2019"])
def test_departement_pages_through_plain_records_are_the_models_pages(real_db, generation):
    import sqlite3

    from landscape.analysis.departement import departement_view, departements_table, resolve_departement
    from landscape.store.plain import PlainStore

    store = Store.open(real_db)
    conn = sqlite3.connect(real_db)
    try:
        fast = PlainStore(conn)
        assert departements_table(fast, generation) == departements_table(store, generation)
        for row in store.departements():
            code = row["code"]
            assert departement_view(fast, code, generation=generation) == departement_view(
                store, code, generation=generation), code
        for ref in ("33", "2a", "Côtes d'Armor", "cd-gironde", "1"):
            assert resolve_departement(fast, ref) == resolve_departement(store, ref)
    finally:
        conn.close()
        store.close()


def test_fast_show_finds_ids_as_the_model_path_does():
    from landscape.analysis import lookup
    from landscape.cli import core

    assert core._ID_ORDER == lookup._NAME_ORDER


def test_one_records_as_of_is_the_one_read_for_all(cli, real_db):
    from landscape.store.freshness import as_of, as_of_dates

    assert cli("edit", "plan-33-fne-2024", "--set", "status=adopted", "--source-note", "met the CD on 2026-11-18",
               db=real_db).code == 0
    store = Store.open(real_db)
    try:
        every = as_of_dates(store)
        assert every[("plans", "plan-33-fne-2024")] > "2026"  # the edit's day, newer than any source
        for table in TABLES:
            for record in store.map().table(table):
                assert as_of(store, table, record.id) == every.get((table, record.id)), (table, record.id)
        assert as_of(store, "actors", "no-such-actor") is None
    finally:
        store.close()
