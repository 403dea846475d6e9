"""Leaves are fed in blocks sized in time, so an abort is seen within milliseconds whatever an
item costs, on every source (DESIGN.md: "every running piece of that call stops at its next
block"); and a failing piece stops the other pieces of the call, par_bridge's included."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

import pytest

import pariter as pi


class Boom(Exception):
    pass


def counting(slow_from: int, fail_at: int, calls: list[int], lock: threading.Lock) -> Any:
    def f(x: int) -> int:
        if x == fail_at:
            time.sleep(0.05)  # the other leaf has started its first slow item by now
            raise Boom(f"item {x}")
        with lock:
            calls[0] += 1
        if x >= slow_from:
            time.sleep(0.02)
        return x

    return f


@pytest.mark.parametrize(
    "make",
    [
        lambda f: pi.into_par_iter(range(40)).map(f).sum(),
        lambda f: pi.par_iter(list(range(40))).map(f).collect(),
        lambda f: (
            pi.into_par_iter(range(40)).with_max_len(20).flat_map_iter(lambda x: [x]).map(f).sum()
        ),
    ],
    ids=["range", "list", "flat_map_iter"],
)
def test_a_slow_leaf_stops_after_its_current_item(make: Any) -> None:
    # Two leaves: 0..19 fails at its first item; 20..39 costs 20 ms an item. Counted in items,
    # the first block of the second leaf took all its 20 items (0.4 s); sized in time, the leaf
    # sees the abort after its first item or two.
    calls, lock = [0], threading.Lock()
    with pi.ThreadPool(2), pytest.raises(Boom):
        make(counting(20, 0, calls, lock))
    assert calls[0] <= 4, calls


@pytest.mark.parametrize("exc_type", [Boom, SystemExit, KeyboardInterrupt, GeneratorExit])
def test_par_bridge_stops_the_other_pieces_after_an_exception(
    exc_type: type[BaseException],
) -> None:
    calls, lock = [0], threading.Lock()

    def f(x: int) -> int:
        with lock:
            calls[0] += 1
        if x == 500:
            raise exc_type("stop")
        return x

    for _ in range(3):  # 3.13t kept pulling in 3 runs of 5 (every run for the BaseExceptions)
        calls[0] = 0
        with pi.ThreadPool(4), pytest.raises(exc_type):
            pi.par_bridge(iter(range(200_000))).map(f).sum()
        assert calls[0] < 20_000, calls


def test_repeat_and_endless_sources_stop_on_an_exception() -> None:
    def f(x: int) -> int:
        if x > 3000:
            raise Boom("enough")
        return x

    with pi.ThreadPool(2):
        with pytest.raises(Boom):
            pi.par_iter(itertools.count()).map(f).sum()
        with pytest.raises(Boom):
            pi.par_bridge(itertools.count()).map(f).sum()
        with pytest.raises(Boom):
            pi.repeat(5000).map(f).sum()


def test_map_init_runs_init_once_per_leaf_however_many_blocks() -> None:
    inits = [0]
    lock = threading.Lock()

    def init() -> list[int]:
        with lock:
            inits[0] += 1
        return []

    with pi.ThreadPool(1):
        # one leaf of 10**5 items, fed in a dozen blocks
        total = (
            pi.into_par_iter(range(10**5)).with_min_len(10**5).map_init(init, lambda s, x: x).sum()
        )
    assert total == sum(range(10**5))
    assert inits[0] == 1
