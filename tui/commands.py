"""The command palette's landscape commands: go to a screen, export, theme, focal actor."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from landscape.text import fold

if TYPE_CHECKING:
    from .app import LandscapeApp

SCREENS = (("home", "Home dashboard"), ("actors", "Actors"), ("plans", "Plans"), ("events", "Events"),
           ("competitors", "Competitors"), ("offers", "Offers"), ("sources", "Sources"),
           ("timeline", "Timeline"), ("map", "Plans map"), ("search", "Search everywhere"),
           ("positioning", "Positioning"), ("influence", "Influence"),
           ("stale", "Not confirmed for 12 months"))


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
        out.append(("Undo last change", app.action_undo, "revert the newest change to the map, after asking (u)"))
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
            yield Hit(score, content, command, text=text, help=help_text)


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
