"""More pool threads than CPUs: stolen pieces do not split into crumbs, the first split stays.

The splitter resets a stolen half's budget to the thread count or the CPU count, whichever is
less (``plumbing/splitter.py``).  Counted here in leaves (one ``fold`` accumulator each), not in
time.
"""

from __future__ import annotations

import threading
import time

import pariter as pi
from pariter.core.pool import available_cpus


def leaves(pool: pi.ThreadPool, n: int) -> int:
    return len(
        pool.install(lambda: pi.into_par_iter(range(n)).fold(int, lambda a, x: a + 1).collect())
    )


def test_many_threads_on_few_cpus_do_not_cut_a_call_into_crumbs() -> None:
    threads = 8 * available_cpus()
    with pi.ThreadPool(threads) as pool:
        pool.install(int)
        counts = [leaves(pool, 200_000) for _ in range(3)]
    # Resetting to the thread count made 2,400-4,400 leaves here (16 threads, 2 CPUs).
    assert max(counts) < 600 * available_cpus(), counts  # capped: 170-600


def test_a_pool_sized_for_blocking_work_still_starts_a_piece_per_thread() -> None:
    seen: set[int] = set()
    lock = threading.Lock()

    def wait(_: int) -> None:
        with lock:
            seen.add(threading.get_ident())
        time.sleep(0.05)

    threads = 4 * available_cpus()
    with pi.ThreadPool(threads) as pool:
        pool.install(lambda: pi.into_par_iter(range(threads)).for_each(wait))
    assert len(seen) >= threads // 2, len(seen)
