"""Concurrency contracts: the global pool, many callers at once, re-entrant sources."""

from __future__ import annotations

import threading
from typing import Any

import pytest

import pariter as pi

from ._support import Counter


def test_default_global_pool_without_with_block() -> None:
    xs = list(range(3000))
    assert pi.par_iter(xs).map(lambda x: x * 2).collect() == [x * 2 for x in xs]
    assert pi.into_par_iter(range(10**12)).find_first(lambda x: x > 5) == 6
    assert pi.par_iter(xs).filter(lambda x: x % 3 == 0).sum() == sum(xs[::3])
    assert pi.current_num_threads() >= 1


@pytest.mark.timeout(120)
@pytest.mark.parametrize("use_pool", [True, False], ids=["pool", "global"])
def test_many_callers_at_once(contract_pools: dict[int, Any], use_pool: bool) -> None:
    xs = list(range(2000))
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def caller(k: int) -> None:
        try:
            barrier.wait(30)
            for r in range(10):
                p = contract_pools[(1, 2, 7)[(k + r) % 3]]
                if use_pool:
                    with p:
                        _check_once(xs, k, r)
                else:
                    _check_once(xs, k, r)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=caller, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(100)
    assert not any(t.is_alive() for t in threads), "a caller hung"
    assert not errors, errors[:3]


def _check_once(xs: list[int], k: int, r: int) -> None:
    m = k * 10 + r + 1
    assert pi.par_iter(xs).map(lambda x: x % m).collect() == [x % m for x in xs]
    assert pi.par_iter(xs).with_max_len(16).map(lambda x: [x]).reduce(list, list.__add__) == xs
    assert pi.par_iter(xs).filter(lambda x: x % m == 0).count() == len(xs[::m])
    assert pi.par_iter(xs).find_first(lambda x: x > m) == m + 1
    assert pi.par_iter(xs).zip(xs[::-1]).map(lambda p: p[0] - p[1]).sum() == 0
    assert list(pi.par_iter(xs).rev().take(5)) == xs[::-1][:5]


@pytest.mark.timeout(120)
def test_par_bridge_recursion_under_broadcast(contract_pools: dict[int, Any]) -> None:
    # Rayon's tests/par_bridge_recursion.rs: par_bridge inside flat_map, on every thread at once.
    n = 200
    seq = [(i, str(i)) for i in range(n)]
    pool = contract_pools[7]

    def body(_ctx: Any) -> bool:
        par = (
            pi.into_par_iter(range(n))
            .flat_map(lambda i: pi.par_bridge(iter([i])).map(lambda j: (i, str(j))))
            .collect()
        )
        return sorted(par) == seq

    assert pool.broadcast(body) == [True] * 7


@pytest.mark.timeout(60)
def test_par_bridge_whose_generator_runs_parallel_work(pool: Any) -> None:
    def gen() -> Any:
        for i in range(60):
            yield pi.into_par_iter(range(i)).sum()

    with pool:
        got = pi.par_bridge(gen()).map(lambda s: s * 2).collect()
    assert sorted(got) == sorted(2 * sum(range(i)) for i in range(60))


@pytest.mark.timeout(60)
def test_infinite_sources_terminate_when_full(pool: Any) -> None:
    with pool:
        assert pi.repeat(1).take_any(5).collect() == [1] * 5
        assert pi.repeat(1).take_any(1000).sum() == 1000
        assert pi.repeat(4).find_first(lambda x: x == 4) == 4
        assert pi.repeat(4).map(lambda x: x + 1).find_any(lambda x: x == 5) == 5
        assert pi.repeat(None).while_some().collect() == []
        assert pi.repeat(4).all(lambda x: x < 4) is False


def test_side_effect_counts_are_exact_under_contention(pool: Any) -> None:
    c = Counter()
    with pool:
        pi.into_par_iter(range(20000)).with_max_len(50).for_each(c.incr)
        pi.into_par_iter(range(20000)).map(c).filter(lambda x: False).count()
    assert c.value == 40000
