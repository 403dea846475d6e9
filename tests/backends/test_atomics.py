"""``AtomicMin``/``AtomicMax``/``AtomicFlag``/``AtomicCounter``: shared by every task of a call on
threads (1, 2 and 7), on real worker processes and on a real Dask ``LocalCluster``.

What is checked is the contract: no update is lost (the final value is the sequential one),
the value only moves one way (every read a task makes is at least as good as the start and
never worse than an earlier read of the same task), and the caller's object holds the result.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi
from tests.conftest import Current

distributed = pytest.importorskip("distributed")

from tests.backends import test_dask  # noqa: E402

cluster, client, dask_pool = test_dask.cluster, test_dask.client, test_dask.dask_pool

POOLS = ("1thr", "2thr", "7thr", "proc", "dask")


@pytest.fixture(scope="module")
def pools(dask_pool: Any) -> Iterator[dict[str, Any]]:
    made = {f"{n}thr": pi.ThreadPool(n) for n in (1, 2, 7)}
    made["proc"] = pi.ProcessPool(2)
    yield {**made, "dask": Current(dask_pool)}
    for pool in made.values():
        pool.shutdown()


@pytest.fixture(params=POOLS)
def pool(request: pytest.FixtureRequest, pools: dict[str, Any]) -> Any:
    p = pools[request.param]
    return p if request.param == "dask" else Current(p)


def offer_and_read(best: Any, lower: bool, x: float) -> tuple[bool, float, float]:
    """Offer ``x``; what the task read before and after (module level: Dask imports it)."""
    before = best.value
    best.offer(x)
    after = best.value
    return (after <= before) if lower else (after >= before), before, after


def count(counter: Any, flag: Any, x: int) -> int:
    counter.add(x)
    if x == 3:
        flag.set()
    return x


SETTINGS = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(xs=st.lists(st.integers(-(10**12), 10**12), max_size=300), floats=st.booleans())
def test_a_running_min_and_max_lose_no_offer(pool: Any, xs: list[int], floats: bool) -> None:
    start_low, start_high = (math.inf, -math.inf) if floats else (10**13, -(10**13))
    low, high = pi.AtomicMin(start_low), pi.AtomicMax(start_high)
    with pool:
        reads_low = pi.par_iter(xs).map(functools.partial(offer_and_read, low, True)).collect()
        reads_high = pi.par_iter(xs).map(functools.partial(offer_and_read, high, False)).collect()
    cast = float if floats else int
    assert low.value == cast(min(xs, default=start_low))
    assert high.value == cast(max(xs, default=start_high))
    assert type(low.value) is type(high.value) is (float if floats else int)
    assert all(monotone for monotone, _, _ in reads_low + reads_high)
    assert all(start_low >= before >= low.value for _, before, _ in reads_low)
    assert all(x >= after for x, (_, _, after) in zip(xs, reads_low, strict=True))
    assert all(x <= after for x, (_, _, after) in zip(xs, reads_high, strict=True))


@SETTINGS
@given(xs=st.lists(st.integers(0, 50), max_size=300))
def test_a_counter_adds_every_addition_and_a_flag_stays_raised(pool: Any, xs: list[int]) -> None:
    counter, flag = pi.AtomicCounter(7), pi.AtomicFlag()
    with pool:
        pi.par_iter(xs).for_each(functools.partial(count, counter, flag))
    assert counter.value == 7 + sum(xs)
    assert flag.value is (3 in xs) and bool(flag) is (3 in xs)


def prune(bound: Any, x: int) -> int | None:
    """A search step: skip what cannot beat the bound, offer what might."""
    if x >= bound.value:
        return None
    bound.offer(x)
    return x


def test_a_bound_prunes_and_the_answer_stays_exact(pool: Any) -> None:
    """The tsp pattern: a search returns its own best, the bound only prunes."""
    xs = [(x * 7919) % 10007 for x in range(20_000)]
    bound = pi.AtomicMin(10**9)
    with pool:
        found = pi.par_iter(xs).filter_map(functools.partial(prune, bound))
        kept = found.collect()
    assert min(kept) == min(xs) == bound.value
    assert len(kept) < len(xs) // 10  # most items were pruned


def test_values_are_ints_or_floats_fixed_by_the_first() -> None:
    assert pi.AtomicMin(5).value == 5 and isinstance(pi.AtomicMin().value, float)
    m = pi.AtomicMin(5)
    m.offer(3.0)  # a whole float in an int minimum is its int
    assert m.value == 3 and type(m.value) is int
    with pytest.raises(TypeError, match=r"AtomicMin holds ints .* got 2.5"):
        m.offer(2.5)
    with pytest.raises(TypeError, match=r"^value must be an int or a float, got str$"):
        pi.AtomicMax("a")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^value must be an int or a float, got bool$"):
        pi.AtomicMin(True)
    with pytest.raises(TypeError, match=r"^n must be an int, got float$"):
        pi.AtomicCounter().add(1.5)  # type: ignore[arg-type]
    assert repr(pi.AtomicMax(2)) == "AtomicMax(2)" and repr(pi.AtomicFlag()) == "AtomicFlag(False)"


@pytest.mark.parametrize("x", [-math.inf, -1e300, -1.5, -0.0, 0.0, 5e-324, 1.0, 1e308, math.inf])
def test_float_keys_order_as_the_floats(x: float) -> None:
    from pariter.backends.shared_state import float_key, key_float

    assert key_float(float_key(x)) == x
    assert math.copysign(1, key_float(float_key(x))) == math.copysign(1, x)
    assert float_key(x) < float_key(math.nextafter(x, math.inf)) or x == math.inf
