"""par_sort against list.sort on 10^7 random ints, side by side in one process.

Issue targets: on a free-threaded build with 2 threads at least 1.3x faster than ``list.sort``;
on a GIL build never more than 1.05x slower. Both sorts get a fresh copy of the same data, and
the copy's own cost is measured and subtracted. The two sorts alternate, round after round, so
a change in the machine's load hits both alike; the headline ratio compares their best rounds,
and the range of the per-round ratios shows the noise.

Run: ``.venv-ft/bin/python benchmarks/bench_sort.py [n] [rounds]``.
"""

from __future__ import annotations

import random
import sys

import pariter as pi
from timing import best_time


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10**7
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(42)
    data = [rng.randrange(10**9) for _ in range(n)]
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    builtin: list[float] = []
    ours: list[float] = []
    with pi.ThreadPool(2):
        copy = best_time(lambda: list(data))
        for _ in range(rounds):
            builtin.append(best_time(lambda: list(data).sort(), repeat=1) - copy)
            ours.append(best_time(lambda: pi.par_sort(list(data)), repeat=1) - copy)
        check = list(data)
        pi.par_sort(check)
        assert check == sorted(data)
    ratios = sorted(b / o for b, o in zip(builtin, ours, strict=True))
    print(
        f"Python {sys.version.split()[0]} ({'GIL' if gil else 'free-threaded'}), {n:,} ints, "
        f"2 threads: list.sort {min(builtin):.3f} s, par_sort {min(ours):.3f} s, "
        f"par_sort is {min(builtin) / min(ours):.2f}x the speed of list.sort "
        f"(rounds: {ratios[0]:.2f}x to {ratios[-1]:.2f}x)"
    )


if __name__ == "__main__":
    main()
