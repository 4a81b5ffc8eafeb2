"""The positioning views of the dashboard (roles matrix, power grid, influence, compare, competitors), with Pilot."""

from __future__ import annotations

import pytest
from tui.widgets.dropdown import Dropdown
from textual.widgets import DataTable, Input, Static

from landscape.model.models import Actor
from landscape.settings import load_settings
from landscape.store.database import build
from tests.factories import tiny_map
from tests.tui_helpers import help_lines, make_app, option_texts, settle
from tui.screens.competitors import CompetitorsScreen
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.influence import InfluenceScreen
from tui.screens.positioning import PositioningScreen
from tui.screens.side_by_side import CompareScreen
from tui.widgets.link_list import LinkList
from tui.widgets.power_grid import PowerGrid
from tui.widgets.record_table import RecordTable


def rows(table: DataTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(screen, selector: str) -> str:
    return screen.query_one(selector, Static).render().plain


@pytest.fixture
def rivals_db(tmp_path):
    """The tiny map plus an actor doing what Alpha does (a suggested rival) and one named like markup."""
    data = tiny_map()
    data.actors += [
        Actor(id="delta", name="Delta Aide", kind="association", sector="ess",
              roles=[{"role": "field_support", "level": "primary"}],
              positioning={"influence": 2, "interest": 4, "rationale": "[red]Keen[/red] newcomer."}, sources=["src-a"]),
        Actor(id="markup", name="[bold]x[/]", kind="association", sector="ess", sources=["src-a"]),
    ]
    data.sort()
    path = tmp_path / "rivals.db"
    build(path, data)
    return path


async def test_roles_matrix_highlights_the_focal_actor_filters_and_follows_the_palette(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PositioningScreen)
        table = screen.query_one("#roles", RecordTable)
        shown = rows(table)
        assert shown[0][0].startswith("Σ ● primary") and shown[1][0].startswith("Σ ○ secondary")
        assert shown[2][0] == "▶ Alpha Connect"  # the focal actor first, marked
        assert table.current_id == "alpha"
        header = [str(c.label.plain) for c in table.columns.values()]
        fie, adv, fun = header.index("Fld"), header.index("Adv"), header.index("Fnd")  # field support, advocacy, funder
        assert shown[2][fie].strip() == "●" and shown[2][adv].strip() == "○"
        assert shown[0][fun].strip() == "1" and shown[1][fun].strip() == "1"  # gamma primary, state secondary
        assert "manage closely" in text_of(screen, "#matrix-info")
        assert "5 actors" in text_of(screen, "#count")

        screen.query_one("#pos-kind", Dropdown).value = "association"
        await pilot.pause()
        assert [r[0] for r in rows(table)[2:]] == ["▶ Alpha Connect", "Beta Tech"]
        assert "2 of 5 actors" in text_of(screen, "#count")
        await pilot.press("0")
        assert len(rows(table)) == 2 + 5

        await pilot.press("ctrl+p", *"focal actor beta")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert load_settings().focal_actor == "beta"
        assert rows(table)[2][0] == "▶ Beta Tech" and "Alpha Connect" in [r[0] for r in rows(table)]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == "beta"


async def test_power_grid_moves_between_cells_and_actors_and_shows_the_rationale(rivals_db):
    app = make_app(rivals_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w", "w")  # the second w switches to the grid tab
        await pilot.pause()
        screen = app.screen
        grid = screen.query_one(PowerGrid)
        assert app.focused is grid
        assert grid.cell == (4, 5) and grid.selected_entry["id"] == "alpha"
        info = text_of(screen, "#grid-info")
        assert "Alpha leads the field." in info and "manage closely" in info
        drawn = grid.render().plain
        for name in ("keep satisfied", "manage closely", "monitor", "keep informed", "*Alpha Connect"):
            assert name in drawn
        await pilot.press("left")
        assert grid.cell == (4, 4) and "No actor in this cell" in text_of(screen, "#grid-info")
        await pilot.press("down", "down")
        assert grid.cell == (2, 4)
        assert [e["id"] for e in grid.members] == ["beta", "delta"]
        assert "Small but keen." in text_of(screen, "#grid-info")
        assert "1 of 2 here" in text_of(screen, "#grid-info")
        await pilot.press("j")
        info = text_of(screen, "#grid-info")
        assert grid.selected_entry["id"] == "delta" and "[red]Keen[/red] newcomer." in info  # literal, not markup
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == "delta"
        await pilot.press("escape")
        assert app.screen is screen and grid.selected_entry["id"] == "delta"


async def test_a_crowded_cell_says_how_many_more_and_keeps_the_selected_actor_visible(tmp_path):
    data = tiny_map()
    data.actors += [Actor(id=f"crowd-{i}", name=f"Crowd member {i}", kind="association", sources=["src-a"],
                          positioning={"influence": 3, "interest": 3, "rationale": f"Number {i}."})
                    for i in range(7)]
    data.sort()
    build(tmp_path / "crowd.db", data)
    app = make_app(tmp_path / "crowd.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w", "w")
        grid = app.screen.query_one(PowerGrid)
        grid.select_actor("crowd-6")
        await pilot.pause()
        _, lines, _ = grid.layout_for(grid.size.width, grid.size.height)
        shown = grid.labels((3, 3), lines, 14)
        assert shown[-1] == ("+6 more", "more") or shown[-1][0].endswith("more")
        assert "crowd-6" in [role for _, role in shown]
        assert "Number 6." in text_of(app.screen, "#grid-info")


async def test_influence_table_flags_gaps_and_explains_the_selected_row(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InfluenceScreen)
        table = screen.query_one(RecordTable)
        by_id = {key.value: table.get_row(key) for key in table.rows}
        assert set(by_id) == {"alpha", "beta", "gamma", "state", "dept-64"}
        assert by_id["state"][-1].plain == "⚠" and by_id["state"][-2].plain.strip() == "-4"
        assert by_id["alpha"][-1].plain == ""
        assert "1 flagged" in text_of(screen, "#influence-status")
        table.move_cursor(row=table.get_row_index("state"))
        await pilot.pause()
        why = text_of(screen, "#influence-why")
        assert "claimed 5, measured 1" in why and "PageRank #" in why and "Tied to" in why
        await pilot.press("f")  # flagged only
        assert [key.value for key in table.rows] == ["state"]
        await pilot.press("f", "s")  # all again, sorted by betweenness
        assert "betweenness" in text_of(screen, "#influence-status") and table.row_count == 5
        assert table.cursor_row == 0  # a new order starts at its top
        table.move_cursor(row=table.get_row_index("state"))
        await pilot.pause()
        await pilot.press("C")
        await settle(app, pilot)
        assert isinstance(app.screen, CompetitorsScreen) and app.screen.actor_id == "state"


async def test_compare_two_actors_from_their_details_then_add_one_with_the_picker(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_record("actor", "alpha")
        await pilot.pause()
        await pilot.press("v")
        app.open_record("actor", "beta")
        await pilot.pause()
        await pilot.press("v", "V")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.chosen == ["alpha", "beta"]
        table = screen.query_one("#compare-table", DataTable)
        assert [str(c.label.plain) for c in table.columns.values()] == ["Alpha Connect", "Beta Tech"]
        cells = rows(table)
        assert ["association · social and solidarity economy", "association · social and solidarity economy"] in cells
        assert ["● field support", "● tool provider"] in cells
        common = text_of(screen, "#compare-common")
        assert "Rivals: Beta Tech vs Alpha Connect — training platforms" in common
        await pilot.press("plus", *"gamma")
        await pilot.pause()
        assert screen.query_one("#compare-picks", LinkList).display
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.chosen == ["alpha", "beta", "gamma"]
        assert [str(c.label.plain) for c in table.columns.values()][-1] == "Gamma Foundation"
        assert app.focused is screen.query_one("#compare-add")  # ready for another name
        await pilot.press("escape")  # to the table
        assert app.focused is table
        table.move_cursor(row=1, column=1)
        await pilot.press("minus")
        await settle(app, pilot)
        assert screen.chosen == ["alpha", "gamma"]


async def test_competitors_show_recorded_rivals_by_arena_then_suggested_ones(rivals_db):
    app = make_app(rivals_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_record("actor", "alpha")
        await pilot.pause()
        await pilot.press("C")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompetitorsScreen) and screen.actor_id == "alpha"
        lines = option_texts(screen.query_one("#rivals", LinkList))
        text = "\n".join(lines)
        assert "training platforms" in lines[0] and "overlap medium" in lines[0]
        recorded = next(line for line in lines if line.startswith("Beta Tech"))
        assert "recorded" in recorded and "Alpha Connect's edge: curated influence 4 vs 2" in recorded
        assert "Beta Tech's edge: partners 1 vs 0" in recorded
        heading = lines.index(next(line for line in lines if "suggested: not yet recorded" in line))
        suggested = next(line for line in lines[heading:] if line.startswith("Delta Aide"))
        assert "suggested" in suggested and "same primary role: field support" in suggested
        assert lines.index(suggested) > lines.index(recorded)
        assert "Competitors of Alpha Connect" in text_of(screen, "#rivals-head")
        await pilot.press("escape")
        assert isinstance(app.screen, DetailScreen)


async def test_palette_and_help_list_the_positioning_views(rivals_db):
    app = make_app(rivals_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"compet delta")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CompetitorsScreen) and app.screen.actor_id == "delta"
        await pilot.press("ctrl+p", *"go posit")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PositioningScreen)
        names = [r[0] for r in rows(app.screen.query_one("#roles", RecordTable))]
        assert "[bold]x[/]" in names  # data, not markup
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = "\n".join(help_lines(app))
        for expected in ("Positioning", "Measured influence", "Compare actors side by side", "Influence",
                         "Competitors of an actor", "Grid · Switch between the roles matrix and the grid", "Next actor in the cell"):
            assert expected in help_text


async def test_the_compare_picker_explains_what_to_do_with_fewer_than_two(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("V")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert isinstance(app.focused, Input) and "Choose 2 to 4 actors" in text_of(screen, "#compare-common")


async def test_the_grid_is_mounted_when_first_shown_by_key_or_by_a_click_on_its_tab(tiny_db):
    from tui.widgets.tab_bar import TabBar

    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PositioningScreen) and not screen.grid.is_mounted  # the matrix opens alone
        bar = screen.query_one(TabBar)
        grid_tab = next(start for tab, start, _end in bar._spans() if tab == "tab-grid")
        await pilot.click(TabBar, offset=(grid_tab + 2, 0))
        await settle(app, pilot)
        assert screen.grid.is_mounted and app.focused is screen.grid and bar.active == "tab-grid"
        assert "Alpha Connect" in text_of(screen, "#grid-info")  # the focal actor, described on arrival
        assert "grid" in screen.sub_title
        await pilot.press("w")
        await settle(app, pilot)
        assert bar.active == "tab-matrix" and isinstance(app.focused, RecordTable)
        assert not screen.query_one("#tab-grid").display
