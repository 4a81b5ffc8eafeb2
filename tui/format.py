"""How records look on screen: rich Text built from data, never parsed as markup.

Every string that comes from the map goes through `plain()`, which also shows control characters
(escape sequences included) as ``\\xNN`` instead of letting the terminal obey them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.text import Text

from landscape.text import printable

if TYPE_CHECKING:
    from rich.console import Console

STATUS_COLOURS: dict[str, str] = {
    "none_known": "#7f7f7f",
    "in_preparation": "#e0a030",
    "finalised": "#8fb0e0",
    "finalised_unsigned": "#c0a0e0",
    "adopted": "#3f9fe0",
    "in_force": "#2fb36f",
    "renewed": "#17806b",
    "state_only": "#a08060",
    "abandoned": "#d04a4a",
}
STATUS_LABELS: dict[str, str] = {
    "none_known": "none known",
    "in_preparation": "in preparation",
    "finalised": "written",
    "finalised_unsigned": "written, unsigned",
    "adopted": "adopted",
    "in_force": "in force",
    "renewed": "renewed",
    "state_only": "State alone",
    "abandoned": "abandoned",
}
KIND_STYLES: dict[str, str] = {
    "actor": "bold #3f9fe0",
    "plan": "bold #2fb36f",
    "departement": "bold #3fbfaf",
    "event": "bold #e0a030",
    "offer": "bold #b070e0",
    "competitor": "bold #d04a4a",
    "source": "bold #7f9faf",
    "relation": "bold #a0a060",
    "lieu": "bold #17806b",
}
MATCH_STYLE = "bold underline #ffb000"


def plain(value: object, style: str = "") -> Text:
    """`value` as literal text: brackets stay brackets, escape sequences are shown, not obeyed."""
    return Text(printable("" if value is None else str(value)), style=style, end="")


def words(value: str | None) -> str:
    """A vocabulary value read aloud: ``in_preparation`` -> ``in preparation``."""
    return (value or "").replace("_", " ")


def join(*parts: Text | str, sep: str = "") -> Text:
    """Concatenate Text pieces; bare strings are program text, never data."""
    out = Text(end="")
    for i, part in enumerate(parts):
        if i and sep:
            out.append(sep)
        out.append(part if isinstance(part, Text) else Text(part))
    return out


def highlight(text: str, spans: Iterable[tuple[int, int]], style: str = "") -> Text:
    """`text` with the characters of each (start, end) span highlighted as a search match."""
    out = plain(text, style)
    if printable(text) != text:
        # printable() widened some characters: map span offsets onto the widened text.
        shift, offsets = 0, []
        for char in text:
            offsets.append(shift)
            shift += len(printable(char)) - 1
        offsets.append(shift)
        spans = [(s + offsets[min(s, len(text))], e + offsets[min(e, len(text))]) for s, e in spans]
    for start, end in spans:
        if 0 <= start < end:
            out.stylize(MATCH_STYLE, start, end)
    return out


KIND_BADGES = {"departement": "dépt"}  # kinds whose name would fill the badge column


def kind_badge(kind: str, width: int = 10) -> Text:
    return Text(KIND_BADGES.get(kind, kind).ljust(width), style=KIND_STYLES.get(kind, "bold"), end="")


def status_text(status: str) -> Text:
    return Text(f"■ {STATUS_LABELS.get(status, words(status))}", style=STATUS_COLOURS.get(status, ""), end="")


def bar(value: int, total: int, width: int, style: str) -> Text:
    filled = 0 if not total else max(1 if value else 0, round(width * value / total))
    return Text("█" * filled + " " * (width - filled), style=style, end="")


def score(value: int | None) -> Text:
    if value is None:
        return Text("–", style="dim", end="")
    return Text("●" * value + "○" * (5 - value), style="bold", end="")


@lru_cache(maxsize=1)
def _console() -> Console:
    """A console to wrap text with (the width is given to each wrap): building one per line was slow."""
    from rich.console import Console

    return Console()


def hanging(head: Text, body: Text, width: int) -> Text:
    """`head` then `body` wrapped to `width` cells, its next lines indented under its first (not at column 1)."""
    indent = head.cell_len
    room = max(10, width - indent)
    if body.cell_len <= room and "\n" not in body.plain:  # one line: nothing to wrap
        out = head.copy()
        out.append_text(body)
        return out
    lines = body.wrap(_console(), room)
    out = head.copy()
    for i, line in enumerate(lines):
        if i:
            out.append("\n" + " " * indent)
        out.append_text(line)
    return out
