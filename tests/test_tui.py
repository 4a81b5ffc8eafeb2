"""The terminal dashboard, driven with Textual's Pilot on the tiny hand-built map."""

from __future__ import annotations

import json

import pytest
from tui.widgets.dropdown import Dropdown


from landscape.model.models import Actor
from landscape.settings import load_settings
from landscape.store.database import build
from tests.factories import tiny_map
from tests.tui_helpers import help_lines, make_app, option_texts, settle
from tui.screens.departement import DepartementScreen
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.lists import ListScreen
from tui.screens.plans_map import PlansMapScreen
from tui.screens.search import SearchScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.france_map import FranceMap
from tui.widgets.link_list import Link, LinkList
from tui.widgets.record_table import RecordTable
from tui.widgets.search_panel import SearchPanel


def table_column(table: RecordTable, index: int = 0) -> list[str]:
    return [table.get_row_at(i)[index].plain for i in range(table.row_count)]


async def move_to_link(pilot, link_list: LinkList, link: Link) -> None:
    """Move the highlight with the keyboard until it is on `link`."""
    for _ in range(len(link_list.options)):
        if link_list.current_link == link:
            return
        await pilot.press("j")
    assert link_list.current_link == link


async def test_home_shows_counts_focal_card_latest_events_and_plans(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        counts = home.query_one("#counts").render().plain
        assert "5 actors" in counts and "3 plans" in counts and "3 events" in counts
        focal = option_texts(home.query_one("#focal", LinkList))
        assert focal[0] == "Alpha Connect" and any("Beta Tech" in line for line in focal)
        latest = option_texts(home.query_one("#latest", LinkList))
        assert latest[0].startswith("2018-10-05") and latest[-1].startswith("2013-02")
        glance = option_texts(home.query_one("#glance", LinkList))
        # départements by standing: 64's newest plan (2024) is in preparation, its 2018 strategy adopted
        assert any("none known" in g and "99" in g for g in glance)
        assert any("in preparation" in g and " 2 " in g for g in glance)
        assert not any(g.startswith("■ adopted") for g in glance)
        assert any("Pyrénées-Atlantiques" in g and "2018" in g and "adopted" in g for g in glance)


async def test_home_explains_a_focal_actor_that_is_not_in_the_map(tiny_db):
    app = make_app(tiny_db, focal="wetechcare")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        lines = option_texts(app.screen.query_one("#focal", LinkList))
        assert "wetechcare" in lines[0] and "Focal actor" in lines[1]


async def test_typing_a_query_shows_highlighted_results_and_enter_opens_one(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert app.focused.id == "query"
        await pilot.press(*"alpha")
        await settle(app, pilot)
        results = app.screen.query_one("#results", LinkList)
        assert results.display and not app.screen.query_one("#dashboard").display
        first = results.options[0].prompt
        assert "actor" in first.plain and "Alpha Connect" in first.plain
        highlighted = {first.plain[s.start:s.end] for s in first.spans if "underline" in str(s.style)}
        assert "Alpha" in highlighted
        kinds = {o.prompt.plain.split()[0] for o in results.options}
        assert {"actor", "offer", "event"} <= kinds
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == "alpha"


async def test_search_works_from_any_screen_and_escape_comes_back(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("t", "slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"beta clicks")
        await settle(app, pilot)
        results = app.screen.query_one("#results", LinkList)
        assert results.current_link == Link("offer", "beta-clicks")
        await pilot.press("escape")  # clears the query
        assert app.screen.query_one("#query").value == ""
        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen)


async def test_stale_results_never_replace_newer_ones(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        panel = app.screen.query_one(SearchPanel)
        await pilot.press("slash", *"gamma")
        await settle(app, pilot)
        newest = option_texts(panel.results)
        assert any("Gamma Foundation" in line for line in newest)
        stale = app.search_index.search("beta")
        panel._show(panel.seq - 1, "beta", stale)  # an older query's results arriving late
        assert option_texts(panel.results) == newest


async def test_follow_a_relation_and_come_back_through_the_history(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.open_record("actor", "alpha")
        await pilot.pause()
        detail = app.screen.query_one("#detail", LinkList)
        text = "\n".join(option_texts(detail))
        for expected in ("field support", "influence", "funded by", "Gamma Foundation", "competitors",
                         "Alpha Helpdesk", "Pyrénées-Atlantiques (64)", "National strategy launched",
                         "Source A", "https://example.org/a"):
            assert expected in text
        await move_to_link(pilot, detail, Link("actor", "gamma"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.record_id == "gamma"
        gamma = app.screen.query_one("#detail", LinkList)
        await move_to_link(pilot, gamma, Link("actor", "beta"))
        await pilot.press("enter")
        await pilot.pause()
        beta = "\n".join(option_texts(app.screen.query_one("#detail", LinkList)))
        assert "⚠ disputed" in beta and "2016-04-13" in beta  # the dispute on 'founded' is flagged
        await pilot.press("escape")
        assert app.screen.record_id == "gamma"
        await pilot.press("escape")
        assert app.screen.record_id == "alpha"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("key, screen, title", [
    ("a", ListScreen, "Actors"), ("p", ListScreen, "Plans"), ("e", ListScreen, "Events"),
    ("c", ListScreen, "Competitors"), ("o", ListScreen, "Offers"), ("r", ListScreen, "Sources"),
    ("t", TimelineScreen, "Timeline"), ("m", PlansMapScreen, "Plans map"),
])
async def test_one_key_switches_screens_and_escape_returns_home(tiny_db, key, screen, title):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen) and app.screen.sub_title == title
        await pilot.press("h" if key != "m" else "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1


async def test_lists_count_sort_and_open(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        names = table_column(table)
        assert names == sorted(names, key=str.casefold) and len(names) == 5
        assert app.screen.query_one("#count").render().plain == "5 actors"
        await pilot.press("s")  # same column, reversed
        assert table_column(table) == names[::-1]
        await pilot.press("s")  # next column
        assert app.screen.sort_column == "kind"
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)


async def test_filter_plans_by_status_and_region(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#filter-status", Dropdown).value = "adopted"
        await pilot.pause()
        assert table_column(screen.query_one(RecordTable)) == ["64"]
        assert screen.query_one("#count").render().plain == "1 of 3 plans"
        screen.query_one("#filter-status", Dropdown).value = Dropdown.NULL
        screen.query_one("#filter-region", Dropdown).value = "Bretagne"
        await pilot.pause()
        assert sorted(table_column(screen.query_one(RecordTable))) == ["56"]
        await pilot.press("0")
        assert screen.query_one(RecordTable).row_count == 3


async def test_home_standing_opens_the_plans_that_set_it_or_the_map(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        glance = app.screen.query_one("#glance", LinkList)
        glance.focus()
        await move_to_link(pilot, glance, Link("status", "in_preparation"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.screen.active_filters() == {"standing": "in_preparation"}
        rows = app.screen.query_one(RecordTable)
        assert sorted(table_column(rows)) == ["56", "64"] and "plan-64-strategie-2018" not in {
            r.id for r in app.screen.shown}  # 64's older, adopted plan does not set its standing
        app.pop_screen()
        await settle(app, pilot)
        glance = app.screen.query_one("#glance", LinkList)
        glance.focus()
        await move_to_link(pilot, glance, Link("status", "none_known"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PlansMapScreen"  # no plan to list: the map shows them


async def test_timeline_groups_by_year_and_filters(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        lines = option_texts(screen.query_one("#events", LinkList))
        assert [line.split()[0] for line in lines if not line.startswith("20") or len(line.split()) == 2] == [
            "2018", "2017", "2013"]
        assert "Secrétariat d'État au numérique, Alpha Connect" in "\n".join(lines)
        screen.query_one("#tl-actor", Dropdown).value = "state"
        await pilot.pause()
        assert [e.id for e in screen.shown] == ["ev-2017"]
        screen.query_one("#tl-actor", Dropdown).value = Dropdown.NULL
        screen.query_one("#tl-kind", Dropdown).value = "label"
        await pilot.pause()
        assert [e.id for e in screen.shown] == ["ev-2018"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == "ev-2018"


async def test_plans_map_moves_with_arrows_and_opens_a_departement(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        france = app.screen.query_one(FranceMap)
        # 64's newest plan (the 2024 roadmap) is in preparation, though its 2018 strategy was adopted
        assert france.selected == "75" and france.statuses["64"] == "in_preparation"
        await pilot.press("right")
        assert france.selected == "93"
        await pilot.press("down", "down", "down")
        assert france.selected == "58"  # 93 -> 77 -> 89 -> 58, straight down
        france.selected = "64"
        await pilot.pause()
        info = app.screen.query_one("#map-info").render().plain
        assert "Pyrénées-Atlantiques (64)" in info
        assert info.index("FNE roadmap") < info.index("2018 strategy")  # newest generation first
        assert "FNE roadmap 2024-2027  ■ in preparation" in info.splitlines()[1]  # 80x24: one line per plan
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DepartementScreen) and app.screen.code == "64"
        page = app.screen.query_one("#departement", LinkList)
        lines = "\n".join(option_texts(page))
        assert "carried by Département des Pyrénées-Atlantiques" in lines and "Alpha Connect" in lines
        await move_to_link(pilot, page, Link("plan", "plan-64-strategie-2018"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == "plan-64-strategie-2018"
        lines = "\n".join(option_texts(app.screen.query_one("#detail", LinkList)))
        assert "Département des Pyrénées-Atlantiques" in lines and "partner: Alpha Connect" in lines


async def test_help_screen_lists_keys_per_screen(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("p", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(help_lines(app))
        for expected in ("Everywhere", "Search", "Home", "Lists", "Record", "Timeline", "Plans map",
                         "Ctrl+P", "Sort", "Export"):
            assert expected in text
        await pilot.press("escape")
        assert isinstance(app.screen, ListScreen)


async def test_palette_goes_to_screens_and_sets_the_focal_actor(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"go to timeline")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("h", "ctrl+p", *"focal actor gamma")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert load_settings().focal_actor == "gamma"
        assert option_texts(app.screen.query_one("#focal", LinkList))[0] == "Gamma Foundation"
        await pilot.press("ctrl+p", *"theme light")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.theme == "textual-light" and load_settings().theme == "textual-light"


async def test_export_writes_the_list_shown_as_valid_json(tiny_db, tmp_path, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_EXPORTS", str(tmp_path / "out"))
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#filter-sector", Dropdown).value = "ess"
        await pilot.pause()
        await pilot.press("x")
        await settle(app, pilot)
        path = app.last_export
        assert path is not None and path.parent == tmp_path / "out"
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["filters"] == {"sector": "ess"}
        assert [a["id"] for a in document["actors"]] == ["alpha", "beta"]
        Actor.model_validate(document["actors"][0])  # records keep the model's field names
        assert not list(path.parent.glob("*.tmp"))
        app.open_record("actor", "beta")
        await pilot.pause()
        await pilot.press("x")
        await settle(app, pilot)
        record = json.loads(app.last_export.read_text(encoding="utf-8"))
        assert record["record"]["id"] == "beta" and record["kind"] == "actor"


async def test_data_is_shown_literally_never_as_markup(tmp_path):
    data = tiny_map()
    data.actors += [
        Actor(id="markup", name="[bold]x[/]", kind="association", summary="[red]not red[/red]", sources=["src-a"]),
        Actor(id="escape", name="Evil \x1b[31mred", kind="association", sources=["src-a"]),
    ]
    data.sort()
    db = tmp_path / "odd.db"
    build(db, data)
    app = make_app(db, focal="markup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert option_texts(app.screen.query_one("#focal", LinkList))[0] == "[bold]x[/]"
        await pilot.press("a")
        await pilot.pause()
        names = table_column(app.screen.query_one(RecordTable))
        assert "[bold]x[/]" in names and "Evil \\x1b[31mred" in names
        app.open_record("actor", "escape")
        await pilot.pause()
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "\\x1b[31mred" in screenshot
        app.open_record("actor", "markup")
        await pilot.pause()
        lines = option_texts(app.screen.query_one("#detail", LinkList))
        assert lines[0].startswith("[bold]x[/]") and "summary: [red]not red[/red]" in lines


async def test_a_database_that_cannot_be_read_is_reported_not_crashed(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not sqlite")
    app = make_app(bad)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        for _ in range(50):  # the failure travels worker -> UI thread; give it a few frames, never a sleep
            if app.load_error:
                break
            await pilot.pause()
        assert app.load_error and "bad.db" in app.load_error
        assert "bad.db" in app.screen.query_one("#counts").render().plain
        await pilot.press("a")  # screens still open, empty
        assert isinstance(app.screen, ListScreen)


async def test_help_puts_each_heading_on_its_own_line_and_covers_brief_and_diff(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        lines = help_lines(app)
        assert " Everywhere" in lines and " Snapshot diff" in lines and " Brief" in lines  # alone on their line
        assert any(line.strip() == "s  Save .md" for line in lines)
        assert any("l  Layer · Colour the départements" in line for line in lines)  # the footer's word, explained


async def test_escape_after_opening_a_search_result_leaves_the_search(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"alpha")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("escape")  # one Escape: query cleared and out of the box
        panel = app.screen.query_one(SearchPanel)
        assert panel.input.value == "" and not panel.input.has_focus
        await pilot.press("a")
        assert isinstance(app.screen, ListScreen)
        await pilot.press("slash", *"alpha")  # the search screen, from a list
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ListScreen)


async def test_a_record_opens_at_its_top_and_every_line_is_reachable_from_the_keyboard(tiny_db, cli):
    assert cli("fetch", "lieux", "--file", "tests/data/exemple-valide.csv", db=tiny_db).code == 0
    app = make_app(tiny_db)
    async with app.run_test(size=(50, 12)) as pilot:
        await settle(app, pilot)
        app.open_record("actor", "alpha")
        await settle(app, pilot)
        detail = app.screen.query_one("#detail", LinkList)
        assert detail.scroll_y == 0 and detail.current_link is None  # the name shows, not a link further down
        await pilot.press("j")
        assert detail.current_link is not None
        await pilot.press("escape", "slash", *"anonymal")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        place = app.screen.query_one("#detail", LinkList)
        assert app.screen.kind == "lieu" and place.scroll_y == 0 and place.max_scroll_y > 0
        await pilot.press(*"j" * (place.max_scroll_y + 2))  # one link at the top, then read-only lines
        await pilot.pause()
        assert place.scroll_y == place.max_scroll_y
        assert "imported from" in option_texts(place)[-1]


async def test_list_columns_keep_dates_whole_and_a_chosen_filter_returns_to_the_rows(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        dates = table_column(app.screen.query_one(RecordTable))
        assert "2018-10-05" in dates and not any("…" in d for d in dates)
        await pilot.press("a", "f")
        await pilot.pause()
        assert isinstance(app.focused, Dropdown)
        app.focused.value = "association"
        await pilot.pause()
        assert isinstance(app.focused, RecordTable)


def test_fit_widths_shrinks_by_share_and_keeps_fixed_columns():
    from rich.text import Text

    from tui.screens.lists import fit_widths

    cols = [[Text("x" * 40)], [Text("y" * 40)], [Text("2024-01-01")]]
    widths = fit_widths(cols, 40, shares=[0.6, 0.2, 0.1], fixed=[False, False, True])
    assert widths[2] == 10 and widths[0] > widths[1] and sum(widths) == 40
