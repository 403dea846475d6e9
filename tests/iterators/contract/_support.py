"""Shared helpers for the contract tests: settings, counters, reference functions.

Nothing here imports pariter internals; the suite tests `import pariter as pi` only.
"""

from __future__ import annotations

import copy
import functools
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from hypothesis import HealthCheck, settings

# Keep the whole suite fast: ~60 examples a property, no per-example deadline
# (thread pools make the first example slower than the rest).
# PARITER_CONTRACT_EXAMPLES raises the count for a longer bug hunt outside CI.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("PARITER_CONTRACT_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

# Lengths that exercise uneven splits: empty, one item, odd/even, just over a power of ten.
EDGE_LENGTHS = (0, 1, 2, 3, 7, 1000, 1001)


def is_process_pool(pool: Any) -> bool:
    """Whether the contract ``pool`` fixture is the process pool (wrapped to stay warm)."""
    return type(getattr(pool, "pool", pool)).__name__ == "ProcessPool"


class ContractBoom(Exception):
    """A user exception type the library cannot know about."""


class Counter:
    """A thread-safe call counter (safe on the free-threaded build too)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def incr(self, _item: Any = None) -> None:
        with self._lock:
            self.value += 1

    def __call__(self, item: Any = None) -> Any:
        self.incr()
        return item


class Recorder:
    """Thread-safe list of everything it was called with."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.items: list[Any] = []

    def __call__(self, item: Any) -> None:
        with self._lock:
            self.items.append(item)


class Sender:
    """Like a channel Sender: every clone (copy, deepcopy) feeds the same sink."""

    def __init__(self, sink: Recorder | None = None) -> None:
        self.sink = sink if sink is not None else Recorder()
        self.clones = 0

    def send(self, item: Any) -> None:
        self.sink(item)

    def __copy__(self) -> Sender:
        return Sender(self.sink)

    def __deepcopy__(self, memo: dict[int, Any]) -> Sender:
        return Sender(self.sink)


def scrambled(n: int) -> list[int]:
    """n ints in a fixed scrambled order, with duplicates and negatives."""
    m = n + 13
    return [((i * 7919) % m) - m // 3 for i in range(n)]


def raise_at(target: Any, result: Callable[[Any], Any] = lambda x: x) -> Callable[[Any], Any]:
    """A user function that raises ContractBoom on `target` and returns result(x) otherwise."""

    def user_fn(x: Any) -> Any:
        if x == target:
            raise ContractBoom(f"boom at {x!r}")
        return result(x)

    return user_fn


def interleave_ref(a: Sequence[Any], b: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return out


def interleave_shortest_ref(a: Sequence[Any], b: Sequence[Any]) -> list[Any]:
    # Rayon: a.take(min + (len(a) > len(b))) interleaved with b.take(min).
    k = min(len(a), len(b))
    return interleave_ref(list(a[: k + (1 if len(a) > len(b) else 0)]), list(b[:k]))


def intersperse_ref(xs: Iterable[Any], sep: Any) -> list[Any]:
    out: list[Any] = []
    for i, x in enumerate(xs):
        if i:
            out.append(sep)
        out.append(x)
    return out


def chunks_ref(xs: Sequence[Any], k: int) -> list[list[Any]]:
    xs = list(xs)
    return [xs[i : i + k] for i in range(0, len(xs), k)]


def cmp_ref(a: Sequence[Any], b: Sequence[Any]) -> int:
    a, b = list(a), list(b)
    return (a > b) - (a < b)


def is_subsequence(sub: Sequence[Any], seq: Sequence[Any]) -> bool:
    it = iter(seq)
    return all(any(x == y for y in it) for x in sub)


def cmp_to_key(cmp: Callable[[Any, Any], int]) -> Any:
    return functools.cmp_to_key(cmp)


def clone(x: Any) -> Any:
    return copy.copy(x)
