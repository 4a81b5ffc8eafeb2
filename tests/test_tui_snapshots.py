"""Snapshots of the dashboard at fixed sizes on the tiny map (nothing time-dependent is shown)."""

from __future__ import annotations

import pytest

from landscape.settings import Settings
from tui.app import create_app


@pytest.fixture
def app(tiny_db):
    return create_app(tiny_db, settings=Settings(focal_actor="alpha"), debounce=0.01)


async def ready(pilot) -> None:
    pilot.app.query_one  # the app is running
    for input_ in pilot.app.screen.query("Input"):
        input_.cursor_blink = False
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def run(*keys: str):
    async def before(pilot) -> None:
        await ready(pilot)
        for key in keys:
            await pilot.press(key)
            await ready(pilot)
    return before


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_home(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=run())


def test_search_results_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=run("slash", *"alpha"))


def test_actor_detail_160x50(snap_compare, app):
    assert snap_compare(app, terminal_size=(160, 50), run_before=run("a", "enter"))


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_plans_map(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=run("m", "right"))


def test_power_interest_grid_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=run("w", "w", "down"))


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_departement(snap_compare, app, size):
    """The Pyrénées-Atlantiques, opened with Enter on its tile: two generations of plans."""
    async def before(pilot) -> None:
        await run("m")(pilot)
        from tui.widgets.france_map import FranceMap

        pilot.app.screen.query_one(FranceMap).selected = "64"
        await pilot.press("enter")
        await ready(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)
