"""Errors on worker processes reach the caller as the user's exception, stop the call, and leave
the pool usable; what cannot travel between processes is a clear TypeError."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

import pytest

import pariter as pi
from pariter.backends.errors import RemoteError, RemoteTraceback
from tests.conftest import Current

N = 20_000


class Boom(Exception):
    pass


def explode_at_777(x: int) -> int:
    if x == 777:
        raise Boom(f"bad item {x}")
    return x


def still_works(proc: Current) -> None:
    """The next call on the same pool gives the right answer."""
    with proc:
        assert pi.into_par_iter(range(1000)).map(lambda x: x + 1).sum() == sum(range(1, 1001))


def test_user_exception_type_and_remote_traceback(proc: Current) -> None:
    with proc, pytest.raises(Boom, match="bad item 777") as info:
        pi.into_par_iter(range(N)).map(explode_at_777).collect()
    cause = info.value.__cause__
    assert isinstance(cause, RemoteTraceback)
    assert "explode_at_777" in cause.text
    assert "Boom: bad item 777" in cause.text
    assert "explode_at_777" in str(cause)
    still_works(proc)


@pytest.mark.parametrize(
    "run",
    [
        lambda f: pi.into_par_iter(range(N)).map(f).sum(),
        lambda f: pi.par_iter(list(range(N))).for_each(f),
        lambda f: pi.into_par_iter(range(N)).filter(lambda x: f(x) >= 0).count(),
        lambda f: pi.into_par_iter(range(N)).find_first(lambda x: f(x) < 0),
        lambda f: pi.par_bridge(iter(range(N))).map(f).collect(),
        lambda f: pi.par_chunks(list(range(N)), 10).map(lambda c: [f(x) for x in c]).count(),
    ],
    ids=["map-sum", "for_each", "filter-count", "find_first", "par_bridge", "par_chunks"],
)
def test_every_kind_of_call_reraises(proc: Current, run: Any) -> None:
    with proc, pytest.raises(Boom):
        run(explode_at_777)
    still_works(proc)


def test_exception_in_a_middle_item_stops_a_huge_call(proc: Current) -> None:
    def fail_at(x: int) -> int:
        if x == 50_000:
            raise ValueError("stop here")
        return x

    t0 = time.monotonic()
    with proc, pytest.raises(ValueError, match="stop here"):
        pi.into_par_iter(range(10**12)).map(fail_at).sum()  # hours if the call did not stop
    assert time.monotonic() - t0 < 20
    still_works(proc)


def test_exceptions_on_both_workers_raise_one_of_them(proc: Current) -> None:
    def always(x: int) -> int:
        raise KeyError(x)

    with proc, pytest.raises(KeyError):
        pi.into_par_iter(range(N)).map(always).collect()
    still_works(proc)


def test_a_closure_over_a_lock_names_the_function(proc: Current) -> None:
    lock = threading.Lock()

    def guarded_double(x: int) -> int:
        with lock:
            return 2 * x

    with proc, pytest.raises(TypeError, match="guarded_double"):
        pi.into_par_iter(range(N)).map(guarded_double).collect()
    still_works(proc)


def test_an_unpicklable_item_raises_type_error(proc: Current) -> None:
    items: list[Any] = [1, 2, (i for i in range(3)), 4]
    with proc, pytest.raises(TypeError, match="generator"):
        pi.par_iter(items).map(repr).collect()
    still_works(proc)


def test_an_unpicklable_item_deep_in_a_big_list(proc: Current) -> None:
    items: list[Any] = list(range(N))
    items[N - 5] = (i for i in range(3))
    with proc, pytest.raises(TypeError):
        pi.par_iter(items).map(repr).collect()
    still_works(proc)


def test_an_unpicklable_result_raises_type_error_naming_it(proc: Current) -> None:
    with proc, pytest.raises(TypeError, match=r"(?i)result") as info:
        pi.into_par_iter(range(100)).map(lambda x: threading.Lock()).collect()
    assert "lock" in str(info.value).lower()
    still_works(proc)


class TwoArgs(Exception):
    def __init__(self, code: int, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class Unpicklable(Exception):
    def __reduce__(self) -> Any:
        raise TypeError("not today")


def raise_two_args(x: int) -> int:
    if x == 99:
        raise TwoArgs(7, "needs two")
    return x


def raise_unpicklable(x: int) -> int:
    if x == 99:
        raise Unpicklable("cannot travel")
    return x


@pytest.mark.parametrize("fn", [raise_two_args, raise_unpicklable])
def test_exceptions_that_do_not_pickle_plainly_still_come_back(proc: Current, fn: Any) -> None:
    with proc, pytest.raises(Exception) as info:
        pi.into_par_iter(range(1000)).map(fn).collect()
    exc = info.value
    expected_type = TwoArgs if fn is raise_two_args else Unpicklable
    assert isinstance(exc, expected_type | RemoteError)
    message = "needs two" if fn is raise_two_args else "cannot travel"
    assert message in str(exc)
    if isinstance(exc, RemoteError):
        assert expected_type.__name__ in str(exc)
    assert isinstance(exc.__cause__, RemoteTraceback)
    assert fn.__name__ in exc.__cause__.text
    still_works(proc)


def test_base_exceptions_come_back_too(proc: Current) -> None:
    def leave(x: int) -> int:
        if x == 5:
            raise SystemExit(3)
        return x

    with proc, pytest.raises(SystemExit):
        pi.into_par_iter(range(100)).map(leave).collect()
    still_works(proc)


def test_writes_before_the_error_land_as_on_threads(proc: Current) -> None:
    xs = [0] * 100

    def write_then_fail(s: Any) -> None:
        s.set(1)
        if s.key == 99:
            raise Boom("last")

    with proc, pytest.raises(Boom):
        pi.par_iter_mut(xs).with_max_len(1000).for_each(write_then_fail)
    assert xs[99] == 1  # the failing piece's own writes land, as they would on threads
    still_works(proc)


def test_a_call_left_by_a_non_interrupt_exception_does_not_poison_the_next() -> None:
    """A signal handler (timeouts, SIGTERM) can raise while the caller waits for results."""

    def raise_timeout(*_: object) -> None:
        raise TimeoutError("caller gave up")

    def slow_set(s: Any) -> None:
        time.sleep(0.01)
        s.set(-1)

    pool = pi.ProcessPool(2)
    previous = signal.signal(signal.SIGUSR1, raise_timeout)
    try:
        with Current(pool):
            pool.install(lambda: pi.into_par_iter(range(4)).sum())  # workers up
            first = [0] * 100_000
            timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGUSR1))
            timer.start()
            with pytest.raises(TimeoutError):
                pi.par_iter_mut(first).for_each(slow_set)
            timer.join()
            second = list(range(100_000))
            pi.par_iter_mut(second).for_each(lambda s: s.set(s.value + 1))
            assert second == [i + 1 for i in range(100_000)]
            assert pi.into_par_iter(range(1000)).sum() == sum(range(1000))
    finally:
        signal.signal(signal.SIGUSR1, previous)
        pool.shutdown()
