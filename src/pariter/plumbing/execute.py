"""The single entry through which every terminal operation runs, on the current pool.

A thread pool runs the bridge by recursive ``join`` on its workers.  Other backends (process
pools, Dask) plug in one level down: the chain is driven here as usual, and the bridge hands
its producer and consumer to the pool's ``run_pieces`` (see :mod:`pariter.plumbing.bridge`).
"""

from __future__ import annotations

from contextvars import Token
from typing import TYPE_CHECKING, TypeVar

from pariter.core import current_pool
from pariter.core.pool import ThreadPool
from pariter.core.registry import thread_state
from pariter.core.tracebacks import hide_frames
from pariter.plumbing.caller import call_key
from pariter.plumbing.protocols import Consumer
from pariter.plumbing.state import Abort, current_abort

if TYPE_CHECKING:
    from pariter.iterators.base import ParallelIterator

T = TypeVar("T")
R = TypeVar("R")


def execute(
    iterator: ParallelIterator[T], consumer: Consumer[T, R], abort: Abort | None = None
) -> R:
    """Drive ``iterator`` into ``consumer`` on the current pool and return the result.

    The first exception raised by user code is re-raised here, with its own type and
    traceback, after the other pieces stopped; the outermost call cuts pariter's frames from
    that traceback (:mod:`pariter.core.tracebacks`).  An exception that reaches the caller while it
    waits (Ctrl-C, a signal handler's ``TimeoutError``) aborts the call: every running piece
    stops at its next block and none starts, so the pool is free for the next call at once.
    ``abort`` lets a caller that runs several calls as one (a ``for`` loop) stop them itself.

    >>> from pariter import into_par_iter
    >>> from pariter.iterators.reduce import SumConsumer
    >>> execute(into_par_iter(range(5)), SumConsumer())
    10
    """
    pool = current_pool()
    if abort is None:
        abort = Abort()
    token = current_abort.set(abort)
    try:
        worker = thread_state.worker
        if worker is not None and worker.registry is getattr(pool, "_registry", None):
            # Already on one of the pool's threads: drive here (five frames fewer a nested
            # call than through install, so nested parallel code can go deeper).
            return iterator.drive_unindexed(consumer)
        if worker is None and isinstance(pool, ThreadPool):
            abort.site = call_key(iterator)
            # From outside every pool the chain is driven here, with the pool current: a
            # bridge runs its first items (all of a small call) on this thread and hands the
            # rest to the pool (plumbing/caller.py), so a small call wakes no thread.
            result: R = pool._run_current(iterator.drive_unindexed, consumer)
            return result
        return pool.install(lambda: iterator.drive_unindexed(consumer))
    except BaseException as exc:
        abort.value = True  # the pieces still running stop at their next block
        # The outermost call cuts pariter's frames from what the user sees (a nested call
        # leaves them to it): the bare ``raise`` below adds no frame back.
        outermost = token.old_value is Token.MISSING or token.old_value is None
        first = abort.exc
        if first is not None and first is not exc:
            # Another piece's later failure (or the join's ordering) surfaced first: the
            # contract is the first exception user code raised, with its own chaining.
            chained = first.__cause__, first.__context__, first.__suppress_context__
            try:
                raise first
            except BaseException:
                first.__cause__, first.__context__, first.__suppress_context__ = chained
                if outermost:
                    hide_frames(first)
                raise
        if outermost:
            hide_frames(exc)
        raise
    finally:
        current_abort.reset(token)
