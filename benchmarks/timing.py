"""The one timing rule every benchmark here uses: the best of a few runs, in this process."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")


def best_of(fn: Callable[[], R], repeat: int = 3) -> tuple[float, R]:
    """Run ``fn`` ``repeat`` times; return the fastest wall time and the last result."""
    best = float("inf")
    result: R
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest wall time of ``repeat`` runs of ``fn``."""
    return best_of(fn, repeat)[0]


def per_call(fn: Callable[[], object], seconds: float = 0.02, calls_at_least: int = 5) -> float:
    """Seconds per call of ``fn``, from as many calls as fit in ``seconds`` (at least
    ``calls_at_least``)."""
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        took = time.perf_counter() - start
        if calls >= calls_at_least and took >= seconds:
            return took / calls
