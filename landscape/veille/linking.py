"""Entity linking: which actors, people, offers, plans and départements a news item names.

Precision comes first. Names are matched as whole words in folded text (case, accents and
punctuation forgiven: "EMMAUS CONNECT", "Emmaus-Connect"), longest name first, so "Pix" never
matches "pixel" and "Fondation Orange" is not also "Orange". Names that are also ordinary words
("Orange", "La Poste", "Hub'Est", acronyms such as "CAF") must keep their capitals in the text.
A département is named by a compound name ("Pyrénées-Atlantiques"), by a single-word name in context
("le Morbihan", "en Gironde", "de l'Ain") or by its number in brackets ("Vannes (56)"). A plan is
linked when its title is quoted, or when the item speaks of a digital-inclusion plan and names its
département.

>>> linker = Linker.from_map(data, departements)              # doctest: +SKIP
>>> [(l.kind, l.id, l.span) for l in linker.link("La MedNum s'installe dans le Morbihan")]
[('actor', 'la-mednum', 'La MedNum'), ('departement', '56', 'le Morbihan')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from landscape.text import fold, fold_with_map

KIND_WEIGHT = {"actor": 1.0, "person": 0.8, "offer": 0.8, "plan": 1.0, "departement": 0.6}
KIND_ORDER = {"actor": 0, "person": 1, "offer": 2}   # who keeps a name two kinds share
FOCAL_BONUS, FOLLOWED_BONUS, TITLE_BONUS = 3.0, 2.0, 0.5
MAX_TOKENS = 12

ARTICLES = frozenset({"la", "le", "les", "l", "d", "de", "des", "du"})
# Words that make a name ordinary when all its words are among them: such names keep their capitals.
COMMON = ARTICLES | frozenset("""
a au aux en et pour sur orange pop poste postale ruche cloche coop base bases cahier cahiers gazette famille
familles rurale rurales assurance maladie conseiller conseillers numerique numeriques societe mission plateforme
inclusion croix rouge france services service travail hub est sud nord ouest agence programme label standard
region cite tech pass fondation caisse caisses ministere departement conseil departemental emploi pole collecte
bons clics ateliers atelier maisons maison digitales permanences connectees connexions solidaires indice fragilite
cartographie nationale national lieux ideas box impact challenge data referentiel offre insertion territoires
territoire banque ligue enseignement assembleurs unis cloche ruche lo ultra nationale cohesion
""".split())
# Context words that make a one-word département name a département: "le Morbihan", "en Gironde", "dans l'Ain".
DEPT_CONTEXT = frozenset({"le", "la", "l", "les", "du", "des", "en", "dans", "au", "aux"})
PLAN_WORDS = re.compile(r"\b(plan|schema|strategie|feuille de route|pacte)\b")
PLAN_TOPIC = re.compile(r"\b(inclusion numerique|numerique inclusif|mediation numerique|usages numeriques)\b")
DEPT_NUMBER = re.compile(r"\((\d{2}|2[AB]|97[1-6])\)")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Link:
    """One record an item names: kind (actor, person, offer, plan, departement), id, label, matched text."""

    kind: str
    id: str
    name: str
    span: str
    field: str = "title"   # title or summary
    start: int = 0
    end: int = 0

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "span": self.span}


@dataclass(frozen=True)
class _Target:
    kind: str
    id: str
    name: str


@dataclass
class _Entry:
    targets: list[_Target]
    spellings: list[str]      # the names as written, for the capitals check
    strict: bool


def _tokens(name: str) -> list[str]:
    return _WORD.findall(name)


def _is_strict(name: str) -> bool:
    """Whether a name is also an ordinary word or acronym, so its capitals must be found in the text."""
    words = [w for w in fold(name).split() if w]
    raw = _tokens(name)
    if len(words) == 1 and len(words[0]) <= 4:
        return True
    if any(sum(c.isupper() for c in t) >= 2 for t in raw):
        return True
    return all(w in COMMON for w in words)


def _capitals_kept(spelling: str, found: str) -> bool:
    """Whether `found` keeps the capitals of `spelling` (articles aside; acronyms stay in capitals)."""
    want, got = _tokens(spelling), _tokens(found)
    if len(want) != len(got):
        return fold(spelling) == fold(found) and found[:1].isupper() == spelling[:1].isupper()
    significant = [i for i, w in enumerate(want) if fold(w) not in ARTICLES]
    checked = significant if len(want) <= 2 else significant[:1]
    for i in significant:
        w, g = want[i], got[i]
        if len(w) >= 2 and w.isupper() and not g.isupper():
            return False
        if i in checked and w[:1].isupper() and not g[:1].isupper():
            return False
    return True


class Linker:
    """The names of the map, ready to find in text. Build once, link many items."""

    def __init__(self) -> None:
        self.names: dict[str, _Entry] = {}
        self.dept_names: dict[str, tuple[str, str, bool]] = {}   # folded name -> (code, name, needs context)
        self.dept_codes: dict[str, str] = {}
        self.plans_by_dept: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.plan_titles: dict[str, tuple[str, str]] = {}
        self.centrality: dict[tuple[str, str], float] = {}

    # --- building ------------------------------------------------------------------------------
    @classmethod
    def from_map(cls, data, departements: Iterable) -> Linker:
        """From a `MapData` and the départements (`Departement` objects or rows with code and name)."""
        self = cls()
        degree: dict[str, int] = defaultdict(int)
        for r in data.relations:
            degree[r.source] += 1
            degree[r.target] += 1
        for a in data.actors:
            kind = "person" if a.kind == "person" else "actor"
            influence = a.positioning.influence if a.positioning else 2
            self.centrality[kind, a.id] = round(0.5 * influence / 5 + 0.5 * min(degree[a.id], 20) / 20, 3)
            for name in [a.name, *a.aliases]:
                self._add(name, _Target(kind, a.id, a.name))
        for o in data.offers:
            self.centrality["offer", o.id] = 0.3
            for name in [o.name, *o.aliases]:
                self._add(name, _Target("offer", o.id, o.name))
        for d in departements:
            code, name = (d.code, d.name) if hasattr(d, "code") else (d["code"], d["name"])
            self.dept_codes[code] = name
            folded = fold(name)
            self.dept_names[folded] = (code, name, len(folded.split()) == 1)
            self.centrality["departement", code] = 0.2
        for p in sorted(data.plans, key=lambda p: (p.adopted or "", p.id), reverse=True):
            label = p.title or f"Plan {p.departement_name}"
            self.plans_by_dept[p.departement_code].append((p.id, label))
            self.centrality["plan", p.id] = 0.5
            if p.title and len(fold(p.title).split()) >= 4:
                self.plan_titles[fold(p.title)] = (p.id, p.title)
        self._resolve_shared()
        return self

    def _add(self, name: str, target: _Target) -> None:
        key = fold(name)
        if not key:
            return
        entry = self.names.setdefault(key, _Entry([], [], True))
        if target not in entry.targets:
            entry.targets.append(target)
        entry.spellings.append(name)
        entry.strict = entry.strict and _is_strict(name)

    def _resolve_shared(self) -> None:
        """A name two records share goes to the one whose kind comes first; a tie within a kind drops it."""
        for key in list(self.names):
            entry = self.names[key]
            ids = {(t.kind, t.id) for t in entry.targets}
            if len(ids) == 1:
                continue
            best = min(KIND_ORDER[t.kind] for t in entry.targets)
            kept = [t for t in entry.targets if KIND_ORDER[t.kind] == best]
            if len({t.id for t in kept}) > 1:
                del self.names[key]
            else:
                entry.targets = kept[:1]

    # --- linking -------------------------------------------------------------------------------
    def link(self, title: str, summary: str = "") -> list[Link]:
        """The records `title` and `summary` name, each once (its first mention, title first)."""
        found: dict[tuple[str, str], Link] = {}
        for field, text in (("title", title), ("summary", summary)):
            for link in self._link_text(text, field):
                found.setdefault((link.kind, link.id), link)
        whole = fold(f"{title} {summary}")
        if PLAN_WORDS.search(whole) and PLAN_TOPIC.search(whole):
            for (kind, code), link in list(found.items()):
                if kind == "departement" and self.plans_by_dept.get(code):
                    plan_id, label = self.plans_by_dept[code][0]
                    found.setdefault(("plan", plan_id), Link("plan", plan_id, label, link.span, link.field,
                                                             link.start, link.end))
        return list(found.values())

    def _link_text(self, text: str, field: str) -> list[Link]:
        if not text:
            return []
        folded, origin = fold_with_map(text)
        starts = [0] + [i + 1 for i, c in enumerate(folded) if c == " "]
        words = folded.split(" ") if folded else []
        links: list[Link] = []

        def span_of(i: int, n: int) -> tuple[int, int]:
            a = origin[starts[i]]
            last = starts[i + n - 1] + len(words[i + n - 1]) - 1
            return a, origin[last] + 1

        i = 0
        while i < len(words):
            step = 1
            for n in range(min(MAX_TOKENS, len(words) - i), 0, -1):
                key = " ".join(words[i:i + n])
                entry = self.names.get(key)
                if entry is not None:
                    a, b = span_of(i, n)
                    found = text[a:b]
                    if not entry.strict or any(_capitals_kept(s, found) for s in entry.spellings):
                        t = entry.targets[0]
                        links.append(Link(t.kind, t.id, t.name, found, field, a, b))
                        step = n
                        break
                plan = self.plan_titles.get(key)
                if plan is not None:
                    a, b = span_of(i, n)
                    links.append(Link("plan", plan[0], plan[1], text[a:b], field, a, b))
                    step = n
                    break
            i += step
        links += self._departements(text, folded, words, span_of, field)
        return links

    def _departements(self, text: str, folded: str, words: list[str], span_of, field: str) -> list[Link]:
        links = []
        i = 0
        while i < len(words):
            step = 1
            for n in range(min(5, len(words) - i), 0, -1):
                hit = self.dept_names.get(" ".join(words[i:i + n]))
                if hit is None:
                    continue
                code, name, needs_context = hit
                a, b = span_of(i, n)
                found = text[a:b]
                if not found[:1].isupper():
                    continue
                if needs_context:
                    after = text[b:b + 6].lstrip()
                    numbered = DEPT_NUMBER.match(after)
                    if i > 0 and words[i - 1] in DEPT_CONTEXT:
                        a = span_of(i - 1, 1)[0]
                        found = text[a:b]
                    elif not (numbered and numbered.group(1) == code):
                        continue
                links.append(Link("departement", code, name, found, field, a, b))
                step = n
                break
            i += step
        for m in DEPT_NUMBER.finditer(text):
            code = m.group(1)
            if code in self.dept_codes:
                links.append(Link("departement", code, self.dept_codes[code], m.group(0), field, m.start(), m.end()))
        return links

    # --- scoring -------------------------------------------------------------------------------
    def score(self, links: Iterable[Link], *, focal: str | None = None,
              followed: frozenset[tuple[str, str]] = frozenset()) -> float:
        """How much an item matters: its links, weighted by kind and centrality; focal and followed first."""
        total = 0.0
        for link in links:
            ref_kind = "actor" if link.kind == "person" else link.kind
            value = KIND_WEIGHT.get(link.kind, 0.5) * (1 + self.centrality.get((link.kind, link.id), 0.0))
            if link.field == "title":
                value += TITLE_BONUS
            if focal and ref_kind == "actor" and link.id == focal:
                value += FOCAL_BONUS
            if (ref_kind, link.id) in followed:
                value += FOLLOWED_BONUS
            total += value
        return round(total, 2)


def linker_for(store) -> Linker:
    """The linker for the map in `store` (its records and départements)."""
    return Linker.from_map(store.map(), store.departements())


def resolve_departement(departements: Iterable, ref: str) -> tuple[str, str] | None:
    """(code, name) of the département `ref` names by code or name (case and accents forgiven), else None."""
    key = fold(ref)
    for d in departements:
        code, name = (d.code, d.name) if hasattr(d, "code") else (d["code"], d["name"])
        if ref.strip().upper() == code or key == fold(name):
            return code, name
    return None
