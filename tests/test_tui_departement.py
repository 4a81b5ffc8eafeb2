"""The département screen and the map's generations (Pilot, tiny and curated maps)."""

from __future__ import annotations

from pathlib import Path

import pytest

from landscape.dataset import load_departements
from landscape.model.models import Plan
from landscape.store.database import build
from tests.factories import tiny_map
from tests.tui_helpers import burst, make_app, option_texts, settle
from tui.screens.brief import BriefScreen
from tui.screens.departement import DepartementScreen
from tui.screens.detail import DetailScreen
from tui.screens.lists import ListScreen
from tui.screens.plans_map import PlansMapScreen
from tui.widgets.france_map import FranceMap
from tui.widgets.link_list import Link, LinkList
from tui.widgets.record_table import RecordTable


def page(app) -> list[str]:
    return option_texts(app.screen.query_one("#departement", LinkList))


async def move_to(pilot, view: LinkList, link: Link) -> None:
    """Move the highlight with the keyboard until it is on `link`."""
    for _ in range(len(view.options)):
        if view.current_link == link:
            return
        await pilot.press("j")
    assert view.current_link == link


async def open_tile(app, pilot, code: str) -> None:
    france = app.screen.query_one(FranceMap)
    france.selected = code
    await pilot.pause()
    await pilot.press("enter")
    await settle(app, pilot)


async def test_enter_on_a_map_tile_opens_the_departement_for_corsica_overseas_and_gironde(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        for code, name in (("2A", "Corse-du-Sud (2A)"), ("971", "Guadeloupe (971)"), ("33", "Gironde (33)")):
            await open_tile(app, pilot, code)
            assert isinstance(app.screen, DepartementScreen) and app.screen.code == code
            lines = page(app)
            assert lines[0].startswith(name) and lines[1].startswith("Standing: ")
            for heading in ("Plans by generation", "Who acts there", "People", "Last events", "Open questions"):
                assert f" {heading} " in lines, heading
            assert name in app.screen.sub_title
            await pilot.press("escape")
            assert isinstance(app.screen, PlansMapScreen)
        await open_tile(app, pilot, "33")
        lines = "\n".join(page(app))
        assert "FNE roadmap 2024-2027: written, unsigned" in lines and "2019 charter: adopted" in lines
        assert "carried by Conseil départemental de la Gironde" in lines
        assert "no elected lead or contact person recorded" in lines  # an open question
        view = app.screen.query_one("#departement", LinkList)
        await move_to(pilot, view, Link("actor", "cd-gironde"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == "cd-gironde"


async def test_every_line_of_the_page_is_reachable_at_80x24_and_links_open_their_records(real_db):
    app = make_app(real_db, focal="wetechcare")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_departement("33")
        await settle(app, pilot)
        view = app.screen.query_one("#departement", LinkList)
        assert view.max_scroll_y > 0 and view.scroll_y == 0
        links = [Link.parse(o.id.rsplit("#", 1)[0]) for o in view.options if not o.disabled]
        assert {"plan", "actor", "event", "source"} <= {link.kind for link in links}
        assert Link("plan", "plan-33-fne-2024") in links and Link("plan", "plan-33-charte-2019") in links
        assert view.current_link == links[0]  # the first link is on the first screenful: highlighted
        await pilot.press(*"j" * (len(links) - 1))
        await pilot.pause()
        assert view.current_link == links[-1] and links[-1].kind == "source"
        assert view.scroll_y == view.max_scroll_y  # down to the last source
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.kind == "source"


async def test_b_shows_the_departement_as_its_brief(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.open_departement("64")
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefScreen) and app.screen.page is not None
        assert app.screen.page["code"] == "64" and "# Pyrénées-Atlantiques (64)" in app.screen.markdown
        assert "## Plans by generation" in app.screen.markdown
        assert "Pyrénées-Atlantiques (64)" in app.screen.sub_title
        await pilot.press("escape")
        assert isinstance(app.screen, DepartementScreen)


async def test_g_colours_the_map_as_of_each_generation(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        france = app.screen.query_one(FranceMap)
        legend = app.screen.query_one("#legend")
        france.selected = "64"
        seen = []
        for i in range(5):
            seen.append((france.statuses["64"], france.statuses["56"], france.colour_of("64"),
                         legend.render().plain.splitlines()[0], app.screen.sub_title))
            if i < 4:
                await pilot.press("g")
        newest, fne, charter, strategy, again = seen
        assert newest[:2] == ("in_preparation", "in_preparation") and "newest plans" in newest[3]
        assert fne[:2] == newest[:2] and "as of the FNE roadmap 2024-2027" in fne[3]
        assert charter[:2] == ("adopted", "none_known") and "as of the 2019 charter" in charter[3]
        assert charter[2] != newest[2]  # the tile changed colour
        assert strategy[:2] == ("adopted", "none_known") and "as of the 2018 strategy" in strategy[3]
        assert "2018 strategy" in strategy[4]
        assert again == newest
        await pilot.press("g", "g")
        info = app.screen.query_one("#map-info").render()
        struck = [span for span in info.spans if "strike" in str(span.style)]
        assert struck and "FNE roadmap" in info.plain[struck[0].start:struck[0].end]  # newer than the 2019 view
        await pilot.press("l")  # coverage still switches, and g comes back to the plans
        assert france.colours is not None
        await pilot.press("g")
        assert france.colours is None and france.statuses["64"] == "adopted"  # as of the 2018 strategy


async def test_a_plans_row_and_a_search_hit_open_the_departement(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, ListScreen)
        table = app.screen.query_one(RecordTable)
        table.move_cursor(row=table.get_row_index("plan-56-fne-2024"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DepartementScreen) and app.screen.code == "56"
        assert "Morbihan (56)" in page(app)[0]
        await pilot.press("escape", "slash", *"pyrenees atlantiques")
        await settle(app, pilot)
        results = app.screen.query_one("#results", LinkList)
        await move_to(pilot, results, Link("departement", "64"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DepartementScreen) and app.screen.code == "64"


async def test_keys_typed_at_once_after_enter_never_leave_a_stale_page(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        app.screen.query_one(FranceMap).selected = "64"
        burst(app, "enter", "escape", "right", "enter")  # 64, back, 65, its page: no pause between
        await settle(app, pilot)
        assert isinstance(app.screen, DepartementScreen) and app.screen.code == "65"
        assert page(app)[0].startswith("Hautes-Pyrénées (65)")
        assert app.screen_stack[-2].__class__ is PlansMapScreen and len(app.screen_stack) == 3


@pytest.fixture
def hostile_db(tmp_path) -> Path:
    data = tiny_map()
    gers = next(d for d in load_departements() if d.code == "32")
    data.plans.append(Plan(id="plan-32-fne-2024", departement_code="32", departement_name=gers.name,
                           region=gers.region, generation="fne-2024", status="finalised",
                           title="Feuille [bold red]rouge[/] \x1b]52;c;U1JD\x07 \u202eevil", sources=["src-a"]))
    path = tmp_path / "hostile.db"
    build(path, data.sort())
    return path


async def test_the_page_shows_data_literally(hostile_db):
    app = make_app(hostile_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_departement("32")
        await settle(app, pilot)
        text = "\n".join(page(app))
        assert "Feuille [bold red]rouge[/]" in text  # markup in data stays text
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "\\x1b]52;c;U1JD\\x07" in text  # shown escaped, never obeyed


async def test_enter_typed_before_the_results_opens_the_first_result_of_that_query(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "slash", *"morbihan", "enter")  # as a paste or a fast typist: before any result
        await settle(app, pilot)
        assert isinstance(app.screen, DepartementScreen) and app.screen.code == "56"
