"""Snapshots at 80x24 in French and in English: home, a record (WeTechCare, on the curated map) and the help.

French words are longer: these pictures are where a cut word would show (each was read by eye).
"""

from __future__ import annotations

import pytest

from landscape.settings import Settings
from tests.test_tui_snapshots import ready, run
from tui.app import create_app

LANGS = ["fr", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_home_80x24(snap_compare, tiny_db, lang):
    app = create_app(tiny_db, settings=Settings(focal_actor="alpha"), debounce=0.01, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run())


@pytest.mark.parametrize("lang", LANGS)
def test_help_80x24(snap_compare, tiny_db, lang):
    app = create_app(tiny_db, settings=Settings(focal_actor="alpha"), debounce=0.01, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run("a", "enter", "question_mark"))


@pytest.mark.parametrize("lang", LANGS)
def test_wetechcare_80x24(snap_compare, real_db, lang):
    app = create_app(real_db, settings=Settings(focal_actor="wetechcare"), debounce=0.01, lang=lang)

    async def before(pilot) -> None:
        await ready(pilot)
        pilot.app.open_record("actor", "wetechcare")
        await ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)
