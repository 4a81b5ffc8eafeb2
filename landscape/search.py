"""Fuzzy search over every record of the map and the open-data places, at keystroke speed.

>>> index = SearchIndex.from_db("landscape.db")              # doctest: +SKIP
>>> [h.id for h in index.search("emaus conect", limit=1)]    # doctest: +SKIP
['emmaus-connect']

How it works. At build time every searchable field of every record (names, aliases, codes,
titles, communes, summaries...) is folded once (`landscape.text.fold`) and indexed, per kind, by
whole key, word, one/two-letter prefix, character trigram and acronym. A query gathers a few
hundred candidate keys from those indexes (exact words and prefixes first; the rarest trigrams for
typos) and re-ranks only them with rapidfuzz. Scores fall in tiers, so an exact match ranks above
a prefix, a prefix above a fuzzy match, and a name above a summary that merely mentions the words:

=====================================  ==========
whole field equals the query            100
the same, ignoring spaces ("la med num") 98
field starts with the query             84 – 98
every query word starts a field word    80 – 94
(+2 when every query word is a whole word of the field)
acronym of a name ("BSF", "CNAF")       92
fuzzy (typos), from rapidfuzz WRatio    47 – 79
words found in a summary or note        ≤ 53
=====================================  ==========

each multiplied by the field's weight (name 1, alias 0.96, commune 0.8, ...). Ties go to the
kind ranked first in `KINDS`, then to the shorter name.

The index remembers the database's generation (and SQLite's ``data_version``, which also moves when
another process writes); the next `search` after a write rebuilds it before answering. Searches
are thread-safe: each one reads an immutable snapshot of the index.
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field as dc_field
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from .dataset import MapData
from .errors import LandscapeError
from .models import Actor, Competitor, Event, Offer, Plan, Relation, Source
from .store import Store
from .text import fold, fold_with_map

KINDS: tuple[str, ...] = ("actor", "plan", "offer", "event", "competitor", "source", "relation", "lieu")
"""Every kind a hit may have, in the order ties are broken."""
_KIND_RANK = {k: i for i, k in enumerate(KINDS)}

MAX_QUERY = 200          # characters of a folded query that are looked at
_CANDIDATES = 300        # keys kept from the word indexes, per kind
_FUZZY_CANDIDATES = 150  # keys re-ranked with rapidfuzz, per kind
_SHORT_CAP = 200         # keys kept per one/two-letter prefix
_WORD_EXPANSION = 64     # dictionary words a prefix may expand to
_SCAN_CAP = 5_000        # keys checked for a query of several words
_TRIGRAM_BUDGET = 8_000  # trigram postings counted per kind and query
_FUZZY_CUTOFF = 72       # WRatio below this is not a match
_STOPWORDS = frozenset("a au aux d de des du en et l la le les pour sur un une".split())

# field -> weight. Fields of kind "summary" (long text) are matched by words only.
_WEIGHTS = {
    "name": 1.0, "alias": 0.96, "departement_code": 1.0, "id": 0.9, "title": 0.9, "arena": 0.9,
    "date": 0.85, "commune": 0.8, "region": 0.9, "publisher": 0.75,
    "summary": 1.0, "note": 0.95,
}
_LONG_FIELDS = frozenset({"summary", "note"})


@dataclass(frozen=True)
class Hit:
    """One record found.

    `field` names what matched ("name", "alias", "departement_code", "title", "commune", "summary",
    ...), `text` is that field's original text and `spans` are ``(start, end)`` character offsets
    into `text` of the matched characters. When `field` is ``"name"``, `text` is `name`, so the
    spans highlight the name itself.
    """

    kind: str
    id: str
    name: str
    aliases: list[str]
    score: float
    field: str
    text: str
    spans: list[tuple[int, int]] = dc_field(default_factory=list)

    def to_json(self) -> dict:
        """``{"kind", "id", "name", "aliases", "score", "field", "spans"}``; spans index `text`
        (which is the name when field is "name")."""
        return {"kind": self.kind, "id": self.id, "name": self.name, "aliases": list(self.aliases),
                "score": self.score, "field": self.field, "spans": [list(s) for s in self.spans]}


def lieu_hit_id(origin: str, lieu_id: str) -> str:
    """The hit id of a place: ``origin:id`` (ids are unique per import source only)."""
    return f"{origin}:{lieu_id}"


# --- the documents -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Record:
    kind: str
    id: str
    name: str
    aliases: tuple[str, ...]


def _fields_of(record) -> list[tuple[str, str | None]]:
    """The searchable (field, text) pairs of a curated record; the first is its name."""
    if isinstance(record, Actor):
        return [("name", record.name), *(("alias", a) for a in record.aliases), ("id", record.id),
                ("departement_code", record.departement), ("summary", record.summary)]
    if isinstance(record, Offer):
        return [("name", record.name), *(("alias", a) for a in record.aliases), ("id", record.id),
                ("summary", record.summary)]
    if isinstance(record, Plan):
        return [("name", record.label), ("departement_code", record.departement_code),
                ("title", record.title), ("region", record.region), ("id", record.id),
                ("summary", record.summary)]
    if isinstance(record, Event):
        return [("name", record.title), ("date", record.date[:4]), ("id", record.id), ("summary", record.summary)]
    if isinstance(record, Competitor):
        return [("name", record.label), ("arena", record.arena), ("id", record.id), ("note", record.note)]
    if isinstance(record, Relation):
        return [("name", record.label), ("id", record.id), ("note", record.note)]
    if isinstance(record, Source):
        return [("name", record.title), ("publisher", record.publisher), ("id", record.id)]
    raise TypeError(f"cannot index {type(record).__name__}")


def _documents(data: MapData, lieux: Iterable[tuple[str, str, str, str | None]]):
    """(record, [(field, text, weight)]) for every record, grouped by kind."""
    by_kind: dict[str, list] = defaultdict(list)
    for record in data.all_records():
        fields = _fields_of(record)
        name = fields[0][1]
        aliases = tuple(record.aliases) if isinstance(record, (Actor, Offer)) else ()
        weights = dict(_WEIGHTS)
        if isinstance(record, Actor):
            weights["departement_code"] = 0.9  # the plan, not the council, owns the code
        elif isinstance(record, (Relation, Competitor)):
            weights["name"] = 0.9  # labels made of ids: the actors themselves come first
        elif isinstance(record, Source):
            weights["name"] = 0.95
        rec = _Record(record.kind_name, record.id, name, aliases)
        by_kind[rec.kind].append((rec, [(f, t, weights[f]) for f, t in fields if t]))
    for origin, lieu_id, nom, commune in lieux:
        rec = _Record("lieu", lieu_hit_id(origin, lieu_id), nom, ())
        by_kind["lieu"].append((rec, [(f, t, _WEIGHTS[f]) for f, t in (("name", nom), ("commune", commune)) if t]))
    return by_kind


def _acronyms(words: list[str]) -> set[str]:
    """Initials of every word, and of the words that are not stop words: "anct", "bsf" (3+ letters)."""
    strong = [w for w in words if w not in _STOPWORDS]
    return {"".join(w[0] for w in chosen) for chosen in (words, strong) if len(chosen) >= 3}


# --- one kind's index ----------------------------------------------------------------------------

class _Core:
    """The index of one kind: keys (folded short fields) and long texts (summaries)."""

    def __init__(self, docs: list):
        self.records: list[_Record] = []
        self.entries: list[tuple[int, str, str, float]] = []  # (record no, field, text, weight)
        self.keys: list[str] = []
        self.key_words: list[tuple[str, ...]] = []
        self.key_entries: list[list[int]] = []
        key_ids: dict[str, int] = {}
        long_words: dict[str, set[int]] = defaultdict(set)
        acronyms: dict[str, list[int]] = defaultdict(list)
        folded: dict[str, str] = {}
        for rec, fields in docs:
            rec_no = len(self.records)
            self.records.append(rec)
            seen: set[tuple[str, str]] = set()
            name_key = None
            for fld, text, weight in fields:
                key = folded.get(text)
                if key is None:
                    key = folded[text] = fold(text)
                if not key:
                    continue
                long = fld in _LONG_FIELDS
                if (long, key) in seen or (fld == "id" and key == name_key):
                    continue  # an id that reads like the name adds nothing
                seen.add((long, key))
                name_key = name_key or key
                entry_no = len(self.entries)
                self.entries.append((rec_no, fld, text, weight))
                if long:
                    for word in set(key.split()):
                        long_words[word].add(entry_no)
                    continue
                kid = key_ids.get(key)
                if kid is None:
                    kid = key_ids[key] = len(self.keys)
                    self.keys.append(key)
                    self.key_words.append(tuple(key.split()))
                    self.key_entries.append([])
                self.key_entries[kid].append(entry_no)
                if fld in ("name", "alias") and rec.kind in ("actor", "offer"):
                    for acronym in _acronyms(key.split()):
                        acronyms[acronym].append(entry_no)
        self.key_ids = key_ids
        compact: dict[str, list[int]] = defaultdict(list)
        for kid, key in enumerate(self.keys):
            if " " in key:
                compact[key.replace(" ", "")].append(kid)
        self.compact = dict(compact)  # "la mednum" is found as "lamednum" and "la med num"
        self.acronyms = dict(acronyms)
        self.key_len = [len(k) for k in self.keys]
        by_len = sorted(range(len(self.keys)), key=lambda k: (self.key_len[k], k))
        word_post: dict[str, list[int]] = defaultdict(list)
        prefix_post: dict[str, list[int]] = defaultdict(list)
        start_post: dict[str, list[int]] = defaultdict(list)
        trigrams: dict[str, list[int]] = defaultdict(list)
        for kid in by_len:  # postings come out sorted by key length: shortest (closest) first
            key = self.keys[kid]
            words = set(self.key_words[kid])
            for word in words:
                word_post[word].append(kid)
            for p in {w[:n] for w in words for n in (1, 2) if len(w) >= n}:
                prefix_post[p].append(kid)
            for n in (1, 2):
                if len(key) >= n and len(start_post[key[:n]]) < _SHORT_CAP:
                    start_post[key[:n]].append(kid)
            padded = f" {key} "
            for tri in {padded[i:i + 3] for i in range(len(padded) - 2)}:
                trigrams[tri].append(kid)
        self.word_post = dict(word_post)
        self.words = sorted(word_post)
        self.prefix_post = dict(prefix_post)
        self.start_post = dict(start_post)
        self.trigrams = dict(trigrams)
        self.long_words = {w: sorted(e) for w, e in long_words.items()}
        self.long_sorted = sorted(long_words)

    # -- candidates
    @staticmethod
    def _expand(token: str, vocabulary: list[str]) -> list[str]:
        """Words of the sorted `vocabulary` starting with `token` (at most _WORD_EXPANSION)."""
        i = bisect.bisect_left(vocabulary, token)
        j = bisect.bisect_left(vocabulary, token + "{", i, min(len(vocabulary), i + _WORD_EXPANSION))  # "{" sorts after "z"
        return vocabulary[i:j]

    def word_candidates(self, q: str, tokens: list[str]) -> set[int]:
        """Keys equal to the query, or where every typed word starts a word of the key (any order).

        Walks the keys of the rarest typed word, shortest first, checking the other words on each.
        """
        found: set[int] = set()
        kid = self.key_ids.get(q)
        if kid is not None:
            found.add(kid)
        if len(q) <= 2:
            found.update(self.start_post.get(q, ()))
            found.update(self.prefix_post.get(q, ())[:_SHORT_CAP])
            return found
        options = []
        for token in set(tokens):
            if len(token) <= 2:
                lists = [self.prefix_post.get(token, [])]
            else:
                lists = [self.word_post[w] for w in self._expand(token, self.words)]
            options.append((sum(map(len, lists)), len(token), lists))
        size, _, lists = min(options, key=lambda o: (o[0], -o[1]))
        if not size:
            return found
        stream = lists[0] if len(lists) == 1 else sorted(set().union(*lists), key=self.key_len.__getitem__)
        multi = len(tokens) > 1
        kept = 0
        for n, kid in enumerate(stream):
            if n >= _SCAN_CAP:
                break
            if not multi or _prefix_of_words(tokens, self.key_words[kid]):
                found.add(kid)
                kept += 1
                if kept >= _CANDIDATES:
                    break
        return found

    def trigram_candidates(self, q: str) -> list[int]:
        """Keys sharing the most of the query's rarest trigrams: candidates despite typos."""
        padded = f" {q} "
        grams = sorted({padded[i:i + 3] for i in range(len(padded) - 2)},
                       key=lambda g: len(self.trigrams.get(g, ())))
        counts: Counter[int] = Counter()
        budget = _TRIGRAM_BUDGET
        used = 0
        for gram in grams:
            posting = self.trigrams.get(gram)
            if not posting:
                continue
            if len(posting) > budget and used >= 3:
                break
            counts.update(posting)
            budget -= len(posting)
            used += 1
        # a key sharing too few of the trigrams looked at cannot score as a typo of the query
        need = max(1, min(used, 2), round(used * 0.34))
        strong = [(n, k) for k, n in counts.items() if n >= need]
        return [k for _, k in heapq.nlargest(_FUZZY_CANDIDATES, strong)]

    def long_matches(self, tokens: list[str]) -> set[int]:
        """Long-text entries (summaries) holding a word starting with every token of 3+ letters."""
        tokens = [t for t in set(tokens) if len(t) >= 3]
        if not tokens:
            return set()
        result: set[int] | None = None
        for token in tokens:
            hits: set[int] = set()
            for word in self._expand(token, self.long_sorted):
                hits.update(self.long_words[word])
            result = hits if result is None else result & hits
            if not result:
                return set()
        return result or set()


def _prefix_of_words(tokens: list[str], words: tuple[str, ...]) -> bool:
    """Does every token start a different word (any order)?"""
    free = list(words)
    for token in sorted(tokens, key=len, reverse=True):
        for i, word in enumerate(free):
            if word.startswith(token):
                del free[i]
                break
        else:
            return False
    return True


# --- spans ---------------------------------------------------------------------------------------

_WORD = re.compile(r"[0-9a-z]+")


def _folded_spans(how: str, q: str, tokens: list[str], folded: str) -> list[tuple[int, int]]:
    """Matched character ranges of `folded` (the folded field)."""
    if how in ("exact", "prefix"):
        at = folded.find(q)
        return [(at, at + len(q))] if at >= 0 else []
    if how == "compact":
        return [(0, len(folded))]
    words = [(m.start(), m.group()) for m in _WORD.finditer(folded)]
    if how in ("words", "long"):
        spans, used = [], set()
        for token in sorted(set(tokens), key=len, reverse=True):
            for i, (start, word) in enumerate(words):
                if i not in used and word.startswith(token):
                    used.add(i)
                    spans.append((start, start + len(token)))
                    break
        return spans
    if how == "acronym":
        for chosen in (words, [w for w in words if w[1] not in _STOPWORDS]):
            if "".join(w[0] for _, w in chosen) == q.replace(" ", ""):
                return [(s, s + 1) for s, _ in chosen]
        return []
    spans = []  # fuzzy: the characters each typed word shares with its closest word
    for token in tokens:
        best = process.extractOne(token, [w for _, w in words], scorer=fuzz.ratio, score_cutoff=50)
        if best is None:
            continue
        start, word = words[best[2]]
        for block in Indel.opcodes(token, word).as_matching_blocks():
            if block.size:
                spans.append((start + block.b, start + block.b + block.size))
    if not spans:
        align = fuzz.partial_ratio_alignment(q, folded)
        if align and align.dest_end > align.dest_start:
            spans.append((align.dest_start, align.dest_end))
    return spans


def _original_spans(text: str, how: str, q: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Spans into the original `text`, sorted and merged."""
    folded, origin = fold_with_map(text)
    out: list[tuple[int, int]] = []
    for start, end in sorted(_folded_spans(how, q, tokens, folded)):
        if not (0 <= start < end <= len(origin)):
            continue
        span = (origin[start], origin[end - 1] + 1)
        if out and span[0] <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], span[1]))
        else:
            out.append(span)
    return out


def offer_key(core: _Core, kid: int, score: float, how: str, offer) -> None:
    for entry_no in core.key_entries[kid]:
        offer(entry_no, score, how)


# --- the index -----------------------------------------------------------------------------------

class SearchIndex:
    """Fuzzy search across kinds; rebuilds itself when the database changes."""

    def __init__(self, store: Store, *, owns_store: bool = False):
        self.store = store
        self._owns_store = owns_store
        self._lock = threading.RLock()
        self._cores: dict[str, _Core] = {}
        self._token: tuple | None = None
        self.refresh()

    @classmethod
    def from_db(cls, path: str | Path) -> SearchIndex:
        """Open the database at `path` (its own connection) and index it."""
        return cls(Store.open(path), owns_store=True)

    @classmethod
    def from_store(cls, store: Store) -> SearchIndex:
        """Index an open store (shares its connection)."""
        return cls(store)

    @classmethod
    def from_map(cls, data: MapData, lieux: Iterable[tuple[str, str, str, str | None]] = ()) -> SearchIndex:
        """An index of records in memory, without a database (it never refreshes)."""
        index = cls.__new__(cls)
        index.store, index._owns_store, index._lock, index._token = None, False, threading.RLock(), None
        index._cores = {kind: _Core(docs) for kind, docs in _documents(data, lieux).items()}
        return index

    def close(self) -> None:
        if self._owns_store and self.store is not None:
            self.store.close()

    def _current_token(self) -> tuple:
        lock = getattr(self.store, "_lock", None) or threading.RLock()
        with lock:
            version = self.store.db.execute("PRAGMA data_version").fetchone()[0]
            return self.store.generation(), version

    def refresh(self, *, force: bool = False) -> bool:
        """Rebuild the index if the database changed since it was built; True if it did."""
        if self.store is None:
            return False
        with self._lock:
            token = self._current_token()
            if token == self._token and not force:
                return False
            lock = getattr(self.store, "_lock", None) or threading.RLock()
            with lock:
                data = self.store.map()
                lieux = []
                if "lieux" in self.store.db.table_names():
                    lieux = self.store.db.execute("SELECT origin, id, nom, commune FROM lieux").fetchall()
            self._cores = {kind: _Core(docs) for kind, docs in _documents(data, lieux).items()}
            self._token = token
            return True

    def __len__(self) -> int:
        return sum(len(core.records) for core in self._cores.values())

    def search(self, query: str, kinds: Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
        """The best `limit` hits for `query`, best first, optionally only of `kinds` (singular names)."""
        wanted = list(KINDS) if kinds is None else list(dict.fromkeys(kinds))
        unknown = [k for k in wanted if k not in _KIND_RANK]
        if unknown:
            raise LandscapeError(f"unknown kind {unknown[0]!r}; choose from {', '.join(KINDS)}")
        self.refresh()
        cores = self._cores  # an immutable snapshot: a concurrent refresh swaps the whole dict
        q = fold(query[: MAX_QUERY * 4])[:MAX_QUERY].strip()
        if not q or limit <= 0:
            return []
        tokens = q.split()
        scored: list[tuple[float, int, int, str, _Core]] = []
        for kind in wanted:
            core = cores.get(kind)
            if core is not None:
                scored.extend(self._search_core(core, q, tokens, limit))
        best = heapq.nsmallest(limit, scored, key=lambda s: (
            -s[0], _KIND_RANK[s[4].records[s[1]].kind], len(s[4].records[s[1]].name), s[1]))
        hits = []
        for score, rec_no, entry_no, how, core in best:
            rec = core.records[rec_no]
            _, fld, text, _ = core.entries[entry_no]
            hits.append(Hit(rec.kind, rec.id, rec.name, list(rec.aliases), round(score, 1), fld, text,
                            _original_spans(text, how, q, tokens)))
        return hits

    @staticmethod
    def _search_core(core: _Core, q: str, tokens: list[str], limit: int):
        best: dict[int, tuple[float, int, str]] = {}
        entries = core.entries

        def offer(entry_no: int, score: float, how: str) -> None:
            rec_no, _, _, weight = entries[entry_no]
            score *= weight
            if score > best.get(rec_no, (0.0,))[0]:
                best[rec_no] = (score, entry_no, how)

        keys, key_words = core.keys, core.key_words
        words = core.word_candidates(q, tokens)
        compact = q.replace(" ", "")
        typed = len(compact)
        for kid in core.compact.get(compact, ()):
            if keys[kid] != q:
                offer_key(core, kid, 98.0, "compact", offer)
        for kid in words:
            key = keys[kid]
            if key == q:
                score, how = 100.0, "exact"
            else:
                kw = key_words[kid]
                if key.startswith(q):
                    score, how = 84.0, "prefix"
                elif len(tokens) == 1 or _prefix_of_words(tokens, kw):
                    score, how = 80.0, "words"
                else:
                    continue
                # the more of the key typed the better; whole words typed beat prefixes
                score += 12.0 * min(1.0, typed / (len(key) - len(kw) + 1))
                if all(t in kw for t in tokens):
                    score += 2.0
            offer_key(core, kid, score, how, offer)
        # fuzzy matches score below 80: look for them only when the words did not fill the page
        if len(q) > 2 and len(best) < limit:
            fuzzy = [k for k in core.trigram_candidates(q) if k not in words]
            if fuzzy:
                for _, ratio, i in process.extract(q, [keys[k] for k in fuzzy], scorer=fuzz.WRatio, limit=None,
                                                   score_cutoff=_FUZZY_CUTOFF):
                    key = keys[fuzzy[i]]
                    score = min(79.0, 50.0 + (ratio - 75.0) * 29.0 / 25.0)
                    offer_key(core, fuzzy[i], score, "fuzzy", offer)
        for entry_no in core.acronyms.get(q.replace(" ", ""), ()) if 2 <= len(q) <= 12 else ():
            offer(entry_no, 92.0, "acronym")
        if len(tokens) <= 8:
            for entry_no in core.long_matches(tokens):
                offer(entry_no, 53.0, "long")
        return [(sc, rec_no, e, how, core) for rec_no, (sc, e, how) in best.items()]
