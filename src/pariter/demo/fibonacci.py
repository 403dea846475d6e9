"""Fibonacci: Rayon's ``fibonacci`` benchmark, the recursion split with ``join``.

``fib(n)`` calls ``fib(n - 1)`` and ``fib(n - 2)``; the parallel version runs the two calls with
``join`` down to ``n - CUTOFF_DEPTH`` and sequentially below, because, as Rayon's benchmark
shows, tiny tasks cost more to split than they save.  About 2^CUTOFF_DEPTH / φ tasks result.

>>> fib_join(20) == fib(20) == 6765
True
"""

from __future__ import annotations

import pariter

NAME = "fibonacci"
TITLE = "recursive Fibonacci"
IDIOM = "join(lambda: fib(n - 1), lambda: fib(n - 2))"
SIZES = {"tiny": 18, "quick": 30, "full": 32}
CHECK = "exact"
#: join runs on threads whatever pool is current: a process pool cannot speed this up.
USES_JOIN = True

#: How many levels of the recursion run with ``join``.
CUTOFF_DEPTH = 12


def describe(size: int) -> str:
    return f"fib({size})"


def fib(n: int) -> int:
    """Sequential Fibonacci, the leaf of the recursive demo."""
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def fib_join(n: int, cutoff: int = 20) -> int:
    """Fibonacci split with ``join`` down to ``cutoff``, then sequential."""
    if n <= cutoff:
        return fib(n)
    a, b = pariter.join(lambda: fib_join(n - 1, cutoff), lambda: fib_join(n - 2, cutoff))
    return a + b


def sequential(size: int) -> int:
    return fib(size)


def parallel(size: int) -> int:
    return fib_join(size, max(1, size - CUTOFF_DEPTH))


def check(expected: int, got: int) -> bool:
    return expected == got
