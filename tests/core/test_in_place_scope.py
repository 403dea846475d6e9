"""``in_place_scope`` and ``in_place_scope_fifo``: the body runs on the calling thread."""

from __future__ import annotations

import queue
import threading

import pytest

import pariter as pi


def test_the_body_runs_on_the_caller_and_tasks_on_the_pool(pool: pi.ThreadPool) -> None:
    caller = threading.get_ident()
    ran_on: list[int] = []
    lock = threading.Lock()

    def task() -> None:
        with lock:
            ran_on.append(threading.get_ident())

    def body(s: pi.Scope) -> int:
        assert threading.get_ident() == caller
        for _ in range(20):
            s.spawn(task)
        return 7

    assert pool.in_place_scope(body) == 7
    assert len(ran_on) == 20  # every task finished before the scope returned
    assert caller not in ran_on  # the caller only blocks: it is no pool thread
    assert pi.in_place_scope(body) == 7  # the current pool: the fixture's
    assert len(ran_on) == 40


@pytest.mark.parametrize("method", ["in_place_scope", "in_place_scope_fifo"])
def test_no_deadlock_on_a_one_thread_pool(method: str) -> None:
    """Rayon's ``in_place_scope_no_deadlock`` and ``in_place_scope_fifo_no_deadlock``: a body
    that waits for its own task does not occupy the pool's only thread."""
    with pi.ThreadPool(1) as pool:
        channel: queue.Queue[None] = queue.Queue()

        def body(s: pi.Scope) -> str:
            s.spawn(lambda: channel.put(None))
            channel.get(timeout=30)
            return "done"

        assert getattr(pool, method)(body) == "done"


def test_fifo_runs_a_threads_tasks_oldest_first() -> None:
    order: list[int] = []
    with pi.ThreadPool(1) as pool:
        pool.install(
            lambda: pi.in_place_scope_fifo(
                lambda s: [s.spawn(lambda i=i: order.append(i)) for i in range(50)]
            )
        )
        assert order == list(range(50))
        order.clear()
        pool.install(
            lambda: pi.in_place_scope(
                lambda s: [s.spawn(lambda i=i: order.append(i)) for i in range(50)]
            )
        )
        assert order == list(range(49, -1, -1))  # as scope: newest first on one thread


class Boom(Exception):
    pass


def test_a_task_exception_is_raised_after_every_task(pool: pi.ThreadPool) -> None:
    finished: list[int] = []

    def bad() -> None:
        raise Boom("task")

    def body(s: pi.Scope) -> None:
        s.spawn(bad)
        for i in range(10):
            s.spawn(lambda i=i: finished.append(i))

    with pytest.raises(Boom, match="task"):
        pool.in_place_scope(body)
    assert sorted(finished) == list(range(10))


def test_the_body_exception_wins_and_tasks_still_finish(pool: pi.ThreadPool) -> None:
    finished = threading.Event()

    def body(s: pi.Scope) -> None:
        s.spawn(finished.set)
        raise Boom("body")

    with pytest.raises(Boom, match="body"):
        pi.in_place_scope(body)
    assert finished.is_set()


def test_tasks_may_spawn_into_the_scope(pool: pi.ThreadPool) -> None:
    seen: list[int] = []
    lock = threading.Lock()

    def add(s: pi.Scope, depth: int) -> None:
        with lock:
            seen.append(depth)
        if depth < 5:
            s.spawn(lambda s: add(s, depth + 1))
            s.spawn(lambda s: add(s, depth + 1))

    pool.in_place_scope(lambda s: add(s, 0))
    assert len(seen) == 2**6 - 1


def test_rejects_a_non_callable() -> None:
    with pytest.raises(TypeError, match="op must be callable"):
        pi.in_place_scope(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="op must be callable"):
        pi.in_place_scope_fifo(None)  # type: ignore[arg-type]
