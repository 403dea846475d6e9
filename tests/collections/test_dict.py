"""Dicts and dict views (Rayon's hash_map) mean what iterating them sequentially means."""

from __future__ import annotations

import collections
import operator
import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi
from tests.conftest import sequential_error

settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

dicts = st.dictionaries(st.integers(-1000, 1000), st.integers(), max_size=300)
# Mapping types that are dicts underneath, each built from the same pairs.
KINDS = {
    "dict": dict,
    "OrderedDict": collections.OrderedDict,
    "Counter": collections.Counter,
    "defaultdict": lambda pairs: collections.defaultdict(int, pairs),
}
kinds = st.sampled_from(sorted(KINDS))


def build(kind: str, d: dict[int, int]) -> Any:
    return KINDS[kind](d)


@settings_
@given(d=dicts, kind=kinds, max_len=st.sampled_from([1, 3, 1000]))
def test_pairs_in_insertion_order(pool: pi.ThreadPool, d, kind, max_len) -> None:
    m = build(kind, d)
    expected = list(m.items())
    assert pi.par_iter(m).with_max_len(max_len).collect() == expected
    assert pi.into_par_iter(m).with_max_len(max_len).collect() == expected
    assert pi.par_iter(m.items()).with_max_len(max_len).collect() == expected
    assert pi.par_iter(m.keys()).with_max_len(max_len).collect() == list(m.keys())
    assert pi.par_iter(m.values()).with_max_len(max_len).collect() == list(m.values())
    assert list(pi.par_iter(m)) == expected  # the Python `for` form


@settings_
@given(d=dicts, kind=kinds)
def test_indexed_operations_match_sequential(pool: pi.ThreadPool, d, kind) -> None:
    m = build(kind, d)
    items = list(m.items())
    it = pi.par_iter(m)
    assert isinstance(it, pi.IndexedParallelIterator)
    assert it.len() == len(items) == it.opt_len()
    assert it.rev().collect() == items[::-1]
    assert it.enumerate().collect() == list(enumerate(items))
    assert it.zip(m.keys()).collect() == list(zip(items, m.keys(), strict=True))
    assert it.skip(3).take(5).collect() == items[3:8]
    assert it.step_by(3).collect() == items[::3]
    assert it.chunks(4).collect() == [items[i : i + 4] for i in range(0, len(items), 4)]


@settings_
@given(d=dicts, kind=kinds)
def test_reductions_and_searches(pool: pi.ThreadPool, d, kind) -> None:
    m = build(kind, d)
    items = list(m.items())
    assert pi.par_iter(m.values()).sum() == sum(m.values())
    assert pi.par_iter(m).map(lambda kv: kv[0] * kv[1]).sum() == sum(k * v for k, v in items)
    assert pi.par_iter(m.keys()).filter(lambda k: k % 3 == 0).collect() == [
        k for k in m if k % 3 == 0
    ]
    assert pi.par_iter(m).count() == len(m)
    assert pi.par_iter(m.keys()).max() == (max(m) if m else None)
    assert pi.par_iter(m).min(key=operator.itemgetter(1)) == (
        min(items, key=operator.itemgetter(1)) if items else None
    )
    even = [kv for kv in items if kv[1] % 2 == 0]
    assert pi.par_iter(m).find_first(lambda kv: kv[1] % 2 == 0) == (even[0] if even else None)
    assert pi.par_iter(m).find_last(lambda kv: kv[1] % 2 == 0) == (even[-1] if even else None)
    assert pi.par_iter(m).collect(dict) == dict(m)
    seen: list[tuple[int, int]] = []
    pi.par_iter(m).for_each(seen.append)
    assert sorted(seen) == sorted(items)


@settings_
@given(d=dicts)
def test_views_see_the_dict_as_it_is_when_the_chain_runs(pool: pi.ThreadPool, d) -> None:
    # Lazy, like a view: the snapshot is taken per call, not when the iterator is built.
    m = dict(d)
    keys = pi.par_iter(m.keys())
    pairs = pi.par_iter(m)
    m[5000] = 1
    m.pop(next(iter(m)))
    assert keys.collect() == list(m)
    assert pairs.collect() == list(m.items())


def test_large_dict_crosses_many_blocks(pool: pi.ThreadPool) -> None:
    m = {f"k{i}": i for i in range(40_000)}
    assert pi.par_iter(m).map(lambda kv: len(kv[0]) + kv[1]).sum() == sum(
        len(k) + v for k, v in m.items()
    )
    assert pi.par_iter(m.items()).rev().take(3).collect() == list(m.items())[::-1][:3]


def test_a_mapping_that_is_not_a_dict(pool: pi.ThreadPool) -> None:
    from types import MappingProxyType

    proxy = MappingProxyType({"a": 1, "b": 2})
    assert pi.par_iter(proxy).collect() == [("a", 1), ("b", 2)]
    assert pi.par_iter(proxy.values()).sum() == 3


# -- a change of size during the call raises what a for loop raises -------------------------


# The mutators run on several pool threads at once. They take a lock: the test is about the
# size changing during the call, and CPython 3.13t itself is not safe against concurrent
# OrderedDict mutation or a shared range iterator (an unlocked version segfaulted there).
def grow(m: Any) -> Any:
    counter = iter(range(10**6, 2 * 10**6))
    lock = threading.Lock()

    def add(_item: Any) -> None:
        with lock:
            m[next(counter)] = 0

    return add


def shrink(m: Any) -> Any:
    lock = threading.Lock()

    def remove(_item: Any) -> None:
        with lock:
            m.popitem()

    return remove


SIZE_CASES = [
    (kind, view, change)
    for kind in sorted(KINDS)
    for view in ("mapping", "keys", "values", "items")
    for change in ("grow", "shrink")
]


def view_of(m: Any, view: str) -> Any:
    return m if view == "mapping" else getattr(m, view)()


@pytest.mark.parametrize(("kind", "view", "change"), SIZE_CASES)
@pytest.mark.parametrize("n", [3, 5000])
def test_size_change_raises_like_a_for_loop(
    pool: pi.ThreadPool, kind: str, view: str, change: str, n: int
) -> None:
    mutator = grow if change == "grow" else shrink
    reference = build(kind, {i: i for i in range(n)})
    expected = sequential_error(view_of(reference, view), mutator(reference))

    m = build(kind, {i: i for i in range(n)})
    with pytest.raises(RuntimeError) as info:
        pi.par_iter(view_of(m, view)).for_each(mutator(m))
    assert str(info.value) == expected
    assert expected in (
        "dictionary changed size during iteration",
        "OrderedDict mutated during iteration",
    )


def test_size_change_while_iterating_with_for(pool: pi.ThreadPool) -> None:
    m = {i: i for i in range(50_000)}
    with pytest.raises(RuntimeError, match=r"^dictionary changed size during iteration"):
        for k, _ in pi.par_iter(m):
            if k == 10:
                m.clear()


def test_size_change_with_map_and_collect(pool: pi.ThreadPool) -> None:
    m = {i: i for i in range(2000)}

    def add(kv: tuple[int, int]) -> int:
        m[-kv[0] - 1] = 0
        return kv[1]

    with pytest.raises(RuntimeError, match=r"^dictionary changed size during iteration"):
        pi.par_iter(m).map(add).collect()


def test_values_may_change_without_error(pool: pi.ThreadPool) -> None:
    # Assigning existing keys does not change the size: no error, as in a for loop.
    m = {i: i for i in range(3000)}
    pi.par_iter(m.keys()).for_each(lambda k: m.__setitem__(k, -k))
    assert m == {i: -i for i in range(3000)}


def test_source_must_be_iterable() -> None:
    with pytest.raises(TypeError, match=r"^source must be iterable"):
        pi.par_iter(3)
