"""Core overheads and scaling, measured side by side in one process.

- time per ``join`` (called inside the pool, both halves trivial) and per ``scope`` spawn,
  against ``concurrent.futures.ThreadPoolExecutor`` submit + result;
- the speed-up of a CPU-bound recursive computation split with ``join`` (sequential below a
  cutoff) on 2 threads against the same code on 1 thread.

Run: ``.venv/bin/python benchmarks/bench_core.py [--quick]`` (or with the free-threaded venv).
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pariter as pi
from pariter.demo.fibonacci import fib, fib_join
from rows import Row, print_rows
from timing import best_time


def joins(n: int) -> None:
    join = pi.join
    noop = int
    for _ in range(n):
        join(noop, noop)


def scope_spawns(n: int) -> None:
    with pi.scope() as s:
        spawn = s.spawn
        for _ in range(n):
            spawn(int)


def executor_submits(executor: ThreadPoolExecutor, n: int) -> None:
    submit = executor.submit
    for _ in range(n):
        submit(int).result()


def run(quick: bool = False) -> list[Row]:
    """One row per operation (µs per call on 1 and 2 threads), then one for fib via join."""
    n_ops = 5_000 if quick else 20_000
    per_call: dict[str, list[float]] = {
        "join (inside the pool)": [],
        "scope spawn": [],
        "ThreadPoolExecutor submit+result": [],
    }
    for threads in (1, 2):
        with pi.ThreadPool(threads) as pool:
            per_call["join (inside the pool)"].append(
                best_time(lambda: pool.install(lambda: joins(n_ops))) / n_ops
            )
            per_call["scope spawn"].append(
                best_time(lambda: pool.install(lambda: scope_spawns(n_ops))) / n_ops
            )
        with ThreadPoolExecutor(threads) as executor:
            per_call["ThreadPoolExecutor submit+result"].append(
                best_time(lambda: executor_submits(executor, n_ops)) / n_ops
            )
    rows: list[Row] = [
        {"operation": name, "1 thread (µs)": one * 1e6, "2 threads (µs)": two * 1e6}
        for name, (one, two) in per_call.items()
    ]

    n = 29 if quick else 31
    times = []
    for threads in (1, 2):
        with pi.ThreadPool(threads) as pool:
            times.append(best_time(lambda: pool.install(lambda: fib_join(n)), repeat=3))
    seq = best_time(lambda: fib(n), repeat=3)
    rows.append(
        {
            "workload": f"fib({n}) split with join (cutoff 20)",
            "sequential (s)": seq,
            "1 thread (s)": times[0],
            "2 threads (s)": times[1],
            "2 threads vs 1": times[0] / times[1],
        }
    )
    return rows


def main() -> None:
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"Python {sys.version.split()[0]} ({'GIL' if gil else 'free-threaded'})\n")
    print_rows(run("--quick" in sys.argv))


if __name__ == "__main__":
    main()
