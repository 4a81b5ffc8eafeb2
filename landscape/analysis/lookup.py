"""Finding one record from what a user types: an id, a name or an alias, regardless of case and accents.

Ids match with case, accents, spaces and punctuation forgiven ("cd gironde" finds ``cd-gironde``),
as the search does.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from landscape.dataset import TABLES, MapData
from landscape.errors import NotFound
from landscape.i18n import _
from landscape.model.models import Actor, Offer, Plan, Record
from landscape.text import fold

# Which kinds a bare name is looked up in first: a name is most often an actor.
_NAME_ORDER = ("actors", "offers", "plans", "events", "sources", "relations", "competitors")


def names_of(record: Record) -> list[str]:
    """The names a user may type for a record: its label, aliases, and for plans the département."""
    names = [record.label]
    if isinstance(record, (Actor, Offer)):
        names += record.aliases
    if isinstance(record, Plan):
        names += [record.departement_name, record.departement_code]
    return names


def resolve(data: MapData, ref: str, *, tables: tuple[str, ...] | None = None) -> Record:
    """The record `ref` names, looked up by id, then by folded name or alias.

    Raises `NotFound` with the closest names when nothing matches, or the candidates when
    several records share the name.
    """
    tables = tables or _NAME_ORDER
    ref = ref.strip()
    for table in tables:
        for record in data.table(table):
            if record.id == ref:
                return record
    key = fold(ref)
    if not key:
        raise NotFound(_("empty reference: give an id, a name or an alias"))
    for table in tables:  # an id typed loosely: "cd gironde", "CD_Gironde", "cd-girondé"
        for record in data.table(table):
            if fold(record.id) == key:
                return record
    for table in tables:
        matches = [r for r in data.table(table) if key in {fold(n) for n in names_of(r)}]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = ", ".join(f"{r.id} ({r.label})" for r in matches[:5])
            raise NotFound(_("{ref!r} names several records: {listed}; give an id").format(ref=ref, listed=listed))
    choices = {fold(n): r for t in tables for r in data.table(t) for n in names_of(r) if t in TABLES}
    close = process.extract(key, list(choices), scorer=fuzz.WRatio, limit=3, score_cutoff=70)
    hint = ""
    if close:
        hint = _("; did you mean {ids}?").format(ids=", ".join(sorted({choices[c].id for c, _score, _at in close})))
    raise NotFound(_("no record matches {ref!r}").format(ref=ref) + hint)
