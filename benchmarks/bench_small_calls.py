"""Small calls against what they replace, side by side in one process (issue 15's targets).

- a 10-item chain against one ``ThreadPoolExecutor.submit(f).result()`` round trip;
- 100 and 1,000 items of ``lambda x: x * 2`` against ``sum(map(f, xs))``;
- 10^4 items of a ~1 us function on 2 threads against the sequential loop;
- ``import pariter`` against ``import concurrent.futures`` (fresh interpreters, bytecode cached);
- oversubscription: 10^5 items of the ~1 us function on a pool of 8 threads against one of 2
  (on 2 cores), and the CPU an idle pool of 8 uses over 10 s.

Each round times every case once, in turn (so a slow spell of the VM hits all of them); the
ratio reported is of the medians over the rounds.  A call site is warm (its cost remembered)
after its first call; the first round is not counted.

Run: python benchmarks/bench_small_calls.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pariter as pi
from timing import per_call


def import_seconds(module: str) -> float:
    """The time ``import module`` takes in a fresh interpreter (its start not counted)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(done.stdout)


def spin(x: int) -> int:
    """About a microsecond of pure Python."""
    total = 0
    for i in range(12):
        total += i * x
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    f = lambda x: x * 2
    xs10, xs100, xs1k = list(range(10)), list(range(100)), list(range(1000))
    xs10k, xs100k = list(range(10_000)), list(range(100_000))
    executor = ThreadPoolExecutor(1)
    two, eight = pi.ThreadPool(2), pi.ThreadPool(8)
    spin_sum = lambda: pi.par_iter(xs100k).map(spin).sum()
    cases: dict[str, Callable[[], object]] = {
        "submit round trip": lambda: executor.submit(f, 1).result(),
        "10 items": lambda: pi.par_iter(xs10).map(f).sum(),
        "100 items": lambda: pi.par_iter(xs100).map(f).sum(),
        "100 builtin": lambda: sum(map(f, xs100)),
        "1000 items": lambda: pi.par_iter(xs1k).map(f).sum(),
        "1000 builtin": lambda: sum(map(f, xs1k)),
        "10^4 spin, 2 threads": lambda: pi.par_iter(xs10k).map(spin).sum(),
        "10^4 spin builtin": lambda: sum(map(spin, xs10k)),
        "10^5 spin, pool of 2": lambda: two.install(spin_sum),
        "10^5 spin, pool of 8": lambda: eight.install(spin_sum),
    }
    times: dict[str, list[float]] = {name: [] for name in [*cases, "import", "import cf"]}
    with pi.ThreadPool(2):
        for round_ in range(rounds + 1):
            for name, fn in cases.items():
                took = per_call(fn)
                if round_:
                    times[name].append(took)
            if round_:
                times["import"].append(import_seconds("pariter"))
                times["import cf"].append(import_seconds("concurrent.futures"))
    two.shutdown()
    idle = idle_share(eight)
    eight.shutdown()
    med = {name: statistics.median(values) for name, values in times.items()}
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"CPython {sys.version.split()[0]}, GIL {'on' if gil else 'off'}, {rounds} rounds")
    print(f"  10-item chain: {med['10 items'] * 1e6:.1f} us = "
          f"{med['10 items'] / med['submit round trip']:.2f}x a submit round trip "
          f"({med['submit round trip'] * 1e6:.1f} us)  [target <= 0.7x]")  # fmt: skip
    for n, target in (("100", 1.5), ("1000", 1.2)):
        ratio = med[f"{n} items"] / med[f"{n} builtin"]
        print(f"  {n} items: {ratio:.2f}x sum(map(f, xs))  [target <= {target}x]")
    speedup = med["10^4 spin builtin"] / med["10^4 spin, 2 threads"]
    print(f"  10^4 items of ~1 us on 2 threads: {speedup:.2f}x sequential  [3.13t: >= 1.3x]")
    print(f"  import pariter: {med['import'] * 1e3:.0f} ms = "
          f"{med['import'] / med['import cf']:.2f}x import concurrent.futures "
          f"({med['import cf'] * 1e3:.0f} ms)  [target <= 1.5x]")  # fmt: skip
    ratio = med["10^5 spin, pool of 2"] / med["10^5 spin, pool of 8"]
    print(f"  10^5 items of ~1 us, 8 threads on {os.cpu_count()} cores: {ratio:.2f}x the "
          f"throughput of 2 threads  [3.13t: >= 0.9x]")  # fmt: skip
    print(f"  an idle pool of 8 threads: {idle * 100:.3f}% of one core  [target < 0.5%]")


def idle_share(pool: pi.ThreadPool, seconds: float = 10.0) -> float:
    """The share of one core this process uses over ``seconds`` while ``pool`` (its threads
    started) has nothing to do and the main thread sleeps."""
    pool.broadcast(lambda _context: None)  # every thread started, then idle
    cpu, start = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    return (time.process_time() - cpu) / (time.perf_counter() - start)


if __name__ == "__main__":
    main()
