"""Search speed and accuracy over a synthetic 25,000-record map, against a naive full scan.

    python benchmarks/bench_search.py [--records 25000] [--queries 200]

Prints JSON: per-query p50/p95/max in ms for `SearchIndex.search`, the index build time and
memory, the same figures for a naive ``rapidfuzz.process.extract(query, names, scorer=WRatio)``
over every name, measured in the same run, the speed ratio, and the top-3 accuracy of both on a
fixed query table (real queries plus typo/accent/word-order/prefix variants of synthetic names).
The database is a temporary file, never the default one.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic_map import write_db  # noqa: E402
from landscape.search import SearchIndex, lieu_hit_id  # noqa: E402
from landscape.store import Store  # noqa: E402

# Real curated records and what a strategist types for them (kept only if the record exists).
REAL_QUERIES = [
    ("emaus conect", "emmaus-connect"), ("Emmaüs Connect", "emmaus-connect"), ("wetechcare", "wetechcare"),
    ("we tech care", "wetechcare"), ("pole emploi", "france-travail"), ("CNAF", "cnaf"), ("ANCT", "anct"),
    ("BSF", "bibliotheques-sans-frontieres"), ("mahjoubi", "mounir-mahjoubi"), ("mednum", "la-mednum"),
    ("pyrenees atlantiques", "plan-64"), ("64", "plan-64"), ("2A", "plan-2a"), ("gironde", "plan-33"),
    ("bibliotheque sans frontiere", "bibliotheques-sans-frontieres"), ("croix rouge", "croix-rouge-francaise"),
    ("caisse des depots", "caisse-des-depots"), ("cedric o", "cedric-o"), ("hulot nicolas", "nicolas-hulot"),
    ("banque territoires", "banque-des-territoires"), ("cour des comptes", "cour-des-comptes"),
]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["drop", "swap", "double"])
    if op == "drop":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def _strip_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def synthetic_queries(records: list[tuple[str, str]], count: int, seed: int = 11) -> list[tuple[str, str]]:
    """Variants of synthetic names: a typo, no accents, words reordered, a prefix of each word."""
    rng = random.Random(seed)
    out = []
    for record_id, name in rng.sample(records, count):
        words = name.split()
        style = len(out) % 4
        if style == 0:
            j = max(range(len(words)), key=lambda k: len(words[k]))
            words[j] = _typo(words[j], rng)
            query = " ".join(words)
        elif style == 1:
            query = _strip_accents(name)
        elif style == 2:
            query = " ".join([words[-1], *words[:-1]])
        else:
            query = " ".join(w[:4] for w in words if w.lower() not in {"de", "des", "du"})
        out.append((query, record_id))
    return out


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=25_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="times the query table is run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.db"
        data, lieux = write_db(path, args.records)

        started = time.perf_counter()
        index = SearchIndex.from_db(path)
        build_s = time.perf_counter() - started

        # memory retained by the index (built again under tracemalloc, the store's cache already warm)
        store = Store.open(path, create=False)
        store.map()
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        measured = SearchIndex.from_store(store)
        gc.collect()
        index_bytes = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        del measured

        # the naive baseline: every record's display name, scanned in full
        names, ids = [], []
        for record in data.all_records():
            names.append(record.label)
            ids.append(record.id)
        for row in lieux:
            names.append(row["nom"])
            ids.append(lieu_hit_id(row["origin"], row["id"]))
        known = set(ids)
        synthetic = [(i, n) for i, n in zip(ids, names) if i.startswith(("synth-", "synthetic-benchmark:"))]
        table = [(q, e) for q, e in REAL_QUERIES if e in known] + synthetic_queries(synthetic, args.queries)

        ours_ms, naive_ms, ours_ok, naive_ok = [], [], 0, 0
        for round_no in range(args.rounds):
            for query, expected in table:
                t0 = time.perf_counter()
                hits = index.search(query, limit=20)
                ours_ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                best = process.extract(query, names, scorer=fuzz.WRatio, limit=3)
                naive_ms.append((time.perf_counter() - t0) * 1000)
                if round_no == 0:
                    ours_ok += expected in [h.id for h in hits[:3]]
                    naive_ok += expected in [ids[i] for _, _, i in best]
        index.close()
        store.close()

    ours_p95, naive_p95 = percentile(ours_ms, 95), percentile(naive_ms, 95)
    print(json.dumps({
        "records": len(names),
        "indexed": len(index),
        "queries": len(table),
        "runs": len(ours_ms),
        "search_ms": {"p50": round(percentile(ours_ms, 50), 3), "p95": round(ours_p95, 3),
                      "max": round(max(ours_ms), 3)},
        "index_build_s": round(build_s, 3),
        "index_memory_mb": round(index_bytes / 2**20, 1),
        "naive_ms": {"p50": round(percentile(naive_ms, 50), 3), "p95": round(naive_p95, 3),
                     "max": round(max(naive_ms), 3)},
        "speedup_p50": round(statistics.median(naive_ms) / statistics.median(ours_ms), 1),
        "speedup_p95": round(naive_p95 / ours_p95, 1),
        "top3_accuracy": {"search": round(ours_ok / len(table), 3), "naive": round(naive_ok / len(table), 3)},
    }, indent=2))


if __name__ == "__main__":
    main()
