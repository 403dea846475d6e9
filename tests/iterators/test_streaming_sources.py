"""Iterating a chain over a pulled source (par_bridge): lazy, ordered, bounded, exact."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi


def test_an_endless_generator_streams_with_bounded_pulls(pool: pi.ThreadPool) -> None:
    pulled = [0]

    def naturals():
        for i in itertools.count():
            pulled[0] += 1
            yield i

    chain = pi.par_bridge(naturals()).map(lambda x: x * 2).filter(lambda x: x % 3 == 0)
    assert list(itertools.islice(chain, 10)) == [0, 6, 12, 18, 24, 30, 36, 42, 48, 54]
    # at most 2 * threads batches of at most 1024 items are ever in flight
    assert pulled[0] <= 16 + 2 * pool.current_num_threads() * 1024


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(xs=st.lists(st.integers(), max_size=3000))
def test_streamed_items_come_in_source_order(pool: pi.ThreadPool, xs: list[int]) -> None:
    chain = pi.par_bridge(iter(xs)).map(lambda x: x + 1).flat_map_iter(lambda x: [x, -x])
    assert list(chain) == [y for x in xs for y in (x + 1, -(x + 1))]


def test_exception_in_a_streamed_batch_reaches_the_loop(pool: pi.ThreadPool) -> None:
    class Boom(Exception):
        pass

    def f(x: int) -> int:
        if x == 777:
            raise Boom("item 777")
        return x

    with pytest.raises(Boom, match="777"):
        for _ in pi.par_bridge(iter(range(5000))).map(f):
            pass


def test_streaming_inside_a_pool_task_does_not_deadlock() -> None:
    with pi.ThreadPool(1) as pool:
        got = pool.install(lambda: list(pi.par_bridge(iter(range(100))).map(lambda x: -x)))
    assert got == [-x for x in range(100)]


def test_non_itemwise_adapters_still_see_the_whole_stream(pool: pi.ThreadPool) -> None:
    # intersperse depends on neighbours across batches: the chain is run whole
    got = list(pi.par_bridge(iter(range(2000))).intersperse(-1))
    assert sorted(x for x in got if x >= 0) == list(range(2000))
    assert got.count(-1) == 1999
