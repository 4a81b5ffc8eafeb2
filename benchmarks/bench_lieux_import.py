"""Benchmark: importing a 20,000-row CSV of places in the national standard.

Generates a synthetic, valid file; times ``landscape fetch lieux --file`` into a fresh database and,
in the same run on the same file, ``sqlite-utils insert DB lieux FILE --csv`` (the baseline: a plain
load with no validation). Both are timed as whole commands (process start included), best of N.
Also times the library call alone (no process start). Prints JSON.

Target (issue 7): landscape <= 2 s and <= 2x sqlite-utils.

    python benchmarks/bench_lieux_import.py [--rows 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from landscape.io.lieux import STANDARD_FIELDS  # noqa: E402
from landscape.model.standard import vocabulary  # noqa: E402

COMMUNES = [("Reims", "51100", "51454"), ("Lyon", "69001", "69381"), ("Ajaccio", "20000", "2A004"),
            ("Bastia", "20200", "2B033"), ("Saint-Denis", "97400", "97411"), ("Pau", "64000", "64445"),
            ("Lille", "59000", "59350"), ("Rennes", "35000", "35238"), ("Brest", "29200", "29019"),
            ("Nantes", "44000", "44109")]


def synthetic_rows(n: int, seed: int = 7) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    multi = {name: vocabulary(name) for name in ("services", "publics_specifiquement_adresses",
                                                   "frais_a_charge", "modalites_acces", "modalites_accompagnement")}
    rows = []
    for i in range(n):
        commune, cp, insee = rnd.choice(COMMUNES)
        row = dict.fromkeys(STANDARD_FIELDS, "")
        row.update(
            id=f"lieu-{i:06d}", pivot=f"{rnd.randrange(10**13, 10**14)}", nom=f"Espace numérique n°{i}",
            commune=commune, code_postal=cp, code_insee=insee, adresse=f"{rnd.randrange(1, 200)} rue de la Paix",
            latitude=f"{rnd.uniform(42, 51):.5f}", longitude=f"{rnd.uniform(-4, 8):.5f}",
            telephone=f"+33{rnd.randrange(100000000, 999999999)}", courriels=f"contact{i}@example.org",
            site_web=f"https://example.org/lieu/{i}", horaires="Mo-Fr 09:00-12:00,14:00-18:00",
            presentation_resume="Accompagnement au numérique pour tous les publics.",
            source="benchmark", itinerance=rnd.choice(["Fixe", "Itinérant", "Fixe|Itinérant"]),
            date_maj=f"2024-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}")
        for name, values in multi.items():
            row[name] = "|".join(rnd.sample(values, rnd.randrange(1, min(4, len(values)) + 1)))
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=STANDARD_FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-lieux-"))
    try:
        data = work / "lieux.csv"
        write_csv(data, synthetic_rows(args.rows))
        env = {**os.environ, "LANDSCAPE_EXPORTS": str(work / "exports"), "LANDSCAPE_CONFIG": str(work / "s.json")}

        # A fresh landscape database (built once from a small valid map, untimed), copied before each run.
        from landscape.store.database import build
        from tests.factories import tiny_map

        template = work / "template.db"
        build(template, tiny_map())
        landscape_cli, sqlite_utils_cli = shutil.which("landscape"), shutil.which("sqlite-utils")
        if not landscape_cli or not sqlite_utils_cli:
            raise SystemExit("needs the 'landscape' and 'sqlite-utils' commands on PATH")

        ours, theirs, library = [], [], []
        for n in range(args.repeat):
            db = work / f"landscape-{n}.db"
            shutil.copy(template, db)
            ours.append(timed([landscape_cli, "--db", str(db), "fetch", "lieux", "--file", str(data)], env))
            plain = work / f"sqlite-utils-{n}.db"
            theirs.append(timed([sqlite_utils_cli, "insert", str(plain), "lieux", str(data), "--csv"], env))

            from landscape.io.opendata import import_file
            from landscape.store.database import Store

            db2 = work / f"library-{n}.db"
            shutil.copy(template, db2)
            store = Store.open(db2)
            start = time.perf_counter()
            result = import_file(store, data, origin=data.name)
            library.append(time.perf_counter() - start)
            store.close()
            assert result.imported == args.rows and result.rejected == 0, result.summary()

        count = Store.open(work / "landscape-0.db").db.execute("SELECT count(*) FROM lieux").fetchone()[0]
        best_ours, best_theirs = min(ours), min(theirs)
        print(json.dumps({
            "rows": args.rows, "file_bytes": data.stat().st_size, "imported": count, "repeat": args.repeat,
            "landscape_cli_s": round(best_ours, 3), "sqlite_utils_cli_s": round(best_theirs, 3),
            "ratio": round(best_ours / best_theirs, 2), "landscape_library_s": round(min(library), 3),
            "rows_per_s_library": round(args.rows / min(library)),
            "all_runs": {"landscape_cli": [round(t, 3) for t in ours],
                         "sqlite_utils_cli": [round(t, 3) for t in theirs],
                         "landscape_library": [round(t, 3) for t in library]},
            "target": {"max_s": 2.0, "max_ratio": 2.0},
            "meets_target": best_ours <= 2.0 and best_ours / best_theirs <= 2.0,
        }, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
