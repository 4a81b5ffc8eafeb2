"""The core commands, as a user runs them: output, JSON, and one-line errors."""

import json
import os
import subprocess
import sys

import pytest

from landscape.dataset import TABLES


def test_stats_json(cli, tiny_db):
    r = cli("stats", "--json", db=tiny_db)
    assert r.code == 0
    stats = r.json()
    assert {k: stats[k] for k in TABLES} == {"sources": 2, "actors": 5, "plans": 3, "events": 3,
                                             "relations": 5, "competitors": 1, "offers": 2}
    assert stats["unsourced"] == 0 and stats["lieux"] == 0


def test_unsourced_counts_what_lost_its_source(cli, tiny_db):
    from landscape.store.database import Store
    Store.open(tiny_db).db.execute("DELETE FROM citations WHERE record_id = 'alpha'").connection.commit()
    assert cli("stats", "--json", db=tiny_db).json()["unsourced"] == 1


@pytest.mark.parametrize("kind", TABLES)
def test_list_json_uses_model_field_names(cli, tiny_db, kind):
    rows = cli("list", kind, "--json", db=tiny_db).json()
    assert rows and all("id" in row and "sources" in row for row in rows)
    if kind == "actors":
        assert set(rows[0]) >= {"name", "aliases", "kind", "sector", "roles", "positioning", "founded"}


@pytest.mark.parametrize("ref", ["alpha", "Alpha Connect", "ALPHA CONNECT", "alpha-connect!", "AC"])
def test_show_finds_by_id_name_alias(cli, tiny_db, ref):
    r = cli("show", ref, "--json", db=tiny_db)
    assert r.code == 0, r.err
    shown = r.json()
    assert shown["record"]["id"] == "alpha"
    assert {row["other"]["id"] for row in shown["relations"]} == {"gamma", "beta", "state"}
    assert shown["competitors"][0]["other"]["id"] == "beta"
    assert [o["id"] for o in shown["offers"]] == ["alpha-help"]
    assert shown["events"][0]["id"] == "ev-2017"
    assert shown["sources"][0]["id"] == "src-a"


def test_show_accent_insensitive_and_disputes(cli, tiny_db):
    r = cli("show", "secretariat d'etat au numerique", db=tiny_db)
    assert r.code == 0 and "Secrétariat d'État au numérique" in r.out
    beta = cli("show", "beta", db=tiny_db).out
    assert "disputed founded: 2015 (src-a); 2016-04-13 (src-b)" in beta


def test_show_plan_by_departement(cli, tiny_db):
    shown = cli("show", "plan-64-strategie-2018", "--json", db=tiny_db).json()
    assert shown["record"]["generation"] == "strategie-2018" and [c["id"] for c in shown["carriers"]] == ["dept-64"]


@pytest.mark.parametrize("args, message", [
    (["show", "nobody at all"], "no record matches 'nobody at all'"),
    (["show", "alpa"], "did you mean alpha"),
    (["list", "people"], "'people' is not one of"),
    (["frobnicate"], "No such command"),
    (["init"], "already exists"),
])
def test_user_errors_are_one_line(cli, tiny_db, args, message):
    r = cli(*args, db=tiny_db)
    assert r.code == 2
    assert message in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err


def test_unreadable_database_is_one_line(cli, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 500)
    r = cli("stats", db=bad)
    assert r.code == 2 and r.err.startswith("landscape: error:") and r.err.count("\n") == 1


def test_escape_sequences_in_data_are_shown_not_obeyed(cli, tiny_db):
    from landscape.store.database import Store
    store = Store.open(tiny_db)
    store.db.execute("UPDATE actors SET name = ? WHERE id = 'gamma'", ["[bold]G[/] \x1b[31mred"]).connection.commit()
    out = cli("show", "gamma", db=tiny_db).out
    assert "[bold]G[/] \\x1b[31mred" in out and "\x1b" not in out


def test_default_database_is_built_on_first_use(cli, tmp_path, monkeypatch):
    target = tmp_path / "fresh" / "landscape.db"
    monkeypatch.setenv("LANDSCAPE_DB", str(target))
    r = cli("stats", "--json")
    assert r.code == 0 and target.exists() and r.json()["plans"] >= 19


def test_installed_command_runs_from_any_directory(tmp_path, tiny_db):
    env = {**os.environ, "LANDSCAPE_DB": str(tiny_db)}
    result = subprocess.run([sys.executable, "-m", "landscape", "stats", "--json"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0 and json.loads(result.stdout)["actors"] == 5


def test_every_command_has_help():
    from tui.command import main
    main.load_commands()  # the command modules are imported on first use
    assert {"init", "show", "search", "tui"} <= set(main.commands)
    for name, command in main.commands.items():
        assert command.help and command.help.strip(), name


@pytest.mark.parametrize("args, message", [
    (["list"], "Missing argument 'KIND'. Choose from: sources, actors,"),
    (["fetch"], "missing command: choose departements, lieux, population"),
    (["search", "  "], "nothing to search for"),
])
def test_usage_errors_fit_one_line(cli, tiny_db, args, message):
    r = cli(*args, db=tiny_db)
    assert r.code == 2 and r.err.startswith("landscape: error:") and r.err.count("\n") == 1
    assert message in r.err


def test_database_where_none_can_be_created_is_one_line(cli, tmp_path):
    (tmp_path / "a-file").write_text("x")
    r = cli("stats", db=tmp_path / "a-file" / "x.db")
    assert r.code == 2 and r.err.count("\n") == 1
    assert "cannot create the database" in r.err and "not a folder" in r.err
    assert list(tmp_path.iterdir()) == [tmp_path / "a-file"]


def test_settings_that_cannot_be_read_are_one_line(cli, tiny_db, tmp_path, monkeypatch):
    folder = tmp_path / "settings.json"
    folder.mkdir()
    monkeypatch.setenv("LANDSCAPE_CONFIG", str(folder))
    r = cli("focal", db=tiny_db)
    assert r.code == 2 and r.err.count("\n") == 1 and "unreadable settings" in r.err


def test_an_unexpected_os_error_is_one_line(cli, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "/somewhere/actors.toml")
    monkeypatch.setattr("landscape.cli.core.load_dir", refuse)
    r = cli("check")
    assert r.code == 2 and r.err == "landscape: error: /somewhere/actors.toml: Permission denied\n"


def test_errors_quoting_what_was_typed_show_control_characters(cli, tiny_db):
    r = cli("show", "a\x1b[2Jb\nc", db=tiny_db)
    assert r.code == 2 and "\x1b" not in r.err and "\\x1b[2J" in r.err and r.err.count("\n") == 1


def test_carriage_returns_and_bidi_controls_are_shown_not_obeyed(cli, tiny_db):
    from landscape.store.database import Store
    store = Store.open(tiny_db)
    store.db.execute("UPDATE actors SET name = ? WHERE id = 'gamma'", ["Gam\rma \u202eevil"]).connection.commit()
    out = cli("show", "gamma", db=tiny_db).out
    assert "Gam\\x0dma \\u202eevil" in out and "\r" not in out and "\u202e" not in out


@pytest.mark.parametrize("text, limit, line", [
    ("Show one record. Then more.", 45, "Show one record."),
    ("A sentence far too long to fit in the room a list of commands gives", 45,
     "A sentence far too long to fit in the room..."),
    ("Two paragraphs\n\nthe second never shows", 45, "Two paragraphs"),
    ("\b\nkept as written", 45, "kept as written"),
    ("", 45, ""),
])
def test_the_list_of_commands_shows_the_first_sentence_or_the_words_that_fit(text, limit, line):
    from landscape.cli.help import short_help

    assert short_help(text, limit) == line
