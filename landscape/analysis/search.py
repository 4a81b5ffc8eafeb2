"""Fuzzy search over every record of the map and the open-data places, at keystroke speed.

>>> index = SearchIndex.from_db("landscape.db")              # doctest: +SKIP
>>> [h.id for h in index.search("emaus conect", limit=1)]    # doctest: +SKIP
['emmaus-connect']

How it works. The index lives in the database (`landscape.store.search_index`), written by the same
transaction as the records, so opening it costs nothing and every process sees the same one. A
query is folded (`landscape.text.fold`: case, accents and punctuation ignored) and gathers a few
hundred candidate records from SQLite: exact, spaceless and acronym keys (a B-tree), FTS5 prefix
matches of the query's rarest words in names and short fields (the others are checked on each
candidate: a common word's list of documents is long to read), summaries holding the query's words
(a table of their own, so a topic query does not read the long lists of words common in place
names), and — when that does not fill the page — names holding corrections of misspelt words
(words of the index's vocabulary within a small edit distance, the first letters forgiven too). Only those candidates are re-ranked with rapidfuzz.
Scores fall in tiers, so an exact match ranks above a prefix, a prefix above a fuzzy match, and a
name above a summary that merely mentions the words:

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

each multiplied by the field's weight (name 1, alias 0.96, commune 0.8, ...). Fuzzy and summary
scores are further weighed by how much of the query they hold, each word counting by its inverse
document frequency (IDF): a summary holding the rare words of "précarité numérique" outranks a
name holding only the common one, and French and English stop-words count for nothing. Ties go to
the kind ranked first in `KINDS`, then to the shorter name.

`search` reads the index as it is in the database at that moment: a write by another process is
found by the next search. Searches are thread-safe (one statement at a time on the connection).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from landscape.store import search_index
from landscape.errors import LandscapeError
from landscape.i18n import _
from landscape.store.search_index import KINDS, LONG_FIELDS, NAME_FIELDS, STOPWORDS, acronyms, fold_fast
from landscape.text import fold_with_map

if TYPE_CHECKING:
    from landscape.dataset import MapData
    from landscape.store.database import Store

_KIND_RANK = {k: i for i, k in enumerate(KINDS)}

MAX_QUERY = 200          # characters of a folded query that are looked at
_WORD_CANDIDATES = 150   # records kept from the name/key word match
_BODY_CANDIDATES = 80    # records kept from the summary match
_FUZZY_CANDIDATES = 80   # records kept from the corrected-words match
_SHORT_CAP = 200         # keys kept for a one/two-letter query
_CORRECTIONS = 6         # vocabulary words a misspelt word may stand for
_FUZZY_CUTOFF = 72       # WRatio below this is not a match
_STOPWORDS = STOPWORDS


@dataclass(frozen=True)
class Hit:
    """One record found.

    `field` names what matched ("name", "alias", "departement_code", "title", "commune", "summary",
    ...), `text` is that field's original text and `spans` are ``(start, end)`` character offsets
    into `text` of the matched characters. When `field` is ``"name"``, `text` is `name`, so the
    spans highlight the name itself. `name` is what people read: a relation's is "Conseil
    départemental du Morbihan — partner — MSA", a competitor's "Emmaüs Connect vs La Cloche: arena".
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


def _prefix_of_words(tokens: list[str], words: list[str] | tuple[str, ...]) -> bool:
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


def _fts_any(terms: Iterable[str]) -> str:
    return " OR ".join(f'"{t}"*' for t in terms)


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


class _OneChar(dict):
    """Non-ASCII character -> the one character `fold` makes of it ("é" -> "e", "«" -> " "), else U+FFFF."""

    def __missing__(self, char: int) -> str:
        folded = search_index.FOLDED[char]
        folded = self[char] = folded if len(folded) == 1 else "\uffff"
        return folded


_ONE_CHAR = _OneChar()


def _fold_map(text: str) -> tuple[str, list[int]]:
    """`fold_with_map`, fast when every character folds to one character (positions then match)."""
    if not text.isascii():
        translated = text.translate(_ONE_CHAR)
        if "\uffff" not in translated:
            return fold_with_map(translated)
    return fold_with_map(text)


def _word_starts(text: str, tokens: list[str]) -> list[tuple[int, int]] | None:
    """The "words" spans read straight from `text` when every character folds to one (positions then
    match, and a summary need not be folded whole); None otherwise."""
    low = text.translate(_ONE_CHAR).lower() if not text.isascii() else text.lower()
    if "\uffff" in low:
        return None
    spans, used = [], set()
    for token in sorted(set(tokens), key=len, reverse=True):
        for m in re.finditer(r"(?<![0-9a-z])" + token, low):  # tokens are folded: [0-9a-z]+
            if m.start() not in used:
                used.add(m.start())
                spans.append((m.start(), m.end()))
                break
    return sorted(spans)


def _original_spans(text: str, how: str, q: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Spans into the original `text`, sorted and merged."""
    if how in ("words", "long"):
        direct = _word_starts(text, tokens)
        if direct is not None:
            return direct
    folded, origin = _fold_map(text)
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


# --- the index -----------------------------------------------------------------------------------

class SearchIndex:
    """Search across kinds over the index stored in the database (see `landscape.store.search_index`)."""

    def __init__(self, conn: sqlite3.Connection, lock=None, *, owns: bool = False, check: bool = True,
                 keep: object = None):
        self.conn = conn
        self._lock = lock if lock is not None else getattr(conn, "lock", None) or threading.RLock()
        self._owns = owns
        self._check = check
        self._keep = keep  # what must live as long as the index (the in-memory store of `from_map`)
        self._token: tuple | None = None
        self._docs = 0
        self._df: dict[str, tuple[int, bool]] = {}
        self._vocab: dict[str, list[str]] = {}  # first letters -> the index's words starting with them
        self.refresh()

    @classmethod
    def from_db(cls, path: str | Path) -> SearchIndex:
        """Open the database at `path` with a connection of its own (stdlib sqlite3, no models)."""
        from landscape.store.summary import check_current

        path = Path(path)
        if not path.is_file():
            raise LandscapeError(_("{path}: no such database (run 'landscape init' to build it)").format(path=path))
        conn = None
        try:
            conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
            check_current(conn, path)  # `OutOfDate`: the caller opens it with the store first
            return cls(conn, owns=True)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise LandscapeError(_("{path}: not a landscape database ({error})").format(path=path, error=exc)) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    @classmethod
    def from_store(cls, store: Store) -> SearchIndex:
        """Search an open store (shares its connection and its lock)."""
        return cls(store.db.conn, store.lock)

    @classmethod
    def from_map(cls, data: MapData, lieux: Iterable[tuple[str, str, str, str | None]] = ()) -> SearchIndex:
        """An index of records in memory (an in-memory database of its own; it never changes)."""
        from landscape.store.database import Store

        store = Store.open(":memory:")
        store.replace_map(data)
        docs = [(lieu_hit_id(origin, lieu_id), nom, [], [("name", nom, 1.0), ("commune", commune, 0.8)])
                for origin, lieu_id, nom, commune in lieux]
        if docs:
            with store.transaction():
                search_index.add_documents(store.db.conn, "lieu", docs)
        return cls(store.db.conn, store.lock, check=False, keep=store)

    def close(self) -> None:
        if self._owns:
            self.conn.close()

    def _current_token(self) -> tuple:
        return self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes

    def refresh(self, *, force: bool = False) -> bool:
        """Take in writes made since the last search (checking the index once); True if there were any."""
        with self._lock:
            token = self._current_token()
            if token == self._token and not force:
                return False
            if self._check:
                try:
                    search_index.ensure(self.conn)
                except search_index.IndexUnavailable as exc:
                    raise LandscapeError(str(exc)) from None
            row = self.conn.execute("SELECT value FROM search_meta WHERE key = 'docs'").fetchone()
            self._docs = int(row[0]) if row else 0
            self._df, self._vocab = {}, {}
            self._token = self._current_token()
            return True

    def __len__(self) -> int:
        return self._docs

    def search(self, query: str, kinds: Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
        """The best `limit` hits for `query`, best first, optionally only of `kinds` (singular names)."""
        wanted = list(KINDS) if kinds is None else list(dict.fromkeys(kinds))
        unknown = [k for k in wanted if k not in _KIND_RANK]
        if unknown:
            raise LandscapeError(_("unknown kind {kind}; choose from {choices}").format(
                kind=repr(unknown[0]), choices=', '.join(KINDS)))
        q = fold_fast(query[: MAX_QUERY * 4])[:MAX_QUERY].strip()
        if not q or limit <= 0 or not wanted:
            return []
        tokens = q.split()
        with self._lock:
            self.refresh()
            try:
                best = self._search(q, tokens, wanted, limit)
            except sqlite3.DatabaseError as exc:
                if not self._check or search_index.problem(self.conn) is None:
                    raise LandscapeError(_("search failed: {error}").format(error=exc)) from None
                self.refresh(force=True)  # a damaged index found mid-query: rebuilt once
                best = self._search(q, tokens, wanted, limit)
        return [Hit(kind, ref, name, aliases, round(score, 1), fld, text, _original_spans(text, how, q, marks))
                for score, kind, ref, name, aliases, fld, text, how, marks in best]

    # -- looking up
    def _ids(self, sql: str, params: list) -> set[int]:
        return {row[0] for row in self.conn.execute(sql, params)}

    def _match(self, match: str, cap: int, table: str = "search_fts") -> set[int]:
        """Documents matching an FTS5 query, in id order (within a kind written at once: shortest name first).

        Not ranked by bm25: ranking costs every match (20,000 for a word in every fifth place), and the
        words' weights are applied when re-ranking.
        """
        return self._ids(f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?", [match, cap])

    def _narrow(self, groups: list[tuple[str, int]], kind_match: str, cap: int) -> set[int]:
        """Documents whose names or short fields hold every group of words (FTS5 expressions), read
        from the rarest: a group found in at most `cap` documents is read alone (all of them), else
        the two rarest together, else every group when that is still too many. A common prefix costs
        its whole list of documents; the other groups are checked on each candidate when re-ranking."""
        groups = sorted(groups, key=lambda g: g[1])
        chosen = groups[:1] if groups[0][1] <= cap else groups[:2]
        found = self._match("{name keys} : (" + " AND ".join(g for g, _ in chosen) + ")" + kind_match, cap)
        if len(found) >= cap and len(groups) > len(chosen):
            found = self._match("{name keys} : (" + " AND ".join(g for g, _ in groups) + ")" + kind_match, cap)
        return found

    def _frequency(self, term: str) -> tuple[int, bool]:
        """(documents holding a word starting with `term`, whether `term` itself is a word of the index)."""
        known = self._df.get(term)
        if known is None:
            exact = self.conn.execute("SELECT sum(df) FROM search_terms WHERE term = ?", [term]).fetchone()[0]
            prefixed = self.conn.execute(
                "SELECT coalesce(sum(df), 0) FROM (SELECT df FROM search_terms WHERE term >= ? AND term < ? "
                "LIMIT 256)", [term, term + "{"]).fetchone()[0]
            known = self._df[term] = (max(prefixed, exact or 0), exact is not None)
        return known

    def _corrections(self, term: str, *, first_letter: bool = False) -> list[str]:
        """Words of the index a misspelt `term` may stand for: same first letter, close spelling; with
        `first_letter`, also words whose first two letters are swapped, whose first letter is missing
        or which lack the typed first letter (each a narrow range of the vocabulary)."""
        wanted = [term[0]]
        if first_letter:
            wanted += [term[1] + term[0], term[1:3]] + [c + term[0] for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
        heads = wanted
        heads = [h for h in dict.fromkeys(heads) if h not in self._vocab]
        if heads:  # the words starting with each head, read once until the index changes
            ranges = [x for head in heads for x in (head, head[:-1] + chr(ord(head[-1]) + 1))]
            found: dict[str, list[str]] = {head: [] for head in heads}
            for head, word in self.conn.execute(
                    f"WITH heads (lo, hi) AS (VALUES {', '.join(['(?, ?)'] * len(heads))}) "
                    "SELECT DISTINCT lo, term FROM heads JOIN search_terms ON term >= lo AND term < hi", ranges):
                found[head].append(word)
            self._vocab.update(found)
        shortest, longest = len(term) - 2, len(term) + 2
        words = list(dict.fromkeys(w for head in dict.fromkeys(wanted) for w in self._vocab[head]
                                   if shortest <= len(w) <= longest))
        return [w for w, _, _ in process.extract(term, words, scorer=fuzz.ratio, score_cutoff=75,
                                                 limit=_CORRECTIONS)]

    def _search(self, q: str, tokens: list[str], wanted: list[str], limit: int) -> list[tuple]:
        everything = len(wanted) == len(KINDS)
        kind_sql = "" if everything else f" AND kind IN ({','.join('?' * len(wanted))})"
        kind_params = [] if everything else wanted
        kind_match = "" if everything else " AND kind : (" + " OR ".join(f'"{k}"' for k in wanted) + ")"
        compact = q.replace(" ", "")
        terms = list(dict.fromkeys(t for t in tokens if t not in _STOPWORDS)) or list(dict.fromkeys(tokens))
        fts_terms = [t for t in terms if len(t) >= 2]

        # 1. names and short fields: exact, spaceless, acronym; then every word as a prefix
        word_docs = self._ids(f"SELECT doc FROM search_keys WHERE key IN (?, ?){kind_sql}", [q, compact, *kind_params])
        if len(q) <= 2:
            word_docs |= self._ids(f"SELECT doc FROM search_keys WHERE key >= ? AND key < ? AND how = 0{kind_sql} "
                                   "ORDER BY length(key) LIMIT ?", [q, q + "{", *kind_params, _SHORT_CAP])
        frequency = {t: self._frequency(t) for t in terms} if len(q) > 2 else {}
        if len(q) > 2 and fts_terms:
            word_docs |= self._narrow([(f'"{t}"*', frequency[t][0]) for t in fts_terms], kind_match,
                                      _WORD_CANDIDATES)
        # 2. the weight of each word: inverse document frequency (BM25's)
        total = max(self._docs, 1)
        idf = {t: math.log(1 + (total - frequency.get(t, (0, False))[0] + 0.5)
                           / (frequency.get(t, (0, False))[0] + 0.5)) for t in terms}
        # 3. corrections of misspelt words, when the words alone do not fill the page (without any,
        # the words' own match is the one above)
        fuzzy_docs: set[int] = set()
        if len(q) > 2 and len(word_docs) < limit and fts_terms:
            groups, corrected = [], False
            for t in fts_terms:
                df = frequency[t][0]
                alternatives = [f'"{t}"*'] if df else []
                # a short word that starts words of the index is taken as a prefix typed on purpose
                if len(t) >= 4 and not frequency[t][1] and (not df or len(t) >= 6 or not word_docs):
                    fixed = self._corrections(t, first_letter=not df)
                    alternatives += [f'"{w}"' for w in fixed]
                    corrected = corrected or bool(fixed)
                    if fixed:
                        fixed_df = sum(self._frequency(w)[0] for w in fixed)
                        if not df:  # weigh a misspelt word as the word it stands for
                            most = max(self._frequency(w)[0] for w in fixed)
                            idf[t] = math.log(1 + (total - most + 0.5) / (most + 0.5))
                        df += fixed_df
                if alternatives:
                    groups.append(("(" + " OR ".join(alternatives) + ")", df))
            if groups and (corrected or len(groups) < len(fts_terms)):
                fuzzy_docs = self._narrow(groups, kind_match, _FUZZY_CANDIDATES)
                if not fuzzy_docs and len(groups) > 1:
                    fuzzy_docs = self._match("{name keys} : (" + " OR ".join(g for g, _ in groups) + ")"
                                             + kind_match, _FUZZY_CANDIDATES)
        # 4. summaries and notes holding the words: all of them, else (to fill the page) the rarer ones
        body_terms = [t for t in fts_terms if len(t) >= 3]
        body_docs: set[int] = set()
        if body_terms:
            body_docs = self._match("body : (" + " AND ".join(f'"{t}"*' for t in body_terms) + ")" + kind_match,
                                    _BODY_CANDIDATES, "search_body")
            # a word in more than one document in 20 says little about a topic on its own
            rare = [t for t in body_terms if frequency[t][0] <= total / 20]
            if len(body_terms) > 1 and rare and len(word_docs | fuzzy_docs | body_docs) < limit:
                body_docs |= self._match("body : (" + _fts_any(rare) + ")" + kind_match, _BODY_CANDIDATES,
                                         "search_body")

        candidates = word_docs | fuzzy_docs | body_docs
        if not candidates:
            return []
        weight_sum = sum(idf.values()) or 1.0
        scored = []
        for doc_id, kind, ref, name, aliases, fields in self.conn.execute(
                "SELECT id, kind, ref, name, aliases, fields FROM search_docs "
                "WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(candidates))]):
            if kind not in wanted:
                continue
            found = _score(json.loads(fields), kind, q, compact, tokens, terms, idf, weight_sum,
                           fuzzy=doc_id in fuzzy_docs or doc_id in word_docs, body=doc_id in body_docs)
            if found is not None:
                score, fld, text, how, marks = found
                scored.append((score, kind, ref, name, aliases, fld, text, how, marks, doc_id))
        scored.sort(key=lambda s: (-s[0], _KIND_RANK[s[1]], len(s[3]), s[9]))
        return [(*s[:4], json.loads(s[4]), *s[5:9]) for s in scored[:limit]]  # aliases read for the page only


def _coverage(terms: list[str], key: str, words: list[str], idf: dict[str, float], weight_sum: float, *,
              typos: bool) -> tuple[float, list[str]]:
    """The share of the query's weight (IDF) held by the words of `key` (folded; `words` its words,
    needed only for `typos`), and the terms found."""
    spaced = " " + key
    found = [t for t in terms if " " + t in spaced  # a word of the key starts with t
             or (typos and len(t) >= 4 and process.extractOne(t, words, scorer=fuzz.ratio, score_cutoff=75))]
    return sum(idf[t] for t in found) / weight_sum, found


def _score(fields: list, kind: str, q: str, compact: str, tokens: list[str], terms: list[str],
           idf: dict[str, float], weight_sum: float, *, fuzzy: bool, body: bool):
    """(score, field, text, how, words to mark) of the best-matching field of one record, or None."""
    best = None
    typed = len(compact)
    acronym_ok = kind in ("actor", "offer") and 2 <= len(q) <= 12
    for fld, text, weight, key in fields:
        marks = tokens
        if fld in LONG_FIELDS:
            if not body:
                continue
            share, marks = _coverage([t for t in terms if len(t) >= 3], key, [], idf, weight_sum, typos=False)
            if not marks:
                continue
            score, how = 50.0 * share + 3.0 * min(1.0, 40 / (key.count(" ") + 1)), "long"
        else:
            words = key.split()
            score, how = 0.0, ""
            if key == q:
                score, how = 100.0, "exact"
            elif key.replace(" ", "") == compact:
                score, how = 98.0, "compact"
            else:
                prefix = key.startswith(q)
                if prefix or _prefix_of_words(tokens, words):
                    score, how = (84.0, "prefix") if prefix else (80.0, "words")
                    # the more of the key typed the better; whole words typed beat prefixes
                    score += 12.0 * min(1.0, typed / (len(key) - len(words) + 1))
                    if all(t in words for t in tokens):
                        score += 2.0
                if acronym_ok and fld in NAME_FIELDS and score < 92.0 and compact in acronyms(words):
                    score, how = 92.0, "acronym"
                if not how and fuzzy and len(q) > 2:
                    ratio = fuzz.WRatio(q, key, score_cutoff=_FUZZY_CUTOFF)
                    if ratio:
                        share, _ = _coverage(terms, key, words, idf, weight_sum, typos=True)
                        score = min(79.0, 50.0 + (ratio - 75.0) * 29.0 / 25.0) * (0.25 + 0.75 * share)
                        how = "fuzzy"
            if not how:
                continue
        score *= weight
        if best is None or score > best[0]:
            best = (score, fld, text, how, marks)
    return best
