"""Parallel iterators and the pool: nesting, contextvars, pool selection."""

from __future__ import annotations

import contextvars
import decimal
import threading
from typing import Any

import pytest

import pariter as pi

from ._support import Counter

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="unset")


@pytest.mark.timeout(60)
def test_nested_parallel_iterators(pool: Any) -> None:
    with pool:
        inner_sums = (
            pi.into_par_iter(range(40))
            .map(lambda i: pi.into_par_iter(range(i)).map(lambda j: j * j).sum())
            .collect()
        )
        nested_flat = (
            pi.into_par_iter(range(30))
            .flat_map(lambda i: pi.into_par_iter(range(i)).filter(lambda j: j % 2 == 0))
            .collect()
        )
        deep = (
            pi.into_par_iter(range(6))
            .with_max_len(1)
            .map(
                lambda a: (
                    pi.into_par_iter(range(6))
                    .with_max_len(1)
                    .map(lambda b: pi.into_par_iter(range(6)).with_max_len(1).sum() + a * b)
                    .sum()
                )
            )
            .sum()
        )
        first = (
            pi.into_par_iter(range(20))
            .map(lambda i: pi.into_par_iter(range(100)).find_first(lambda j: j > i))
            .collect()
        )
    assert inner_sums == [sum(j * j for j in range(i)) for i in range(40)]
    assert nested_flat == [j for i in range(30) for j in range(i) if j % 2 == 0]
    assert deep == sum(15 + a * b for a in range(6) for b in range(6))
    assert first == [i + 1 for i in range(20)]


@pytest.mark.timeout(60)
def test_nested_iterators_do_not_deadlock_on_one_thread(pool1: Any) -> None:
    with pool1:
        total = (
            pi.into_par_iter(range(50))
            .with_max_len(1)
            .map(lambda i: pi.into_par_iter(range(50)).with_max_len(1).map(lambda j: i * j).sum())
            .sum()
        )
        found = pi.into_par_iter(range(50)).any(
            lambda i: pi.into_par_iter(range(i)).with_max_len(1).any(lambda j: j == 40)
        )
    assert total == sum(i * j for i in range(50) for j in range(50))
    assert found is True


@pytest.mark.timeout(60)
def test_iterator_inside_for_each_and_iteration_inside_map(pool: Any) -> None:
    got = Counter()
    with pool:
        pi.into_par_iter(range(20)).for_each(
            lambda i: got.incr() if pi.into_par_iter(range(i)).count() == i else None
        )
        lists = (
            pi.into_par_iter(range(15)).map(lambda i: list(pi.into_par_iter(range(i)))).collect()
        )
    assert got.value == 20
    assert lists == [list(range(i)) for i in range(15)]


@pytest.mark.timeout(60)
def test_cross_pool_nesting(contract_pools: dict[int, Any]) -> None:
    # Rayon's tests/cross-pool.rs: pool1.install(sum of pool2.install(...)).
    p1, p2 = contract_pools[1], contract_pools[2]

    def inner(i: int) -> int:
        with p2:
            return pi.into_par_iter(range(i + 1)).sum()

    with p1:
        total = pi.into_par_iter(range(1, 101)).map(inner).sum()
    assert total == sum(sum(range(i + 1)) for i in range(1, 101))


def test_work_runs_on_the_pool_made_current(contract_pools: dict[int, Any]) -> None:
    for n, p in contract_pools.items():
        if n == "proc":  # threads of a pool; inside process workers: tests/backends
            continue
        with p:
            assert pi.current_num_threads() == n
            indices = (
                pi.into_par_iter(range(2000))
                .with_max_len(10)
                .map(lambda _: pi.current_thread_index())
                .collect(set)
            )
        assert indices <= set(range(n)), (n, indices)


def test_tasks_see_the_callers_contextvars(pool: Any) -> None:
    token = REQUEST_ID.set("req-42")
    try:
        with pool:
            seen = (
                pi.into_par_iter(range(500))
                .with_max_len(5)
                .map(lambda _: REQUEST_ID.get())
                .collect(set)
            )
    finally:
        REQUEST_ID.reset(token)
    assert seen == {"req-42"}


def test_tasks_see_the_callers_decimal_context(pool: Any) -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        with pool:
            got = (
                pi.into_par_iter(range(1, 200))
                .with_max_len(3)
                .map(lambda x: decimal.Decimal(1) / decimal.Decimal(x))
                .collect()
            )
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        want = [decimal.Decimal(1) / decimal.Decimal(x) for x in range(1, 200)]
    assert got == want


def test_side_effects_in_for_each_cover_every_item_once(pool: Any) -> None:
    lock = threading.Lock()
    seen: dict[int, int] = {}

    def record(x: int) -> None:
        with lock:
            seen[x] = seen.get(x, 0) + 1

    with pool:
        pi.into_par_iter(range(3001)).with_max_len(7).for_each(record)
    assert seen == {x: 1 for x in range(3001)}


def test_install_runs_the_chain_on_that_pool(contract_pools: dict[int, Any]) -> None:
    for n, p in contract_pools.items():
        if n == "proc":  # threads of a pool; inside process workers: tests/backends
            continue
        got = p.install(
            lambda: (
                pi.into_par_iter(range(500))
                .with_max_len(5)
                .map(lambda _: (pi.current_num_threads(), pi.current_thread_index()))
                .collect(set)
            )
        )
        assert {c for c, _ in got} == {n}
        assert {i for _, i in got} <= set(range(n))
