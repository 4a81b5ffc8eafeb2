"""How well each département is covered by places of digital-inclusion help, beside its plan.

Counts come from the imported places (``lieux``: one row per place and source): places per
département, per 100,000 inhabitants where the population is known (``departements.population``,
left empty unless a sourced figure was loaded), and the services offered, counted from the
standard's multi-value ``services`` field. The plans views read this.

>>> rows = coverage(store)                     # doctest: +SKIP
>>> rows[0].places, rows[0].top_services(3)
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from landscape.model.standard import MULTI_SEPARATOR
from landscape.analysis.standing import generation_rank, standings

if TYPE_CHECKING:  # or a `landscape.store.plain.PlainStore`: what is read here is the same
    from landscape.store.database import Store


@dataclass
class Coverage:
    code: str
    name: str
    region: str
    places: int = 0
    population: int | None = None
    population_source: str | None = None
    plan_id: str | None = None
    plan_status: str | None = None
    services: Counter[str] = field(default_factory=Counter)

    @property
    def per_100k(self) -> float | None:
        """Places per 100,000 inhabitants, or None when the population is not known."""
        if not self.population:
            return None
        return round(self.places * 100_000 / self.population, 2)

    def top_services(self, n: int = 3) -> list[tuple[str, int]]:
        """The `n` services most places offer (ties in name order)."""
        return sorted(self.services.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    def as_dict(self, top: int | None = None) -> dict[str, Any]:
        services = self.top_services(top if top is not None else len(self.services))
        return {"code": self.code, "name": self.name, "region": self.region, "places": self.places,
                "population": self.population, "population_source": self.population_source,
                "per_100k": self.per_100k, "plan_id": self.plan_id, "plan_status": self.plan_status,
                "services": [{"service": s, "places": n} for s, n in services]}


_cache: weakref.WeakKeyDictionary[Store, tuple[int, dict[str, Coverage]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def coverage_by_code(store: Store) -> dict[str, Coverage]:
    """Coverage of every département, by code, in the official order (cached until the next write)."""
    return coverage_with_generation(store)[1]


def coverage_with_generation(store: Store) -> tuple[int, dict[str, Coverage]]:
    """The coverage and the store generation it stands for, read with no write in between."""
    with store.lock:
        generation = store.generation()
        with _lock:
            cached = _cache.get(store)
            if cached and cached[0] == generation:
                return cached
        result = _read(store)
    with _lock:
        _cache[store] = (generation, result)
    return generation, result


def _read(store: Store) -> dict[str, Coverage]:
    db = store.db
    result: dict[str, Coverage] = {}
    for d in store.departements():
        result[d["code"]] = Coverage(d["code"], d["name"], d["region"], population=d.get("population"),
                                     population_source=d.get("population_source"))
    rows = db.execute("SELECT departement_code, id, generation, status FROM plans").fetchall()
    newest: dict[str, tuple[int, str]] = {}
    for code, plan_id, generation, _ in rows:
        rank = generation_rank(generation)
        if code not in newest or rank > newest[code][0]:
            newest[code] = (rank, plan_id)
    for code, status in standings([(c, g, s) for c, _, g, s in rows], list(result)).items():
        if code in result and code in newest:
            result[code].plan_id, result[code].plan_status = newest[code][1], status
    services: dict[str, Counter[str]] = defaultdict(Counter)
    for code, places in db.execute("SELECT departement_code, count(*) FROM lieux GROUP BY departement_code"):
        if code in result:
            result[code].places = places
    for code, value in db.execute("SELECT departement_code, services FROM lieux WHERE services IS NOT NULL"):
        if code in result:
            services[code].update(s for s in value.split(MULTI_SEPARATOR) if s)
    for code, counter in services.items():
        result[code].services = counter
    return result


def coverage(store: Store) -> list[Coverage]:
    """Coverage of every département, in the official order."""
    return list(coverage_by_code(store).values())


def coverage_of(store: Store, code: str) -> Coverage | None:
    """Coverage of one département (None for an unknown code)."""
    return coverage_by_code(store).get(code)


def unlocated(store: Store) -> int:
    """Imported places no département could be derived for."""
    return store.db.execute("SELECT count(*) FROM lieux WHERE departement_code IS NULL").fetchone()[0]
