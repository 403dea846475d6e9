"""``spawn``, ``spawn_fifo`` and ``spawn_future``: tasks that outlive the call that started them.

A spawned task is detached: nothing waits for it. If it raises, the exception goes to the pool's
``panic_handler``, or else to ``sys.unraisablehook`` like an exception raised in ``__del__``; the
worker carries on either way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from contextvars import copy_context
from typing import TYPE_CHECKING, Any, TypeVar

from pariter.core.callables import check_callable
from pariter.core.job import NEVER_CANCELLED, Cancelled, Job
from pariter.core.pool import current_registry
from pariter.core.registry import Registry, Worker, current_worker
from pariter.core.scope import push_fifo

if TYPE_CHECKING:
    from concurrent.futures import Future

R = TypeVar("R")


class SpawnJob(Job):
    __slots__ = ("fn", "registry")

    def __init__(self, fn: Callable[[], Any], registry: Registry) -> None:
        super().__init__(copy_context(), NEVER_CANCELLED)
        self.fn = fn
        self.registry = registry

    def run(self, worker: Worker) -> Any:
        return self.fn()

    def complete(self, worker: Worker) -> None:
        exc = self.exc
        if exc is not None:
            self.exc = None
            if not isinstance(exc, Cancelled):
                self.registry.report_panic(exc, self.fn)


def spawn(fn: Callable[[], Any]) -> None:
    """Run ``fn()`` in the current pool and return at once (Rayon's ``spawn``).

    >>> import threading
    >>> done = threading.Event()
    >>> spawn(done.set)
    >>> done.wait(5)
    True
    """
    check_callable("fn", fn)
    registry = current_registry()
    registry.push(current_worker(), SpawnJob(fn, registry))


# Per registry, per worker: the FIFO queues of spawn_fifo (kept here, not on the hot Worker).
_fifo_queues: dict[int, dict[int, deque[Job]]] = {}


def spawn_fifo(fn: Callable[[], Any]) -> None:
    """Like :func:`spawn`, but the tasks one thread spawns start oldest first.

    >>> import threading
    >>> done = threading.Event()
    >>> spawn_fifo(done.set)
    >>> done.wait(5)
    True
    """
    check_callable("fn", fn)
    registry = current_registry()
    queues = _fifo_queues.setdefault(id(registry), {})
    push_fifo(registry, queues, SpawnJob(fn, registry))


class FutureJob(SpawnJob):
    """A spawned task whose outcome goes to a ``Future``, also when it never got to run."""

    __slots__ = ("future",)

    def __init__(self, fn: Callable[[], Any], registry: Registry, future: Future[Any]) -> None:
        super().__init__(fn, registry)
        self.future = future

    def run(self, worker: Worker) -> Any:
        future = self.future
        if not future.set_running_or_notify_cancel():
            return None  # cancelled before it started
        try:
            result = self.fn()
        except BaseException as exc:
            future.set_exception(exc)
        else:
            future.set_result(result)
        return None

    def complete(self, worker: Worker) -> None:
        exc, self.exc = self.exc, None
        future = self.future
        # It could not run (no stack left where it was taken): say so to the one waiting for
        # it rather than leave it waiting.
        if exc is not None and not future.done() and future.set_running_or_notify_cancel():
            future.set_exception(exc)


def spawn_future(fn: Callable[[], R]) -> Future[R]:
    """Run ``fn()`` in the current pool and return a ``concurrent.futures.Future`` of its result.

    A future cancelled before its task starts is skipped.

    >>> spawn_future(lambda: 6 * 7).result(timeout=5)
    42
    """
    check_callable("fn", fn)
    from concurrent.futures import Future  # here: it imports logging, slow to import

    future: Future[R] = Future()
    registry = current_registry()
    registry.push(current_worker(), FutureJob(fn, registry, future))
    return future


class _FutureLatch:
    """Lets a worker wait for a future with :meth:`Worker.wait_until` (it reads ``done``)."""

    __slots__ = ("future",)

    def __init__(self, future: Future[Any]) -> None:
        self.future = future

    @property
    def done(self) -> bool:
        return self.future.done()


def wait_future(future: Future[R]) -> R:
    """``future.result()``; on a pool thread, run other pool work until it is ready.

    A pool thread must never block on a task of its own pool: the task may sit in that very
    thread's deque (always so on a one-thread pool), and blocking would deadlock.

    >>> wait_future(spawn_future(lambda: "ready"))
    'ready'
    """
    worker = current_worker()
    if worker is not None and not future.done():
        future.add_done_callback(lambda _: worker.unpark())
        worker.wait_until(_FutureLatch(future))
    return future.result()
