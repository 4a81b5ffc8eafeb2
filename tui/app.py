"""The landscape dashboard: a Textual app over the landscape library.

`run_app(db_path)` is what `landscape` and `landscape tui` call; `create_app()` builds the same app
for tests. Start-up is kept light, since the time to the first frame with data is what a user feels:
the home screen's first frame comes from `landscape.store.summary` (a few stdlib sqlite3 queries, a few
milliseconds, read before anything is drawn); once that frame is on screen, a thread worker imports
the store and the models and loads the whole map, then the search index is built. Screens other
than home are imported when first opened (`lazy_screen`).

The language is the one the CLI chose (option, setting, locale); « Langue / Language » in the palette
switches it for the whole process, saves it, and redraws the screens (`set_language`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.worker import get_current_worker
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from landscape.errors import LandscapeError
from landscape.i18n import LANGUAGES, N_, _, get_lang, resolve_lang, set_lang
from landscape.settings import Settings, load_settings, save_settings

from .actor_actions import ActorActions
from .commands import LandscapeCommands, Palette
from .language import LANGUAGE_NAMES
from .layer import Layer, LivingMap, read_layer
from .screens.base import BaseScreen
from .screens.home import HomeScreen
from .widgets.link_list import Link

if TYPE_CHECKING:  # imported lazily: the models, the store and most screens are not needed for the first frame
    from landscape.dataset import MapData
    from landscape.store.database import Store
    from landscape.store.summary import Summary

from .groups import ACTOR as _ACTOR, GOTO as _GOTO  # noqa: E402 - compact footer groups
RECORD_KINDS = {"actor", "plan", "event", "offer", "competitor", "source", "relation", "lieu"}
THEMES = ("textual-dark", "textual-light")
TYPE_AHEAD_LIMIT = 5.0  # seconds: keys typed after `/` are held at most this long for the search box


OUTSIDE_WRITES_EVERY = 1.0
"""Seconds between two looks at whether another process (a CLI edit, a fetch, a rebuild) wrote the map."""


# Imported in the background once the map is loaded (`warm_up`), the ones a strategist opens most first.
WARM_SCREENS = ("detail", "lists", "search", "brief", "timeline", "plans_map", "departement", "positioning",
                "influence", "competitors", "side_by_side", "help", "record_form", "inbox", "stale", "snapshot_diff")


def lazy_screen(module: str, name: str, *args: Any) -> Callable[[], Screen]:
    """A factory for the screen class `name` of `tui.screens.<module>`, imported on first use."""
    def make() -> Screen:
        return getattr(import_module(f"{__package__}.screens.{module}"), name)(*args)
    return make


def screen_class(module: str, name: str) -> type[Screen]:
    return getattr(import_module(f"{__package__}.screens.{module}"), name)


class LandscapeApp(LivingMap, ActorActions, App):
    """Home, lists, details, timeline and plans map of the French digital-inclusion landscape."""

    CSS_PATH = "app.tcss"
    TITLE = "landscape"
    COMMANDS = App.COMMANDS | {LandscapeCommands}
    BINDINGS = [
        # A priority binding runs as the key arrives, before the keys typed after it are handed to the
        # focused widget: they are then held for the search box (`action_search`), never lost to a list.
        Binding("slash", "search", N_("Search"), priority=True),
        Binding("question_mark", "help", N_("Help")),
        Binding("x", "export", N_("Export")),
        Binding("d", "compare", N_("Compare with a snapshot file (diff)"), group=_GOTO),
        Binding("h", "goto('home')", N_("Home"), group=_GOTO),
        Binding("a", "goto('actors')", N_("Actors"), group=_GOTO),
        Binding("p", "goto('plans')", N_("Plans"), group=_GOTO),
        Binding("e", "goto('events')", N_("Events"), group=_GOTO),
        Binding("c", "goto('competitors')", N_("Competitors"), group=_GOTO),
        Binding("o", "goto('offers')", N_("Offers"), group=_GOTO),
        Binding("r", "goto('sources')", N_("Sources (references)"), group=_GOTO),
        Binding("t", "goto('timeline')", N_("Timeline"), group=_GOTO),
        Binding("m", "goto('map')", N_("Plans map"), group=_GOTO),
        Binding("w", "goto('positioning')", N_("Positioning: roles matrix and power–interest grid"), group=_GOTO),
        Binding("i", "goto('influence')", N_("Measured influence"), group=_GOTO),
        Binding("n", "goto('inbox')", N_("Inbox (news of the field)"), group=_GOTO),
        Binding("V", "compare_actors", N_("Compare actors side by side"), group=_GOTO),
        Binding("b", "brief", N_("Brief"), group=_ACTOR,
                tooltip=N_("One page on the actor shown or selected (s saves it)")),
        Binding("v", "compare_add", N_("+Compare"), group=_ACTOR,
                tooltip=N_("Add the actor shown or selected to the comparison (V)")),
        Binding("C", "competitors", N_("Rivals"), group=_ACTOR,
                tooltip=N_("Competitors of the actor shown or selected")),
        Binding("u", "undo", N_("Undo last change"), show=False,
                tooltip=N_("Undo the last change to the map (asks first)")),
    ]
    FACTORIES: dict[str, Callable[[], Screen]] = {
        **{t: lazy_screen("lists", "ListScreen", t)
           for t in ("actors", "plans", "events", "competitors", "offers", "sources")},
        "timeline": lazy_screen("timeline", "TimelineScreen"),
        "map": lazy_screen("plans_map", "PlansMapScreen"),
        "search": lazy_screen("search", "SearchScreen"),
        "positioning": lazy_screen("positioning", "PositioningScreen"),
        "influence": lazy_screen("influence", "InfluenceScreen"),
        "compare-actors": lazy_screen("side_by_side", "CompareScreen"),
        "inbox": lazy_screen("inbox", "InboxScreen"),
        "stale": lazy_screen("stale", "StaleScreen"),
    }

    def __init__(self, db_path: str | Path, *, settings: Settings | None = None, debounce: float = 0.12,
                 lang: str | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.settings = settings if settings is not None else load_settings()
        set_lang(lang if lang in LANGUAGES else resolve_lang(None, self.settings.lang))
        self.debounce = debounce
        self.store: Store | None = None
        self.data: MapData | None = None
        self.layer = Layer()  # the user's layer: retired records, own assessments, agenda, conflicts
        self.search_index: Any = None
        self.load_error: str | None = None
        self.last_export: Path | None = None
        self._screens: dict[str, Screen] = {}
        self.summary: Summary | None = None
        self._typed_ahead: list[events.Key] | None = None  # keys typed after `/`, before the box has focus
        self._type_ahead_serial = 0
        self._screens_imported = False  # the screens' modules, imported once in the background (`warm_up`)

    # --- start-up ----------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return HomeScreen(id="home")

    def on_mount(self) -> None:
        theme = self.settings.theme if self.settings.theme in self.available_themes else THEMES[0]
        with self.prevent():
            self.theme = theme
        self.summary = self.read_summary()  # the home screen, mounted next, draws its first frame from it
        drawn = threading.Event()
        self.call_after_refresh(drawn.set)
        self.load_map(drawn)

    def read_summary(self) -> Summary | None:
        """Counts, latest events, plans by status and the focal card, or None without a readable database.

        Read on the UI thread, before the first frame: a handful of indexed queries on a read-only
        connection (milliseconds; a database locked by a writer is given up on within a quarter of a
        second, and the worker's full load takes over).
        """
        from landscape.store.summary import read_summary

        try:
            return read_summary(self.db_path, self.settings.focal_actor, timeout=0.25)
        except LandscapeError:
            return None  # no database yet, or not a readable one: the store builds it, or explains why

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_map(self, drawn: threading.Event) -> None:
        """Open the store and read the whole map off the UI thread, once the first frame is drawn."""
        drawn.wait(timeout=2)  # importing the store and the models would slow the first frame down
        from landscape.store.database import Store

        try:
            store = Store.open(self.db_path)
            data = store.map()
            layer = read_layer(store)
        except LandscapeError as exc:
            self.call_from_thread(self._load_failed, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, not swallowed
            self.call_from_thread(self._load_failed, _("{path}: cannot read the map ({error})").format(
                path=self.db_path, error=exc))
            return
        self.call_from_thread(self._map_loaded, store, data, layer)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def build_index(self) -> None:
        """Build the search index once the first frame with data is drawn (it would only delay it)."""
        try:
            from landscape.analysis.search import SearchIndex

            index = SearchIndex.from_store(self.store)
        except Exception as exc:  # noqa: BLE001
            self.call_from_thread(self.notify, _("Search is unavailable: {error}").format(error=exc),
                                  severity="error", markup=False)
            return
        self.call_from_thread(self._index_loaded, index)

    def _screens_alive(self) -> list[Screen]:
        screens = list(self.screen_stack)
        screens += [s for s in self._screens.values() if s not in screens]
        return [s for s in screens if s.is_mounted]

    def watch_other_writers(self) -> None:
        """Every second or so, look (off the UI thread) whether another process changed the database."""
        if self.store is not None and not any(w.group == "outside" and w.is_running for w in self.workers):
            self._check_outside_writes()

    @work(thread=True, exclusive=True, group="outside", exit_on_error=False)
    def _check_outside_writes(self) -> None:
        """SQLite's data_version moves when another connection commits: then read the map again."""
        store = self.store
        try:
            version = store.db.execute("PRAGMA data_version").fetchone()[0]
        except Exception:  # noqa: BLE001 - a database gone or locked: look again next time
            return
        seen, self._data_version = getattr(self, "_data_version", None), version
        if seen is not None and version != seen:
            self._reload(store)

    def _map_loaded(self, store: Store, data: MapData, layer: Layer | None = None) -> None:
        if self.store is None:
            self.set_interval(OUTSIDE_WRITES_EVERY, self.watch_other_writers)
        if self.data is not None:
            gc.unfreeze()  # the map being replaced may be collected again (see `_warm_up`)
        self.store, self.data = store, data
        if layer is not None:
            self.layer = layer
        for screen in self._screens_alive():
            if isinstance(screen, BaseScreen):
                screen.show_data(data)
        self.call_after_refresh(self.build_index)

    def _index_loaded(self, index: Any) -> None:
        from .widgets.search_panel import SearchPanel

        self.search_index = index
        for screen in self._screens_alive():
            for panel in screen.query(SearchPanel):
                panel.index_ready()
        if self.data is not None:
            self.warm_up()

    def warm_up(self) -> None:
        """Compute the graph measures once, in the background, so that influence, competitors and compare
        open at once (they share the result: `landscape.store.cache`)."""
        self._warm_up()
        if not self._screens_imported:
            self._screens_imported = True
            self._import_screens()

    @work(thread=True, group="import-screens", exit_on_error=False)
    def _import_screens(self) -> None:
        """The screens' modules, imported once in the background rather than on the key that first opens
        each (up to 40 ms); apart from the map's warm-up, which holds the map it works on."""
        for module in WARM_SCREENS:
            if get_current_worker().is_cancelled:  # the app closing
                return
            import_module(f"{__package__}.screens.{module}")

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        # The map is read here, not passed: Textual leaves each pool thread's last worker (and its arguments)
        # in that thread's context, which would keep a replaced map alive until the thread's next job.
        import landscape.analysis.departement  # noqa: F401  # its imports, so that a département opens at once
        from landscape.analysis.influence import measure

        data = self.data
        if data is None:
            return
        measure(data)
        del data
        if get_current_worker().is_cancelled:  # a newer map, or the app closing
            return
        # The map, its index and its measures live as long as the app: out of the collector's sight, its
        # full passes stop walking them (they took up to 0.4 s of a screen's opening with them in view).
        gc.collect()
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()  # what the app kept may be collected once it is gone (several apps run in one test process)

    def _load_failed(self, message: str) -> None:
        self.load_error = message
        from rich.text import Text
        from textual.widgets import Static

        for screen in self._screens_alive():
            for counts in screen.query("#counts"):
                if isinstance(counts, Static):
                    counts.update(Text(message, style="bold red"))
        self.notify(message, title=_("Cannot open the map"), severity="error", timeout=30, markup=False)

    # --- navigation --------------------------------------------------------------------------
    def screen_named(self, name: str) -> Screen:
        if name not in self._screens:
            screen = self.FACTORIES[name]()
            self.install_screen(screen, name)
            self._screens[name] = screen
        return self._screens[name]

    def goto(self, name: str, **filters: str) -> None:
        """Show a top-level screen over home (Escape returns home); `filters` preset a list's filters."""
        if name == "search":
            self.action_search()
            return
        target = self.screen_stack[0] if name == "home" else self.screen_named(name)
        if self.screen is not target:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            if name != "home":
                self.push_screen(name)
        if name == "home":
            target.show_dashboard()  # type: ignore[attr-defined]  # `h` means the dashboard, not old results
        for key, value in filters.items():
            target.set_filter(key, value)  # type: ignore[attr-defined]

    def action_goto(self, name: str) -> None:
        self.goto(name)

    def open_record(self, kind: str, record_id: str) -> None:
        """Push the detail of a record; Escape comes back here."""
        self.push_screen(screen_class("detail", "DetailScreen")(kind, record_id))

    def open_link(self, link: Link) -> None:
        if link.kind == "status":  # a home line « Départements by standing »
            if link.id == "none_known":
                self.goto("map")  # no plan to list: the map shows those départements
            else:
                self.goto("plans", standing=link.id)
        elif link.kind == "goto":
            self.goto(link.id)
        elif link.kind == "departement":
            self.open_departement(link.id)
        elif link.kind in RECORD_KINDS:
            self.open_record(link.kind, link.id)

    def go_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_search(self) -> None:
        """Focus the search box now; keys typed before it can take them are held and given to it in order."""
        screen = self.screen
        if isinstance(screen, screen_class("help", "HelpScreen")):
            return
        self._typed_ahead = []
        self._type_ahead_serial += 1
        self.set_timer(TYPE_AHEAD_LIMIT, partial(self._release_typed_ahead, self._type_ahead_serial))
        if isinstance(screen, (HomeScreen, screen_class("search", "SearchScreen"))):
            screen.focus_search()  # type: ignore[attr-defined]
        else:
            search = self.screen_named("search")
            self.push_screen(search)
            if search.is_mounted:
                search.focus_search()  # type: ignore[attr-defined]
        self.search_focused()

    def _search_box(self) -> Widget | None:
        focused = self.focused
        return focused if focused is not None and focused.id == "query" and focused.screen is self.screen else None

    def search_focused(self) -> None:
        """The search box may have focus now: hand it the keys typed since `/`, in order."""
        if self._typed_ahead is None or self._search_box() is None:
            return
        self.call_later(self._replay_typed_ahead)

    async def _replay_typed_ahead(self) -> None:
        keys, self._typed_ahead = self._typed_ahead or [], None
        for key in keys:
            await super().on_event(key)

    def open_form(self, form: Screen, callback: Callable[[Any], None] | None = None) -> None:
        """Push a form, holding the keys typed meanwhile until its first field has focus (`release_keys`)."""
        self._typed_ahead = []
        self._type_ahead_serial += 1
        self.set_timer(TYPE_AHEAD_LIMIT, partial(self._release_typed_ahead, self._type_ahead_serial))
        self.push_screen(form, callback)

    def release_keys(self) -> None:
        """The form is ready: the keys held since it was asked for go to its focused field, in order."""
        if self._typed_ahead is not None:
            self.call_later(self._replay_typed_ahead)

    def _release_typed_ahead(self, serial: int) -> None:
        """Never hold keys for ever: should the box not take focus, they go where focus is."""
        if self._typed_ahead is not None and serial == self._type_ahead_serial:
            self.call_later(self._replay_typed_ahead)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":  # in a text field, and in dialogs, `/` is just a character
            from textual.screen import ModalScreen
            from textual.widgets import Input

            return not isinstance(self.focused, Input) and not isinstance(self.screen, ModalScreen)
        return super().check_action(action, parameters)

    async def on_event(self, event: events.Event) -> None:
        if self._typed_ahead is not None and isinstance(event, events.Key) and not event.is_forwarded:
            self._typed_ahead.append(event)
            self.search_focused()
            return
        await super().on_event(event)

    def action_compare(self) -> None:
        """Ask for a snapshot file and show what changed between it and the current map."""
        from .screens.snapshot_diff import SnapshotDialog

        if not isinstance(self.screen, (screen_class("help", "HelpScreen"), SnapshotDialog)):
            self.push_screen(SnapshotDialog())

    def open_departement(self, code: str) -> None:
        """Push the page of the département `code` ("33", "2A", "971")."""
        self.push_screen(screen_class("departement", "DepartementScreen")(code))

    def open_brief(self, actor_id: str) -> None:
        from .screens.brief import BriefScreen

        self.push_screen(BriefScreen(actor_id))

    def action_help(self) -> None:
        help_screen = screen_class("help", "HelpScreen")
        if not isinstance(self.screen, help_screen):
            self.push_screen(help_screen(getattr(self.screen, "HELP_TITLE", "")))

    # --- export, theme, focal actor -----------------------------------------------------------
    def action_export(self) -> None:
        exporter = getattr(self.screen, "export_payload", None)
        payload = exporter() if exporter else None
        if payload is None:
            self.notify(_("Nothing to export on this screen yet."), severity="warning")
            return
        self._write_export(*payload)

    @work(thread=True, group="export", exit_on_error=False)
    def _write_export(self, stem: str, payload: dict[str, Any]) -> None:
        from .export import write_export

        try:
            path = write_export(stem, payload)
        except OSError as exc:
            self.call_from_thread(self.notify, _("Export failed: {error}").format(error=exc), severity="error",
                                  markup=False)
            return
        self.last_export = path
        self.call_from_thread(self.notify, _("Exported to {path}").format(path=path), title=_("Export"),
                              markup=False, timeout=10)

    def set_theme(self, name: str) -> None:
        self.theme = name

    def watch_theme(self, name: str) -> None:
        if self.is_mounted and self.settings.theme != name:
            self.settings.theme = name
            self._save_settings()

    def set_focal(self, actor_id: str) -> None:
        self.settings.focal_actor = actor_id
        self._save_settings()
        self.refresh_focal_views()  # home and the positioning views
        self.notify(_("Focal actor: {name}").format(name=self.actor_name(actor_id)), markup=False)

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except (OSError, LandscapeError) as exc:
            self.call_from_thread(self.notify, _("Settings not saved: {error}").format(error=exc), severity="error",
                                  markup=False)

    # --- language ------------------------------------------------------------------------------
    def toggle_language(self) -> None:
        self.set_language("en" if get_lang() == "fr" else "fr")

    def set_language(self, lang: str) -> None:
        """Switch the whole dashboard to `lang`, keep it for next time, and draw what is shown again.

        The screens in view (the top one, and those a dialog lets through) are redrawn now; the others
        when they come back (`BaseScreen.relabel`).
        """
        set_lang(lang)
        self.settings.lang = lang
        self._save_settings()
        for screen in reversed(self.screen_stack):
            relabel = getattr(screen, "relabel", None)
            if callable(relabel) and screen.is_mounted:
                relabel()
            if not isinstance(screen, ModalScreen):
                break
        self.notify(_("Language: {name}").format(name=LANGUAGE_NAMES[lang]), markup=False)

    # --- the command palette in the reader's language ------------------------------------------
    def action_command_palette(self) -> None:
        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(Palette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Any:
        """Textual's own commands, named in the current language (its key panel is left out: `?` is the help)."""
        yield SystemCommand(_("Theme"), _("Change the current theme"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Quit the application as soon as possible"), self.action_quit)
        if screen.maximized is not None:
            yield SystemCommand(_("Minimize"), _("Minimize the widget and restore to normal size"),
                                screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(_("Maximize"), _("Maximize the focused widget"), screen.action_maximize)
        yield SystemCommand(_("Screenshot"), _("Save an SVG picture of the screen in the exports folder"),
                            lambda: self.set_timer(0.1, self.save_screenshot_to_exports))

    def save_screenshot_to_exports(self) -> None:
        from landscape.paths import exports_dir

        try:
            folder = exports_dir()
            folder.mkdir(parents=True, exist_ok=True)
            path = self.save_screenshot(path=str(folder))
        except OSError as exc:
            self.notify(_("Screenshot not saved: {error}").format(error=exc), severity="error", markup=False)
            return
        self.notify(_("Screenshot saved to {path}").format(path=path), title=_("Screenshot"), markup=False)


def create_app(db_path: str | Path, *, settings: Settings | None = None, debounce: float = 0.12,
               lang: str | None = None) -> LandscapeApp:
    """The app on the database at `db_path` (tests pass their own settings and a short debounce).

    `lang` is "fr" or "en"; None: the `lang` setting, else the locale.
    """
    return LandscapeApp(db_path, settings=settings, debounce=debounce, lang=lang)


def run_app(db_path: str | Path, lang: str | None = None) -> None:
    """Run the dashboard in the terminal until the user quits."""
    create_app(db_path, lang=lang).run()
