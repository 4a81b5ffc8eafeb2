"""Entity-linking precision and recall on the veille's test corpus, against naive substring matching.

    python benchmarks/bench_linking.py

The corpus (tests/data/veille/linking_corpus.json) holds French news items written for this, each
with every record it names. Prints JSON: micro-averaged precision, recall and F1 of
`landscape.veille.linking.Linker` and, measured in the same run, of a baseline that links a record
whenever one of its names occurs anywhere in the folded text; plus the items each one gets wrong.
Targets: precision >= 0.9, recall >= 0.8.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from landscape.dataset import load_departements, load_dir  # noqa: E402
from landscape.text import fold  # noqa: E402
from landscape.veille.linking import Linker  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "veille" / "linking_corpus.json"


def load_corpus(path: Path = CORPUS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["items"]


def expected_of(item: dict, linker: Linker) -> set[str]:
    """The item's expected links, ``plan:@CODE`` read as the département's current plan."""
    out = set()
    for ref in item["expected"]:
        if ref.startswith("plan:@"):
            plans = linker.plans_by_dept.get(ref[6:])
            out.add(f"plan:{plans[0][0]}" if plans else ref)
        else:
            out.add(ref)
    return out


def measure(predict: Callable[[str, str], set[str]], items: list[dict], linker: Linker) -> dict:
    """Micro precision, recall and F1 of `predict` over `items`, with the items it gets wrong."""
    tp = fp = fn = 0
    wrong = []
    for item in items:
        got, want = predict(item["title"], item["summary"]), expected_of(item, linker)
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if got != want:
            wrong.append({"title": item["title"], "extra": sorted(got - want), "missed": sorted(want - got)})
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "true_positives": tp, "false_positives": fp, "false_negatives": fn, "wrong": wrong}


def naive(data, departements) -> Callable[[str, str], set[str]]:
    """The baseline: any name or alias found anywhere in the folded text, no boundaries, no context."""
    names = []
    for a in data.actors:
        kind = "person" if a.kind == "person" else "actor"
        names += [(fold(n), f"{kind}:{a.id}") for n in [a.name, *a.aliases]]
    for o in data.offers:
        names += [(fold(n), f"offer:{o.id}") for n in [o.name, *o.aliases]]
    names += [(fold(d.name), f"departement:{d.code}") for d in departements]
    names = [(n, ref) for n, ref in names if n]

    def predict(title: str, summary: str) -> set[str]:
        text = fold(f"{title} {summary}")
        return {ref for n, ref in names if n in text}
    return predict


def main() -> None:
    data, departements = load_dir(), load_departements()
    started = time.perf_counter()
    linker = Linker.from_map(data, departements)
    build = time.perf_counter() - started
    items = load_corpus()

    def ours(title: str, summary: str) -> set[str]:
        return {f"{l.kind}:{l.id}" for l in linker.link(title, summary)}

    started = time.perf_counter()
    result = measure(ours, items, linker)
    elapsed = time.perf_counter() - started
    baseline = measure(naive(data, departements), items, linker)
    print(json.dumps({
        "corpus_items": len(items), "expected_links": sum(len(i["expected"]) for i in items),
        "linker": {**result, "build_ms": round(build * 1000, 1), "link_ms_per_item": round(elapsed * 1000 / len(items), 3)},
        "baseline_naive_substring": baseline,
        "targets": {"precision": 0.9, "recall": 0.8},
        "meets_targets": result["precision"] >= 0.9 and result["recall"] >= 0.8,
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
