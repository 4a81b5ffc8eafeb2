"""Roles matrix, the Mendelow quadrant rule at its boundaries, the grid layout, compare and the CLI views."""

import pytest

from landscape.analysis.compare import compare
from landscape.errors import LandscapeError
from landscape.model.models import Actor
from landscape.analysis.positioning import (HIGH, KEEP_INFORMED, KEEP_SATISFIED, MANAGE_CLOSELY, MONITOR, grid,
                                   grid_lines, quadrant, roles_matrix, short_label)
from tests.factories import tiny_map


@pytest.mark.parametrize("influence, interest, expected", [
    (HIGH, HIGH, MANAGE_CLOSELY), (5, 5, MANAGE_CLOSELY),
    (HIGH, HIGH - 1, KEEP_SATISFIED), (5, 1, KEEP_SATISFIED),
    (HIGH - 1, HIGH, KEEP_INFORMED), (1, 5, KEEP_INFORMED),
    (HIGH - 1, HIGH - 1, MONITOR), (1, 1, MONITOR), (3, 3, MONITOR),
])
def test_quadrant_boundaries(influence, interest, expected):
    assert HIGH == 4
    assert quadrant(influence, interest) == expected


@pytest.mark.parametrize("bad", [0, 6, 3.5, True, None, "4"])
def test_quadrant_rejects_scores_off_the_scale(bad):
    with pytest.raises(ValueError, match="1 to 5"):
        quadrant(bad, 3)
    with pytest.raises(ValueError, match="interest"):
        quadrant(3, bad)


def test_roles_matrix_counts_and_focal_first():
    matrix = roles_matrix(tiny_map(), focal="beta")
    rows = matrix["rows"]
    assert [r["id"] for r in rows] == ["beta", "alpha", "dept-64", "gamma", "state"]
    assert rows[0]["focal"] and not any(r["focal"] for r in rows[1:])
    counts = {c["role"]: c for c in matrix["roles"]}
    assert counts["funder"] == {**counts["funder"], "primary": 1, "secondary": 1, "total": 2}
    assert counts["advocacy_media"]["secondary"] == 1 and counts["training"]["total"] == 0
    alpha = rows[1]
    assert alpha["roles"] == {"field_support": "primary", "advocacy_media": "secondary"}
    assert (alpha["influence"], alpha["interest"], alpha["quadrant"]) == (4, 5, MANAGE_CLOSELY)
    assert rows[3]["quadrant"] is None  # gamma has no curated positioning


def test_roles_matrix_filters():
    data = tiny_map()
    assert [r["id"] for r in roles_matrix(data, kinds=["association"])["rows"]] == ["alpha", "beta"]
    assert [r["id"] for r in roles_matrix(data, sector="public")["rows"]] == ["dept-64", "state"]
    assert [r["id"] for r in roles_matrix(data, text="secretariat d'etat")["rows"]] == ["state"]
    assert [r["id"] for r in roles_matrix(data, text="sen")["rows"]] == ["state"]  # alias
    filtered = roles_matrix(data, kinds=["ministry", "foundation"], sector="public")
    assert [r["id"] for r in filtered["rows"]] == ["state"]
    assert {c["role"]: c["total"] for c in filtered["roles"]}["funder"] == 1  # counts follow the filter


def _entry(i, influence=3, interest=4, focal=False):
    return {"id": f"a{i}", "name": f"Actor {i:02d}", "label": f"Actor {i:02d}", "influence": influence,
            "interest": interest, "focal": focal}


def test_grid_cells_and_crowding():
    entries = [_entry(i) for i in range(5)] + [_entry(9, focal=True), _entry(7, 5, 1), _entry(8, None, None)]
    layout = grid(entries, max_labels=3)
    assert len(layout["cells"]) == 25
    assert [(c["influence"], c["interest"]) for c in layout["cells"][:2]] == [(5, 1), (5, 2)]
    crowded = next(c for c in layout["cells"] if (c["influence"], c["interest"]) == (3, 4))
    assert len(crowded["actors"]) == 6 and crowded["quadrant"] == KEEP_INFORMED
    assert crowded["labels"] == ["*Actor 09", "Actor 00"] and crowded["more"] == 4
    corner = next(c for c in layout["cells"] if (c["influence"], c["interest"]) == (5, 1))
    assert corner["labels"] == ["Actor 07"] and corner["more"] == 0
    assert layout["unrated"] == ["a8"]
    # exactly max_labels fit without a "+N more" line
    full = grid([_entry(i) for i in range(3)], max_labels=3)
    cell = next(c for c in full["cells"] if c["actors"])
    assert len(cell["labels"]) == 3 and cell["more"] == 0


def test_grid_lines_are_aligned_and_show_overflow():
    entries = [_entry(i) for i in range(5)]
    lines = grid_lines(grid(entries, max_labels=3, width=10), width=10)
    body = [line for line in lines if line.rstrip().endswith(("│", "┤", "╡"))]
    assert len(body) >= 11 and len({len(line) for line in body}) == 1  # every grid row is as wide as the rules
    text = "\n".join(lines)
    assert "+3 more" in text and "Actor 00" in text and "manage closely" in text


def test_short_label_prefers_short_alias_and_cuts():
    long = Actor(id="x", name="Agence nationale de la cohésion des territoires", aliases=["ANCT"],
                 kind="public_agency", sources=["s"])
    assert short_label(long) == "ANCT"
    no_alias = Actor(id="y", name="A very long organisation name indeed", kind="association", sources=["s"])
    assert short_label(no_alias, width=10) == "A very lo…"


def test_compare_columns_shared_and_rivalries():
    data = tiny_map()
    actors = data.index("actors")
    result = compare(data, [actors["alpha"], actors["beta"]])
    alpha, beta = result["actors"]
    assert alpha["positioning"]["quadrant"] == MANAGE_CLOSELY and beta["positioning"]["quadrant"] == KEEP_INFORMED
    assert [f["id"] for f in alpha["funders"]] == ["gamma"]
    assert [p["id"] for p in beta["partners"]] == ["dept-64"]
    assert [o["id"] for o in beta["offers"]] == ["beta-clicks"]
    assert [p["id"] for p in alpha["plans"]] == ["plan-64-strategie-2018"] and alpha["events"][0]["id"] == "ev-2017"
    assert alpha["competitors"][0]["id"] == "beta"
    assert result["shared"]["funders"] == ["gamma"] and result["shared"]["roles"] == []
    assert result["rivalries"] == [{"actor": "beta", "competitor": "alpha", "arena": "training platforms",
                                    "arena_fr": None, "overlap": "medium",
                                    "note": "Beta builds tools; Alpha trains in person.", "note_fr": None}]


@pytest.mark.parametrize("ids", [["alpha"], ["alpha", "alpha"], ["alpha", "beta", "gamma", "state", "dept-64"]])
def test_compare_needs_two_to_four_actors(ids):
    data = tiny_map()
    with pytest.raises(LandscapeError, match="2 to 4"):
        compare(data, [data.index("actors")[i] for i in ids])


# --- CLI -------------------------------------------------------------------------------------------------------

def test_cli_positioning_json(cli, tiny_db):
    r = cli("positioning", "--json", "--focal", "Beta Tech", db=tiny_db)
    assert r.code == 0, r.err
    rows = r.json()
    assert len(rows) == 5
    for row in rows:
        assert set(row) >= {"id", "name", "roles", "influence", "interest", "quadrant", "focal"}
    assert [row["id"] for row in rows if row["focal"]] == ["beta"]
    state = next(row for row in rows if row["id"] == "state")
    assert state["quadrant"] == KEEP_SATISFIED and state["roles"] == {"policy_maker": "primary", "funder": "secondary"}


def test_cli_positioning_filters_and_text(cli, tiny_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # content, not layout: see test_cli_reading for narrow terminals
    r = cli("positioning", "--json", "--kind", "association", "--kind", "ministry", db=tiny_db)
    assert [row["id"] for row in r.json()] == ["alpha", "beta", "state"]
    r = cli("positioning", "--focal", "alpha", "--sector", "ess", db=tiny_db)
    assert r.code == 0
    assert "▶ Alpha Connect" in r.out and "Gamma" not in r.out
    assert "Power-interest grid" in r.out and "*Alpha Connect" in r.out
    assert "primary ●" in r.out


def test_cli_positioning_focal_from_settings(cli, tiny_db):
    assert cli("focal", "AC", db=tiny_db).code == 0
    rows = cli("positioning", "--json", db=tiny_db).json()
    assert rows[0]["id"] == "alpha" and rows[0]["focal"]
    assert cli("focal", "--json", db=tiny_db).json() == {"focal_actor": "alpha", "name": "Alpha Connect",
                                                         "in_map": True}


def test_cli_focal_default_not_in_map(cli, tiny_db):
    rows = cli("positioning", "--json", db=tiny_db).json()  # default wetechcare is not in the tiny map
    assert not any(row["focal"] for row in rows)
    r = cli("focal", db=tiny_db)
    assert r.code == 2 and r.err.startswith("landscape: error:") and "wetechcare" in r.err


@pytest.mark.parametrize("args", [("positioning", "--focal", "nobody"), ("focal", "nobody"),
                                  ("compare", "alpha"), ("compare", "alpha", "nobody"),
                                  ("competitors", "src-a"), ("positioning", "--kind", "wizard")])
def test_cli_errors_are_one_line(cli, tiny_db, args):
    r = cli(*args, db=tiny_db)
    assert r.code == 2
    assert r.err.startswith("landscape: error:") and r.err.count("\n") == 1 and "Traceback" not in r.err


def test_cli_compare(cli, tiny_db):
    result = cli("compare", "alpha", "SEN", "--json", db=tiny_db).json()
    assert [c["id"] for c in result["actors"]] == ["alpha", "state"]
    for col in result["actors"]:
        assert set(col) >= {"roles", "positioning", "funders", "partners", "offers", "competitors", "plans", "events"}
    text = cli("compare", "alpha", "beta", db=tiny_db).out
    assert "Alpha Connect" in text and "Beta Tech" in text and "funders: Gamma Foundation" in text


def test_cli_markup_in_names_prints_literally(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    from landscape.store.database import build
    data = tiny_map()
    i = next(k for k, a in enumerate(data.actors) if a.id == "beta")
    data.actors[i] = data.actors[i].model_copy(update={"name": "[bold]Beta\x1b[31m"})
    path = tmp_path / "m.db"
    build(path, data)
    r = cli("positioning", db=path)
    assert "[bold]Beta\\x1b[31m" in r.out and "\x1b[31m" not in r.out
