"""``broadcast`` and ``spawn_broadcast``: run a function once on every thread of the pool.

``broadcast`` waits for every call and returns their results; ``spawn_broadcast`` returns at once,
and an exception of one of its calls goes where a ``spawn``-ed task's goes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import copy_context
from typing import Any, TypeVar

from pariter.core.callables import check_callable, wants_argument
from pariter.core.job import CancelToken, CountLatch, Job, attach_secondary
from pariter.core.pool import current_registry
from pariter.core.registry import Registry, Worker, current_worker
from pariter.core.spawn import SpawnJob

R = TypeVar("R")


class BroadcastContext:
    """What a broadcast function receives: its thread's ``index`` and the ``num_threads``."""

    __slots__ = ("index", "num_threads")

    def __init__(self, index: int, num_threads: int) -> None:
        self.index = index
        self.num_threads = num_threads

    def __repr__(self) -> str:
        return f"BroadcastContext(index={self.index}, num_threads={self.num_threads})"


class BroadcastJob(Job):
    __slots__ = ("context", "latch", "op", "pass_context")

    def __init__(
        self,
        op: Callable[..., Any],
        context: BroadcastContext,
        latch: CountLatch,
        pass_context: bool,
        token: CancelToken,
    ) -> None:
        super().__init__(copy_context(), token)
        self.op = op
        self.context = context
        self.latch = latch
        self.pass_context = pass_context

    def run(self, worker: Worker) -> Any:
        return self.op(self.context) if self.pass_context else self.op()

    def complete(self, worker: Worker) -> None:
        self.latch.decrement()


class SpawnedBroadcastJob(SpawnJob):
    """One thread's call of a ``spawn_broadcast``: a spawned task that gets its context."""

    __slots__ = ("context", "pass_context")

    def __init__(
        self,
        op: Callable[..., Any],
        context: BroadcastContext,
        registry: Registry,
        pass_context: bool,
    ) -> None:
        super().__init__(op, registry)
        self.context = context
        self.pass_context = pass_context

    def run(self, worker: Worker) -> Any:
        op: Callable[..., Any] = self.fn  # takes the context when pass_context says so
        return op(self.context) if self.pass_context else op()


def post_broadcast(registry: Registry, make_job: Callable[[BroadcastContext], Job]) -> list[Job]:
    """Give each thread of ``registry`` its own job, made for its ``BroadcastContext``."""
    if registry.terminating:
        raise RuntimeError("this ThreadPool has been shut down")
    n = registry.num_threads
    jobs = [make_job(BroadcastContext(i, n)) for i in range(n)]
    for target, job in zip(registry.workers, jobs, strict=True):
        target.broadcasts.append(job)
    registry.wake_all()
    return jobs


def spawn_broadcast(op: Callable[..., Any]) -> None:
    """Run ``op`` once on each thread of the current pool and return at once (Rayon's
    ``spawn_broadcast``).

    ``op`` receives a :class:`BroadcastContext` when it takes a positional argument. An exception
    goes to the pool's ``panic_handler`` (else it is reported), as a ``spawn``-ed task's does.

    >>> import pariter as pi
    >>> seen = []
    >>> with pi.ThreadPool(2) as pool:
    ...     pool.spawn_broadcast(lambda ctx: seen.append(ctx.index))
    >>> sorted(seen)
    [0, 1]
    """
    check_callable("op", op)
    registry = current_registry()
    pass_context = wants_argument(op)
    post_broadcast(registry, lambda ctx: SpawnedBroadcastJob(op, ctx, registry, pass_context))


def broadcast(op: Callable[..., R]) -> list[R]:
    """Run ``op`` once on each thread of the current pool; results are ordered by thread index.

    ``op`` receives a :class:`BroadcastContext` when it takes a positional argument. If any call
    raises, every call still finishes first; then the exception of the lowest index is raised.

    >>> import pariter as pi
    >>> with pi.ThreadPool(3) as pool:
    ...     pool.broadcast(lambda ctx: ctx.index)
    [0, 1, 2]
    """
    check_callable("op", op)
    registry = current_registry()
    worker = current_worker()
    token = worker.token if worker is not None else CancelToken()
    latch = CountLatch(registry.num_threads)
    pass_context = wants_argument(op)
    jobs = post_broadcast(registry, lambda ctx: BroadcastJob(op, ctx, latch, pass_context, token))
    registry.wait_latch(latch, token)
    first: BaseException | None = None
    for job in jobs:
        if job.exc is not None:
            if first is None:
                first = job.exc
            else:
                attach_secondary(first, job.exc)
            job.exc = None
    if first is not None:
        raise first
    return [job.result for job in jobs]
