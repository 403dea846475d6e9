"""Fixtures for the process backend: a warm ProcessPool of 2 workers shared by the session, a
2-thread pool as the reference, and a way to see which pariter workers are alive."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import pariter as pi
from tests.conftest import Current


@pytest.fixture(scope="session")
def warm_pool() -> Iterator[Any]:
    """The ProcessPool(2) behind :func:`proc`, stopped once at the end of the session."""
    pool = pi.ProcessPool(2)
    yield pool
    pool.shutdown()


@pytest.fixture
def proc(warm_pool: Any) -> Current:
    """The warm pool, usable as ``with proc:`` without stopping its workers afterwards."""
    return Current(warm_pool)


@pytest.fixture(scope="session")
def threads() -> Iterator[pi.ThreadPool]:
    """The semantics of record: a 2-thread pool (``install`` keeps it running)."""
    pool = pi.ThreadPoolBuilder().num_threads(2).build()
    yield pool
    pool.shutdown()


@pytest.fixture
def same_on_both(proc: Current, threads: pi.ThreadPool) -> Callable[[Callable[[], Any]], Any]:
    """``same_on_both(fn)``: ``fn()`` on the process pool, checked equal to it on threads."""

    def run(fn: Callable[[], Any]) -> Any:
        on_threads = threads.install(fn)
        with proc:
            on_processes = fn()
        assert on_processes == on_threads
        return on_processes

    return run


def pariter_workers() -> list[multiprocessing.Process]:
    """The live worker processes of every ProcessPool of this process."""
    return [p for p in multiprocessing.active_children() if p.name == "pariter-worker"]


def start_fresh(pool: Any) -> set[int]:
    """Stop ``pool``'s workers, start new ones, and return their pids (other pools' workers,
    alive before and after, are not among them)."""
    pool.shutdown()
    before = {p.pid for p in pariter_workers()}
    pool.install(lambda: pi.into_par_iter(range(100)).sum())
    return {p.pid for p in pariter_workers()} - before
