"""The dashboard's briefs, snapshot comparison, coverage by places and place details (Pilot, tiny map)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from landscape.io.opendata import import_file
from landscape.io.snapshot import export_document, write_document
from landscape.store.database import Store
from tests.tui_helpers import make_app, settle
from tui.coverage import GRADES, NO_PLACES
from tui.screens.brief import BriefScreen
from tui.screens.snapshot_diff import DiffScreen, SnapshotDialog
from tui.screens.detail import DetailScreen
from tui.screens.lists import ListScreen
from tui.screens.plans_map import PlansMapScreen
from tui.widgets.france_map import FranceMap
from tui.widgets.link_list import Link, LinkList
from tui.widgets.record_table import RecordTable

EXAMPLE = Path(__file__).parent / "data" / "exemple-valide.csv"


async def settle_dialog(app, pilot) -> None:
    """Like settle, but the dialog's folder tree keeps a loader worker running: wait for the diff only."""
    await pilot.pause()
    diffs = [w for w in app.workers if w.group == "snapshot-diff"]
    if diffs:  # an empty list would mean every worker
        await app.workers.wait_for_complete(diffs)
    await pilot.pause()


def brief_page(screen, width: int = 200) -> str:
    """The brief as drawn (Rich's Markdown renderer), as plain text."""
    import io

    from rich.console import Console

    assert screen.rendered is not None, "the brief is not drawn yet"
    console = Console(width=width, file=io.StringIO(), color_system=None)
    return "\n".join("".join(seg.text for seg in line).rstrip()
                     for line in console.render_lines(screen.rendered, console.options, pad=False))


def texts(link_list: LinkList) -> list[str]:
    return [o.prompt.plain for o in link_list.options]


def import_example(db: Path) -> None:
    store = Store.open(db)
    try:
        import_file(store, EXAMPLE, origin=EXAMPLE.name)
    finally:
        store.close()


async def test_b_on_an_actor_shows_its_brief_and_s_saves_it_as_markdown(tiny_db, tmp_path):
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.open_record("actor", "beta")
        await pilot.pause()
        await pilot.press("b")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BriefScreen) and screen.actor_id == "beta"
        page = brief_page(screen)
        for expected in ("Beta Tech — brief", "Funders", "Gamma Foundation", "Sources", "Source A"):
            assert expected in page
        await pilot.press("s")
        await settle(app, pilot)
        saved = screen.saved
        assert saved is not None and saved.suffix == ".md" and saved.parent == Path(
            __import__("os").environ["LANDSCAPE_EXPORTS"])
        markdown = saved.read_text(encoding="utf-8")
        assert markdown.startswith("# Beta Tech — brief") and "- Funders: Gamma Foundation" in markdown
        assert "--full" in markdown  # the dashboard shows the one-page brief
        await pilot.press("escape")
        assert isinstance(app.screen, DetailScreen)


async def test_b_on_the_actors_list_opens_the_brief_of_the_selected_row(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        table = app.screen.query_one(RecordTable)
        assert table.current_id == "alpha"
        await pilot.press("j", "b")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefScreen) and app.screen.actor_id == table.current_id != "alpha"
        await pilot.press("escape", "p", "b")  # not on plans: no brief
        await settle(app, pilot)
        assert isinstance(app.screen, ListScreen) and app.screen.spec.table == "plans"


async def test_a_brief_shows_markup_in_data_literally(tiny_db):
    store = Store.open(tiny_db)
    data = store.map()
    data.actors[0] = data.actors[0].model_copy(update={"name": "[bold]Alpha[/] \x1b[31m"})
    store.replace_map(data)
    store.close()
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.open_brief("alpha")
        await settle(app, pilot)
        assert "[bold]Alpha[/] \\x1b[31m — brief" in brief_page(app.screen)


async def test_compare_with_a_snapshot_shows_the_changed_record_and_opens_it(tiny_db, tmp_path):
    store = Store.open(tiny_db)
    data = store.map()
    old = tmp_path / "before.json"
    write_document(export_document(data), old)
    # Since the snapshot: the plan of 56 was adopted and Beta Tech gained an alias.
    data.plans[[p.departement_code for p in data.plans].index("56")] = next(
        p for p in data.plans if p.departement_code == "56").model_copy(update={"status": "adopted"})
    beta = data.index("actors")["beta"]
    data.actors[data.actors.index(beta)] = beta.model_copy(update={"aliases": ["BT"]})
    store.replace_map(data)
    store.close()

    app = make_app(tiny_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, SnapshotDialog)
        path_input = app.screen.query_one("#snapshot-path", Input)
        path_input.value = str(old)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DiffScreen)
        lines = texts(app.screen.query_one("#diff", LinkList))
        text = "\n".join(lines)
        assert "0 additions · 0 removals · 2 changes" in text
        assert any(line.startswith("~ Morbihan (56)") for line in lines)
        assert 'status: "in_preparation" → "adopted"' in text
        assert 'aliases: + "BT"' in text
        view = app.screen.query_one("#diff", LinkList)
        for _ in range(len(view.options)):
            if view.current_link == Link("plan", "plan-56-fne-2024"):
                break
            await pilot.press("j")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.record_id == "plan-56-fne-2024"


async def test_comparing_with_a_bad_file_shows_one_line_and_stays_in_the_dialog(tiny_db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "actors": [', encoding="utf-8")
    app = make_app(tiny_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.action_compare()
        await pilot.pause()
        app.screen.query_one("#snapshot-path", Input).value = str(bad)
        await pilot.press("enter")
        await settle_dialog(app, pilot)
        assert isinstance(app.screen, SnapshotDialog)
        error = app.screen.query_one("#snapshot-error", Static)
        message = error.render().plain
        assert error.display and "bad.json" in message and "truncated JSON" in message and "\n" not in message
        app.screen.query_one("#snapshot-path", Input).value = str(tmp_path / "missing.json")
        await pilot.press("enter")
        await settle_dialog(app, pilot)
        assert "no such file" in app.screen.query_one("#snapshot-error", Static).render().plain
        await pilot.press("escape")
        assert not isinstance(app.screen, SnapshotDialog)


@pytest.fixture
def marne_db(tmp_path) -> Path:
    """The tiny map plus a plan in the Marne, where the example places are."""
    from landscape.dataset import load_departements
    from landscape.model.models import Plan
    from landscape.store.database import build
    from tests.factories import tiny_map

    data = tiny_map()
    marne = next(d for d in load_departements() if d.code == "51")
    data.plans.append(Plan(id="plan-51-fne-2024", departement_code="51", departement_name=marne.name,
                           region=marne.region, generation="fne-2024", status="in_preparation", sources=["src-a"]))
    path = tmp_path / "marne.db"
    build(path, data.sort())
    return path


async def test_coverage_shows_in_plans_list_plan_detail_and_map_after_an_import(marne_db):
    tiny_db = marne_db
    app = make_app(tiny_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        plans = app.screen
        table = plans.query_one(RecordTable)
        columns = [str(c.label.plain).rstrip(" ▲▼") for c in table.columns.values()]
        places, per_100k, services = (columns.index(n) for n in ("Places", "/100k", "Top services (places)"))
        marne = table.get_row_index("plan-51-fne-2024")
        assert table.get_row_at(marne)[places].plain == ""  # nothing imported yet

        import_example(tiny_db)  # an import from elsewhere: the screens notice the new generation
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        row = table.get_row_at(table.get_row_index("plan-51-fne-2024"))
        assert row[places].plain == "1" and row[per_100k].plain == ""
        assert row[services].plain.startswith("Insertion professionnel")  # ties in name order, cut to fit
        assert table.get_row_at(table.get_row_index("plan-64-fne-2024"))[places].plain == "0"

        app.open_record("plan", "plan-51-fne-2024")
        await settle(app, pilot)
        detail = "\n".join(texts(app.screen.query_one("#detail", LinkList)))
        assert "places: 1" in detail and "population not known" in detail
        assert "1  Insertion professionnelle via le numérique" in detail
        assert "Anonymal  Reims" in detail

        await pilot.press("m")
        await settle(app, pilot)
        france = app.screen.query_one(FranceMap)
        assert isinstance(app.screen, PlansMapScreen) and france.colours is None
        await pilot.press("l")
        await settle(app, pilot)
        assert france.colours is not None
        assert france.colour_of("51") in GRADES and france.colour_of("64") == NO_PLACES
        legend = app.screen.query_one("#legend", Static).render().plain
        assert "Coverage: places" in legend and "none 100" in legend
        await pilot.press("l")
        assert france.colours is None


async def test_a_place_is_found_by_search_and_opens_with_the_standard_fields(tiny_db):
    import_example(tiny_db)
    app = make_app(tiny_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"anonymal")
        await settle(app, pilot)
        results = app.screen.query_one("#results", LinkList)
        assert results.current_link == Link("lieu", "exemple-valide.csv:structure-1")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.kind == "lieu"
        text = "\n".join(texts(app.screen.query_one("#detail", LinkList)))
        for expected in ("Anonymal", "adresse: 12 BIS RUE DE LECLERCQ", "commune: Reims", "services:",
                         "  • Insertion professionnelle via le numérique", "horaires: Mo-Fr 09:00-12:00",
                         "site web:", "  • https://www.laquincaillerie.tl/", "courriels:", "téléphone: +33180059880",
                         "typologie:", "  • TIERS_LIEUX", "source: Hubik", "date maj: 2024-04-02",
                         "Marne (51)", "imported from: exemple-valide.csv"):
            assert expected in text, expected
        exported = app.screen.export_payload()
        assert exported is not None and json.dumps(exported[1])
