"""CLI command: ``landscape search QUERY [--kind KIND]... [--limit N] [--json]``."""

from __future__ import annotations

import click

from landscape.analysis.search import KINDS, Hit, SearchIndex
from landscape.errors import LandscapeError
from landscape.i18n import N_, _, decimal
from landscape.model.labels import field_name, label
from landscape.text import fold, printable
from landscape.cli import main
from landscape.cli.help import Option
from landscape.cli.kinds import KindChoice
from landscape.cli.common import AppContext, emit_json, json_option, out, pass_app

_CONTEXT = 30  # characters shown either side of a match in a long field
# The fields a hit can match in (`landscape.store.search_index.WEIGHTS`) that records do not have, as people
# read them; the others are named as on a record's page (`field_name`).
SEARCH_FIELDS = {"alias": N_("alias"), "departement_code": N_("code"), "id": N_("id"), "commune": N_("commune")}


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` made safe for the terminal, the characters in `spans` bold and underlined."""
    parts, at = [], 0
    for start, end in spans:
        parts.append(printable(text[at:start]))
        parts.append(click.style(printable(text[start:end]), bold=True, underline=True))
        at = end
    parts.append(printable(text[at:]))
    return "".join(parts)


def excerpt(hit: Hit) -> str:
    """The matched part of a field that is not the name, cut around the first match."""
    text, spans = hit.text, hit.spans
    if not spans or len(text) <= 2 * _CONTEXT + 20:
        return highlight(text, spans)
    start = max(0, spans[0][0] - _CONTEXT)
    end = min(len(text), spans[-1][1] + _CONTEXT) if spans[-1][1] - start < 160 else min(len(text), spans[0][1] + _CONTEXT)
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    return ("…" if start else "") + highlight(text[start:end], inside) + ("…" if end < len(text) else "")


@main.command(help=N_(
    "Find records by name, alias, code, title, commune or summary; typos, accents and word order forgiven.\n\n"
    "JSON: an array of {kind, id, name, aliases, score, field, spans}; spans are [start, end) character offsets "
    "into the field that matched (the name when field is \"name\")."))
@click.argument("query")
@click.option("--kind", "kinds", multiple=True, type=KindChoice(KINDS), metavar="KIND", cls=Option,
              help=N_("Only hits of this kind (repeatable; singular or plural): {kinds}."),
              help_values={"kinds": ", ".join(KINDS)})
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help=N_("At most N hits."))
@json_option
@pass_app
def search(app: AppContext, query: str, kinds: tuple[str, ...], limit: int, as_json: bool) -> None:
    if not fold(query):
        raise LandscapeError(_("nothing to search for in {query!r}: type a few letters of a name, a code or a title")
                             .format(query=query))
    index = app.read_fast(SearchIndex.from_db)  # stdlib sqlite3: no models to import, no map to load
    try:
        hits = index.search(query, kinds or None, limit)
    finally:
        index.close()
    if as_json:
        emit_json([h.to_json() for h in hits])
        return
    if not hits:
        out(_("no match for {query!r}").format(query=query), dim=True)
        return
    width = min(40, max(len(printable(h.id)) for h in hits))
    kinds_shown = {h.kind: label("record_kind", h.kind) for h in hits}
    kind_width = max(10, *map(len, kinds_shown.values()))
    for hit in hits:
        name = highlight(hit.name, hit.spans) if hit.field == "name" else printable(hit.name)
        line = f"{click.style(f'{kinds_shown[hit.kind]:<{kind_width}}', dim=True)} {printable(hit.id):<{width}}  {name}"
        if hit.field != "name":
            field = _(SEARCH_FIELDS[hit.field]) if hit.field in SEARCH_FIELDS else field_name(hit.field)
            line += click.style(f"  [{field}] ", dim=True) + excerpt(hit)
        click.echo(line + click.style(f"  {decimal(hit.score)}", dim=True))
