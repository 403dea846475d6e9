"""par_extend is target.extend / target.update of the parallel iterator's items; unzip and
partition return lists."""

from __future__ import annotations

import collections
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi

settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

ints = st.lists(st.integers(-100, 100), max_size=300)


def sequential_extend(target: Any, items: list[Any]) -> None:
    if hasattr(target, "extend"):
        target.extend(items)
    else:
        target.update(items)


TARGETS = {
    "list": list,
    "deque": collections.deque,
    "set": set,
    "dict": lambda xs: {x: -x for x in xs},
    "Counter": collections.Counter,
}


@settings_
@given(start=ints, xs=ints, kind=st.sampled_from(sorted(TARGETS)), max_len=st.sampled_from([1, 5]))
def test_par_extend_matches_sequential(pool: pi.ThreadPool, start, xs, kind, max_len) -> None:
    make = TARGETS[kind]

    # dicts take (key, value) pairs, with later duplicates winning as in dict.update
    def f(x: int) -> Any:
        return (x % 17, x) if kind == "dict" else x * 3

    expected = make(start)
    sequential_extend(expected, [f(x) for x in xs])
    got = make(start)
    ident = id(got)
    pi.par_extend(got, pi.par_iter(xs).with_max_len(max_len).map(f))
    assert got == expected
    assert id(got) == ident
    if kind in ("list", "deque", "dict"):
        assert list(got) == list(expected)  # order kept for indexed sources


@settings_
@given(start=ints, xs=ints)
def test_par_extend_from_plain_iterables_and_unindexed_chains(pool: pi.ThreadPool, start, xs):
    got = list(start)
    pi.par_extend(got, xs)
    assert got == start + xs
    got = list(start)
    pi.par_extend(got, pi.par_iter(xs).filter(lambda x: x % 2 == 0))
    assert got == start + [x for x in xs if x % 2 == 0]
    s = set(start)
    pi.par_extend(s, {x: 1 for x in xs}.keys())
    assert s == set(start) | set(xs)


def test_a_failing_source_leaves_the_target_unchanged(pool: pi.ThreadPool) -> None:
    target = [1, 2]

    def f(x: int) -> int:
        if x == 77:
            raise KeyError(x)
        return x

    with pytest.raises(KeyError):
        pi.par_extend(target, pi.into_par_iter(range(1000)).map(f))
    assert target == [1, 2]


@pytest.mark.parametrize("target", [(1,), "ab", frozenset(), 3, range(2)])
def test_bad_target(target: Any) -> None:
    with pytest.raises(TypeError) as info:
        pi.par_extend(target, [1])
    assert str(info.value) == (
        "target must be a list, dict, set, deque or other collection with extend() or update(); "
        f"got {type(target).__name__}"
    )


def test_bad_source() -> None:
    with pytest.raises(
        TypeError, match=r"^source must be a parallel iterator or iterable, got int$"
    ):
        pi.par_extend([], 5)


@settings_
@given(xs=ints)
def test_unzip_partition_partition_map_return_lists(pool: pi.ThreadPool, xs) -> None:
    d = {x: str(x) for x in xs}
    keys, values = pi.par_iter(d).unzip()
    assert (keys, values) == (list(d), list(d.values()))
    evens, odds = pi.par_iter(set(xs)).partition(lambda x: x % 2 == 0)
    assert type(evens) is list and type(odds) is list
    assert (evens, odds) == ([x for x in set(xs) if x % 2 == 0], [x for x in set(xs) if x % 2])
    left, right = pi.par_iter(collections.deque(xs)).partition_map(
        lambda x: pi.Left(x) if x < 0 else pi.Right(str(x))
    )
    assert type(left) is list and type(right) is list
    assert left == [x for x in xs if x < 0]
    assert right == [str(x) for x in xs if x >= 0]
