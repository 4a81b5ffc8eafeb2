"""The command palette's landscape commands: go to a screen, export, theme, focal actor."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from .app import LandscapeApp

SCREENS = (("home", "Home dashboard"), ("actors", "Actors"), ("plans", "Plans"), ("events", "Events"),
           ("competitors", "Competitors"), ("offers", "Offers"), ("sources", "Sources"),
           ("timeline", "Timeline"), ("map", "Plans map"), ("search", "Search everywhere"),
           ("positioning", "Positioning"), ("influence", "Influence"))


class LandscapeCommands(Provider):
    """Commands named in plain words; actor names are data, so they are never read as markup."""

    @property
    def _app(self) -> LandscapeApp:
        return self.app  # type: ignore[return-value]

    def commands(self, with_actors: bool) -> list[tuple[str, Callable[[], object], str]]:
        app = self._app
        out: list[tuple[str, Callable[[], object], str]] = [
            (f"Go to: {label}", partial(app.goto, name), f"open the {label.lower()} screen") for name, label in SCREENS]
        out.append(("Export this view to JSON", app.action_export, "write what the screen shows to a JSON file"))
        out.append(("Theme: dark", partial(app.set_theme, "textual-dark"), "switch to the dark theme"))
        out.append(("Theme: light", partial(app.set_theme, "textual-light"), "switch to the light theme"))
        out.append(("Help: keys", app.action_help, "every key, per screen"))
        out.append(("Compare the map with a snapshot file…", app.action_compare,
                    "what was added, removed and changed since a snapshot (d)"))
        out.append(("Compare actors side by side…", app.action_compare_actors,
                    "two to four actors: add them here, or with v on any actor (V)"))
        if with_actors and app.data is not None:
            for actor in sorted(app.data.actors, key=lambda a: a.name.casefold()):
                out.append((f"Competitors of {actor.name}", partial(app.show_competitors, actor.id),
                            f"recorded and suggested rivals of {actor.id} (C on an actor)"))
                out.append((f"Compare: add {actor.name}", partial(app.compare_with, actor.id),
                            f"add {actor.id} to the side-by-side comparison and show it (v on an actor)"))
                out.append((f"Focal actor: {actor.name}", partial(app.set_focal, actor.id),
                            f"show {actor.id} on the home dashboard"))
                out.append((f"Brief on {actor.name}", partial(app.open_brief, actor.id),
                            f"one page on {actor.id} before a meeting (b on an actor)"))
        return out

    async def discover(self) -> Hits:
        for text, command, help_text in self.commands(with_actors=False):
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self.commands(with_actors=True):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, self._highlight(matcher, query, text), command, text=text, help=help_text)

    @staticmethod
    def _highlight(matcher, query: str, text: str) -> Content:
        """Like Matcher.highlight, but `text` is plain text (Matcher.highlight would parse it as markup)."""
        content = Content(text)
        _, offsets = matcher.fuzzy_search.match(query, text)
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
        return content
