"""The light first-frame summary agrees with the full map, and the dashboard shows it before the map loads."""

from __future__ import annotations

import json
import sqlite3

import pytest

from landscape.store import database as store, summary
from landscape.dataset import TABLES
from landscape.errors import LandscapeError
from landscape.settings import Settings, load_settings, save_settings
from landscape.analysis.standing import standing_counts
from landscape.store.database import Store
from landscape.store.summary import read_summary
from landscape.model.vocab import PLAN_STATUSES
from tui.app import create_app
from tui.widgets.link_list import LinkList


def expected(data, actor_id: str):
    actor = data.index("actors")[actor_id]
    p = actor.positioning
    return summary.FocalCard(actor.id, actor.name, actor.kind, actor.sector, [(r.role, r.level) for r in actor.roles],
                             p.influence if p else None, p.interest if p else None, actor.summary, bool(actor.disputes))


def test_the_summary_reads_the_tables_the_store_writes():
    assert summary.RECORD_TABLES == TABLES
    assert store.SCHEMA_VERSION == summary.SCHEMA_VERSION


@pytest.mark.parametrize("which", ["tiny", "real"])
def test_summary_matches_the_full_map(which, tiny_db, request):
    db = tiny_db if which == "tiny" else request.getfixturevalue("real_db")
    data = Store.open(db).map()
    focal = "alpha" if which == "tiny" else "wetechcare"
    s = read_summary(db, focal, latest=30)
    assert s.counts == data.counts()
    standing = standing_counts(data.plans)
    assert {k: s.plan_statuses.get(k, 0) for k in PLAN_STATUSES} == {k: standing.get(k, 0) for k in PLAN_STATUSES}
    assert sum(s.plan_statuses.values()) == 101
    newest = sorted(data.events, key=lambda e: (e.date, e.id), reverse=True)[:30]
    assert s.latest_events == [(e.date, e.id, e.title) for e in newest]
    assert s.focal == expected(data, focal)


def test_focal_actor_by_name_or_alias_folded_else_none(tiny_db):
    data = Store.open(tiny_db).map()
    assert read_summary(tiny_db, "  alpha connect ").focal == expected(data, "alpha")
    assert read_summary(tiny_db, "ac").focal.id == "alpha"
    assert read_summary(tiny_db, "secretariat d'etat au numerique").focal.id == "state"
    assert read_summary(tiny_db, "nobody at all").focal is None
    assert read_summary(tiny_db, "").focal is None


def test_disputed_flag_and_missing_positioning(tiny_db):
    data = Store.open(tiny_db).map()
    for actor in data.actors:
        card = read_summary(tiny_db, actor.id).focal
        assert card.disputed == bool(actor.disputes)
        assert (card.influence is None) == (actor.positioning is None)


def test_bad_or_missing_or_newer_databases_are_refused_in_one_line(tmp_path, tiny_db):
    with pytest.raises(LandscapeError, match="no such database"):
        read_summary(tmp_path / "missing.db")
    bad = tmp_path / "bad.db"
    bad.write_text("this is not sqlite")
    with pytest.raises(LandscapeError, match="bad.db: not a landscape database"):
        read_summary(bad)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(LandscapeError, match="no schema_version"):
        read_summary(empty)
    conn = sqlite3.connect(tiny_db)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(LandscapeError, match="newer landscape"):
        read_summary(tiny_db)


def test_the_summary_never_writes(tiny_db):
    before = tiny_db.read_bytes()
    s = read_summary(tiny_db, "alpha")
    assert s.counts["actors"] == 5 and tiny_db.read_bytes() == before
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        summary.open_readonly(tiny_db).execute("DELETE FROM actors")


def test_settings_stay_validated_without_pydantic(tmp_path):
    path = tmp_path / "settings.json"
    assert load_settings(path) == Settings()
    save_settings(Settings(focal_actor="alpha", theme="textual-light"), path)
    assert load_settings(path) == Settings(focal_actor="alpha", theme="textual-light")
    path.write_text(json.dumps({"focal_actor": "beta", "from_a_newer_version": 1}))
    assert load_settings(path).focal_actor == "beta"
    for bad, message in (({"focal_actor": 3}, "focal_actor: expected a string, got int"),
                         ({"lieux_url": ["x"]}, "lieux_url: expected a string or null, got list"),
                         ([], "expected an object"), ("{", "unreadable settings")):
        path.write_text(bad if isinstance(bad, str) else json.dumps(bad))
        with pytest.raises(LandscapeError, match=message) as exc:
            load_settings(path)
        assert str(path) in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(ValueError):
        Settings(theme=None)  # type: ignore[arg-type]


def lines(home, widget: str) -> list[str]:
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in home.query_one(widget, LinkList).options]


async def test_home_draws_its_first_frame_from_the_summary_then_the_full_map(tiny_db):
    app = create_app(tiny_db, settings=Settings(focal_actor="alpha"), debounce=0.01)
    async with app.run_test() as pilot:
        home = app.screen
        assert app.summary is not None and app.summary.focal.id == "alpha"
        first = {w: lines(home, w) for w in ("#focal", "#latest", "#glance")}
        first_counts = home.query_one("#counts").render().plain
        assert "5 actors" in first_counts and first["#focal"][0] == "Alpha Connect"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.data is not None
        # The full map shows the same counts, events and plans, and the card gains relations and competitors.
        assert home.query_one("#counts").render().plain == first_counts
        assert lines(home, "#latest") == first["#latest"] and lines(home, "#glance") == first["#glance"]
        full = lines(home, "#focal")
        assert full[:len(first["#focal"])] == first["#focal"] and len(full) > len(first["#focal"])
        home.show_summary(app.summary)  # a summary never replaces the full map
        assert lines(home, "#focal") == full


async def test_without_a_database_the_map_is_built_and_shown(tmp_path):
    db = tmp_path / "new" / "landscape.db"
    app = create_app(db, settings=Settings(focal_actor="wetechcare"), debounce=0.01)
    async with app.run_test() as pilot:
        assert app.summary is None
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert db.exists() and app.data is not None
        assert f"{len(app.data.actors)} actors" in app.screen.query_one("#counts").render().plain


def test_landscape_tui_refuses_an_unreadable_database_in_one_line(cli, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not sqlite")
    r = cli("tui", db=bad)
    assert r.code == 2 and r.err.count("\n") == 1 and "bad.db: not a landscape database" in r.err
    r = cli(db=bad)  # `landscape` alone opens the dashboard: same check
    assert r.code == 2 and "bad.db: not a landscape database" in r.err
