"""Sets, frozensets, deques and heapq lists mean what iterating them sequentially means."""

from __future__ import annotations

import collections
import heapq
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi
from tests.conftest import sequential_error

settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

ints = st.lists(st.integers(-10_000, 10_000), max_size=300)
max_lens = st.sampled_from([1, 4, 1000])


@settings_
@given(xs=ints, max_len=max_lens, frozen=st.booleans())
def test_sets_in_their_iteration_order(pool: pi.ThreadPool, xs, max_len, frozen) -> None:
    s = frozenset(xs) if frozen else set(xs)
    it = pi.par_iter(s).with_max_len(max_len)
    assert it.collect() == list(s)
    assert pi.into_par_iter(s).collect() == list(s)
    assert pi.par_iter(s).len() == len(s)
    assert pi.par_iter(s).map(lambda x: x * 2).collect(set) == {x * 2 for x in s}
    assert pi.par_iter(s).sum() == sum(s)
    assert pi.par_iter(s).filter(lambda x: x > 0).count() == sum(1 for x in s if x > 0)
    assert pi.par_iter(s).enumerate().collect() == list(enumerate(s))
    assert pi.par_iter(s).rev().collect() == list(s)[::-1]
    assert list(pi.par_iter(s)) == list(s)


@settings_
@given(xs=ints, max_len=max_lens, maxlen=st.sampled_from([None, 5, 50]))
def test_deques_front_to_back(pool: pi.ThreadPool, xs, max_len, maxlen) -> None:
    dq = collections.deque(xs, maxlen)
    expected = list(dq)
    assert pi.par_iter(dq).with_max_len(max_len).collect() == expected
    assert pi.into_par_iter(dq).rev().collect() == expected[::-1]
    assert pi.par_iter(dq).zip(range(1000)).collect() == list(
        zip(expected, range(1000), strict=False)
    )
    assert pi.par_iter(dq).skip(2).step_by(2).collect() == expected[2::2]
    assert pi.par_iter(dq).min() == (min(expected) if expected else None)
    assert pi.par_iter(dq).position_first(lambda x: x > 0) == next(
        (i for i, x in enumerate(expected) if x > 0), None
    )


@settings_
@given(xs=ints)
def test_heapq_lists_are_plain_lists(pool: pi.ThreadPool, xs) -> None:
    heap = list(xs)
    heapq.heapify(heap)
    # Rayon's binary_heap yields items in no particular order: every item exactly once.
    assert sorted(pi.par_iter(heap).collect()) == sorted(xs)
    assert pi.par_iter(heap).sum() == sum(xs)
    drained = pi.par_drain(heap).collect()
    assert sorted(drained) == sorted(xs)
    assert heap == []


def test_large_set_and_deque(pool: pi.ThreadPool) -> None:
    s = set(range(0, 300_000, 7))
    assert pi.par_iter(s).map(lambda x: x % 1000).sum() == sum(x % 1000 for x in s)
    dq = collections.deque(range(100_000))
    assert pi.par_iter(dq).collect() == list(range(100_000))


# -- a change of size during the call raises what a for loop raises -------------------------


def set_grow(s: set[int]) -> Any:
    return lambda x: s.add(-x - 10**7)


def set_shrink(s: set[int]) -> Any:
    return lambda x: s.discard(x)


def deque_grow(dq: collections.deque[int]) -> Any:
    return dq.append


def deque_shrink(dq: collections.deque[int]) -> Any:
    return lambda _x: dq.pop() if dq else None


@pytest.mark.parametrize("n", [3, 5000])
@pytest.mark.parametrize(
    ("make", "mutator", "message"),
    [
        (set, set_grow, "Set changed size during iteration"),
        (set, set_shrink, "Set changed size during iteration"),
        (collections.deque, deque_grow, "deque mutated during iteration"),
        (collections.deque, deque_shrink, "deque mutated during iteration"),
    ],
    ids=["set-grow", "set-shrink", "deque-grow", "deque-shrink"],
)
def test_size_change_raises_like_a_for_loop(
    pool: pi.ThreadPool, make: Any, mutator: Any, message: str, n: int
) -> None:
    reference = make(range(n))
    assert sequential_error(reference, mutator(reference)) == message
    live = make(range(n))
    with pytest.raises(RuntimeError) as info:
        pi.par_iter(live).for_each(mutator(live))
    assert str(info.value) == message


def test_frozensets_and_deques_of_strings(pool: pi.ThreadPool) -> None:
    fs = frozenset("parallel")
    assert pi.par_iter(fs).collect(str) == "".join(fs)
    dq = collections.deque("abc")
    assert pi.par_iter(dq).collect(str) == "abc"
