"""The demo: each workload timed sequentially and on the pool, results checked to agree.

Run it with ``python -m pariter demo`` (``--threads N``, ``--repeat K``). On a GIL build threads
speed up only work that releases the GIL (hashing here); on a free-threaded build (3.13t, 3.14t)
pure-Python work scales with the cores too.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pariter as pi


def fib(n: int) -> int:
    """Sequential Fibonacci, the leaf of the recursive demo."""
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def fib_join(n: int, cutoff: int = 20) -> int:
    """Fibonacci split with ``join`` down to ``cutoff``, then sequential (Rayon's ``fibonacci``).

    >>> fib_join(20) == fib(20)
    True
    """
    if n <= cutoff:
        return fib(n)
    a, b = pi.join(lambda: fib_join(n - 1, cutoff), lambda: fib_join(n - 2, cutoff))
    return a + b


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    f = 3
    while f * f <= n:
        if n % f == 0:
            return False
        f += 2
    return True


def count_primes(n: int) -> int:
    """The sequential loop: ``len(list(filter(is_prime, range(n))))``."""
    return sum(1 for _ in filter(is_prime, range(n)))


def par_count_primes(n: int) -> int:
    """The same loop with ``iter`` changed into ``par_iter`` (a CPU-bound chain).

    >>> par_count_primes(100)
    25
    """
    return pi.into_par_iter(range(n)).filter(is_prime).count()


def sum_of_squares(n: int) -> int:
    return sum(map(lambda x: x * x % 1000, range(n)))


def par_sum_of_squares(n: int) -> int:
    """A cheap function over many items: tests that per-item overhead is the builtins' own.

    >>> par_sum_of_squares(10) == sum_of_squares(10)
    True
    """
    return pi.into_par_iter(range(n)).map(lambda x: x * x % 1000).sum()


def digest_blocks(blocks: list[bytes]) -> list[str]:
    return [hashlib.sha256(b).hexdigest() for b in blocks]


def par_digest_blocks(blocks: list[bytes]) -> list[str]:
    """sha256 of each block; hashlib releases the GIL on large buffers, so this scales anywhere.

    >>> par_digest_blocks([b"a"]) == digest_blocks([b"a"])
    True
    """
    one_block_per_piece = pi.into_par_iter(blocks).with_max_len(1)
    return one_block_per_piece.map(lambda b: hashlib.sha256(b).hexdigest()).collect()


@dataclass
class Workload:
    name: str
    sequential: Callable[[], Any]
    parallel: Callable[[], Any]


def workloads(scale: float) -> list[Workload]:
    n_fib = 32 if scale >= 1 else 29
    prime_hi = int(1_000_000 * scale)
    blocks = [bytes([i]) * (4 << 20) for i in range(max(4, int(48 * scale)))]
    # fib via join; a filter chain; a map chain; a GIL-releasing workload
    return [
        Workload(f"recursive fib({n_fib}) via join", lambda: fib(n_fib), lambda: fib_join(n_fib)),
        Workload(
            f"count primes below {prime_hi:,}",
            lambda: count_primes(prime_hi),
            lambda: par_count_primes(prime_hi),
        ),
        Workload(
            f"sum of x*x%1000, {10 * prime_hi:,} items",
            lambda: sum_of_squares(10 * prime_hi),
            lambda: par_sum_of_squares(10 * prime_hi),
        ),
        Workload(
            f"sha256 of {len(blocks)} x 4 MiB",
            lambda: digest_blocks(blocks),
            lambda: par_digest_blocks(blocks),
        ),
    ]


def best_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m pariter demo``; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m pariter", description=__doc__)
    parser.add_argument("command", choices=["demo"], help="what to run")
    parser.add_argument("--threads", type=int, default=0, help="pool size (default: all CPUs)")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best counts")
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    args = parser.parse_args(argv)

    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    build = "GIL enabled" if gil else "free-threaded"
    with pi.ThreadPoolBuilder().num_threads(args.threads).build() as pool:
        n = pool.current_num_threads()
        print(f"\npariter demo on Python {sys.version.split()[0]} ({build}), {n} threads\n")
        header = f"{'workload':<34}{'sequential':>12}{'pariter':>12}{'speed-up':>10}  agree"
        print(header)
        print("-" * len(header))
        ok = True
        for w in workloads(0.4 if args.quick else 1.0):
            seq_time, expected = best_time(w.sequential, args.repeat)
            par_time, got = best_time(partial(pool.install, w.parallel), args.repeat)
            same = got == expected
            ok = ok and same
            print(
                f"{w.name:<34}{seq_time:>11.3f}s{par_time:>11.3f}s"
                f"{seq_time / par_time:>9.2f}x  {'yes' if same else 'NO'}"
            )
    if gil:
        print("\nOn this GIL build only work that releases the GIL (hashing) can use several")
        print("cores; run scripts/demo.sh to see the free-threaded build run Python in parallel.")
    return 0 if ok else 1
