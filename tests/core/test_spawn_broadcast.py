"""spawn, spawn_fifo, spawn_future and broadcast."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import traceback
from typing import Any

import pytest

import pariter as pi
from tests.conftest import wait_for


def test_spawn_runs_the_task(pool: pi.ThreadPool) -> None:
    done = threading.Event()
    pi.spawn(done.set)
    assert done.wait(10)
    fifo_done = threading.Event()
    pi.spawn_fifo(fifo_done.set)
    assert fifo_done.wait(10)


class Boom(Exception):
    pass


def test_spawn_exception_goes_to_the_panic_handler_and_the_worker_survives() -> None:
    caught: list[BaseException] = []

    def bad() -> None:
        raise Boom("detached")

    with pi.ThreadPoolBuilder().num_threads(1).panic_handler(caught.append).build() as pool:
        pool.spawn(bad)
        assert wait_for(lambda: len(caught) == 1)
        assert isinstance(caught[0], Boom)
        assert pool.install(lambda: "still alive") == "still alive"


def test_spawn_exception_without_handler_is_reported_as_unraisable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reported: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def bad() -> None:
        raise Boom("nobody handles me")

    with pi.ThreadPool(2) as pool:
        pool.spawn(bad)
        assert wait_for(lambda: len(reported) == 1)
        assert reported[0].exc_type is Boom
        assert reported[0].object is bad
        assert any(frame.name == "bad" for frame in traceback.extract_tb(reported[0].exc_traceback))
        assert pool.join(lambda: 1, lambda: 2) == (1, 2)


def test_default_report_prints_the_traceback_to_stderr() -> None:
    code = (
        "import pariter as pi, time\n"
        "def bad(): raise ValueError('lost task')\n"
        "with pi.ThreadPool(1) as pool:\n"
        "    pool.spawn(bad)\n"
        "    time.sleep(0.5)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "Exception ignored in pariter task" in done.stderr
    assert "ValueError: lost task" in done.stderr


def test_a_failing_panic_handler_does_not_kill_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def handler(exc: BaseException) -> None:
        raise RuntimeError("handler broke")

    with pi.ThreadPoolBuilder().num_threads(1).panic_handler(handler).build() as pool:
        pool.spawn(lambda: 1 / 0)
        assert wait_for(lambda: len(reported) == 1)
        assert reported[0].exc_type is RuntimeError
        assert pool.install(lambda: 3) == 3


def test_spawn_future_returns_results_and_exceptions(pool: pi.ThreadPool) -> None:
    from pariter.core import spawn_future

    assert spawn_future(lambda: 21 * 2).result(timeout=10) == 42
    failing = spawn_future(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(timeout=10)


def test_broadcast_runs_once_per_thread_in_index_order(pool: pi.ThreadPool) -> None:
    n = pool.current_num_threads()
    results = pi.broadcast(lambda ctx: (ctx.index, ctx.num_threads, pi.current_thread_index()))
    assert results == [(i, n, i) for i in range(n)]
    assert pi.broadcast(lambda: "no context wanted") == ["no context wanted"] * n


def test_broadcast_from_inside_the_pool(pool: pi.ThreadPool) -> None:
    n = pool.current_num_threads()
    assert pool.install(lambda: pi.broadcast(lambda ctx: ctx.index)) == list(range(n))


def test_broadcast_exception_after_all_threads_ran(pool: pi.ThreadPool) -> None:
    ran: list[int] = []
    lock = threading.Lock()

    def op(ctx: pi.BroadcastContext) -> None:
        with lock:
            ran.append(ctx.index)
        if ctx.index == 0:
            raise Boom("thread 0")

    with pytest.raises(Boom, match="thread 0"):
        pi.broadcast(op)
    assert sorted(ran) == list(range(pool.current_num_threads()))


def test_waiting_for_a_future_inside_a_one_thread_pool_does_not_deadlock() -> None:
    from pariter.core import spawn_future, wait_future

    with pi.ThreadPool(1) as pool:
        # The future's task lands in the only worker's own deque: blocking would deadlock.
        assert pool.install(lambda: wait_future(spawn_future(lambda: 6 * 7))) == 42
        nested = pool.install(
            lambda: [wait_future(spawn_future(lambda i=i: i * i)) for i in range(20)]
        )
        assert nested == [i * i for i in range(20)]
    assert wait_future(spawn_future(lambda: "outside")) == "outside"


# -- spawn_broadcast (ported from Rayon's rayon-core/src/broadcast/test.rs) ---------------------


def _indices(channel: queue.Queue[int], count: int) -> list[int]:
    return sorted(channel.get(timeout=30) for _ in range(count))


def test_spawn_broadcast_pool() -> None:
    """Rayon's ``spawn_broadcast_pool``."""
    channel: queue.Queue[int] = queue.Queue()
    with pi.ThreadPool(7) as pool:
        assert pool.spawn_broadcast(lambda ctx: channel.put(ctx.index)) is None
        assert _indices(channel, 7) == list(range(7))


def test_spawn_broadcast_global_and_no_context() -> None:
    """Rayon's ``spawn_broadcast_global``; a function with no parameter gets no context."""
    channel: queue.Queue[int] = queue.Queue()
    pi.spawn_broadcast(lambda ctx: channel.put(ctx.num_threads))
    n = pi.current_num_threads()
    assert _indices(channel, n) == [n] * n
    pi.spawn_broadcast(lambda: channel.put(1))
    assert _indices(channel, n) == [1] * n


def test_spawn_broadcast_self() -> None:
    """Rayon's ``spawn_broadcast_self``: spawned from inside the pool."""
    channel: queue.Queue[int] = queue.Queue()
    with pi.ThreadPool(7) as pool:
        pool.spawn(lambda: pi.spawn_broadcast(lambda ctx: channel.put(ctx.index)))
        assert _indices(channel, 7) == list(range(7))


def test_spawn_broadcast_mutual() -> None:
    """Rayon's ``spawn_broadcast_mutual``: 3 x 7 calls across two pools."""
    channel: queue.Queue[int] = queue.Queue()
    with pi.ThreadPool(3) as pool1, pi.ThreadPool(7) as pool2:
        pool1.spawn(
            lambda: pool2.spawn_broadcast(lambda: pool1.spawn_broadcast(lambda: channel.put(1)))
        )
        assert _indices(channel, 21) == [1] * 21


def test_spawn_broadcast_panic_one() -> None:
    """Rayon's ``spawn_broadcast_panic_one``: every call runs, the one failure is reported."""
    ran: queue.Queue[int] = queue.Queue()
    caught: list[BaseException] = []

    def op(ctx: pi.BroadcastContext) -> None:
        ran.put(ctx.index)
        if ctx.index == 3:
            raise Boom("Hello, world!")

    with pi.ThreadPoolBuilder().num_threads(7).panic_handler(caught.append).build() as pool:
        pool.spawn_broadcast(op)
    assert _indices(ran, 7) == list(range(7))
    assert len(caught) == 1 and isinstance(caught[0], Boom)


def test_spawn_broadcast_exception_without_handler_is_unraisable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reported: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def bad() -> None:
        raise Boom("broadcast")

    with pi.ThreadPool(2) as pool:
        pool.spawn_broadcast(bad)
    assert [r.exc_type for r in reported] == [Boom, Boom]
    assert reported[0].object is bad


def test_broadcast_after_spawn_broadcast() -> None:
    """Rayon's ``broadcast_after_spawn_broadcast``: a blocking broadcast runs after the earlier
    non-blocking one on every thread."""
    channel: queue.Queue[int] = queue.Queue()
    with pi.ThreadPool(3) as pool:
        pool.spawn_broadcast(lambda ctx: channel.put(ctx.index))
        pool.broadcast(lambda: None)
        assert sorted(channel.get_nowait() for _ in range(3)) == [0, 1, 2]


def test_scope_spawn_broadcast_finishes_before_the_scope(pool: pi.ThreadPool) -> None:
    seen: list[tuple[bool, int, int]] = []
    lock = threading.Lock()
    n = pool.current_num_threads()

    def op(s: pi.Scope, ctx: pi.BroadcastContext) -> None:
        with lock:
            seen.append((isinstance(s, pi.Scope), ctx.index, ctx.num_threads))
        s.spawn(lambda: None)  # the scope still takes tasks

    with pi.scope() as s:
        s.spawn_broadcast(op)
        s.spawn_broadcast(lambda ctx: None)
        s.spawn_broadcast(lambda: None)
    assert sorted(seen) == [(True, i, n) for i in range(n)]


def test_scope_spawn_broadcast_exception_is_raised_at_scope_end(pool: pi.ThreadPool) -> None:
    ran: list[int] = []

    def op(ctx: pi.BroadcastContext) -> None:
        ran.append(ctx.index)
        if ctx.index == 0:
            raise Boom("from thread 0")

    with pytest.raises(Boom, match="from thread 0"):
        pool.scope(lambda s: s.spawn_broadcast(op))
    assert sorted(ran) == list(range(pool.current_num_threads()))


def test_spawn_broadcast_rejects_a_non_callable_and_a_shut_down_pool() -> None:
    with pytest.raises(TypeError, match="op must be callable"):
        pi.spawn_broadcast(5)  # type: ignore[arg-type]
    with pi.ThreadPool(1) as pool:
        with pi.scope() as s, pytest.raises(TypeError, match="op must be callable"):
            s.spawn_broadcast(None)  # type: ignore[arg-type]
        assert pool.install(lambda: 1) == 1
