"""Faults in the pool's own bookkeeping reach the caller; no process-wide state is hijacked.

Rayon's own tests (translated) found these: a scope-based quicksort deep in the stack hung where
Python raises RecursionError; several threads reporting at once left the user's
``sys.unraisablehook`` replaced; a failing ``thread_name`` started no thread where Rayon starts
and stops those before it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import pariter as pi

SRC = str(Path(__file__).resolve().parents[2] / "src")

DEEP = textwrap.dedent(
    """
    import sys
    import pariter as pi

    def pseudo_join(f, g):  # rayon-core's scope_join.rs
        out = {}
        def op(s):
            s.spawn(lambda _: out.__setitem__("g", g()))
            out["f"] = f()
        pi.scope(op)
        return out["f"], out["g"]

    def quick_sort(v, join):
        if len(v) <= 1:
            return v
        pivot = v[-1]
        lo = [x for x in v[:-1] if x <= pivot]
        hi = [x for x in v[:-1] if x > pivot]
        a, b = join(lambda: quick_sort(lo, join), lambda: quick_sort(hi, join))
        return a + [pivot] + b

    def nest(depth, f):
        return f() if depth == 0 else nest(depth - 1, f)

    join = pseudo_join if sys.argv[1] == "scope" else pi.join
    if sys.argv[3] != "default":
        pi.join(lambda: 0, lambda: 0)  # the pool is up: the user sets a limit of their own now
        sys.setrecursionlimit(int(sys.argv[3]))
    n = int(sys.argv[4])
    for depth in range(int(sys.argv[2])):  # every alignment of the limit with a level's frames
        try:
            ok = nest(depth, lambda: quick_sort(list(reversed(range(n))), join)) == list(range(n))
            print(depth, "sorted" if ok else "WRONG", flush=True)
        except RecursionError:
            print(depth, "RecursionError", flush=True)
    print("usable", pi.join(lambda: 1, lambda: 2), flush=True)
    """
)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("kind", "limit", "n"),
    [("scope", "default", 256), ("scope", "default", 2000), ("scope", "1500", 600),
     ("join", "default", 3000), ("join", "1200", 600)],
)  # fmt: skip
def test_a_recursion_error_deep_in_the_pool_never_hangs(kind: str, limit: str, n: int) -> None:
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", DEEP, kind, "40", limit, str(n)],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 41, done.stdout
    assert all(line.split()[1] in ("sorted", "RecursionError") for line in lines[:-1]), lines
    assert lines[-1] == "usable (1, 2)"


def test_many_threads_reporting_at_once_keep_the_users_hook() -> None:
    seen: list[Any] = []
    lock = threading.Lock()

    def hook(args: Any) -> None:
        with lock:
            seen.append((args.exc_type, str(args.exc_value)))

    def raising(index: int) -> None:
        raise ValueError(f"start {index}")

    previous = sys.unraisablehook
    sys.unraisablehook = hook
    try:
        for _ in range(10):
            seen.clear()
            pool = pi.ThreadPoolBuilder().num_threads(8).start_handler(raising).build()
            pool.shutdown()
            assert sys.unraisablehook is hook  # was a list's append in ~60% of 3.11 runs
            assert sorted(seen) == sorted((ValueError, f"start {i}") for i in range(8))
    finally:
        sys.unraisablehook = previous


def test_a_failing_thread_name_starts_and_stops_the_threads_before_it() -> None:
    started: list[int] = []
    exited: list[int] = []
    before = threading.active_count()

    def name(index: int) -> str:
        if index == 5:
            raise ValueError("no name for thread 5")
        return f"named-{index}"

    builder = (
        pi.ThreadPoolBuilder()
        .num_threads(8)
        .thread_name(name)
        .start_handler(started.append)
        .exit_handler(exited.append)
    )
    with pytest.raises(ValueError, match="thread 5"):
        builder.build()
    deadline = time.monotonic() + 10
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sorted(started) == [0, 1, 2, 3, 4]  # as Rayon: threads 0-4 start, then stop
    assert sorted(exited) == [0, 1, 2, 3, 4]
    assert threading.active_count() == before


def test_the_recursion_limit_is_put_back_when_the_last_pool_thread_exits() -> None:
    script = textwrap.dedent(
        """
        import sys, time
        import pariter as pi

        print(sys.getrecursionlimit())
        with pi.ThreadPool(2) as pool:
            print(pool.install(sys.getrecursionlimit))
        time.sleep(0.2)
        print(sys.getrecursionlimit())
        sys.setrecursionlimit(5000)  # the user's own, above the pool's: left alone
        with pi.ThreadPool(2) as pool:
            print(pool.install(sys.getrecursionlimit))
        time.sleep(0.2)
        print(sys.getrecursionlimit())
        """
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["1000", "4000", "1000", "5000", "5000"]
