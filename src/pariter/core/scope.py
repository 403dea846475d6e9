"""``scope`` and ``scope_fifo``: spawn any number of tasks that all finish before the scope ends.

Usable as a context manager (``with scope() as s: s.spawn(fn)``) or, as in Rayon, with a body
(``scope(lambda s: ...)``), which then runs on a pool thread. Tasks may spawn more tasks into the
same scope; the scope ends only when every one of them has finished. The first exception of a task
is re-raised when the scope ends (after all tasks finished), with its own type and traceback.

In a one-thread pool, ``scope`` runs its tasks newest first (LIFO) and ``scope_fifo`` oldest first,
exactly as Rayon does.
"""

from __future__ import annotations

import _thread
import threading
from collections import deque
from collections.abc import Callable
from contextvars import copy_context
from types import TracebackType
from typing import Any, TypeVar, overload

from pariter.core.callables import check_callable, required_positionals, wants_argument
from pariter.core.job import CancelToken, CountLatch, Job, abandon, attach_secondary
from pariter.core.pool import current_registry
from pariter.core.registry import Registry, Worker, current_worker

R = TypeVar("R")


class ScopeJob(Job):
    __slots__ = ("fn", "pass_scope", "scope")

    def __init__(self, scope: Scope, fn: Callable[..., Any], token: CancelToken) -> None:
        super().__init__(copy_context(), token)
        self.scope = scope
        self.fn = fn
        self.pass_scope = wants_argument(fn)

    def run(self, worker: Worker) -> Any:
        return self.fn(self.scope) if self.pass_scope else self.fn()

    def complete(self, worker: Worker) -> None:
        scope = self.scope
        if self.exc is not None:
            scope._record(self.exc)
            self.exc = None
        scope._latch.decrement()


def _broadcast_call(op: Callable[..., Any], s: Scope, ctx: Any, arity: int) -> Callable[[], Any]:
    if arity >= 2:
        return lambda: op(s, ctx)
    if arity == 1:
        return lambda: op(ctx)
    return op


class FifoStub(Job):
    """Sits in a LIFO deque in place of the oldest job of a FIFO queue (Rayon's ``JobFifo``)."""

    __slots__ = ("queue",)

    def __init__(self, queue: deque[Job]) -> None:
        super().__init__(None, CancelToken())
        self.queue = queue

    def execute(self, worker: Worker) -> None:
        job = self.queue.popleft()
        try:
            job.execute(worker)
        except BaseException as exc:  # it could not start (no stack left): never drop it
            _thread.start_new_thread(abandon, (job, worker, exc))
            raise


def push_fifo(registry: Registry, queues: dict[int, deque[Job]], job: Job) -> None:
    """Queue ``job`` FIFO among the jobs this thread queued into ``queues``."""
    worker = current_worker()
    if worker is None or worker.registry is not registry:
        registry.inject(job)  # the injector is already first-in first-out
        return
    queue = queues.get(worker.index)
    if queue is None:
        queue = queues.setdefault(worker.index, deque())
    queue.append(job)
    registry.push(worker, FifoStub(queue))


class Scope:
    """The handle a scope gives its body and tasks: ``s.spawn(fn)`` adds a task to the scope.

    ``fn`` receives the scope when it takes a positional argument (``lambda s: ...``), so tasks
    can spawn further tasks.
    """

    def __init__(self, registry: Registry, token: CancelToken, fifo: bool) -> None:
        self._registry = registry
        self._token = token
        self._latch = CountLatch()
        self._fifo: dict[int, deque[Job]] | None = {} if fifo else None
        self._exc: BaseException | None = None
        self._exc_lock = threading.Lock()
        self._ended = False

    def spawn(self, fn: Callable[..., Any]) -> None:
        """Run ``fn`` (or ``fn(scope)``) in the pool before the scope ends.

        >>> results = []
        >>> with scope() as s:
        ...     s.spawn(lambda: results.append(1))
        ...     s.spawn(lambda s: s.spawn(lambda: results.append(2)))
        >>> sorted(results)
        [1, 2]
        """
        check_callable("fn", fn)
        if self._ended:
            raise RuntimeError("this scope has ended: spawn tasks inside its block or its tasks")
        self._latch.increment()
        job = ScopeJob(self, fn, self._token)
        if self._fifo is None:
            self._registry.push(current_worker(), job)
        else:
            push_fifo(self._registry, self._fifo, job)

    def spawn_fifo(self, fn: Callable[..., Any]) -> None:
        """Like :meth:`spawn`, but tasks of this thread start oldest first (Rayon's spawn_fifo)."""
        check_callable("fn", fn)
        if self._ended:
            raise RuntimeError("this scope has ended: spawn tasks inside its block or its tasks")
        self._latch.increment()
        if self._fifo is None:
            self._fifo = {}
        push_fifo(self._registry, self._fifo, ScopeJob(self, fn, self._token))

    def spawn_broadcast(self, op: Callable[..., Any]) -> None:
        """Run ``op`` once on every thread of the scope's pool before the scope ends (Rayon's
        ``Scope::spawn_broadcast``).

        ``op`` gets ``(scope, ctx)`` when it takes two positional arguments, the
        :class:`~pariter.BroadcastContext` ``ctx`` when it takes one, nothing otherwise.

        >>> import pariter as pi
        >>> seen = []
        >>> with pi.ThreadPool(2):
        ...     with pi.scope() as s:
        ...         s.spawn_broadcast(lambda s, ctx: seen.append(ctx.index))
        >>> sorted(seen)
        [0, 1]
        """
        from pariter.core.broadcast import post_broadcast

        check_callable("op", op)
        if self._ended:
            raise RuntimeError("this scope has ended: spawn tasks inside its block or its tasks")
        registry = self._registry
        arity = required_positionals(op)
        self._latch.increment(registry.num_threads)
        try:
            post_broadcast(
                registry,
                lambda ctx: ScopeJob(self, _broadcast_call(op, self, ctx, arity), self._token),
            )
        except BaseException:
            self._latch.decrement(registry.num_threads)
            raise

    def _record(self, exc: BaseException) -> None:
        with self._exc_lock:
            if self._exc is None:
                self._exc = exc
            else:
                attach_secondary(self._exc, exc)

    def _finish(self, body_exc: BaseException | None) -> None:
        """Wait for every task; then raise the first task exception (unless the body raised)."""
        try:
            self._registry.wait_latch(self._latch, self._token)
        finally:
            self._ended = True
        exc, self._exc = self._exc, None
        if exc is None:
            return
        if body_exc is not None:
            attach_secondary(body_exc, exc)
            return
        raise exc


class _ScopeBlock:
    """The context manager that ``scope()``/``scope_fifo()`` return when given no body."""

    def __init__(self, fifo: bool) -> None:
        self._fifo = fifo
        self._scope: Scope | None = None

    def __enter__(self) -> Scope:
        registry = current_registry()
        worker = current_worker()
        token = worker.token if worker is not None else CancelToken()
        self._scope = Scope(registry, token, self._fifo)
        return self._scope

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._scope is not None
        self._scope._finish(exc)


def scope_in_place(registry: Registry, op: Callable[[Scope], R], fifo: bool) -> R:
    """Run ``op(s)`` on this thread with a scope whose tasks go to ``registry``; wait for them."""
    worker = current_worker()
    s = Scope(registry, worker.token if worker is not None else CancelToken(), fifo)
    try:
        result = op(s)
    except BaseException as exc:
        s._finish(exc)
        raise
    s._finish(None)
    return result


def _run_body(op: Callable[[Scope], R], fifo: bool) -> R:
    def body(worker: Worker, injected: bool) -> R:
        return scope_in_place(worker.registry, op, fifo)

    return current_registry().in_worker(body)  # type: ignore[no-any-return]


@overload
def scope() -> _ScopeBlock: ...
@overload
def scope(op: Callable[[Scope], R]) -> R: ...
def scope(op: Callable[[Scope], R] | None = None) -> Any:
    """Create a scope: every task spawned in it finishes before it ends.

    >>> import pariter as pi
    >>> out = [0] * 4
    >>> with pi.scope() as s:
    ...     for i in range(4):
    ...         s.spawn(lambda i=i: out.__setitem__(i, i * i))
    >>> out
    [0, 1, 4, 9]
    >>> pi.scope(lambda s: "the body's result")
    "the body's result"
    """
    if op is None:
        return _ScopeBlock(fifo=False)
    check_callable("op", op)
    return _run_body(op, fifo=False)


@overload
def scope_fifo() -> _ScopeBlock: ...
@overload
def scope_fifo(op: Callable[[Scope], R]) -> R: ...
def scope_fifo(op: Callable[[Scope], R] | None = None) -> Any:
    """Like :func:`scope`, but each thread starts the tasks it spawned oldest first.

    >>> import pariter as pi
    >>> order = []
    >>> with pi.ThreadPool(1) as pool:
    ...     pool.scope_fifo(lambda s: [s.spawn(lambda i=i: order.append(i)) for i in range(3)])
    ...     order
    [None, None, None]
    [0, 1, 2]
    """
    if op is None:
        return _ScopeBlock(fifo=True)
    check_callable("op", op)
    return _run_body(op, fifo=True)


def in_place_scope(op: Callable[[Scope], R]) -> R:
    """Like :func:`scope`, but ``op(s)`` runs on the calling thread (Rayon's
    ``in_place_scope``); the tasks it spawns run on the current pool.

    The body keeps the caller's thread, so thread-locals it reads are the caller's; it blocks
    (or, on a pool thread, works) until every task has finished.

    >>> import threading
    >>> import pariter as pi
    >>> here = threading.get_ident()
    >>> out = []
    >>> def body(s):
    ...     s.spawn(lambda: out.append(1))
    ...     return threading.get_ident() == here
    >>> pi.in_place_scope(body)
    True
    >>> out
    [1]
    """
    check_callable("op", op)
    return scope_in_place(current_registry(), op, fifo=False)


def in_place_scope_fifo(op: Callable[[Scope], R]) -> R:
    """Like :func:`scope_fifo`, but ``op(s)`` runs on the calling thread.

    >>> import pariter as pi
    >>> order = []
    >>> def body(s):
    ...     for i in range(3):
    ...         s.spawn(lambda i=i: order.append(i))
    >>> with pi.ThreadPool(1):
    ...     pi.in_place_scope_fifo(body)
    >>> order
    [0, 1, 2]
    """
    check_callable("op", op)
    return scope_in_place(current_registry(), op, fifo=True)
