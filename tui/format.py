"""How records look on screen: rich Text built from data, never parsed as markup.

Every string that comes from the map goes through `plain()`, which also shows control characters
(escape sequences included) as ``\\xNN`` instead of letting the terminal obey them. Vocabulary codes are
read as their labels in the current language (`words`, `kind_badge`, `STATUS_LABELS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.text import Text

from landscape.i18n import N_, _, get_lang, ngettext, text_of
from landscape.model.labels import FIELD_NAMES, label
from landscape.model.vocab import ROLES
from landscape.text import printable

if TYPE_CHECKING:
    from rich.console import Console

class Labels(Mapping[str, str]):
    """Labels marked with `N_()` where they are defined, read in the current language."""

    def __init__(self, labels: dict[str, str]) -> None:
        self._labels = labels

    def __getitem__(self, key: str) -> str:
        return _(self._labels[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


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
STATUS_LABELS: Mapping[str, str] = Labels({  # shorter than the vocabulary's labels: they fit a legend
    "none_known": N_("none known"),
    "in_preparation": N_("in preparation"),
    "finalised": N_("written"),
    "finalised_unsigned": N_("written, unsigned"),
    "adopted": N_("adopted"),
    "in_force": N_("in force"),
    "renewed": N_("renewed"),
    "state_only": N_("State alone"),
    "abandoned": N_("abandoned"),
})
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


# The fields of the records as people read them (msgids): pages, forms, history lines and disputes. The
# CLI's names, with the dashboard's own words where a page reads better with them ("carried by", "from").
FIELD_LABELS = {
    **FIELD_NAMES,
    "adopted": N_("adopted"), "url": N_("URL"), "carriers": N_("carried by"), "source": N_("from"),
    "target": N_("to"), "roles": N_("roles"), "positioning": N_("positioning"),
    "departement_code": N_("département code"), "departement_name": N_("département"),
    "influence": N_("influence"), "interest": N_("interest"),
}
# Fields whose English word is also another msgid with another French: "adopted" the status is « adopté »,
# the date « adoption ». Their msgid says which; English shows the word of FIELD_LABELS.
FIELD_MSGIDS = {"adopted": N_("adopted (date of adoption)")}


def field_label(name: str) -> str:
    """A record's field as people read it, in the current language."""
    if name.endswith("_fr") and name[:-3] in FIELD_LABELS:  # a curated text's French twin
        return f"{field_label(name[:-3])} (fr)"
    if name in FIELD_MSGIDS and get_lang() != "en":
        return _(FIELD_MSGIDS[name])
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name.replace("_", " ")


ROLE_DESCRIPTIONS = Labels(ROLES)  # what each role means, in the reader's language


RECORD_COUNTS: dict[str, Callable[[int], str]] = {  # "186 actors", "1 plan"
    "actors": lambda n: ngettext("{n} actor", "{n} actors", n), "plans": lambda n: ngettext("{n} plan", "{n} plans", n),
    "events": lambda n: ngettext("{n} event", "{n} events", n),
    "competitors": lambda n: ngettext("{n} competitor", "{n} competitors", n),
    "offers": lambda n: ngettext("{n} offer", "{n} offers", n),
    "sources": lambda n: ngettext("{n} source", "{n} sources", n),
    "relations": lambda n: ngettext("{n} relation", "{n} relations", n),
}


def records(table: str, n: int, style: str = "bold") -> Text:
    """`n` records of `table` in the current language, the number in `style`: "186 actors", « 186 acteurs »."""
    return fill(RECORD_COUNTS[table](n), n=Text(str(n), style=style))


def record_name(record: Any, data: Any = None) -> str:
    """What people read as a record's name: a relation or a rivalry by its actors' names (not their ids), an
    event or a plan by its title in the reader's language."""
    kind = getattr(record, "kind_name", "")
    if kind in ("relation", "competitor") and data is not None:
        actors = data.index("actors")

        def name(actor_id: str) -> str:
            actor = actors.get(actor_id)
            return actor.name if actor is not None else actor_id

        if kind == "relation":
            return f"{name(record.source)} — {label('relation_kind', record.kind)} — {name(record.target)}"
        return _("{actor} vs {competitor}").format(actor=name(record.actor), competitor=name(record.competitor))
    if kind == "event":
        return text_of(record, "title") or record.label
    return record.label


def plain(value: object, style: str = "") -> Text:
    """`value` as literal text: brackets stay brackets, escape sequences are shown, not obeyed."""
    return Text(printable("" if value is None else str(value)), style=style, end="")


def join(*parts: Text | str, sep: str = "") -> Text:
    """Concatenate Text pieces; bare strings are program text, never data."""
    out = Text(end="")
    for i, part in enumerate(parts):
        if i and sep:
            out.append(sep)
        out.append(part if isinstance(part, Text) else Text(part))
    return out


def fill(template: str, style: str = "", **values: Text | str | int | None) -> Text:
    """A translated `template` with its ``{fields}`` replaced by `values`; texts from the data stay literal."""
    import string

    out = Text(style=style, end="")
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            out.append(literal)
        if name is not None:
            value = values[name]
            out.append_text(value if isinstance(value, Text) else plain(value))
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
    """The kind of a record in a column of `width` cells: « acteur », "event"."""
    name = KIND_BADGES.get(kind) or label("record_kind", kind)
    return Text(name.ljust(width), style=KIND_STYLES.get(kind, "bold"), end="")


def status_text(status: str) -> Text:
    return Text(f"■ {STATUS_LABELS.get(status) or label('plan_status', status)}", style=STATUS_COLOURS.get(status, ""), end="")


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
