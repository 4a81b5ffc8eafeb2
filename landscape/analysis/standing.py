"""Where a département stands: derived from its plans, newest generation first (standard library only).

A département may have plans of several generations (2018 strategies, 2019 charters, 2024 France
Numérique Ensemble roadmaps), and several of one generation. Its *standing* is the status of its plan of
the newest generation it has; among plans of that generation the most advanced status wins. With no
plan at all it is ``none_known``: nothing was found in the sources, which is not proof that nothing exists.
"""

from __future__ import annotations

from collections.abc import Iterable

GENERATIONS: tuple[str, ...] = ("strategie-2018", "charte-2019", "fne-2024")
"""Oldest first. A plan with no generation (recorded before generations) counts as older than all."""
ADVANCE: tuple[str, ...] = ("in_force", "adopted", "renewed", "finalised", "finalised_unsigned", "in_preparation",
                            "state_only", "abandoned")
"""Statuses from the most to the least advanced, to choose among plans of one generation."""


def generation_rank(generation: str | None) -> int:
    return GENERATIONS.index(generation) + 1 if generation in GENERATIONS else 0


def standing(plans: Iterable[tuple[str | None, str]], generation: str | None = None) -> str:
    """The standing from (generation, status) pairs; with `generation`, as of that generation.

    "As of a generation" means the newest plan of that generation or an older one, so the map can show
    how the country moved from 2018 to now.
    """
    pairs = list(plans)
    if generation is not None:
        cap = generation_rank(generation)
        pairs = [p for p in pairs if generation_rank(p[0]) <= cap]
    if not pairs:
        return "none_known"
    newest = max(generation_rank(g) for g, _ in pairs)
    statuses = [s for g, s in pairs if generation_rank(g) == newest]
    return min(statuses, key=lambda s: ADVANCE.index(s) if s in ADVANCE else len(ADVANCE))


def standings(rows: Iterable[tuple[str, str | None, str]], codes: Iterable[str],
              generation: str | None = None) -> dict[str, str]:
    """Each département code's standing from (code, generation, status) rows of its plans."""
    by_code: dict[str, list[tuple[str | None, str]]] = {code: [] for code in codes}
    for code, gen, status in rows:
        by_code.setdefault(code, []).append((gen, status))
    return {code: standing(pairs, generation) for code, pairs in by_code.items()}


def map_standings(plans: Iterable, generation: str | None = None) -> dict[str, str]:
    """Each of the 101 départements' standing from plan records (anything with departement_code,
    generation and status)."""
    from landscape.model.vocab import DEPARTEMENT_CODES

    return standings(((p.departement_code, p.generation, p.status) for p in plans), DEPARTEMENT_CODES, generation)


def standing_counts(plans: Iterable, generation: str | None = None) -> dict[str, int]:
    """How many départements stand at each status."""
    counts: dict[str, int] = {}
    for status in map_standings(plans, generation).values():
        counts[status] = counts.get(status, 0) + 1
    return counts
