"""No keystroke lost or misrouted: fast typing after `/`, focus in the compare picker, small key fixes."""

from __future__ import annotations

from tests.tui_helpers import burst, make_app, settle
from tui.screens.detail import DetailScreen
from tui.screens.home import HomeScreen
from tui.screens.search import SearchScreen
from tui.widgets.search_panel import SearchPanel


def query_of(app) -> str:
    return app.screen.query_one(SearchPanel).input.value


async def test_keys_typed_at_once_after_slash_on_home_all_go_to_the_search_box(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        for text in ("la mednum", "pôle emploi", "jkadm"):  # j, k: the focused panel's keys; a, d, m: screens
            burst(app, "slash", *text)
            await settle(app, pilot)
            assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1
            assert query_of(app) == text
            assert app.focused is app.screen.query_one(SearchPanel).input
            burst(app, "escape")  # leaves the box for the dashboard
            await settle(app, pilot)
            assert app.focused is app.screen.query_one("#focal")


async def test_keys_typed_at_once_after_slash_on_a_record_all_go_to_the_search_box(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        for text in ("la mednum", "pôle emploi", "jk a d m"):
            app.open_record("actor", "alpha")
            await settle(app, pilot)
            assert isinstance(app.screen, DetailScreen)
            burst(app, "slash", *text)  # the search screen is not even mounted when the letters arrive
            await settle(app, pilot)
            assert isinstance(app.screen, SearchScreen), app.screen
            assert query_of(app) == text  # the previous query was selected, so typing replaced it
            assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "DetailScreen", "SearchScreen"]
            await pilot.press("escape", "escape")  # clear, then back to the record
            assert isinstance(app.screen, DetailScreen)
            app.pop_screen()
            await settle(app, pilot)


async def test_slash_on_a_record_after_opening_a_result_focuses_the_box_not_the_results(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        app.open_record("actor", "alpha")
        await settle(app, pilot)
        await pilot.press("slash", *"beta")
        await settle(app, pilot)
        await pilot.press("enter")  # opens the first result; focus went to the results list
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        burst(app, "slash", *"gamma")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen) and query_of(app) == "gamma"


async def test_h_with_a_query_typed_goes_to_the_dashboard(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"alpha")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("h")
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert query_of(app) == "" and home.query_one("#dashboard").display
        assert app.focused is home.query_one("#focal")


async def test_compare_picker_keeps_focus_after_each_actor_and_ranks_like_the_global_search(real_db):
    from textual.widgets import Input

    from tui.screens.side_by_side import CompareScreen
    from tui.widgets.link_list import LinkList

    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("V")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        field = screen.query_one("#compare-add", Input)
        picks = screen.query_one("#compare-picks", LinkList)
        await pilot.press(*"mednum")
        await settle(app, pilot)
        global_order = [h.id for h in app.search_index.search("mednum", kinds=["actor"], limit=3)]
        assert global_order[0] == "la-mednum"
        assert picks.current_link.id == "la-mednum"  # not "MedNum BFC" first
        await pilot.press(*[("backspace")] * 6)
        for name in ("wetechcare", "la mednum"):
            burst(app, *name, "enter")  # Enter typed before the matches arrive still picks the first
            await settle(app, pilot)
            assert app.focused is field and field.value == ""
        assert screen.chosen == ["wetechcare", "la-mednum"]
        await pilot.press("r")  # a letter, not the Sources screen
        await settle(app, pilot)
        assert app.screen is screen and field.value == "r" and app.focused is field


async def test_sort_moves_the_cursor_to_the_top_of_the_new_order(real_db):
    from tui.screens.lists import ListScreen
    from tui.widgets.record_table import RecordTable

    app = make_app(real_db)  # more plans than a screenful (the tiny map has three)
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, ListScreen)
        table = app.screen.query_one(RecordTable)
        await pilot.press(*"j" * 40)
        assert table.cursor_row == 40
        await pilot.press("s")  # code, the other way round
        await settle(app, pilot)
        assert table.cursor_row == 0 and table.scroll_y == 0
        assert table.current_id == table.coordinate_to_cell_key((0, 0)).row_key.value


async def test_help_lists_each_key_once_and_wraps_under_the_description(tiny_db):
    from tests.tui_helpers import help_lines

    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        lines = help_lines(app, width=60)
        start, end = lines.index(" In lists and records"), lines.index(" Search")
        keys = [line[:12].strip() for line in lines[start + 1:end] if line[:12].strip()]
        assert len(keys) == len(set(keys)) and "k" not in keys[2:]  # "↑ k" then "↓ j": once each
        wrapped = [line for line in lines if line and not line[:12].strip() and line[14:15].strip()]
        assert wrapped, "some description wraps at 60 columns"
        assert all(line.startswith(" " * 14) for line in wrapped)  # under its description, not at column 1


async def test_palette_word_starts_and_commands_before_records(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"theme")
        await settle(app, pilot)
        from textual.command import CommandPalette

        palette = app.screen
        assert isinstance(palette, CommandPalette)
        from textual.widgets import OptionList

        results = palette.query_one(OptionList)
        texts = [str(getattr(o.prompt, "plain", o.prompt)) for o in results.options]
        assert texts and all("Charente" not in t for t in texts)
        assert any(t.startswith("Theme: dark") for t in texts[:3])
        await pilot.press("escape")


async def test_search_rows_name_relations_and_rivals_by_their_actors_and_fit_80_columns(tiny_db):
    from tests.tui_helpers import option_texts

    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"gamma funds")
        await settle(app, pilot)
        panel = app.screen.query_one(SearchPanel)
        rows = option_texts(panel.results)
        relations = [r for r in rows if r.startswith("relation")]
        assert {"gamma-funds-alpha", "gamma-funds-beta"} <= {r.split()[-1] for r in relations}
        relation = next(r for r in relations if r.endswith("gamma-funds-alpha"))
        assert "Gamma Foundation — funds — Alpha Connect" in relation  # names, the id only after them
        assert relation.index("Gamma Foundation") < relation.index("gamma-funds-")
        for row in rows:
            assert all(len(line) <= 76 for line in row.splitlines()), row  # nothing wraps to column 1
        await pilot.press(*" ")
        await pilot.press(*[("backspace")] * 12, *"beta vs")
        await settle(app, pilot)
        rival = next(r for r in option_texts(panel.results) if r.startswith("competitor"))
        assert "Beta Tech vs Alpha Connect: training platforms" in rival
        status = app.screen.query_one("#search-status").render().plain
        assert status.startswith(f"{len(panel.results.options)} result") and len(status) <= 78
