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


@pytest.mark.parametrize("target", ["ab", frozenset(), 3, range(2)])
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


PAIR_TARGETS = {
    "list, set": (list, set),
    "deque, Counter": (collections.deque, collections.Counter),
    "dict of pairs, list": (dict, list),
}


@settings_
@given(
    start=st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), max_size=5),
    pairs=st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), max_size=200),
    kinds=st.sampled_from(sorted(PAIR_TARGETS)),
    unindexed=st.booleans(),
)
def test_par_extend_and_collect_into_a_pair_of_collections(
    pool: pi.ThreadPool, start, pairs, kinds, unindexed
) -> None:
    """Rayon's ``(FromA, FromB)``: the first halves go to one collection, the second halves to
    the other, in order (rayon tests/collect.rs ``collect_pair``-like: unzip into two targets)."""
    make_left, make_right = PAIR_TARGETS[kinds]
    as_pair = (lambda p: (p, p)) if make_left is dict else (lambda p: p)
    items = [as_pair(p) for p in pairs]
    seed = [as_pair(p) for p in start]
    expected_left, expected_right = (
        make_left([a for a, _ in seed]),
        make_right([b for _, b in seed]),
    )
    sequential_extend(expected_left, [a for a, _ in items])
    sequential_extend(expected_right, [b for _, b in items])
    left, right = make_left([a for a, _ in seed]), make_right([b for _, b in seed])
    source = pi.par_iter(items)
    if unindexed:
        source = source.filter(lambda _: True)
    with pool:
        pi.par_extend((left, right), source)
        collected = source.collect((make_left, make_right))
    assert (left, right) == (expected_left, expected_right)
    assert collected == (make_left([a for a, _ in items]), make_right([b for _, b in items]))


def test_a_failing_source_leaves_both_targets_unchanged(pool: pi.ThreadPool) -> None:
    xs, ys = [1], {2}

    def f(x: int) -> tuple[int, int]:
        if x == 77:
            raise KeyError(x)
        return x, -x

    with pool, pytest.raises(KeyError):
        pi.par_extend((xs, ys), pi.into_par_iter(range(1000)).map(f))
    assert (xs, ys) == ([1], {2})


def test_bad_pair_targets_and_items_say_what_is_wrong() -> None:
    with pytest.raises(TypeError, match=r"^target must be a collection or a pair of .*tuple of 1$"):
        pi.par_extend(([],), [(1, 2)])
    with pytest.raises(TypeError, match=r"^target\[1\] must be a list, dict, set, deque"):
        pi.par_extend(([], 5), [(1, 2)])
    with pytest.raises(TypeError, match=r"^unzip\(\) needs items that are pairs, got int 1$"):
        pi.par_extend(([], []), [1])
    with pytest.raises(TypeError, match=r"^par_extend\(\): source must be iterable"):
        pi.par_extend(([], []), 5)
    with pytest.raises(TypeError, match=r"^target must be callable, or a pair of callables"):
        pi.par_iter([(1, 2)]).collect((list, 5))
