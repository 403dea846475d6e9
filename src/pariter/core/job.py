"""Jobs, latches and waiters: the small objects that move work between threads.

A *job* runs exactly once, on whichever thread takes it from a deque, and records its result or
exception.  A *latch* is anything with a ``done`` attribute that a waiting thread polls; when it
flips, the latch wakes its ``waiter``.  A waiter is either a pool worker (which keeps running other
pool work while it waits) or an :class:`ExternalWaiter` for a thread outside the pool, which blocks.

Rayon calls these ``StackJob``/``HeapJob`` and ``SpinLatch``/``LockLatch``/``CountLatch``; the
names are kept where the role is the same.
"""

from __future__ import annotations

import _thread
import threading
from collections.abc import Callable
from contextvars import Context
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pariter.core.registry import Worker


class Cancelled(BaseException):
    """Raised inside the pool in place of a task whose call was abandoned (Ctrl-C in the caller).

    It derives from ``BaseException`` so that user code's ``except Exception`` does not swallow it;
    it never reaches user code outside the pool, because nobody waits for an abandoned call.
    """


class CancelToken:
    """Shared by every task of one call from outside the pool; set when the caller gives up."""

    __slots__ = ("cancelled",)

    def __init__(self) -> None:
        self.cancelled = False


# Tasks started by code that has no call to belong to (a detached `spawn`) are never cancelled.
NEVER_CANCELLED = CancelToken()


class Waiter(Protocol):
    def unpark(self) -> None: ...


#: How often a thread blocked on a call looks at its latch itself (see ExternalWaiter.wait).
BACKSTOP_SECONDS = 0.5


class ExternalWaiter:
    """Blocks a thread that is not a pool worker until a latch wakes it.

    A plain lock is the cheapest wake-up primitive CPython has, and blocking on it stays
    interruptible by signals (Ctrl-C) on POSIX.
    """

    __slots__ = ("_lock",)

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lock.acquire()

    def unpark(self) -> None:
        self._lock.release()

    def wait(self, latch: Any) -> None:
        """Block until woken; also return once ``latch.done`` is seen (a backstop, checked
        every half second, so that a wake-up lost to a fault can cost a pause, never a hang)."""
        while not self._lock.acquire(timeout=BACKSTOP_SECONDS):
            if latch.done:
                return


class Job:
    """One unit of pool work. Subclasses say what running it means (:meth:`run`)."""

    __slots__ = ("ctx", "done", "exc", "result", "token")

    def __init__(self, ctx: Context | None, token: CancelToken) -> None:
        self.ctx = ctx
        self.token = token
        self.done = False
        self.result: Any = None
        self.exc: BaseException | None = None

    def run(self, worker: Worker) -> Any:
        raise NotImplementedError

    def execute(self, worker: Worker) -> None:
        """Run the job on ``worker``, record the outcome, then signal completion."""
        token = self.token
        previous = worker.token
        worker.token = token  # tasks this job creates belong to the same call
        try:
            if token.cancelled:
                raise Cancelled
            ctx = self.ctx
            self.result = ctx.run(self.run, worker) if ctx is not None else self.run(worker)
        except BaseException as exc:  # the exception belongs to whoever waits for this job
            self.exc = exc
        finally:
            worker.token = previous
        self.done = True
        try:
            self.complete(worker)
        except BaseException:
            # No stack left to wake the waiter from here (RecursionError, MemoryError): wake it
            # from a fresh thread (a C call: it needs no frame). Each step of complete() is
            # guarded by state, so running it again does what the failed run did not.
            _thread.start_new_thread(self.complete, (worker,))
            raise

    def complete(self, worker: Worker) -> None:
        """Called once after ``done`` is set: wake whoever waits."""

    def outcome(self) -> Any:
        """The job's result, or its exception re-raised with the task's own traceback."""
        exc = self.exc
        if exc is not None:
            self.exc = None  # break the frame -> exception -> job reference cycle
            raise exc
        return self.result


class CallJob(Job):
    """Runs ``fn(worker)`` and wakes one waiter: used to enter a pool from outside it."""

    __slots__ = ("fn", "waiter")

    def __init__(
        self, fn: Callable[[Worker], Any], ctx: Context | None, token: CancelToken
    ) -> None:
        super().__init__(ctx, token)
        self.fn = fn
        self.waiter: Waiter | None = None

    def run(self, worker: Worker) -> Any:
        return self.fn(worker)

    def complete(self, worker: Worker) -> None:
        waiter = self.waiter
        if waiter is not None:
            waiter.unpark()


class CountLatch:
    """Counts outstanding tasks (of a scope or a broadcast); ``done`` once the count is zero."""

    __slots__ = ("_lock", "count", "done", "waiter")

    def __init__(self, count: int = 0) -> None:
        self._lock = threading.Lock()
        self.count = count
        self.done = count == 0
        self.waiter: Waiter | None = None

    def increment(self, n: int = 1) -> None:
        with self._lock:
            self.count += n
            self.done = False

    def decrement(self, n: int = 1) -> None:
        with self._lock:
            self.count -= n
            if self.count:
                return
            self.done = True
            waiter = self.waiter
        if waiter is not None:
            waiter.unpark()

    def set_waiter(self, waiter: Waiter) -> bool:
        """Register the thread to wake at zero; False if the count is already zero."""
        with self._lock:
            if self.done:
                return False
            self.waiter = waiter
            return True


def abandon(job: Job, worker: Worker, exc: BaseException) -> None:
    """``job`` was taken from a queue but could not even start (``exc``: no stack was left):
    it fails with ``exc``, and whoever waits for it is woken.

    The frame that took the job is at the recursion limit, where calling this would fail too: it
    runs this on a fresh thread, ``_thread.start_new_thread(abandon, (job, worker, exc))``, a C
    call that needs no frame.
    """
    if not job.done:
        job.exc = exc
        job.done = True
        job.complete(worker)


def attach_secondary(primary: BaseException, secondary: BaseException) -> None:
    """Record that ``secondary`` was raised too while ``primary`` is the one propagating.

    The secondary exception is kept in ``primary.__pariter_secondary__`` (a list, oldest first)
    and named in a note, so the traceback the user sees mentions it.
    """
    if isinstance(secondary, Cancelled) or secondary is primary:
        return
    others = primary.__dict__.setdefault("__pariter_secondary__", [])
    others.append(secondary)
    primary.add_note(
        f"pariter: another task of the same call also raised "
        f"{type(secondary).__name__}: {secondary}"
    )
