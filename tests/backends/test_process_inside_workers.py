"""What user code sees inside a worker process: one thread for nested parallel calls, capped
native thread pools, the caller's decimal context."""

from __future__ import annotations

import decimal
import os
from typing import Any

import pytest

import pariter as pi
from pariter.core.pool import available_cpus
from tests.conftest import Current

BLAS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def test_tasks_run_in_other_processes(proc: Current) -> None:
    with proc:
        pids = set(pi.into_par_iter(range(2000)).map(lambda _: os.getpid()).collect())
        assert pi.current_num_threads() == 2  # the caller sees the pool's size
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_current_num_threads_is_one_inside_a_worker(proc: Current) -> None:
    with proc:
        got = set(pi.into_par_iter(range(500)).map(lambda _: pi.current_num_threads()).collect())
    assert got == {1}


def nested_sum(n: int) -> int:
    return pi.into_par_iter(range(n)).map(lambda x: x * x).sum()


def test_nested_parallel_calls_run_and_are_right(proc: Current) -> None:
    with proc:
        got = pi.into_par_iter(range(300)).map(nested_sum).collect()
        deep = (
            pi.into_par_iter(range(20))
            .map(lambda n: pi.into_par_iter(range(n)).map(nested_sum).collect())
            .collect()
        )
        joined = pi.into_par_iter(range(50)).map(lambda n: pi.join(lambda: n, lambda: -n)).collect()
    assert got == [nested_sum(n) for n in range(300)]
    assert deep == [[nested_sum(k) for k in range(n)] for n in range(20)]
    assert joined == [(n, -n) for n in range(50)]


def test_a_parallel_call_inside_a_par_bridge_source(proc: Current) -> None:
    def source() -> Any:
        for i in range(50):
            yield pi.into_par_iter(range(i)).sum()  # runs in the caller, during the call

    with proc:
        got = pi.par_bridge(source()).map(lambda s: s * 2).collect()
    assert sorted(got) == sorted(2 * sum(range(i)) for i in range(50))


def test_native_thread_caps(warm_pool: Any, proc: Current) -> None:
    expected = str(max(1, available_cpus() // warm_pool.num_workers))
    with proc:
        got = set(
            pi.into_par_iter(range(200))
            .map(lambda _: tuple(os.environ.get(v) for v in BLAS))
            .collect()
        )
    assert got == {(expected,) * len(BLAS)}


def test_native_thread_caps_with_one_worker() -> None:
    pool = pi.ProcessPool(1)
    try:
        got = pool.install(
            lambda: (
                pi.into_par_iter(range(3)).map(lambda _: os.environ["OMP_NUM_THREADS"]).collect()
            )
        )
    finally:
        pool.shutdown()
    assert got == [str(available_cpus())] * 3


def seventh(_: int) -> str:
    return str(decimal.Decimal(1) / decimal.Decimal(7))


@pytest.mark.parametrize("prec", [3, 12, 50])
def test_the_callers_decimal_context_reaches_tasks(proc: Current, prec: int) -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = prec
        ctx.rounding = decimal.ROUND_DOWN
        expected = seventh(0)
        with proc:
            got = set(pi.into_par_iter(range(500)).map(seventh).collect())
    assert got == {expected}
    assert len(expected) == prec + 2  # "0." and prec digits
    with proc:  # the next call runs in the caller's context again (default precision)
        assert set(pi.into_par_iter(range(500)).map(seventh).collect()) == {seventh(0)}


def test_decimal_traps_reach_tasks(proc: Current) -> None:
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.DivisionByZero] = False
        with proc:
            got = pi.into_par_iter(range(3)).map(lambda _: str(decimal.Decimal(1) / 0)).collect()
    assert got == ["Infinity"] * 3
    with proc, pytest.raises(decimal.DivisionByZero):
        pi.into_par_iter(range(3)).map(lambda _: decimal.Decimal(1) / 0).collect()
