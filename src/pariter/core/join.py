"""``join`` and ``join_context``: the fork-join primitive every parallel iterator is built on.

The calling worker pushes ``b`` onto its own deque (where idle workers can steal it), runs ``a``
itself, then takes ``b`` back and runs it too unless a thief got there first. While a stolen ``b``
still runs, the worker runs other pool work instead of blocking (Rayon's ``join``).
"""

from __future__ import annotations

import _thread
from collections.abc import Callable
from contextvars import copy_context
from typing import Any, TypeVar

from pariter.core.callables import check_callable
from pariter.core.current import current_pool_or_none
from pariter.core.job import Cancelled, CancelToken, Job, abandon, attach_secondary
from pariter.core.pool import current_registry
from pariter.core.registry import Worker, current_worker
from pariter.core.tracebacks import hide_frames

A = TypeVar("A")
B = TypeVar("B")


class JoinContext:
    """Passed to the closures of :func:`join_context`.

    ``migrated`` is True when the closure runs on another thread than the one that called
    ``join_context`` (it was stolen), or when the call came from outside the pool.
    """

    __slots__ = ("migrated",)

    def __init__(self, migrated: bool) -> None:
        self.migrated = migrated

    def __repr__(self) -> str:
        return f"JoinContext(migrated={self.migrated})"


_MIGRATED = JoinContext(True)
_NOT_MIGRATED = JoinContext(False)


class StackJob(Job):
    """The ``b`` half of a join: run by its owner, or by the thief that stole it."""

    __slots__ = ("fn", "injected", "owner", "with_context")

    def __init__(
        self,
        fn: Callable[..., Any],
        owner: Worker,
        with_context: bool,
        token: CancelToken,
        injected: bool = False,
    ) -> None:
        super().__init__(copy_context(), token)
        self.fn = fn
        self.owner = owner
        self.with_context = with_context
        self.injected = injected  # the join came from outside the pool: b migrated anyway

    def run(self, worker: Worker) -> Any:
        if self.with_context:
            stayed = worker is self.owner and not self.injected
            return self.fn(_NOT_MIGRATED if stayed else _MIGRATED)
        return self.fn()

    def complete(self, worker: Worker) -> None:
        owner = self.owner
        if owner is not worker:
            owner.unpark()


def join(a: Callable[[], A], b: Callable[[], B]) -> tuple[A, B]:
    """Run ``a`` and ``b``, potentially in parallel, and return ``(a(), b())``.

    Both always run. An exception of either is re-raised here with its own type and traceback once
    both have finished; if both raise, ``a``'s propagates and ``b``'s is attached to it.

    >>> def fib(n):
    ...     if n < 2:
    ...         return n
    ...     x, y = join(lambda: fib(n - 1), lambda: fib(n - 2))
    ...     return x + y
    >>> fib(15)
    610
    """
    if not callable(a) or not callable(b):  # checked inline: a join costs about a microsecond
        _not_callable(a, b)  # type: ignore[unreachable]
    worker = current_worker()
    if worker is not None and _on_current_pool(worker):
        return _join_on(worker, a, b, False, False)
    try:
        return current_registry().in_worker(  # type: ignore[no-any-return]
            lambda w, injected: _join_on(w, a, b, False, injected)
        )
    except BaseException as exc:
        hide_frames(exc)  # leaving the pool for the caller: only the user's frames
        raise


def join_context(a: Callable[[JoinContext], A], b: Callable[[JoinContext], B]) -> tuple[A, B]:
    """Like :func:`join`, but each closure gets a :class:`JoinContext` saying if it migrated.

    ``a`` runs migrated only when the call came from outside the pool (it was sent in); ``b``
    when a thief took it, or when the call came from outside the pool.

    >>> join_context(lambda ctx: ctx.migrated, lambda ctx: ctx.migrated)
    (True, True)
    """
    # join's body, with_context=True: a helper shared by both would cost every nested join one
    # frame more.
    if not callable(a) or not callable(b):  # checked inline: a join costs about a microsecond
        _not_callable(a, b)  # type: ignore[unreachable]
    worker = current_worker()
    if worker is not None and _on_current_pool(worker):
        return _join_on(worker, a, b, True, False)
    try:
        return current_registry().in_worker(  # type: ignore[no-any-return]
            lambda w, injected: _join_on(w, a, b, True, injected)
        )
    except BaseException as exc:
        hide_frames(exc)  # leaving the pool for the caller: only the user's frames
        raise


def _not_callable(a: Any, b: Any) -> None:
    check_callable("a", a)
    check_callable("b", b)


def _on_current_pool(worker: Worker) -> bool:
    """Is ``worker`` a thread of the pool that parallel work here should run on?"""
    pool = current_pool_or_none()
    return pool is None or pool._thread_registry() is worker.registry


def _join_on(
    worker: Worker, a: Callable[..., A], b: Callable[..., B], with_context: bool, injected: bool
) -> tuple[A, B]:
    token = worker.token
    if token.cancelled:
        raise Cancelled
    job_b = StackJob(b, worker, with_context, token, injected)
    worker.deque.append(job_b)
    registry = worker.registry
    if registry.sleepers:
        registry.wake_one()
    try:
        if with_context:
            result_a = a(_MIGRATED if injected else _NOT_MIGRATED)
        else:
            result_a = a()
    except BaseException as exc_a:
        _finish(worker, job_b)  # b may use what a's caller owns: it must finish first
        if job_b.exc is not None:
            attach_secondary(exc_a, job_b.exc)
            job_b.exc = None
        raise
    _finish(worker, job_b)
    return result_a, job_b.outcome()


def _finish(worker: Worker, job_b: StackJob) -> None:
    """Make sure ``job_b`` has run: pop it back and run it here, or wait for its thief."""
    own = worker.deque
    while not job_b.done:
        if own:
            try:
                job = own.pop()
            except IndexError:
                continue
            try:
                job.execute(worker)  # job_b itself, or work that `a` left queued above it
            except BaseException as exc:  # it could not start (no stack left): never drop it
                _thread.start_new_thread(abandon, (job, worker, exc))
                raise
        else:
            worker.wait_until(job_b)
            return
