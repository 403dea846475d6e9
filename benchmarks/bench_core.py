"""Core overheads and scaling, measured side by side in one process.

- time per ``join`` (called inside the pool, both halves trivial) and per ``scope`` spawn,
  against ``concurrent.futures.ThreadPoolExecutor`` submit + result;
- the speed-up of a CPU-bound recursive computation split with ``join`` (sequential below a
  cutoff) on 2 threads against the same code on 1 thread.

Run: ``.venv/bin/python benchmarks/bench_core.py`` (or with the free-threaded venv).
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pariter as pi
from pariter.demo import fib, fib_join
from timing import best_time

N_OPS = 20_000


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


def main() -> None:
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"Python {sys.version.split()[0]} ({'GIL' if gil else 'free-threaded'})\n")
    print("| operation | 1 thread | 2 threads |")
    print("|---|---:|---:|")
    rows: dict[str, list[float]] = {
        "join (inside the pool)": [],
        "scope spawn": [],
        "ThreadPoolExecutor submit+result": [],
    }
    for threads in (1, 2):
        with pi.ThreadPool(threads) as pool:
            rows["join (inside the pool)"].append(
                best_time(lambda: pool.install(lambda: joins(N_OPS))) / N_OPS
            )
            rows["scope spawn"].append(
                best_time(lambda: pool.install(lambda: scope_spawns(N_OPS))) / N_OPS
            )
        with ThreadPoolExecutor(threads) as executor:
            rows["ThreadPoolExecutor submit+result"].append(
                best_time(lambda: executor_submits(executor, N_OPS)) / N_OPS
            )
    for name, (one, two) in rows.items():
        print(f"| {name} | {one * 1e6:.2f} µs | {two * 1e6:.2f} µs |")

    n = 31
    times = []
    for threads in (1, 2):
        with pi.ThreadPool(threads) as pool:
            times.append(best_time(lambda: pool.install(lambda: fib_join(n)), repeat=3))
    seq = best_time(lambda: fib(n), repeat=3)
    print(
        f"\nfib({n}) split with join (cutoff 20): sequential {seq:.3f} s, "
        f"1 thread {times[0]:.3f} s, 2 threads {times[1]:.3f} s, "
        f"2 threads vs 1 thread: {times[0] / times[1]:.2f}x"
    )


if __name__ == "__main__":
    main()
