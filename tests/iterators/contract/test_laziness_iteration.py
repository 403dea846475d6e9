"""Chains are lazy; a parallel iterator is iterable in order; collect() targets."""

from __future__ import annotations

import collections
import itertools
import time
from typing import Any

import pytest

import pariter as pi

from ._support import ContractBoom, Counter

BIG = 10**12


def test_building_a_chain_calls_no_user_function(pool: Any) -> None:
    calls = Counter()

    def f(x: Any) -> Any:
        calls.incr()
        return x

    def f2(a: Any, b: Any) -> Any:
        calls.incr()
        return b

    with pool:
        chain = (
            pi.par_iter(list(range(100)))
            .map(f)
            .filter(f)
            .inspect(f)
            .update(f)
            .map_with(0, f2)
            .map_init(lambda: 0, f2)
        )
        chain2 = (
            pi.into_par_iter(range(100))
            .map(f)
            .enumerate()
            .zip(range(100))
            .rev()
            .skip(1)
            .take(50)
            .step_by(2)
            .chunks(3)
            .flat_map(f)
            .flat_map_iter(f)
            .filter_map(f)
        )
        chain3 = pi.par_iter([[1]]).flatten().fold(lambda: calls.incr(), f2)
        chain4 = pi.par_bridge(iter([1, 2])).map(f).filter(f)
        assert calls.value == 0, "building a chain must not call user functions"
        assert chain.collect() == list(range(1, 100))  # filter(f) drops the falsy 0
        assert calls.value > 0
        assert chain2 is not None and chain3 is not None and chain4 is not None


def test_huge_chain_builds_instantly(pool: Any) -> None:
    calls = Counter()
    start = time.monotonic()
    with pool:
        chain = pi.into_par_iter(range(BIG)).map(calls).filter(calls).map(calls)
        chain2 = pi.into_par_iter(range(BIG)).map(calls).enumerate().rev().skip(5).chunks(7)
    assert time.monotonic() - start < 1.0
    assert calls.value == 0
    assert chain is not None and chain2 is not None


def test_parallel_iterator_is_iterable_in_order(pool: Any) -> None:
    xs = list(range(-500, 1501))
    f = lambda x: x * 3 - 1
    with pool:
        assert list(pi.par_iter(xs).map(f)) == list(map(f, xs))
        assert list(pi.par_iter(xs).filter(lambda x: x % 7 == 0)) == [x for x in xs if x % 7 == 0]
        assert list(pi.par_iter(xs).with_max_len(1).map(f)) == list(map(f, xs))
        assert [x for x in pi.par_iter(xs).rev()] == xs[::-1]
        assert list(pi.par_iter([])) == []
        assert list(pi.par_iter("héllo")) == list("héllo")
        assert list(pi.par_iter(xs).flat_map(lambda x: [x, x])) == [y for x in xs for y in (x, x)]
        gen = iter(pi.par_iter(xs).map(f))
        assert next(gen) == f(xs[0])
        assert list(itertools.islice(gen, 3)) == [f(x) for x in xs[1:4]]


@pytest.mark.timeout(30)
def test_iterating_a_huge_chain_can_stop_early(pool: Any) -> None:
    calls = Counter()

    def f(x: int) -> int:
        calls.incr()
        return x * 2

    with pool:
        out = []
        for y in pi.into_par_iter(range(BIG)).map(f):
            out.append(y)
            if len(out) == 100:
                break
        assert out == [2 * x for x in range(100)]
    # A bounded number of pieces is in flight, never the whole input.
    assert calls.value < 10**8


def test_iteration_reraises_user_exceptions(pool: Any) -> None:
    def f(x: int) -> int:
        if x == 700:
            raise ContractBoom
        return x

    seen = []
    with pool, pytest.raises(ContractBoom):
        for y in pi.into_par_iter(range(1000)).map(f):
            seen.append(y)
    assert seen == list(range(len(seen))) and len(seen) <= 700


def test_collect_targets(pool: Any) -> None:
    pairs = [(i % 13, i) for i in range(1000)]
    with pool:
        assert pi.par_iter(pairs).collect(dict) == dict(pairs)
        assert list(pi.par_iter(pairs).collect(dict)) == list(dict(pairs))
        assert pi.par_iter(pairs).filter(lambda p: p[1] % 2).collect(dict) == dict(
            p for p in pairs if p[1] % 2
        )
        assert pi.into_par_iter(range(1000)).map(lambda x: x % 17).collect(set) == {
            x % 17 for x in range(1000)
        }
        assert pi.into_par_iter(range(100)).collect(tuple) == tuple(range(100))
        assert pi.par_iter("hello world").map(str.upper).collect(str) == "HELLO WORLD"
        assert pi.par_iter(["ab", "cd", "ef"]).collect(str) == "abcdef"
        assert pi.par_iter("").collect(str) == ""
        assert pi.into_par_iter(range(10)).collect(collections.deque) == collections.deque(
            range(10)
        )
        assert pi.par_iter([3, 1, 2]).collect(sorted) == [1, 2, 3]
        assert pi.par_iter("abracadabra").collect(collections.Counter) == collections.Counter(
            "abracadabra"
        )
        assert pi.par_iter([1, 2, 3]).collect(frozenset) == frozenset({1, 2, 3})
        assert pi.par_iter([1, 2]).collect(lambda items: sum(items) * 10) == 30
        assert type(pi.par_iter([1]).collect()) is list


def test_collect_dict_keeps_last_value_for_a_repeated_key(pool: Any) -> None:
    pairs = [("k", i) for i in range(1001)]
    with pool:
        assert pi.par_iter(pairs).with_max_len(3).collect(dict) == {"k": 1000}


def test_consuming_twice_the_same_source_collection(pool: Any) -> None:
    xs = list(range(100))
    with pool:
        a = pi.par_iter(xs).map(lambda x: x + 1).collect()
        b = pi.par_iter(xs).map(lambda x: x + 1).collect()
    assert a == b == [x + 1 for x in xs]
    assert xs == list(range(100))


def test_deep_chains_of_adapters(pool: Any) -> None:
    # Builtins nest hundreds of map() calls; a parallel chain should too.
    xs = list(range(1000))
    with pool:
        it = pi.par_iter(xs)
        for _ in range(200):
            it = it.map(lambda x: x + 1)
        assert it.collect() == [x + 200 for x in xs]
        it, seq = pi.par_iter(xs), list(xs)
        for i in range(100):
            if i % 10 == 0:
                it = it.filter(lambda x: x % 7 != 0)
                seq = [x for x in seq if x % 7 != 0]
            else:
                it = it.map(lambda x: x + 1)
                seq = [x + 1 for x in seq]
        assert it.collect() == seq


@pytest.mark.timeout(60)
def test_breaking_out_of_iteration_stops_the_work(pool: Any) -> None:
    calls = Counter()

    def f(x: int) -> int:
        calls.incr()
        return x

    with pool:
        for y in pi.into_par_iter(range(BIG)).map(f):
            if y == 10:
                break
        time.sleep(0.3)
        settled = calls.value
        time.sleep(0.3)
        assert calls.value == settled, "work kept running after the consumer stopped iterating"
        # The pool is free for new work.
        start = time.monotonic()
        assert pi.into_par_iter(range(1000)).sum() == sum(range(1000))
        assert time.monotonic() - start < 5
