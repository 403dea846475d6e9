"""A worker that dies mid-call (os._exit, SIGKILL, killed from outside) is a WorkerLostError
in the caller, promptly; the same pool then starts fresh workers for the next call."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pariter as pi
from pariter.backends.errors import WorkerLostError
from tests.backends.conftest import pariter_workers, start_fresh
from tests.conftest import Current, wait_for

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def dying_pool() -> Iterator[Current]:
    """A pool of its own: these tests kill its workers."""
    pool = pi.ProcessPool(2)
    yield Current(pool)
    pool.shutdown()


def still_works(pool: Current) -> None:
    with pool:
        assert pi.into_par_iter(range(10_000)).map(lambda x: x * 2).sum() == 2 * sum(range(10_000))
        xs = list(range(1000))
        pi.par_iter_mut(xs).for_each(lambda s: s.set(-s.value))
        assert xs == [-i for i in range(1000)]


def exit_at(x: int) -> int:
    if x == 3000:
        os._exit(3)
    return x


def sigkill_at(x: int) -> int:
    if x == 3000:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_worker_lost_error_is_a_runtime_error() -> None:
    assert issubclass(pi.WorkerLostError, RuntimeError)
    assert pi.WorkerLostError is WorkerLostError


def test_os_exit_in_a_task(dying_pool: Current) -> None:
    t0 = time.monotonic()
    with dying_pool, pytest.raises(pi.WorkerLostError, match="code 3"):
        pi.into_par_iter(range(10_000)).map(exit_at).sum()
    assert time.monotonic() - t0 < 20
    still_works(dying_pool)


def test_sigkill_in_a_task(dying_pool: Current) -> None:
    t0 = time.monotonic()
    with dying_pool, pytest.raises(pi.WorkerLostError, match="SIGKILL"):
        pi.into_par_iter(range(10_000)).map(sigkill_at).collect()
    assert time.monotonic() - t0 < 20
    still_works(dying_pool)


def test_death_in_every_kind_of_call(dying_pool: Current) -> None:
    calls: list[Any] = [
        lambda: pi.par_iter(list(range(10_000))).for_each(exit_at),
        lambda: pi.par_bridge(iter(range(10_000))).map(exit_at).count(),
        lambda: pi.into_par_iter(range(10_000)).find_first(lambda x: exit_at(x) < 0),
        lambda: pi.par_iter_mut(list(range(10_000))).for_each(lambda s: exit_at(s.value)),
    ]
    for call in calls:
        with dying_pool, pytest.raises(pi.WorkerLostError):
            call()
        still_works(dying_pool)


def test_two_deaths_in_a_row(dying_pool: Current) -> None:
    for _ in range(2):
        with dying_pool, pytest.raises(pi.WorkerLostError):
            pi.into_par_iter(range(10_000)).map(sigkill_at).sum()
    still_works(dying_pool)


def slow(x: int) -> int:
    time.sleep(0.002)
    return x


def test_killed_from_outside_during_a_long_call(dying_pool: Current) -> None:
    mine = start_fresh(dying_pool.pool)
    assert len(mine) == 2
    result: dict[str, Any] = {}

    def long_call() -> None:
        try:
            with dying_pool:
                result["value"] = pi.into_par_iter(range(100_000)).map(slow).sum()  # ~100 s
        except BaseException as exc:
            result["error"] = exc

    caller = threading.Thread(target=long_call)
    caller.start()
    time.sleep(0.5)
    victims = [p for p in pariter_workers() if p.pid in mine and p.is_alive()]
    assert victims
    os.kill(victims[0].pid, signal.SIGKILL)
    caller.join(20)
    assert not caller.is_alive(), "the caller did not notice its worker's death"
    assert isinstance(result.get("error"), pi.WorkerLostError), result
    assert "SIGKILL" in str(result["error"])
    assert str(victims[0].pid) in str(result["error"])
    still_works(dying_pool)


def test_a_worker_killed_between_calls(dying_pool: Current) -> None:
    still_works(dying_pool)
    pids = {p.pid for p in pariter_workers()}
    with dying_pool:
        mine = set(pi.into_par_iter(range(1000)).map(lambda _: os.getpid()).collect())
    assert mine <= pids
    for pid in mine:
        os.kill(pid, signal.SIGKILL)
    assert wait_for(lambda: not (mine & {p.pid for p in pariter_workers()}))
    still_works(dying_pool)  # starts fresh workers: no error, no hang


STDIN_SCRIPT = """
import pariter as pi
if __name__ == "__main__":
    with pi.ProcessPool(2, mp_context="forkserver"):
        try:
            pi.into_par_iter(range(10)).map(abs).sum()
        except pi.WorkerLostError as exc:
            print("lost:", exc)
"""


def test_workers_that_cannot_start_say_why() -> None:
    """A main module piped to stdin cannot be imported again by forkserver workers: they die
    on start-up, and the error says so (and how to fix it) instead of blaming the call."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run(
        [sys.executable, "-"],
        input=STDIN_SCRIPT,
        capture_output=True,
        text=True,
        timeout=40,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("lost:"), done.stdout + done.stderr
    # 3.11: the worker exits on start-up; 3.13: the forkserver itself cannot start.
    assert "before it ran anything" in done.stdout and "mp_context='fork'" in done.stdout
