"""Which pool runs a parallel call: the one made current by ``with pool:`` or ``install``.

Every pool kind (threads, processes, a Dask cluster) derives from :class:`Pool`. The current pool
lives in a context variable, so it follows tasks into the pool (each task runs in a copy of its
caller's context) and nested ``with`` blocks restore the outer pool on exit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextvars import ContextVar, Token
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pariter.core.registry import Registry

R = TypeVar("R")

#: Seconds a ``with pool:`` block leaving on an exception waits for the pool's workers.
EXIT_ON_ERROR_TIMEOUT = 10.0

_current_pool: ContextVar[Pool | None] = ContextVar("pariter_current_pool", default=None)


#: ``current_pool_or_none()``: the pool a ``with pool:`` block or ``install`` made current here,
#: if any.  The context variable's own ``get``: every call reads it, and this adds no frame.
current_pool_or_none: Callable[[], Pool | None] = _current_pool.get


class Pool:
    """What every pool kind shares: it can be made current, and ``with`` scopes its workers.

    ``with pool:`` makes the pool current for every parallel call inside the block (nested
    blocks included) and, when the outermost block of this pool exits, stops its workers, like
    leaving ``with concurrent.futures.ThreadPoolExecutor()`` does. A pool whose workers were
    stopped starts new ones the next time it is used, so a pool object can serve several blocks.
    """

    def __init__(self) -> None:
        self._depth_lock = threading.Lock()
        self._depth = 0
        self._tokens = threading.local()  # each thread's stack of ContextVar tokens

    # -- what each kind provides --------------------------------------------------------------

    def current_num_threads(self) -> int:
        """How many workers this pool runs tasks on."""
        raise NotImplementedError

    def install(self, fn: Callable[[], R]) -> R:
        """Run ``fn`` with this pool current (on one of its threads, for a thread pool)."""
        raise NotImplementedError

    def shutdown(self, wait: bool = True, timeout: float | None = None) -> None:
        """Stop the pool's workers; they are started again if the pool is used later."""
        raise NotImplementedError

    def _thread_registry(self) -> Registry:
        """The thread registry that runs core primitives (join, scope) while this pool is current.

        Pools that are not thread pools run those on the global thread pool.
        """
        from pariter.core.pool import global_pool

        return global_pool()._thread_registry()

    # -- being current ------------------------------------------------------------------------

    def _run_current(self, fn: Callable[..., R], *args: Any) -> R:
        """Call ``fn(*args)`` with this pool current, on the calling thread."""
        token = _current_pool.set(self)
        try:
            return fn(*args)
        finally:
            _current_pool.reset(token)

    def __enter__(self) -> Pool:
        with self._depth_lock:
            self._depth += 1
        stack: list[Token[Pool | None]] | None = getattr(self._tokens, "stack", None)
        if stack is None:
            stack = self._tokens.stack = []
        stack.append(_current_pool.set(self))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _current_pool.reset(self._tokens.stack.pop())
        with self._depth_lock:
            self._depth -= 1
            last = self._depth == 0
        if last:
            # Leaving normally waits for every queued task. Leaving on an exception (Ctrl-C,
            # a timeout, the user's own error) waits a bounded time, so that a task stuck for
            # good turns into the exception being raised, not into a hang.
            self.shutdown(wait=True, timeout=None if exc is None else EXIT_ON_ERROR_TIMEOUT)
