"""par_sort against list.sort on 10^7 random ints, side by side in one process.

Issue targets: on a free-threaded build with 2 threads at least 1.3x faster than ``list.sort``;
on a GIL build never more than 1.05x slower. Both sorts get a fresh copy of the same data, and
the copy's own cost is measured and subtracted.

Run: ``.venv-ft/bin/python benchmarks/bench_sort.py [n]``.
"""

from __future__ import annotations

import random
import sys

import pariter as pi
from timing import best_time


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10**7
    rng = random.Random(42)
    data = [rng.randrange(10**9) for _ in range(n)]
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    with pi.ThreadPool(2):
        copy = best_time(lambda: list(data))
        builtin = best_time(lambda: list(data).sort()) - copy
        ours = best_time(lambda: pi.par_sort(list(data))) - copy
        check = list(data)
        pi.par_sort(check)
        assert check == sorted(data)
    print(
        f"Python {sys.version.split()[0]} ({'GIL' if gil else 'free-threaded'}), {n:,} ints, "
        f"2 threads: list.sort {builtin:.3f} s, par_sort {ours:.3f} s, "
        f"par_sort is {builtin / ours:.2f}x the speed of list.sort"
    )


if __name__ == "__main__":
    main()
