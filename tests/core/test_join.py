"""join and join_context: results, nesting, stealing, exceptions, contexts."""

from __future__ import annotations

import contextvars
import threading
from typing import Any

import pytest

import pariter as pi
from tests.conftest import THREAD_COUNTS


def fib(n: int) -> int:
    if n < 2:
        return n
    a, b = pi.join(lambda: fib(n - 1), lambda: fib(n - 2))
    return a + b


def seq_fib(n: int) -> int:
    return n if n < 2 else seq_fib(n - 1) + seq_fib(n - 2)


def test_join_returns_both_results_in_order(pool: pi.ThreadPool) -> None:
    assert pi.join(lambda: "a", lambda: "b") == ("a", "b")
    assert pool.join(lambda: 1, lambda: [2]) == (1, [2])


def test_join_outside_any_with_block_uses_the_global_pool() -> None:
    assert pi.join(lambda: 1, lambda: 2) == (1, 2)


@pytest.mark.parametrize("num_threads", [1, 2, 8])
def test_naive_recursive_fib_25_through_join(num_threads: int) -> None:
    with pi.ThreadPool(num_threads) as pool:
        assert pool.install(lambda: fib(25)) == seq_fib(25)


def test_both_halves_run_on_several_threads_when_there_is_work_to_steal() -> None:
    seen: set[int | None] = set()
    lock = threading.Lock()

    def work(n: int) -> int:
        if n < 12:
            with lock:
                seen.add(pi.current_thread_index())
            return seq_fib(n)
        a, b = pi.join(lambda: work(n - 1), lambda: work(n - 2))
        return a + b

    with pi.ThreadPool(2) as pool:
        for _ in range(20):  # stealing is likely, not certain, on any one run
            assert pool.install(lambda: work(22)) == seq_fib(22)
            if seen == {0, 1}:
                break
    assert seen == {0, 1}


def test_ten_thousand_joins_in_a_loop(pool: pi.ThreadPool) -> None:
    total = 0
    for i in range(10_000):
        a, b = pi.join(lambda i=i: i, lambda i=i: -i)
        total += a + b + 1
    assert total == 10_000


def test_join_context_reports_migration(pool: pi.ThreadPool) -> None:
    def body() -> tuple[bool, bool, bool]:
        (a_migrated, a_thread), (b_migrated, b_thread) = pi.join_context(
            lambda ctx: (ctx.migrated, threading.get_ident()),
            lambda ctx: (ctx.migrated, threading.get_ident()),
        )
        # b migrated exactly when it ran on another thread than a
        return a_migrated, b_migrated, a_thread != b_thread

    for _ in range(50):
        a_migrated, b_migrated, other_thread = pool.install(body)
        assert a_migrated is False  # install runs body on a pool thread: not injected
        assert b_migrated == other_thread


def test_join_context_from_outside_the_pool_marks_a_as_migrated() -> None:
    with pi.ThreadPool(2):
        (a_migrated, _) = pi.join_context(lambda ctx: ctx.migrated, lambda ctx: None)
    assert a_migrated is True


class Boom(Exception):
    pass


def test_exception_in_a_is_reraised_with_its_type_after_b_ran(pool: pi.ThreadPool) -> None:
    ran_b = threading.Event()

    def a() -> None:
        raise Boom("from a")

    with pytest.raises(Boom, match="from a") as info:
        pi.join(a, ran_b.set)
    assert ran_b.is_set()
    # the user's own frame is in the traceback
    assert any(entry.name == "a" for entry in info.traceback)


def test_exception_in_b_is_reraised(pool: pi.ThreadPool) -> None:
    def b() -> None:
        raise Boom("from b")

    with pytest.raises(Boom, match="from b") as info:
        pi.join(lambda: 1, b)
    assert any(entry.name == "b" for entry in info.traceback)


def test_when_both_raise_the_first_propagates_and_the_second_is_attached(
    pool: pi.ThreadPool,
) -> None:
    def a() -> None:
        raise Boom("a")

    def b() -> None:
        raise ValueError("b")

    with pytest.raises(Boom) as info:
        pi.join(a, b)
    others = info.value.__pariter_secondary__
    assert len(others) == 1 and isinstance(others[0], ValueError)
    assert any("ValueError: b" in note for note in info.value.__notes__)


def test_exception_from_deep_inside_nested_joins(pool: pi.ThreadPool) -> None:
    def tree(depth: int, index: int) -> int:
        if depth == 0:
            if index == 37:
                raise Boom(f"leaf {index}")
            return 1
        a, b = pi.join(lambda: tree(depth - 1, 2 * index), lambda: tree(depth - 1, 2 * index + 1))
        return a + b

    with pytest.raises(Boom, match="leaf 37"):
        pool.install(lambda: tree(7, 0))
    assert pool.install(lambda: fib(10)) == 55  # and the pool still works


def test_tasks_see_a_copy_of_the_callers_context(pool: pi.ThreadPool) -> None:
    var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")
    var.set("caller")

    def read_then_write() -> str:
        seen = var.get()
        var.set("changed in task")
        return seen

    assert pi.join(read_then_write, read_then_write) == ("caller", "caller")
    assert pool.install(read_then_write) == "caller"
    assert var.get() == "caller"  # a task's writes stay in its copy


@pytest.mark.parametrize("num_threads", THREAD_COUNTS)
def test_join_from_many_outside_threads_at_once(num_threads: int) -> None:
    results: list[int] = []
    lock = threading.Lock()
    with pi.ThreadPool(num_threads) as pool:

        def caller(k: int) -> None:
            value = pool.install(lambda: fib(12) + k)
            with lock:
                results.append(value)

        threads = [threading.Thread(target=caller, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(results) == [seq_fib(12) + k for k in range(8)]


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: pi.join(1, lambda: 2), "a"),
        (lambda: pi.join(lambda: 1, 2), "b"),
        (lambda: pi.join_context(None, lambda ctx: 0), "a"),
        (lambda: pi.ThreadPool(1).install(5), "fn"),
        (lambda: pi.ThreadPool(1).join(lambda: 1, "x"), "b"),
    ],
)
def test_a_non_callable_argument_is_a_type_error_naming_it(call: Any, name: str) -> None:
    with pytest.raises(TypeError, match=f"^{name} must be callable, got "):
        call()


def test_join_context_from_outside_the_pool_runs_both_migrated() -> None:
    # Rayon: a join_context called from outside the pool is injected, both closures migrated.
    for _ in range(50):
        assert pi.join_context(lambda a: a.migrated, lambda b: b.migrated) == (True, True)
    with pi.ThreadPool(1) as pool:
        # inside the pool: a runs where join_context was called; b too on a single thread
        assert pool.install(
            lambda: pi.join_context(lambda a: a.migrated, lambda b: b.migrated)
        ) == (False, False)
