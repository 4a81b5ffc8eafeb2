"""Search at national scale: the index in the database against a naive scan, measured in one run.

    python benchmarks/bench_search.py [--sizes 25000 100000] [--queries 200] [--rounds 3] [--cli-runs 5]

For each size, a synthetic map (the curated records plus clearly synthetic actors, events and
places, `benchmarks/synthetic_map.py`) is written to a temporary database, never the default one.
Prints JSON with, per size:

- ``write``: building the map and writing the index of every place (``index_s``);
- ``import``: 100,000-style import of the same number of places from a standard CSV,
  ``landscape fetch lieux --file`` (validation + rows + index, one transaction) against
  ``sqlite-utils insert --csv`` of the same file (the baseline: a plain load), both as whole commands;
- ``search_ms`` p50/p95/max of `SearchIndex.search` over a query table (real queries plus typo,
  accent, word-order and prefix variants of synthetic names) and its top-3 accuracy, against a naive
  ``rapidfuzz.process.extract(query, every name, scorer=WRatio)`` on the same table (one round);
- ``open_ms``: `SearchIndex.from_db` (nothing is built: the index is read where it lies);
- ``cli``: wall and CPU time and peak RSS of ``landscape search Q`` (process start to the last
  result), beside ``python -c pass`` timed in the same rounds, and the time over it;
- ``tokenizers``: the FTS5 measurement behind the choice of tokenizer: the same folded text indexed
  with ``unicode61 remove_diacritics 2`` (prefix indexes) and with ``trigram``: build time, size,
  candidate-query p50/p95 and how often the expected record is among the candidates.

and, on the embedded (curated) map, the wall and CPU time of ``show`` (an actor, a département),
``search``, ``stats`` and ``list``, each beside ``python -c pass`` and as time over it.

Commands are timed as a user runs them: the ``landscape`` console script next to ``sys.executable``
(never a shell shim such as pyenv's, which adds a bash start), or, when that script runs another copy
of the package, the same wrapper pip writes, run on this checkout. Modules load from bytecode, as in
an installed package: bytecode writing is allowed (PYTHONDONTWRITEBYTECODE would make every run
compile the whole package), the package is compiled first and every command runs once untimed. On a
shared machine wall times swell with the load: every timing is also given in CPU time
(``search_cpu_ms``, ``cpu_s``), ``python -c pass`` is timed in the same rounds as the commands, and
``load_avg_1m`` says how busy the machine was.

A quicker run: ``--sizes 100000 --queries 50 --rounds 1 --cli-runs 3``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_lieux_import import synthetic_rows, write_csv  # noqa: E402
from benchmarks.synthetic_map import generate  # noqa: E402
from landscape.store import search_index  # noqa: E402
from landscape.analysis.search import SearchIndex, _prefix_of_words, lieu_hit_id  # noqa: E402
from landscape.store.search_index import fold_fast  # noqa: E402
from landscape.store.database import Store, build  # noqa: E402

# Real curated records and what a strategist types for them (kept only if the record exists).
REAL_QUERIES = [
    ("emaus conect", "emmaus-connect"), ("Emmaüs Connect", "emmaus-connect"), ("wetechcare", "wetechcare"),
    ("we tech care", "wetechcare"), ("pole emploi", "france-travail"), ("CNAF", "cnaf"), ("ANCT", "anct"),
    ("BSF", "bibliotheques-sans-frontieres"), ("mahjoubi", "mounir-mahjoubi"), ("mednum", "la-mednum"),
    ("pyrenees atlantiques", "plan-64"), ("64", "plan-64"), ("2A", "plan-2a"), ("gironde", "plan-33"),
    ("bibliotheque sans frontiere", "bibliotheques-sans-frontieres"), ("croix rouge", "croix-rouge-francaise"),
    ("caisse des depots", "caisse-des-depots"), ("cedric o", "cedric-o"), ("hulot nicolas", "nicolas-hulot"),
    ("banque territoires", "banque-des-territoires"), ("cour des comptes", "cour-des-comptes"),
    ("précarité numérique", "orange"), ("fracture numérique", "francebleu-haute-vienne-conseillers-2021"),
]
CLI_QUERIES = ["emaus conect", "précarité numérique", "mediatheque jean moulin", "pyrenees atlantiques"]


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


def _names_matching(query: str, folded_names: list[str], stop_at: int = 2) -> int:
    """How many names hold every word of `query` as the start of a different word of theirs (up to `stop_at`)."""
    tokens = fold_fast(query).split()
    longest = max(tokens, key=len)
    found = 0
    for name in folded_names:
        if longest in name and _prefix_of_words(tokens, name.split()):
            found += 1
            if found >= stop_at:
                break
    return found


def synthetic_queries(records: list[tuple[str, str]], count: int, seed: int = 11,
                      every_name: list[str] | None = None) -> tuple[list[tuple[str, str]], int]:
    """Variants of synthetic names: a typo, no accents, words reordered, a prefix of each word.

    The prefixes are four letters, lengthened (the last word first) until no other name of
    `every_name` starts the same way: at 100,000 places, "Poin numé Plal" fits 23 places equally
    and names none of them. Returns the queries and how many abbreviations were lengthened.
    """
    rng = random.Random(seed)
    folded_names = [fold_fast(n) for n in every_name] if every_name else []
    out, lengthened = [], 0
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
            words = [w for w in words if w.lower() not in {"de", "des", "du"}]
            sizes = [4] * len(words)
            query = " ".join(w[:n] for w, n in zip(words, sizes))
            while folded_names and _names_matching(query, folded_names) > 1:
                short = [k for k in range(len(words)) if sizes[k] < len(words[k])]
                if not short:
                    break
                sizes[short[-1]] += 1
                query = " ".join(w[:n] for w, n in zip(words, sizes))
            lengthened += sizes != [4] * len(words)
        out.append((query, record_id))
    return out, lengthened


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def summary_ms(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 50), 3), "p95": round(percentile(values, 95), 3),
            "max": round(max(values), 3)}


# Peak RSS is read by a small wrapper process: a child forked from this (large) process would report
# this process's memory as its own high-water mark.
_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def _env(env: dict | None = None) -> dict:
    """The environment of a timed command: modules load from bytecode, as in an installed package
    (PYTHONDONTWRITEBYTECODE would make every run compile the whole package first)."""
    env = {**(os.environ if env is None else env), **LANDSCAPE_ENV}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# What pip writes for a console script (``[project.scripts] landscape = "tui.command:run"``).
_WRAPPER = """# -*- coding: utf-8 -*-
import re
import sys
from tui.command import run
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(run())
"""
LANDSCAPE: list[str] = []  # the command that runs `landscape` (set by `console_script`)
LANDSCAPE_ENV: dict[str, str] = {}


def console_script(work: Path) -> str:
    """Set `LANDSCAPE` to the ``landscape`` command as a user runs it, and say which one it is.

    The console script installed beside `sys.executable` when it imports this checkout; otherwise (an
    installed copy of another version) the same wrapper in `work`, with this checkout on PYTHONPATH.
    """
    installed = Path(sys.executable).parent / "landscape"
    if installed.is_file():
        probe = subprocess.run([sys.executable, "-c", "import landscape; print(landscape.__file__)"], cwd=work,
                               env=_env(), capture_output=True, text=True)
        if probe.returncode == 0 and Path(probe.stdout.strip()).resolve().parent.parent == ROOT:
            LANDSCAPE[:] = [str(installed)]
            return f"installed console script {installed}"
    script = work / "landscape"
    script.write_text(f"#!{sys.executable}\n" + _WRAPPER, encoding="utf-8")
    script.chmod(0o755)
    LANDSCAPE[:] = [str(script)] if len(sys.executable) < 120 else [sys.executable, str(script)]  # shebang limit
    LANDSCAPE_ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return "console script as pip writes it, on this checkout (the one installed runs another copy)"


def landscape(db: Path, *argv: str) -> list[str]:
    return [*LANDSCAPE, "--db", str(db), *argv]


def compile_package() -> None:
    """Write the package's bytecode once, as installing it does."""
    import compileall

    for folder in ("landscape", "tui"):
        compileall.compile_dir(ROOT / folder, quiet=1)


_CPU = []  # (user + system) seconds of the last command run, read from the children's rusage


def run_process(cmd: list[str], env: dict | None = None, *, peak: bool = False) -> tuple[float, float | None]:
    """(wall seconds, peak RSS in MB when `peak`) of one command, which must succeed; its CPU time
    (user + system) is left in `_CPU[-1]`."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(env), cwd=ROOT)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode().strip()}")
    rss = None
    if peak:
        out = subprocess.run([sys.executable, "-c", _PEAK, *cmd], capture_output=True, env=_env(env), cwd=ROOT,
                             check=True)
        rss = int(out.stdout.split()[-1]) / 1024
    return elapsed, rss


PYTHON_PASS = [sys.executable, "-c", "pass"]


def timed(commands: dict[str, list[str]], runs: int) -> dict:
    """Each command's median wall and CPU seconds over `runs` rounds, after one untimed run, beside
    ``python -c pass`` timed in the same rounds; ``over_python_s``: the median time over it."""
    for cmd in commands.values():
        run_process(cmd)  # warm-up: bytecode written, files in the page cache
    samples: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in ["python -c pass", *commands]}
    for _ in range(runs):
        for name, cmd in [("python -c pass", PYTHON_PASS), *commands.items()]:
            samples[name][0].append(run_process(cmd)[0])
            samples[name][1].append(_CPU[-1])
    base_wall, base_cpu = (statistics.median(v) for v in samples.pop("python -c pass"))
    out = {"python_c_pass": {"wall_s": round(base_wall, 3), "cpu_s": round(base_cpu, 3)}}
    for name, (walls, cpus) in samples.items():
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        out[name] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "max_wall_s": round(max(walls), 3),
                     "max_cpu_s": round(max(cpus), 3),
                     "over_python_s": {"wall": round(wall - base_wall, 3), "cpu": round(cpu - base_cpu, 3)}}
    return out


def cli_figures(db: Path, queries: list[str], runs: int) -> dict:
    """``landscape search Q`` for each query: times beside ``python -c pass``, and the peak memory."""
    figures = timed({query: landscape(db, "search", query) for query in queries}, runs)
    base = figures.pop("python_c_pass")
    walls = [f["wall_s"] for f in figures.values()]
    cpus = [f["cpu_s"] for f in figures.values()]
    peaks = [run_process(landscape(db, "search", query), peak=True)[1] for query in queries]
    return {"wall_s": {"p50": round(statistics.median(walls), 3), "max": max(f["max_wall_s"] for f in figures.values())},
            "cpu_s": {"p50": round(statistics.median(cpus), 3), "max": max(f["max_cpu_s"] for f in figures.values())},
            "python_c_pass": base,
            "over_python_s": {"wall": round(statistics.median(walls) - base["wall_s"], 3),
                              "cpu": round(statistics.median(cpus) - base["cpu_s"], 3)},
            "per_query": figures,
            "peak_rss_mb": round(max(peaks), 1)}


def tokenizer_figures(db: Path, table: list[tuple[str, str]]) -> dict:
    """The same folded text in two FTS5 tables: unicode61 (words, prefix indexes) and trigram (substrings)."""
    conn = sqlite3.connect(db)
    out = {}
    refs = dict(conn.execute("SELECT ref, id FROM search_docs"))
    for name, spec in (("unicode61 remove_diacritics 2", "tokenize='unicode61 remove_diacritics 2', "
                                                         "prefix='2 3', detail=column"),
                       ("trigram", "tokenize='trigram'")):
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"CREATE VIRTUAL TABLE bench_fts USING fts5(name, keys, body, {spec})")
        started = time.perf_counter()
        conn.execute("INSERT INTO bench_fts (rowid, name, keys, body) SELECT f.rowid, f.name, f.keys, "
                     "coalesce(b.body, '') FROM search_fts f LEFT JOIN search_body b ON b.rowid = f.rowid")
        conn.commit()
        build_s = time.perf_counter() - started
        size = (conn.execute("PRAGMA page_count").fetchone()[0] - pages) * conn.execute("PRAGMA page_size").fetchone()[0]
        times, found = [], 0
        for query, expected in table:
            words = [w for w in fold_fast(query).split() if w not in search_index.STOPWORDS]
            if name == "trigram":
                words = [w for w in words if len(w) >= 3]
                match = " AND ".join(f'"{w}"' for w in words)
            else:
                match = " AND ".join(f'"{w}"*' for w in words if len(w) >= 2)
            if not match:
                times.append(0.0)
                continue
            started = time.perf_counter()
            ids = {r[0] for r in conn.execute("SELECT rowid FROM bench_fts WHERE bench_fts MATCH ? "
                                              "ORDER BY rank LIMIT 200", ["{name keys} : (" + match + ")"])}
            times.append((time.perf_counter() - started) * 1000)
            found += refs.get(expected) in ids
        conn.execute("DROP TABLE bench_fts")
        conn.commit()
        out[name] = {"build_s": round(build_s, 3), "size_mb": round(size / 2**20, 1),
                     "candidates_ms": summary_ms(times), "expected_in_candidates": round(found / len(table), 3)}
    conn.execute("VACUUM")
    conn.close()
    out["chosen"] = "unicode61 remove_diacritics 2"
    out["why"] = ("word tokens give prefix search, IDF per word (fts5vocab) and a vocabulary for typo "
                  "correction; trigram finds substrings only, is larger and slower to build")
    return out


def one_size(records: int, args, work: Path) -> dict:
    path = work / f"synthetic-{records}.db"
    data, lieux = generate(records)
    started = time.perf_counter()
    build(path, data)
    build_s = time.perf_counter() - started
    store = Store.open(path, create=False)
    started = time.perf_counter()
    with store.transaction() as db:
        db["lieux"].insert_all(lieux, batch_size=2000)
        inserted = time.perf_counter()
        search_index.reindex(db.conn, "lieu")
        index_s = time.perf_counter() - inserted
    rows_s = inserted - started
    store.close()

    started = time.perf_counter()
    index = SearchIndex.from_db(path)
    open_ms = (time.perf_counter() - started) * 1000

    names, ids = [], []
    for record in data.all_records():
        names.append(record.label)
        ids.append(record.id)
    for row in lieux:
        names.append(row["nom"])
        ids.append(lieu_hit_id(row["origin"], row["id"]))
    known = set(ids)
    synthetic = [(i, n) for i, n in zip(ids, names) if i.startswith(("synth-", "synthetic-benchmark:"))]
    variants, lengthened = synthetic_queries(synthetic, args.queries, every_name=names)
    table = [(q, e) for q, e in REAL_QUERIES if e in known] + variants

    ours_ms, ours_cpu_ms, naive_ms, ours_ok, naive_ok = [], [], [], 0, 0
    misses = []
    for round_no in range(args.rounds):
        for query, expected in table:
            t0, c0 = time.perf_counter(), time.thread_time()
            hits = index.search(query, limit=20)
            ours_ms.append((time.perf_counter() - t0) * 1000)
            ours_cpu_ms.append((time.thread_time() - c0) * 1000)
            if round_no == 0:
                t0 = time.perf_counter()
                best = process.extract(query, names, scorer=fuzz.WRatio, limit=3)
                naive_ms.append((time.perf_counter() - t0) * 1000)
                top = [h.id for h in hits[:3]]
                ours_ok += expected in top
                if expected not in top and len(misses) < 10:
                    misses.append({"query": query, "expected": expected, "got": top})
                naive_ok += expected in [ids[i] for _, _, i in best]
    indexed = len(index)
    index.close()

    cli = cli_figures(path, CLI_QUERIES, args.cli_runs)
    tokenizers = tokenizer_figures(path, table)

    # the places of the map, imported from a standard CSV, against sqlite-utils on the same file
    csv_path = work / f"lieux-{records}.csv"
    write_csv(csv_path, synthetic_rows(records))
    env = {**os.environ, "LANDSCAPE_EXPORTS": str(work / "exports"), "LANDSCAPE_CONFIG": str(work / "s.json")}
    target = work / f"import-{records}.db"
    build(target, data)
    ours_import, _ = run_process(landscape(target, "fetch", "lieux", "--file", str(csv_path), "--report",
                                           str(work / "report.csv")), env)
    sqlite_utils = shutil.which("sqlite-utils")
    theirs_import = None
    if sqlite_utils:
        theirs_import, _ = run_process([sqlite_utils, "insert", str(work / f"plain-{records}.db"), "lieux",
                                        str(csv_path), "--csv"], env)
    conn = sqlite3.connect(target)
    started = time.perf_counter()
    with conn:
        search_index.reindex(conn, "lieu")
    import_index_s = time.perf_counter() - started
    conn.close()
    for leftover in (target, work / f"plain-{records}.db", csv_path, path):
        leftover.unlink(missing_ok=True)

    ours_p95, naive_p95 = percentile(ours_ms, 95), percentile(naive_ms, 95)
    return {
        "records": len(names), "indexed": indexed, "queries": len(table), "runs": len(ours_ms),
        "abbreviations_lengthened": lengthened,
        "write": {"build_curated_s": round(build_s, 3), "insert_places_s": round(rows_s, 3),
                  "index_places_s": round(index_s, 3)},
        "open_ms": round(open_ms, 2),
        "search_ms": summary_ms(ours_ms),
        "search_cpu_ms": summary_ms(ours_cpu_ms),  # the same searches in CPU time: the machine may be shared
        "naive_ms": summary_ms(naive_ms),
        "speedup_p50": round(statistics.median(naive_ms) / statistics.median(ours_ms), 1),
        "speedup_p95": round(naive_p95 / ours_p95, 1),
        "top3_accuracy": {"search": round(ours_ok / len(table), 3), "naive": round(naive_ok / len(table), 3)},
        "misses": misses,
        "cli_search": cli,
        "import": {"places": records, "landscape_fetch_lieux_s": round(ours_import, 3),
                   "sqlite_utils_insert_csv_s": round(theirs_import, 3) if theirs_import else None,
                   "ratio": round(ours_import / theirs_import, 2) if theirs_import else None,
                   "of_which_index_s": round(import_index_s, 3)},
        "tokenizers": tokenizers,
    }


def embedded_map(work: Path, runs: int) -> dict:
    """The everyday commands on the curated map, beside Python's own start."""
    db = work / "embedded.db"
    build(db)
    commands = {"show": ["show", "wetechcare"], "show_departement": ["show", "33"], "search": ["search", "emaus conect"],
                "stats": ["stats"], "list": ["list", "actors"]}
    return timed({name: landscape(db, *argv) for name, argv in commands.items()}, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="times the query table is run (the naive scan: once)")
    parser.add_argument("--cli-runs", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        compile_package()
        command = console_script(work)
        run_process(PYTHON_PASS)
        python_start = statistics.median(run_process(PYTHON_PASS)[0] for _ in range(args.cli_runs))
        python_cpu = statistics.median(_CPU[-args.cli_runs:])
        result = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                        "load_avg_1m": round(os.getloadavg()[0], 2)},
            "command": command,
            "python_c_pass_s": round(python_start, 3),
            "python_c_pass_cpu_s": round(python_cpu, 3),
            "sizes": {str(n): one_size(n, args, work) for n in args.sizes},
            "embedded_map_cli_s": embedded_map(work, args.cli_runs),
        }
        result["machine"]["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
        result["targets"] = {"p95_ms_100k": 10, "top3_100k": 0.95, "cli_search_s_100k": 0.25, "peak_rss_mb_100k": 120,
                             "import_ratio": 2.0, "embedded_cli_s": 0.2}
        print(json.dumps(result, indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
