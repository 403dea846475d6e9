"""``pariter.GILWarning``: pure-Python work on threads with the GIL on warns, once per process.

Whether the GIL is on is read at run time (``sys._is_gil_enabled()``): on a free-threaded build
the same long pure-Python call must not warn. Each long call runs a little over a second.
"""

from __future__ import annotations

import importlib
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

import pariter as pi
from pariter.plumbing.localize import gil_enabled

gil_warning: Any = importlib.import_module("pariter.plumbing.gil_warning")

LONG = 1.6  # seconds of work a long call is given (more than gil_warning.MIN_SECONDS)


@pytest.fixture(autouse=True)
def armed() -> Iterator[None]:
    """Each test starts as a fresh process would: the hint not given yet."""
    saved = gil_warning._armed
    gil_warning._armed = True
    try:
        yield
    finally:
        gil_warning._armed = saved


def spin(n: int) -> int:
    """Pure Python: holds the GIL the whole time."""
    total = 0
    for i in range(n):
        total += i * i
    return total


@pytest.fixture(scope="module")
def items() -> list[int]:
    """Item sizes for about LONG seconds of wall time on two threads: LONG seconds of spin on
    one thread with the GIL on, twice that without it (two threads then share the work)."""
    n = 20_000
    # The fastest of several runs: the first ones run before the interpreter has specialized spin's
    # bytecode, and a slow calibration made the "long" call shorter than MIN_SECONDS.
    times = []
    for _ in range(7):
        t = time.perf_counter()
        spin(n)
        times.append(time.perf_counter() - t)
    each = min(times)
    work = LONG if gil_enabled() else 2 * LONG
    return [n] * max(8, int(work / each))


def pure_python_call(items: list[int]) -> float:
    """A long pure-Python chain on two threads; returns its wall time."""
    t = time.perf_counter()
    with pi.ThreadPool(2):
        assert pi.par_iter(items).map(spin).sum() == spin(items[0]) * len(items)
    return time.perf_counter() - t


def gil_warnings(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if issubclass(w.category, pi.GILWarning)]


def test_the_warning_class() -> None:
    assert issubclass(pi.GILWarning, RuntimeWarning)
    assert pi.GILWarning.__module__.startswith("pariter")
    assert "GILWarning" in pi.__all__


def test_long_pure_python_work_warns_once_where_the_gil_is_on(items: list[int]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wall = pure_python_call(items)
        assert wall > gil_warning.MIN_SECONDS
        pure_python_call(items)  # a second long call: never a second hint
    found = gil_warnings(caught)
    if gil_enabled():  # read at run time: a free-threaded build runs this too
        assert len(found) == 1, [str(w.message) for w in caught]
        message = str(found[0].message)
        assert "ProcessPool" in message and "PARITER_POOL=processes" in message
        assert "free-threaded" in message
        assert found[0].filename == __file__  # it points at the user's call
    else:
        assert found == []


def test_never_on_a_free_threaded_build(items: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gil_warning, "gil_enabled", lambda: False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pure_python_call(items)
    assert gil_warnings(caught) == []
    assert gil_warning._armed  # still armed: the GIL could be switched on later


def test_never_for_work_that_releases_the_gil() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = time.perf_counter()
        with pi.ThreadPool(2):
            pi.into_par_iter(range(24)).with_max_len(1).for_each(lambda _: time.sleep(0.1))
        assert time.perf_counter() - t > gil_warning.MIN_SECONDS
    assert gil_warnings(caught) == []


def test_never_for_short_calls_nor_on_one_thread(items: list[int]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pi.ThreadPool(2):
            pi.par_iter(items[:4]).map(spin).sum()  # far under a second
        with pi.ThreadPool(1):
            pi.par_iter(items).map(spin).sum()  # long, but one thread asked for
    assert gil_warnings(caught) == []


def test_it_can_be_filtered_as_usual(items: list[int]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", pi.GILWarning)
        pure_python_call(items)
    assert gil_warnings(caught) == []


@pytest.mark.parametrize(
    ("wall", "cpu", "threads", "expected"),
    [
        (2.0, 2.1, 4, True),  # one core busy on four threads: the GIL
        (2.0, 1.2, 2, True),  # busy enough, still about one core
        (2.0, 3.9, 2, False),  # two cores: the work released the GIL (NumPy, hashing)
        (2.0, 2.6, 8, False),  # more than "barely more than one core"
        (2.0, 0.2, 4, False),  # mostly waiting (I/O, sleeps)
        (2.0, 2.0, 1, False),  # one thread: nothing to run in parallel
        (0.5, 0.5, 4, False),  # too short to matter
    ],
)
def test_held_back_decides_from_the_cores_kept_busy(
    wall: float, cpu: float, threads: int, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gil_warning, "gil_enabled", lambda: True)
    assert gil_warning.held_back(wall, cpu, threads) is expected
    monkeypatch.setattr(gil_warning, "gil_enabled", lambda: False)
    assert gil_warning.held_back(wall, cpu, threads) is False
