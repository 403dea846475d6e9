"""Nesting is as deep as users' recursion: 500 nested joins at the default recursion limit.

The same recursion written sequentially reaches about 1,000 levels at Python's default limit;
nested ``join``/``scope``/parallel calls reach at least half of the depth of their sequential
meaning (they cost a few frames a level of their own, and a pool raises the limit, see
``pariter.core.registry.RECURSION_LIMIT``). Run in a subprocess, so the default limit is what a
new program has.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")

SCRIPT = textwrap.dedent(
    """
    import sys
    import pariter as pi

    assert sys.getrecursionlimit() == 1000, sys.getrecursionlimit()

    def joins(n):
        return 0 if n == 0 else pi.join(lambda: joins(n - 1), lambda: 1)[0] + 1

    def scopes(n):
        if n == 0:
            return 0
        out = []
        with pi.scope() as s:
            s.spawn(lambda: out.append(scopes(n - 1) + 1))
        return out[0]

    def calls(n):
        if n == 0:
            return 0
        return pi.into_par_iter(range(1)).map(lambda _: calls(n - 1) + 1).sum()

    def sequential(n):  # the sequential meaning of calls(): sum(map(...)) of a lambda
        return 0 if n == 0 else sum(map(lambda _: sequential(n - 1) + 1, range(1)))

    def deepest(f):
        lo, hi = 1, 5000
        while lo < hi:  # the largest n that does not raise RecursionError
            mid = (lo + hi + 1) // 2
            try:
                f(mid)
                lo = mid
            except RecursionError:
                hi = mid - 1
        return lo

    print("sequential calls", deepest(sequential))  # before any pool starts
    print("joins", joins(500))
    print("calls", deepest(calls))
    print("scopes", deepest(scopes))
    print("joins on one thread", pi.ThreadPool(1).install(lambda: joins(500)))
    """
)


@pytest.mark.timeout(120)
def test_nesting_reaches_half_the_sequential_depth() -> None:
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=110, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    got = dict(line.rsplit(" ", 1) for line in done.stdout.splitlines())
    assert got["joins"] == "500"
    assert got["joins on one thread"] == "500"
    # About 500 at the default limit: two frames a level (the function and its lambda), as for
    # the sequential meaning of scopes() (calling the spawned lambda in place).
    sequential = int(got["sequential calls"])
    assert sequential > 400, got
    assert int(got["calls"]) >= sequential // 2, got
    assert int(got["scopes"]) >= sequential // 2, got


def test_a_recursion_error_deep_in_the_pool_reaches_the_caller() -> None:
    import pariter as pi

    def forever(n: int) -> int:
        return pi.join(lambda: forever(n + 1), lambda: 0)[0]

    with pi.ThreadPool(2) as pool, pytest.raises(RecursionError):
        pool.install(lambda: forever(0))
    with pi.ThreadPool(2) as pool:
        assert pool.join(lambda: 1, lambda: 2) == (1, 2)
