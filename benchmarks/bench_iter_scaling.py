"""Scaling of a CPU-bound ``map(...).sum()`` from 1 to 2 threads, side by side in one process.

Issue target (free-threaded build, 2 threads): at least 1.8x faster than the same chain on one
thread, both with a module-level function and with a lambda that captures a local. Shared
function objects and closure cells are a reference-count hot spot on free-threaded builds;
pariter gives each leaf its own copy of a closure (see ``pariter.plumbing.localize``).

Run: ``.venv-ft/bin/python benchmarks/bench_iter_scaling.py [--quick]``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pariter as pi
from rows import Row, print_rows
from timing import best_time

N = 2_000_000
QUICK_N = 400_000


def work(x: int) -> int:
    """A few hundred nanoseconds of pure-Python arithmetic per item."""
    y = x
    for _ in range(8):
        y = (y * 1103515245 + 12345) % 2147483648
    return y & 0xFF


def run(quick: bool = False) -> list[Row]:
    """One row per kind of function: sequential, 1 thread, 2 threads, 2 vs 1."""
    n = QUICK_N if quick else N
    rounds = 8

    def make_closure() -> Callable[[int], int]:
        mask = 0xFF  # a captured local: the closure has a cell

        def mixed(x: int) -> int:
            y = x
            for _ in range(rounds):
                y = (y * 1103515245 + 12345) % 2147483648
            return y & mask

        return mixed

    closure = make_closure()
    salt = 0  # a local the lambda captures, as in `.map(lambda x: f(x) ^ salt)`
    lam = lambda x: work(x) ^ salt
    expected = sum(map(work, range(n)))
    rows: list[Row] = []
    for name, fn in [
        ("module-level def", work),
        ("closure (captures a local)", closure),
        ("lambda capturing a local", lam),
    ]:
        seq = best_time(lambda fn=fn: sum(map(fn, range(n))))
        times = []
        for threads in (1, 2):
            with pi.ThreadPool(threads) as pool:
                chain = lambda fn=fn: pool.install(lambda: pi.into_par_iter(range(n)).map(fn).sum())
                assert chain() == expected
                times.append(best_time(chain))
        rows.append(
            {
                "function": f"{name}, {n:,} items",
                "sequential (s)": seq,
                "1 thread (s)": times[0],
                "2 threads (s)": times[1],
                "2 vs 1 thread": times[0] / times[1],
            }
        )
    return rows


def main() -> None:
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"Python {sys.version.split()[0]} ({'GIL' if gil else 'free-threaded'})\n")
    print_rows(run("--quick" in sys.argv))


if __name__ == "__main__":
    main()
