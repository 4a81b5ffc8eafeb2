"""The command palette's landscape commands: go to a screen, export, theme, language, focal actor.

Commands are named in the current language; « Langue / Language » is named in both, so that a reader
who does not read the language shown can still find it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets.option_list import Option

from landscape.i18n import N_, _, get_lang
from landscape.text import fold

if TYPE_CHECKING:
    from .app import LandscapeApp

SCREENS = (("home", N_("Home dashboard")), ("actors", N_("Actors")), ("plans", N_("Plans")), ("events", N_("Events")),
           ("competitors", N_("Competitors")), ("offers", N_("Offers")), ("sources", N_("Sources")),
           ("timeline", N_("Timeline")), ("map", N_("Plans map")), ("search", N_("Search everywhere")),
           ("positioning", N_("Positioning")), ("influence", N_("Influence")),
           ("stale", N_("Not confirmed for 12 months")))
LANGUAGE_COMMAND = "Langue / Language"  # in both languages, on purpose: not translated


class LandscapeCommands(Provider):
    """Commands named in plain words; actor names are data, so they are never read as markup."""

    @property
    def _app(self) -> LandscapeApp:
        return self.app  # type: ignore[return-value]

    def commands(self, with_actors: bool) -> list[tuple[str, Callable[[], object], str]]:
        app = self._app
        go_to = _("Go to: {screen}")
        out: list[tuple[str, Callable[[], object], str]] = [
            (go_to.format(screen=_(label)), partial(app.goto, name), _("open this screen")) for name, label in SCREENS]
        out.append((_("Export this view to JSON"), app.action_export, _("write what the screen shows to a JSON file")))
        out.append((LANGUAGE_COMMAND, app.toggle_language,
                    "Français → English" if get_lang() == "fr" else "English → français"))
        out.append((_("Theme: dark"), partial(app.set_theme, "textual-dark"), _("switch to the dark theme")))
        out.append((_("Theme: light"), partial(app.set_theme, "textual-light"), _("switch to the light theme")))
        out.append((_("Undo last change"), app.action_undo, _("revert the newest change to the map, after asking (u)")))
        out.append((_("Help: keys"), app.action_help, _("every key, per screen")))
        out.append((_("Compare the map with a snapshot file…"), app.action_compare,
                    _("what was added, removed and changed since a snapshot (d)")))
        out.append((_("Compare actors side by side…"), app.action_compare_actors,
                    _("two to four actors: add them here, or with v on any actor (V)")))
        if with_actors and app.data is not None:
            texts = [(_("Competitors of {name}"), app.show_competitors,
                      _("recorded and suggested rivals of {name} (C on an actor)")),
                     (_("Compare: add {name}"), app.compare_with,
                      _("add {name} to the side-by-side comparison and show it (v on an actor)")),
                     (_("Focal actor: {name}"), app.set_focal, _("show {name} on the home dashboard")),
                     (_("Brief on {name}"), app.open_brief, _("one page on {name} before a meeting (b on an actor)"))]
            for actor in sorted(app.data.actors, key=lambda a: a.name.casefold()):
                for text, action, help_text in texts:
                    out.append((text.format(name=actor.name), partial(action, actor.id),
                                help_text.format(name=actor.name)))
        return out

    async def discover(self) -> Hits:
        for text, command, help_text in self.commands(with_actors=False):
            yield DiscoveryHit(Content(text), command, text=text, help=escape_markup(help_text))

    async def search(self, query: str) -> Hits:
        """Commands whose words start with the words typed ("go pos", "theme"); app commands first."""
        typed = [fold(t) for t in WORD.findall(query)]
        if not typed:
            return
        general = len(self.commands(with_actors=False))
        for n, (text, command, help_text) in enumerate(self.commands(with_actors=True)):
            spans = word_starts(typed, text)
            if spans is None:
                continue
            covered = sum(e - s for s, e in spans) / max(1, len(text))
            score = (0.6 if n < general else 0.3) + 0.4 * covered  # every app command above every record
            content = Content(text)
            for start, end in spans:
                content = content.stylize("bold underline", start, end)
            yield Hit(score, content, command, text=text, help=escape_markup(help_text))


def escape_markup(text: str) -> str:
    """The palette reads a command's help as markup: names from the data are escaped."""
    from textual.markup import escape

    return escape(text)


class Palette(CommandPalette):
    """Textual's command palette, its "no matches" line in the current language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # As Textual 8's, with the line translated: after a short wait, say that nothing matched.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(_("No matches found"), style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


WORD = re.compile(r"\w+")


def word_starts(typed: list[str], text: str) -> list[tuple[int, int]] | None:
    """Where each typed word starts a word of `text` (any order; accents and case ignored); None if one does not."""
    words = [(m.start(), fold(m.group())) for m in WORD.finditer(text)]
    spans, used = [], set()
    for token in typed:
        found = next((i for i, (_, word) in enumerate(words) if i not in used and word.startswith(token)), None)
        if found is None:
            return None
        used.add(found)
        spans.append((words[found][0], words[found][0] + len(token)))
    return sorted(spans)
