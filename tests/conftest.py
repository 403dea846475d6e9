"""Shared fixtures: pools of 1, 2 and many threads, and a check that no test leaks threads."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import pariter as pi

# 1 thread exercises the "never deadlock when nobody can steal" paths, 2 is this machine's core
# count, and 7 is more threads than cores with an odd count so that splits are uneven.
THREAD_COUNTS = (1, 2, 7)


def gil_enabled() -> bool:
    return getattr(sys, "_is_gil_enabled", lambda: True)()


@pytest.fixture(autouse=True)
def _seven_threads_hand_off_at_once(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the 7-thread pools a call's caller runs one block and hands the rest to the pool.

    By default a small call runs whole on its caller (``plumbing/caller.py``), so most of the
    suite's small inputs would never reach the pool's threads; with no time budget the caller
    runs one item and the pool splits the rest, so the parallel paths and the join of the
    caller's part with the pool's are both tested on every input.
    """
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("pool") == 7:
        from pariter.plumbing import caller

        monkeypatch.setattr(caller, "CALLER_SECONDS", 0.0)


@pytest.fixture(params=THREAD_COUNTS, ids=lambda n: f"{n}threads")
def pool(request: pytest.FixtureRequest) -> Iterator[pi.ThreadPool]:
    """A fresh thread pool, current for the test's body, joined afterwards."""
    with pi.ThreadPoolBuilder().num_threads(request.param).build() as p:
        yield p


class Current:
    """``with Current(pool):`` makes ``pool`` current for the block without stopping it after.

    Leaving ``with pool:`` stops a pool's workers; a process pool shared by many tests stays
    warm through this instead (the tests still write ``with pool:``).
    """

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self._local = threading.local()  # each thread's stack of tokens

    def __enter__(self) -> Any:
        from pariter.core.current import _current_pool

        stack = self._local.__dict__.setdefault("tokens", [])
        stack.append(_current_pool.set(self.pool))
        return self.pool

    def __exit__(self, *exc: object) -> None:
        from pariter.core.current import _current_pool

        _current_pool.reset(self._local.tokens.pop())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pool, name)


def wait_for(predicate, timeout: float = 10.0) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` passes (for effects of detached tasks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return predicate()


def thread_count_settles(expected: int, timeout: float = 10.0) -> bool:
    return wait_for(lambda: threading.active_count() <= expected, timeout)


def sequential_error(source: Any, mutate: Any) -> str:
    """The RuntimeError message a plain ``for`` loop raises when ``mutate`` resizes ``source``."""
    try:
        for item in source:
            mutate(item)
    except RuntimeError as exc:
        return str(exc)
    raise AssertionError("the sequential loop did not raise")
