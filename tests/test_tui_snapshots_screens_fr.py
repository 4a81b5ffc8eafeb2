"""Snapshots of the plans map and the power–interest grid in French at 80x24 (English: test_tui_snapshots.py)."""

from __future__ import annotations

import pytest

from landscape.i18n import set_lang
from landscape.settings import Settings
from tests.test_tui_snapshots import run
from tui.app import create_app


@pytest.fixture
def app(tiny_db):
    set_lang("fr")  # the setting says so too: the app may choose its language from it
    return create_app(tiny_db, settings=Settings(focal_actor="alpha", lang="fr"), debounce=0.01)


def test_plans_map_fr_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=run("m", "right"))


def test_power_interest_grid_fr_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=run("w", "w", "down"))
