"""A small call made from outside the pool runs on its caller (``plumbing/caller.py``).

What is checked is where items ran (thread identities) and that results, errors and context
stay as on the pool; no test here asserts a time.
"""

from __future__ import annotations

import contextvars
import threading
import time
import traceback

import pytest

import pariter as pi
from pariter.plumbing import caller

VAR: contextvars.ContextVar[str] = contextvars.ContextVar("VAR", default="outer")


def ran_on(xs: list[int], f=lambda x: x) -> set[int]:
    """The threads the items of ``par_iter(xs).map(...)`` ran on (one call site)."""
    seen: set[int] = set()

    def record(x: int) -> int:
        seen.add(threading.get_ident())
        return f(x)

    assert pi.par_iter(xs).map(record).collect() == [f(x) for x in xs]
    return seen


def test_a_small_call_runs_on_its_caller_once_its_cost_is_known() -> None:
    me = threading.get_ident()
    with pi.ThreadPool(2):
        ran_on(list(range(50)))  # first call of the site: on the pool, cost remembered
        # (any: a call the OS preempts for longer than the budget rightly goes to the pool)
        assert any(ran_on(list(range(50))) == {me} for _ in range(10))


def test_a_call_of_costly_items_stays_on_the_pool() -> None:
    me = threading.get_ident()
    slow = lambda x: time.sleep(0.02) or x
    with pi.ThreadPool(2):
        ran_on(list(range(4)), slow)
        assert me not in ran_on(list(range(4)), slow)


def test_a_call_costlier_than_remembered_hands_its_rest_to_the_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    me = threading.get_ident()
    costs = {"each": 0.0}

    def work(x: int) -> int:
        if costs["each"]:
            time.sleep(costs["each"])
        return x * 3

    with pi.ThreadPool(2):
        for _ in range(3):
            ran_on(list(range(64)), work)  # cheap: learnt as small
        # A budget twice the prediction: the call is checked by a first block (one predicted
        # under an eighth of the budget runs whole, unchecked, by design).
        record = next(c for c in ran_on.__code__.co_consts if getattr(c, "co_name", "") == "record")
        learnt = [cost for key, cost in caller._cost.items() if key[0][1] is record]
        assert len(learnt) == 1, learnt
        monkeypatch.setattr(caller, "CALLER_SECONDS", learnt[0] * 64 * 2)
        costs["each"] = 0.005  # the same code over costlier data
        threads = ran_on(list(range(64)), work)
    assert me in threads and len(threads) > 1  # the first block here, the rest on the pool


def test_the_caller_is_index_0_while_it_runs_its_share() -> None:
    with pi.ThreadPool(3):
        for _ in range(3):
            got = pi.into_par_iter(range(20)).map(lambda _: pi.current_thread_index()).collect()
            assert set(got) <= {0, 1, 2}
    assert pi.current_thread_index() is None


def test_the_callers_share_runs_in_a_copy_of_its_context() -> None:
    def write(x: int) -> str:
        VAR.set(f"item {x}")
        return VAR.get()

    with pi.ThreadPool(2):
        for _ in range(3):
            assert pi.into_par_iter(range(5)).map(write).collect() == [
                f"item {x}" for x in range(5)
            ]
            assert VAR.get() == "outer"


def test_an_error_on_the_caller_is_the_users_own() -> None:
    def boom(x: int) -> int:
        if x == 3:
            raise KeyError("three")
        return x

    with pi.ThreadPool(2):
        for _ in range(3):
            with pytest.raises(KeyError, match="three") as info:
                pi.into_par_iter(range(8)).map(boom).sum()
            frames = [frame.name for frame in traceback.extract_tb(info.value.__traceback__)]
            assert "boom" in frames
        assert pi.into_par_iter(range(8)).map(abs).sum() == 28  # the pool is fine after


@pytest.mark.parametrize("budget", [0.0, caller.CALLER_SECONDS])
def test_with_or_without_a_budget_results_are_the_sequential_ones(
    budget: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caller, "CALLER_SECONDS", budget)
    words = [str(i) for i in range(300)]
    with pi.ThreadPool(2):
        for n in (0, 1, 2, 17, 300):
            assert pi.par_iter(words[:n]).map(len).collect() == [len(w) for w in words[:n]]
            assert pi.par_iter(words[:n]).find_last(lambda w: "7" in w) == next(
                (w for w in reversed(words[:n]) if "7" in w), None
            )
            assert (
                pi.par_iter(words[:n])
                .fold(list, lambda a, w: [*a, w])
                .reduce(list, lambda a, b: a + b)
                == words[:n]
            )


def test_nested_calls_past_the_depth_go_to_the_pool() -> None:
    def nest(depth: int) -> int:
        if depth == 0:
            return 1
        return pi.into_par_iter(range(2)).map(lambda _: nest(depth - 1)).sum()

    with pi.ThreadPool(2):
        for _ in range(2):
            assert nest(caller.CALLER_DEPTH + 3) == 2 ** (caller.CALLER_DEPTH + 3)
