"""ProcessPool's lifecycle: construction checks, workers started on use and stopped on
shutdown or on leaving ``with``, initializers, start methods, concurrent callers."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import pariter as pi
from pariter.core.pool import available_cpus
from tests.backends.conftest import pariter_workers, start_fresh
from tests.conftest import Current, wait_for

pytestmark = pytest.mark.timeout(60)


def square_sum(n: int) -> int:
    return pi.into_par_iter(range(n)).map(lambda x: x * x).sum()


def gone(pids: set[int]) -> bool:
    return wait_for(lambda: not pids & {p.pid for p in pariter_workers()}, 10)


# -- construction ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, -1, True, False, "2", 2.0, 2.5])
def test_bad_num_workers(bad: Any) -> None:
    with pytest.raises(ValueError, match="num_workers"):
        pi.ProcessPool(bad)


def test_bad_initializer_and_initargs() -> None:
    with pytest.raises(TypeError, match="initializer"):
        pi.ProcessPool(1, initializer=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="initargs"):
        pi.ProcessPool(1, initializer=print, initargs=[1])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="initargs"):
        pi.ProcessPool(1, initargs="ab")  # type: ignore[arg-type]


def test_construction_starts_nothing() -> None:
    before = {p.pid for p in pariter_workers()}
    pool = pi.ProcessPool(2)
    assert {p.pid for p in pariter_workers()} == before
    assert pool.num_workers == 2
    assert pool.current_num_threads() == 2
    assert "num_workers=2" in repr(pool)
    pool.shutdown()  # a pool that never started stops fine, twice
    pool.shutdown()


def test_default_num_workers_is_the_cpu_count() -> None:
    pool = pi.ProcessPool()
    assert pool.num_workers == available_cpus()
    assert pool.install(pi.current_num_threads) == available_cpus()


# -- stopping ----------------------------------------------------------------------------------


def test_shutdown_stops_the_workers_and_the_pool_restarts() -> None:
    pool = pi.ProcessPool(2)
    first = start_fresh(pool)
    assert len(first) == 2
    pool.shutdown()
    assert gone(first)
    others = {p.pid for p in pariter_workers()}  # other pools' workers (an earlier test's)
    assert pool.install(lambda: square_sum(1000)) == sum(x * x for x in range(1000))
    second = {p.pid for p in pariter_workers()} - others
    assert len(second) == 2 and not second & first
    pool.shutdown()
    assert gone(second)


def test_leaving_with_stops_the_workers_and_a_later_with_restarts() -> None:
    pool = pi.ProcessPool(2)
    before = {p.pid for p in pariter_workers()}
    with pool:
        assert square_sum(5000) == sum(x * x for x in range(5000))
        mine = {p.pid for p in pariter_workers()} - before
        assert len(mine) == 2
        with pool:  # nested: leaving the inner block keeps the workers
            assert square_sum(10) == 285
        assert {p.pid for p in pariter_workers()} >= mine
    assert gone(mine)
    with pool:
        assert square_sum(10) == 285
        again = {p.pid for p in pariter_workers()} - before
        assert len(again) == 2 and not again & mine
    assert gone(again)


def test_an_error_inside_with_stops_the_workers() -> None:
    pool = pi.ProcessPool(2)
    before = {p.pid for p in pariter_workers()}
    mine: set[int] = set()
    with pytest.raises(ZeroDivisionError), pool:
        square_sum(100)
        mine |= {p.pid for p in pariter_workers()} - before
        pi.into_par_iter(range(100)).map(lambda x: 1 // (x - 50)).collect()
    assert len(mine) == 2
    assert gone(mine)


def test_an_error_in_the_callers_code_inside_with_stops_the_workers() -> None:
    pool = pi.ProcessPool(2)
    before = {p.pid for p in pariter_workers()}
    with pytest.raises(LookupError), pool:
        square_sum(100)
        mine = {p.pid for p in pariter_workers()} - before
        raise LookupError("the caller's own error")
    assert gone(mine)


def test_install_keeps_the_workers() -> None:
    pool = pi.ProcessPool(2)
    mine = start_fresh(pool)
    assert pool.install(lambda: square_sum(100)) == square_sum(100)
    assert mine <= {p.pid for p in pariter_workers()}
    with Current(pool):
        pids = set(pi.into_par_iter(range(200)).map(lambda _: os.getpid()).collect())
    assert pids <= mine and os.getpid() not in pids
    pool.shutdown()
    assert gone(mine)


# -- initializer -------------------------------------------------------------------------------

SETTING: Any = None
INIT_PID: int | None = None


def set_setting(value: Any, extra: Any) -> None:
    global SETTING, INIT_PID
    SETTING = (value, extra)
    INIT_PID = os.getpid()


def read_setting(_: int) -> tuple[int, int | None, Any]:
    time.sleep(0.001)  # slow enough that both workers take pieces
    return os.getpid(), INIT_PID, SETTING


def failing_initializer() -> None:
    raise OSError("no database here")


def test_initializer_runs_in_every_worker() -> None:
    pool = pi.ProcessPool(2, initializer=set_setting, initargs=("configured", [1, 2]))
    try:
        mine = start_fresh(pool)
        got = pool.install(lambda: pi.into_par_iter(range(2000)).map(read_setting).collect())
        assert [setting for _, _, setting in got] == [("configured", [1, 2])] * 2000
        assert all(pid == init_pid for pid, init_pid, _ in got)  # ran in that very process
        assert {pid for pid, _, _ in got} <= mine
        assert len({pid for pid, _, _ in got}) == 2
        assert SETTING is None  # not in the caller
        # and again after a restart
        pool.shutdown()
        got = pool.install(lambda: pi.into_par_iter(range(100)).map(read_setting).collect())
        assert [setting for _, _, setting in got] == [("configured", [1, 2])] * 100
    finally:
        pool.shutdown()


def test_a_lambda_initializer_with_a_closure() -> None:
    box = {"seen": 41}
    pool = pi.ProcessPool(1, initializer=lambda: os.environ.update(PARITER_TEST=str(box["seen"])))
    try:
        got = pool.install(
            lambda: (
                pi.into_par_iter(range(3)).map(lambda _: os.environ.get("PARITER_TEST")).collect()
            )
        )
        assert got == ["41"] * 3
    finally:
        pool.shutdown()
    assert "PARITER_TEST" not in os.environ


def test_a_failing_initializer_raises_a_clear_error() -> None:
    pool = pi.ProcessPool(2, initializer=failing_initializer)
    before = {p.pid for p in pariter_workers()}
    try:
        for _ in range(2):  # every call says so; none hangs
            with pytest.raises(RuntimeError, match="initializer") as info:
                pool.install(lambda: square_sum(100))
            cause = info.value.__cause__
            assert isinstance(cause, OSError) and "no database here" in str(cause)
    finally:
        pool.shutdown()
    assert wait_for(lambda: {p.pid for p in pariter_workers()} <= before)


def test_an_unpicklable_initarg_is_a_type_error() -> None:
    pool = pi.ProcessPool(1, initializer=set_setting, initargs=(threading.Lock(), 0))
    with pytest.raises(TypeError, match="initializer"):
        pool.install(lambda: square_sum(10))
    pool.shutdown()


# -- start methods and callers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "context", ["spawn", multiprocessing.get_context("spawn")], ids=["name", "object"]
)
def test_spawn_context(context: Any) -> None:
    pool = pi.ProcessPool(
        2, initializer=set_setting, initargs=("spawned", None), mp_context=context
    )
    try:
        with pool:
            assert square_sum(3000) == sum(x * x for x in range(3000))
            xs = list(range(500))
            pi.par_iter_mut(xs).for_each(lambda s: s.set(s.value * 2))
            assert xs == [x * 2 for x in range(500)]
            got = pi.into_par_iter(range(10)).map(read_setting).collect()
            assert {s for _, _, s in got} == {("spawned", None)}
    finally:
        pool.shutdown()


def test_two_threads_share_one_pool(warm_pool: Any) -> None:
    results: dict[int, Any] = {}
    errors: list[BaseException] = []

    def caller(k: int) -> None:
        try:
            out = []
            for n in range(2000, 2010):
                xs = list(range(n))
                warm_pool.install(
                    lambda xs=xs: pi.par_iter_mut(xs).for_each(lambda s: s.set(s.value * k))
                )
                out.append(
                    (warm_pool.install(lambda n=n: square_sum(n)), xs == [x * k for x in range(n)])
                )
            results[k] = out
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=caller, args=(k,)) for k in (2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(50)
    assert not errors, errors
    for k in (2, 3):
        assert results[k] == [(sum(x * x for x in range(n)), True) for n in range(2000, 2010)]


def test_a_with_block_on_another_thread_uses_its_own_current_pool(warm_pool: Any) -> None:
    """The current pool is per thread (a context variable): another thread keeps threads."""
    seen: list[Any] = []
    with Current(warm_pool):
        other = threading.Thread(target=lambda: seen.append(pi.current_num_threads()))
        other.start()
        other.join()
        assert pi.current_num_threads() == 2
    assert seen == [pi.current_num_threads()]


EXIT_SCRIPT = """
import sys
import pariter as pi

def main():
    pool = pi.ProcessPool(2)
    print(pool.install(lambda: pi.into_par_iter(range(100)).map(lambda x: 2 * x).sum()), flush=True)
    if sys.argv[1] == "error":
        raise ValueError("the caller's error")

if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize("how", ["normal", "error"])
def test_a_program_that_never_shuts_down_exits_cleanly(tmp_path: Any, how: str) -> None:
    script = tmp_path / "no_shutdown.py"
    script.write_text(EXIT_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    t0 = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(script), how], capture_output=True, text=True, timeout=30, env=env
    )
    assert time.monotonic() - t0 < 15
    assert done.stdout == "9900\n"
    assert done.returncode == (0 if how == "normal" else 1), done.stderr
    assert "leaked" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    if how == "normal":
        assert done.stderr == ""


# -- transport ---------------------------------------------------------------------------------


def test_big_pieces_and_big_results_at_once(proc: Current) -> None:
    """Pieces and results far bigger than a pipe's buffer cross at the same time: the caller
    must keep reading results while a piece is still being written to a busy worker."""
    blobs = [bytes([i]) * 2_000_000 for i in range(24)]
    with proc:
        doubled = pi.par_iter(blobs).with_max_len(3).map(lambda b: b + b).collect()
    assert [len(b) for b in doubled] == [4_000_000] * 24
    assert all(b == blob + blob for b, blob in zip(doubled, blobs, strict=True))


# -- what a pool remembers between calls -------------------------------------------------------


def test_a_chain_run_again_starts_from_what_it_cost_last_time(monkeypatch: Any) -> None:
    from pariter.backends import process

    guesses: list[float | None] = []

    class Spy(process.Sizer):
        def __init__(self, workers: int, guess: float | None = None) -> None:
            guesses.append(guess)
            super().__init__(workers, guess=guess)

    monkeypatch.setattr(process, "Sizer", Spy)
    with pi.ProcessPool(2) as pool:
        for _ in range(2):
            assert pool.install(lambda: square_sum(10_000)) == sum(x * x for x in range(10_000))
        assert pool.install(lambda: pi.into_par_iter(range(9)).map(lambda x: -x).sum()) == -36
    assert guesses[0] is None  # nothing known yet: the call probes
    assert guesses[1] is not None and 0 < guesses[1] < 0.01  # the first call's seconds per item
    assert guesses[2] is None  # another chain


def slow_head(x: int) -> int:
    """Items under 100 take 2 ms, the others nothing; which worker ran the item."""
    if x < 100:
        time.sleep(0.002)
    return os.getpid()


def test_a_guess_far_too_cheap_still_lets_both_workers_share_the_costly_part() -> None:
    with pi.ProcessPool(2) as pool:
        # The chain learns it costs ~0 per item (the same chain: only the data differ).
        pool.install(lambda: pi.into_par_iter(range(100, 10**5)).map(slow_head).collect())
        # Now the first 100 items (the first worker's half) cost 2 ms each: had the guess
        # committed that half to the first worker whole, the other could not help.
        pids = pool.install(lambda: pi.into_par_iter(range(200)).map(slow_head).collect())
    assert len(set(pids[:100])) == 2
