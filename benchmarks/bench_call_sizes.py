"""Time per call against input size, 10 to 10^6 items: the plain loop, pariter and
``ThreadPoolExecutor.map``, side by side in one process (issue 15's table).

Every call sums ``lambda x: x * 2`` over a list: the cheapest item there is, so the table shows
a call's fixed cost and its per-item overhead, not a speed-up on heavy work.  pariter runs on
the default pool (one thread per core), the executor has as many threads.  Each round times
every case once, in turn; the table reports medians over the rounds (the first not counted).

Run: python benchmarks/bench_call_sizes.py [--rounds N] [--json OUT.json]
     python benchmarks/bench_call_sizes.py --plot OUT.png A.json [B.json ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pariter as pi
from timing import per_call

SIZES = (10, 100, 1_000, 10_000, 100_000, 1_000_000)
KINDS = ("sequential", "pariter", "ThreadPoolExecutor.map")


def measure(rounds: int) -> dict[str, Any]:
    """Median seconds per call of each kind at each size."""
    f = lambda x: x * 2
    executor = ThreadPoolExecutor(os.cpu_count())
    cases: dict[tuple[str, int], Callable[[], object]] = {}
    for n in SIZES:
        xs = list(range(n))
        cases["sequential", n] = lambda xs=xs: sum(map(f, xs))
        cases["pariter", n] = lambda xs=xs: pi.par_iter(xs).map(f).sum()
        cases["ThreadPoolExecutor.map", n] = lambda xs=xs: sum(executor.map(f, xs))
    times: dict[tuple[str, int], list[float]] = {key: [] for key in cases}
    for round_ in range(rounds + 1):
        for (kind, n), fn in cases.items():
            # An executor call of 10^6 items takes seconds: one call a round is enough there.
            took = per_call(fn, calls_at_least=1 if n >= 100_000 else 5)
            if round_:
                times[kind, n].append(took)
    executor.shutdown()
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    return {
        "python": sys.version.split()[0] + ("" if gil else "t"),
        "cores": os.cpu_count(),
        "rounds": rounds,
        "sizes": list(SIZES),
        **{kind: [statistics.median(times[kind, n]) for n in SIZES] for kind in KINDS},
    }


def table(result: dict[str, Any]) -> str:
    """A markdown table of ``measure``'s result: microseconds per call, and ratios."""
    lines = [
        f"CPython {result['python']}, {result['cores']} cores, medians of {result['rounds']}",
        "",
        "| items | sequential | pariter | `ThreadPoolExecutor.map` |",
        "|---:|---:|---:|---:|",
    ]
    for i, n in enumerate(result["sizes"]):
        seq = result["sequential"][i]
        cells = [f"{seq * 1e6:,.1f} µs"]
        for kind in KINDS[1:]:
            cells.append(f"{result[kind][i] * 1e6:,.1f} µs ({result[kind][i] / seq:.2f}x)")
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot(out: str, results: list[dict[str, Any]]) -> None:
    """One column per interpreter: time per call against size (log-log), and below it each
    kind's time over the sequential loop's (1.0: as fast; under it: faster)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, len(results), figsize=(5 * len(results), 7), squeeze=False)
    for column, result in enumerate(results):
        top, bottom = axes[0][column], axes[1][column]
        for kind in KINDS:
            top.loglog(result["sizes"], result[kind], marker="o", label=kind)
        # pariter's ratio only: the executor's (200-400x) would flatten it
        ratios = [t / seq for t, seq in zip(result["pariter"], result["sequential"], strict=True)]
        bottom.semilogx(result["sizes"], ratios, marker="o", label="pariter / sequential")
        bottom.axhline(1.0, color="gray", linewidth=1)
        top.set_title(f"CPython {result['python']}, {result['cores']} cores")
        top.set_ylabel("seconds per call")
        bottom.set_ylabel("time over sequential (log x)")
        bottom.set_ylim(0, 4)
        bottom.set_xlabel("items")
        for ax in (top, bottom):
            ax.grid(True, which="major", alpha=0.3)
            ax.legend()
    fig.suptitle("sum(map(lambda x: x * 2, xs)): time per call against input size")
    fig.tight_layout()
    fig.savefig(out, dpi=90)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", help="also write the medians to this file")
    parser.add_argument("--plot", help="draw the JSON files given after it into this PNG")
    parser.add_argument("inputs", nargs="*", help="JSON files written by --json (with --plot)")
    args = parser.parse_args()
    if args.plot:
        results = []
        for name in args.inputs:
            with open(name) as file:
                results.append(json.load(file))
        plot(args.plot, results)
        return
    result = measure(args.rounds)
    print(table(result))
    if args.json:
        with open(args.json, "w") as file:
            json.dump(result, file)


if __name__ == "__main__":
    main()
