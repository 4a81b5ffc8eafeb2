"""What keeps screens quick to open: each filled once, the footer drawn by one widget, the table drawn line
by line, loading shown only for waits that last, and results of an older read never shown over newer ones."""

from __future__ import annotations

import gc
import weakref

from landscape.store.changes import Change, SourceSpec

from tests.tui_helpers import make_app, settle
from tui.screens.base import LOADING_AFTER
from tui.screens.competitors import CompetitorsScreen
from tui.screens.departement import DepartementScreen
from tui.screens.detail import DetailScreen
from tui.screens.lists import ListScreen
from tui.screens.positioning import PositioningScreen
from tui.widgets.footer import Footer
from tui.widgets.link_list import LinkList
from tui.widgets.record_table import RecordTable


def footer_text(app) -> str:
    return app.screen.query_one(Footer).render().plain


async def test_a_screen_is_filled_once_as_it_opens(tiny_db, monkeypatch):
    """Textual calls on_mount along the MRO and the screens call it through super() too: still one fill."""
    fills: list[str] = []
    for cls in (ListScreen, PositioningScreen):
        original = cls.show_data
        monkeypatch.setattr(cls, "show_data",
                            lambda self, data, original=original: (fills.append(type(self).__name__),
                                                                   original(self, data))[1])
    app = make_app(tiny_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("escape", "w")
        await settle(app, pilot)
    assert fills == ["ListScreen", "PositioningScreen"]


async def test_the_footer_lists_every_key_of_the_screen_on_one_line(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        footer = app.screen.query_one(Footer)
        assert not footer.children  # one widget, whatever the number of keys
        text = footer_text(app)
        assert text.startswith("s Sort f Filter + Add / Search ? Help x Export  dhapecortmwinV Go bvC Actor")
        assert text.rstrip().endswith("▏^p palette")
        await pilot.press("escape", "slash")  # home, typing in the search box: the keys follow the focus
        await settle(app, pilot)
        assert footer_text(app).strip() == "▏^p palette"


async def test_a_footer_too_long_for_the_terminal_is_cut_with_an_ellipsis(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(56, 24)) as pilot:  # too narrow even once the key groups left the footer
        await settle(app, pilot)
        app.open_record("actor", "alpha")
        await settle(app, pilot)
        text = footer_text(app)
        assert len(text) == 56 and "…▏^p palette" in text


async def test_clicking_a_key_in_the_footer_presses_it(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        column = footer_text(app).index("dhap") + 2  # the "a" of the Go group
        await pilot.click(Footer, offset=(column, 0))
        await settle(app, pilot)
        assert isinstance(app.screen, ListScreen) and app.screen.spec.table == "actors"


async def test_the_record_table_moves_its_cursor_keeps_it_in_view_and_opens_the_row(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1 and table.scroll_y == table.max_scroll_y > 0
        await pilot.press("g", "j", "j", "k")
        assert table.cursor_row == 1 and table.scroll_y == 0
        await pilot.press("pagedown")
        assert table.cursor_row > 1 and table.cursor_row - table.scroll_y < table.size.height
        chosen = table.current_id
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == chosen


async def test_the_record_table_cuts_long_cells_with_an_ellipsis_and_keeps_them_whole(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        name = table.columns[next(iter(table.columns))]
        longest = max(range(table.row_count), key=lambda i: table.get_row_at(i)[0].cell_len)
        assert table.get_row_at(longest)[0].cell_len > name.width  # the record's name, whole
        table.move_cursor(row=longest)
        await pilot.pause()
        drawn = table.render_line(1 + longest - int(table.scroll_y)).text
        assert drawn[1:1 + name.width].endswith("…")


async def test_clicking_a_heading_sorts_and_clicking_the_cursor_row_opens_it(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one(RecordTable)
        kind_at = table.render_line(0).text.index("Kind")
        await pilot.click(RecordTable, offset=(kind_at, 0))
        await settle(app, pilot)
        assert screen.sort_column == "kind"
        await pilot.click(RecordTable, offset=(3, 3))  # the third row takes the cursor
        assert table.cursor_row == 2 and isinstance(app.screen, ListScreen)
        chosen = table.current_id
        await pilot.click(RecordTable, offset=(3, 3))  # and a second click opens it
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == chosen


async def test_the_count_rows_of_the_roles_matrix_stay_on_top_when_it_scrolls(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        table = app.screen.query_one("#roles", RecordTable)
        await pilot.press("G")
        await pilot.pause()
        assert table.scroll_y > 0
        lines = [table.render_line(y).text for y in range(3)]
        assert "actor" in lines[0] and "Σ ● primary" in lines[1] and "Σ ○ secondary" in lines[2]


async def test_a_quick_result_shows_no_loading_indicator_and_a_slow_one_does(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        app.show_competitors("alpha")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompetitorsScreen)
        view = screen.query_one(LinkList)
        screen.wait_for(view)
        screen.done_waiting(view)  # in time
        await pilot.pause(LOADING_AFTER + 0.1)
        assert not view.loading
        screen.wait_for(view)
        await pilot.pause(LOADING_AFTER + 0.1)
        assert view.loading  # the wait lasted
        screen.done_waiting(view)
        assert not view.loading


async def test_an_older_read_of_a_records_layer_never_replaces_a_newer_one(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        app.open_record("actor", "alpha")
        await settle(app, pilot)
        screen = app.screen
        old = screen.ticket("own")
        new = screen.ticket("own")  # the map changed meanwhile: a second read started
        layer = {"notes": [], "contacts": [], "history": [], "as_of": None}
        screen._own_read({**layer, "as_of": "2001-01-01"}, new)
        screen._own_read({**layer, "as_of": "1999-12-31"}, old)  # the first read, finishing last
        assert screen.own["as_of"] == "2001-01-01"


async def test_an_older_page_of_a_departement_never_replaces_a_newer_one(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test() as pilot:
        await settle(app, pilot)
        app.open_departement("33")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DepartementScreen) and screen.view["code"] == "33"
        old, new = screen.ticket("page"), screen.ticket("page")
        screen._show({**screen.view, "name": "Newer"}, new)
        screen._show({**screen.view, "name": "Older"}, old)
        assert screen.view["name"] == "Newer"


async def test_a_quick_comparison_of_measures_fills_the_screen_without_a_worker(real_db):
    """The measures are computed in the background once the map is loaded: then influence and competitors
    open with their content in the first frame, no worker round trip."""
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        table = app.screen.query_one(RecordTable)
        assert table.row_count and not table.loading  # filled as the screen mounted
        await pilot.press("escape", "C")
        assert app.screen.query_one(LinkList).option_count


async def test_the_replaced_map_is_freed_though_the_loaded_one_is_kept_from_the_collector(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        assert gc.get_freeze_count() > 0  # the map, its index and measures: out of the collector's passes
        old = weakref.ref(app.data)
        app.apply(Change("edit", "actor", "gamma", fields={"name": "Gamma Fondation"},
                         source=SourceSpec(id="src-a")))  # the map is read again
        await settle(app, pilot)
        assert app.data.index("actors")["gamma"].name == "Gamma Fondation"
        gc.collect()
        assert old() is None
        assert gc.get_freeze_count() > 0  # the new one in its place
    assert gc.get_freeze_count() == 0  # nothing kept once the app is gone


async def test_lines_cut_to_the_width_are_laid_out_as_optionlist_would_lay_them_out():
    from rich.text import Text
    from textual.app import App
    from textual.widgets import OptionList
    from textual.widgets.option_list import Option

    from tui.widgets.link_list import Link, LinkList

    prompts = [Text("2018  1"), Text("5 octobre   label   Pyrénées\n                    Alpha, Beta"),
               Text("wide 漢字漢字漢字漢字漢字漢字"), Text("x" * 70),  # wider than the list: OptionList wraps it
               Text("after a wrapped one"), "a string line", Text(""), Text("three\nshort\nlines")]

    class Two(App):
        CSS = "OptionList { width: 40; height: 10; }"

        def compose(self):
            yield LinkList(id="ours")
            yield OptionList(*[Option(p) for p in prompts], id="theirs")

    app = Two()
    async with app.run_test(size=(80, 30)) as pilot:
        ours = app.query_one(LinkList)
        ours.show([ours.link(p, Link("event", str(i))) if isinstance(p, Text) else ours.line(p)
                   for i, p in enumerate(prompts)])
        await pilot.pause()
        theirs = app.query_one("#theirs", OptionList)
        assert ours._line_cache.heights == theirs._line_cache.heights
        assert ours._line_cache.heights[1] == 2 and ours._line_cache.heights[3] > 1
        assert ours.virtual_size.height == theirs.virtual_size.height
        ours._line_cache.clear()
        ours._measure_plain_lines()  # counted, not drawn: up to the line too wide for the list
        assert list(ours._line_cache.heights) == [0, 1, 2]
