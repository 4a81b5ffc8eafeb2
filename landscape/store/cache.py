"""Results computed from a map, computed once per map object (one generation of the map) and reused.

A map (`MapData`) is read whole from the database and never changed afterwards; a new read gives a
new object. So what is computed from it (graph measures) can be kept as long as the object lives:
`per_map` keys results by the map's identity (and the language: results may hold sentences) and forgets
them when the map is garbage-collected.
Callers get a deep copy, so that changing a result never changes the next caller's. Two threads
asking for the same result at once compute it once: the second waits for the first.
"""

from __future__ import annotations

import copy
import functools
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from landscape.i18n import get_lang

F = TypeVar("F", bound=Callable[..., Any])

_results: dict[tuple, Any] = {}
_locks: dict[tuple, threading.Lock] = {}
_guard = threading.Lock()
_tracked: set[int] = set()


def _forget(map_id: int) -> None:
    with _guard:
        _tracked.discard(map_id)
        for key in [k for k in _results if k[0] == map_id]:
            del _results[key]
        for key in [k for k in _locks if k[0] == map_id]:
            del _locks[key]


def _key(func: Callable, data: Any, args: tuple, kwargs: dict[str, Any]) -> tuple:
    # the language too: cached results hold sentences
    return id(data), func.__module__, func.__qualname__, get_lang(), args, tuple(sorted(kwargs.items()))


def per_map(func: F) -> F:
    """Decorate `func(data, *args)`: its result is computed once per map object and arguments."""
    @functools.wraps(func)
    def cached(data, *args: Any, **kwargs: Any) -> Any:
        key = _key(func, data, args, kwargs)
        with _guard:
            if id(data) not in _tracked:
                weakref.finalize(data, _forget, id(data))
                _tracked.add(id(data))
            lock = _locks.setdefault(key, threading.Lock())
        with lock:
            if key not in _results:
                _results[key] = func(data, *args, **kwargs)
            return copy.deepcopy(_results[key])

    cached.uncached = func  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def is_cached(func: Callable, data: Any, *args: Any, **kwargs: Any) -> bool:
    """Whether `func(data, *args, **kwargs)` (a `per_map` function) is computed already: calling it costs a copy."""
    with _guard:
        return _key(func, data, args, kwargs) in _results


def clear() -> None:
    """Forget every result (benchmarks time the computation itself)."""
    with _guard:
        _results.clear()
        _locks.clear()
