"""The one-widget drop-down the filters use: choosing, cancelling, typing to find, staying on screen."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import OptionList, Static

from tui.screens.timeline import TimelineScreen
from tui.widgets.dropdown import Dropdown, DropdownMenu
from tests.tui_helpers import burst, make_app, settle

OPTIONS = [("Association", "association"), ("Collectivité", "local_authority"), ("Entreprise", "company"),
           ("État", "state")]


class One(App):
    CSS = "#after { width: auto; }"

    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.kwargs = kwargs
        self.changes: list = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="bar"):
            yield Dropdown(OPTIONS, prompt="any kind", id="kind", **self.kwargs)
            yield Static("after", id="after")

    def on_dropdown_changed(self, event: Dropdown.Changed) -> None:
        self.changes.append(event.value)


def line(app: App, y: int) -> str:
    return app.screen._compositor.render_strips()[y].text


async def test_it_draws_the_prompt_then_the_choice_on_one_line():
    app = One()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        dropdown = app.query_one(Dropdown)
        assert dropdown.value is Dropdown.NULL and line(app, 0).startswith(" any kind") and "▼" in line(app, 0)
        dropdown.value = "state"
        await pilot.pause()
        assert line(app, 0).startswith(" État") and app.changes == ["state"]


async def test_enter_lists_the_options_and_a_letter_typed_moves_to_the_one_it_starts():
    app = One()
    async with app.run_test(size=(40, 12)) as pilot:
        app.query_one(Dropdown).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DropdownMenu)
        menu = app.screen.query_one(OptionList)
        assert menu.highlighted == 0  # the prompt: nothing chosen yet
        await pilot.press("e", "t")  # "et" finds État (accents forgiven), not Entreprise
        assert menu.highlighted == 4
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DropdownMenu)
        assert app.query_one(Dropdown).value == "state" and app.changes == ["state"]
        assert app.focused is app.query_one(Dropdown)


async def test_escape_and_a_click_outside_close_the_list_without_a_change():
    app = One(value="company")
    async with app.run_test(size=(40, 12)) as pilot:
        app.query_one(Dropdown).focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.screen.query_one(OptionList).highlighted == 3  # the current choice
        await pilot.press("down", "escape")
        await pilot.pause()
        assert app.query_one(Dropdown).value == "company" and app.changes == []
        await pilot.click(Dropdown)
        await pilot.pause()
        assert isinstance(app.screen, DropdownMenu)
        await pilot.click(offset=(30, 10))
        await pilot.pause()
        assert not isinstance(app.screen, DropdownMenu) and app.query_one(Dropdown).value == "company"


async def test_the_prompt_in_the_list_clears_the_choice():
    app = One(value="company")
    async with app.run_test(size=(40, 12)) as pilot:
        app.query_one(Dropdown).focus()
        await pilot.press("enter", "home", "enter")
        await pilot.pause()
        assert app.query_one(Dropdown).value is Dropdown.NULL and app.changes == [Dropdown.NULL]


async def test_options_changed_keep_a_choice_still_offered_and_refuse_an_unknown_value():
    app = One(value="company")
    async with app.run_test(size=(40, 12)) as pilot:
        dropdown = app.query_one(Dropdown)
        dropdown.set_options([("Entreprise privée", "company"), ("État", "state")])
        await pilot.pause()
        assert dropdown.value == "company" and line(app, 0).startswith(" Entreprise privée")
        dropdown.set_options([("État", "state")])
        assert dropdown.value is Dropdown.NULL
        with pytest.raises(ValueError):
            dropdown.value = "no-such-kind"


async def test_a_long_choice_is_cut_with_an_ellipsis_and_the_list_stays_on_screen():
    long = [(f"option {i} " + "très long libellé " * 3, f"v{i}") for i in range(30)]

    class Narrow(App):
        CSS = "Dropdown { width: 16; } #pad { width: 1fr; }"

        def compose(self) -> ComposeResult:
            with Horizontal():
                yield Static("", id="pad")
                yield Dropdown(long, prompt="any", id="kind", value="v3")

    app = Narrow()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert "…" in line(app, 0) and line(app, 0).rstrip().endswith("▼")
        app.query_one(Dropdown).focus()
        await pilot.press("enter")
        await pilot.pause()
        menu = app.screen.query_one(OptionList)
        assert menu.region.right <= 40 and menu.region.bottom <= 12 and menu.region.y >= 0
        assert menu.highlighted == 4  # v3, after the prompt


async def test_the_timeline_is_filtered_from_its_kind_drop_down_by_keys_alone(tiny_db):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TimelineScreen)
        total = len(app.screen.shown)
        await pilot.press("f", "enter", *"label", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.filters() == {"kind": "label"}
        assert all(e.kind == "label" for e in screen.shown) and 0 < len(screen.shown) <= total


@pytest.mark.parametrize("keys, screen_key", [(("t",), "tl-kind"), (("a",), "filter-kind"), (("w",), "pos-kind")])
async def test_f_then_enter_in_one_burst_opens_the_first_filter(tiny_db, keys, screen_key):
    app = make_app(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*keys)
        await settle(app, pilot)
        burst(app, "f", "enter", "down")  # as a fast typist's keys arrive: no pause between them
        await settle(app, pilot)
        assert isinstance(app.screen, DropdownMenu) and app.screen.dropdown.id == screen_key
        assert app.screen.query_one(OptionList).highlighted == 1
        assert "landscape" in app.screen._compositor.render_strips()[0].text  # the screen stays seen around it
