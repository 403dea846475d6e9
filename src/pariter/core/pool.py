"""``ThreadPool``, ``ThreadPoolBuilder`` and the global pool (Rayon's ``ThreadPool`` API).

A ``ThreadPool`` is a configuration plus, while it is in use, one :class:`Registry` of threads.
The global pool is built lazily on first use, sized by ``PARITER_NUM_THREADS`` or by the CPUs
this process may use; ``ThreadPoolBuilder.build_global`` configures it before that.
``set_global_pool`` (or ``PARITER_POOL``, read at first use) makes another pool of any kind the
default of parallel calls; join, scope and spawn stay on the global thread pool.
"""

from __future__ import annotations

import _thread
import atexit
import os
import threading
import weakref
from collections.abc import Callable
from typing import Any, NamedTuple, Self, TypeVar

from pariter.core.callables import check_callable
from pariter.core.current import Pool, current_pool_or_none
from pariter.core.job import abandon
from pariter.core.registry import (
    Registry,
    ThreadBuilder,
    Worker,
    current_worker,
    registries_after_fork,
    sharing_depth,
)
from pariter.core.sizes import as_size

R = TypeVar("R")

ENV_NUM_THREADS = "PARITER_NUM_THREADS"
ENV_POOL = "PARITER_POOL"
#: The most threads one pool gets; more asked for are reduced to it (Rayon's limit on 64-bit
#: targets, kept so that programs ported from Rust see the same number).
MAX_NUM_THREADS = 0xFFFF


class ThreadPoolBuildError(RuntimeError):
    """A pool could not be built as asked (Rayon's ``ThreadPoolBuildError``)."""


def available_cpus() -> int:
    """The CPUs this process may use: ``os.process_cpu_count()`` where it exists (3.13+).

    >>> available_cpus() >= 1
    True
    """
    process_cpu_count = getattr(os, "process_cpu_count", None)
    if process_cpu_count is not None:
        return int(process_cpu_count() or 1)
    override = os.environ.get("PYTHON_CPU_COUNT", "")  # honoured by 3.13's process_cpu_count
    if override.isdigit() and int(override) > 0:
        return int(override)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_num_threads() -> int:
    """``PARITER_NUM_THREADS`` when set to a positive number, else :func:`available_cpus`.

    >>> default_num_threads() >= 1
    True
    """
    raw = os.environ.get(ENV_NUM_THREADS, "").strip()
    if not raw:
        return available_cpus()
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{ENV_NUM_THREADS} must be a whole number, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"{ENV_NUM_THREADS} must be 0 or more, got {value}")
    return value or available_cpus()


class PoolConfig(NamedTuple):
    """The settings a builder collects; 0 threads means :func:`default_num_threads`."""

    num_threads: int = 0
    thread_name: Callable[[int], str] | None = None
    stack_size: int | None = None
    start_handler: Callable[[int], Any] | None = None
    exit_handler: Callable[[int], Any] | None = None
    panic_handler: Callable[[BaseException], Any] | None = None
    spawn_handler: Callable[[ThreadBuilder], Any] | None = None
    use_current_thread: bool = False


def max_num_threads() -> int:
    """The most threads a pool is built with; a larger ``num_threads`` or
    ``PARITER_NUM_THREADS`` is reduced to it (Rayon's ``max_num_threads``).

    >>> max_num_threads()
    65535
    """
    return MAX_NUM_THREADS


def _check_callable(name: str, value: Any) -> None:
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be callable or None, got {type(value).__name__}")


class ThreadPoolBuilder:
    """Configure and build a :class:`ThreadPool` (or the global pool), as in Rayon.

    >>> pool = ThreadPoolBuilder().num_threads(2).thread_name(lambda i: f"w{i}").build()
    >>> pool.install(current_num_threads)
    2
    >>> pool.shutdown()
    """

    def __init__(self) -> None:
        self._config = PoolConfig()

    def _with(self, **changes: Any) -> Self:
        self._config = self._config._replace(**changes)
        return self

    def num_threads(self, num_threads: int) -> Self:
        """Number of worker threads; 0 means ``PARITER_NUM_THREADS`` or the available CPUs."""
        return self._with(num_threads=as_size("num_threads", num_threads))

    def thread_name(self, name: Callable[[int], str] | str) -> Self:
        """Name threads by ``name(index)``, or by a string (``"w-{}"`` or a prefix)."""
        if isinstance(name, str):
            template = name if "{" in name else name + "-{}"
            return self._with(thread_name=template.format)
        _check_callable("thread_name", name)
        return self._with(thread_name=name)

    def stack_size(self, stack_size: int) -> Self:
        """Stack size in bytes of each worker thread (``threading.stack_size`` rules apply)."""
        return self._with(stack_size=as_size("stack_size", stack_size) or None)

    def start_handler(self, handler: Callable[[int], Any]) -> Self:
        """Call ``handler(index)`` on each worker thread when it starts."""
        _check_callable("start_handler", handler)
        return self._with(start_handler=handler)

    def exit_handler(self, handler: Callable[[int], Any]) -> Self:
        """Call ``handler(index)`` on each worker thread before it exits."""
        _check_callable("exit_handler", handler)
        return self._with(exit_handler=handler)

    def panic_handler(self, handler: Callable[[BaseException], Any]) -> Self:
        """Call ``handler(exc)`` when a ``spawn``-ed task raises (else it is reported)."""
        _check_callable("panic_handler", handler)
        return self._with(panic_handler=handler)

    def spawn_handler(self, handler: Callable[[ThreadBuilder], Any]) -> Self:
        """Start each worker thread with ``handler(thread)`` instead of ``threading.Thread``.

        ``thread`` is a :class:`~pariter.core.registry.ThreadBuilder` (``index``, ``name``,
        ``stack_size``); the handler must arrange for some new thread to call ``thread.run()``,
        which works for the pool until it shuts down. An exception from the handler fails
        ``build()`` (threads already started stop).

        >>> import threading
        >>> started = []
        >>> def handler(thread):
        ...     started.append(thread.index)
        ...     threading.Thread(target=thread.run, daemon=True).start()
        >>> pool = ThreadPoolBuilder().num_threads(2).spawn_handler(handler).build()
        >>> pool.install(lambda: 6 * 7), started
        (42, [0, 1])
        >>> pool.shutdown()
        """
        _check_callable("spawn_handler", handler)
        return self._with(spawn_handler=handler)

    def use_current_thread(self) -> Self:
        """Make the thread that calls ``build()`` worker 0 of the pool (Rayon's
        ``use_current_thread``).

        That thread runs no work loop and no start or exit handler: it takes pool work only
        while it waits inside a call, a scope or ``yield_now()``, so a pool of one such thread
        runs everything on the caller. It leaves the pool when the pool is shut down on it
        (``with pool:`` does that); a pool restarted after ``shutdown()`` starts all its
        threads anew. Building it on a thread that already belongs to a pool fails.

        >>> pool = ThreadPoolBuilder().num_threads(2).use_current_thread().build()
        >>> current_thread_index()
        0
        >>> pool.shutdown()
        >>> current_thread_index() is None
        True
        """
        return self._with(use_current_thread=True)

    def build(self) -> ThreadPool:
        """Build a new pool; its threads start now.

        >>> with ThreadPoolBuilder().num_threads(1).build() as pool:
        ...     pool.join(lambda: 1, lambda: 2)
        (1, 2)
        """
        pool = ThreadPool._from_config(self._config)
        # Start the threads now, as Rayon does, so that errors surface here.
        pool._thread_registry(adopt_current=self._config.use_current_thread)
        return pool

    def build_scoped(
        self, wrapper: Callable[[ThreadBuilder], Any], with_pool: Callable[[ThreadPool], R]
    ) -> R:
        """Build a pool whose threads each run ``wrapper(thread)``, call ``with_pool(pool)``, then
        shut the pool down and join every thread before returning ``with_pool``'s result
        (Rayon's ``build_scoped``).

        ``wrapper`` sets up what each thread needs (a ``threading.local``, a connection) and must
        call ``thread.run()``; what it set up lives exactly as long as ``with_pool``. The pool
        cannot be used after ``build_scoped`` returns.

        >>> import threading
        >>> local = threading.local()
        >>> def wrapper(thread):
        ...     local.tag = f"ready-{thread.index}"
        ...     thread.run()
        >>> ThreadPoolBuilder().num_threads(2).build_scoped(
        ...     wrapper, lambda pool: sorted(pool.broadcast(lambda: local.tag)))
        ['ready-0', 'ready-1']
        """
        check_callable("wrapper", wrapper)  # None would start threads that never work
        check_callable("with_pool", with_pool)
        if self._config.use_current_thread:
            raise ThreadPoolBuildError("build_scoped() cannot use_current_thread(): use build()")
        threads: list[threading.Thread] = []

        def spawn(thread: ThreadBuilder) -> None:
            started = threading.Thread(
                target=wrapper, args=(thread,), name=thread.name, daemon=True
            )
            started.start()
            threads.append(started)

        pool = ThreadPool._from_config(self._config._replace(spawn_handler=spawn))
        try:
            pool._thread_registry()
            return with_pool(pool)
        finally:
            pool._ended = "it was built by build_scoped(), and ended when with_pool returned"
            pool.shutdown(wait=True)
            for thread in threads:
                thread.join()

    def build_global(self) -> None:
        """Configure the global pool. Fails if it was configured before or has already started.

        >>> ThreadPoolBuilder().num_threads(2).build_global()  # doctest: +SKIP
        """
        global _global_pool, _global_configured
        with _global_lock:
            if _global_configured:
                raise ThreadPoolBuildError(
                    "the global thread pool has already been configured by build_global()"
                )
            if _global_pool is not None and _global_pool._registry is not None:
                raise ThreadPoolBuildError(
                    "the global thread pool has already started (a parallel call ran before "
                    "build_global()); call build_global() before any parallel work"
                )
            _global_pool = ThreadPool._from_config(self._config)
            _global_configured = True
        _global_pool._thread_registry()


class ThreadPool(Pool):
    """A work-stealing pool of threads (Rayon's ``ThreadPool``).

    ``with pool:`` makes it current for every parallel call inside the block and joins its threads
    when the block exits; ``pool.install(fn)`` runs ``fn`` on one of its threads.

    >>> pool = ThreadPool(2)
    >>> pool.install(lambda: current_thread_index() in (0, 1))
    True
    >>> pool.shutdown()
    """

    def __init__(self, num_threads: int = 0) -> None:
        super().__init__()
        self._config = ThreadPoolBuilder().num_threads(num_threads)._config
        self._lock = threading.Lock()
        self._registry: Registry | None = None
        self._ended = ""  # why this pool may not start again, if it may not
        _all_pools.add(self)

    @classmethod
    def _from_config(cls, config: PoolConfig) -> ThreadPool:
        pool = cls()
        pool._config = config
        return pool

    def __repr__(self) -> str:
        state = "running" if self._registry is not None else "idle"
        return f"<ThreadPool num_threads={self.current_num_threads()} {state}>"

    # -- threads ------------------------------------------------------------------------------

    def _thread_registry(self, adopt_current: bool = False) -> Registry:
        registry = self._registry
        if registry is not None and not registry.terminating:
            return registry
        with self._lock:
            registry = self._registry
            if registry is None or registry.terminating:
                if self._ended:
                    raise RuntimeError(f"this ThreadPool cannot be used any more: {self._ended}")
                if adopt_current and current_worker() is not None:
                    raise ThreadPoolBuildError(
                        "use_current_thread(): this thread already belongs to a pool"
                    )
                registry = Registry(self._num_threads(), self._config, adopt_current)
                self._registry = registry
            return registry

    def _num_threads(self) -> int:
        return min(self._config.num_threads or default_num_threads(), MAX_NUM_THREADS)

    def _own_worker(self) -> Worker | None:
        """The calling thread's worker if it is one of this pool's threads, else None."""
        worker = current_worker()
        registry = self._registry
        if worker is None or registry is None or worker.registry is not registry:
            return None
        return worker

    def shutdown(self, wait: bool = True, timeout: float | None = None) -> None:
        """Stop the threads once their queued work is done; with ``wait``, join them.

        ``timeout`` bounds the wait (per thread); threads still busy then finish on their own.

        Using the pool afterwards starts new threads.

        >>> pool = ThreadPool(2)
        >>> pool.shutdown()
        >>> pool.install(lambda: 42)
        42
        >>> pool.shutdown()
        """
        with self._lock:
            registry, self._registry = self._registry, None
        if registry is not None:
            registry.terminate()
            if wait:
                registry.join_threads(timeout)

    def __del__(self) -> None:
        registry = getattr(self, "_registry", None)
        if registry is not None:
            registry.terminate()

    def __enter__(self) -> ThreadPool:
        super().__enter__()
        return self

    # -- Rayon's ThreadPool methods -----------------------------------------------------------

    def current_num_threads(self) -> int:
        """Number of threads in this pool.

        >>> ThreadPool(3).current_num_threads()
        3
        """
        registry = self._registry
        if registry is not None:
            return registry.num_threads
        return self._num_threads()

    def current_thread_index(self) -> int | None:
        """Index of the calling thread in this pool, or None if it is not one of its threads.

        >>> ThreadPool(1).current_thread_index() is None
        True
        """
        worker = current_worker()
        if worker is not None:
            return worker.index if worker.registry is self._registry else None
        return 0 if sharing_depth() and current_pool() is self else None

    def install(self, fn: Callable[[], R]) -> R:
        """Run ``fn()`` on a thread of this pool, with this pool current, and return its result.

        >>> with ThreadPool(2) as pool:
        ...     pool.install(lambda: current_num_threads())
        2
        """
        check_callable("fn", fn)
        result: R = self._run_current(self._thread_registry().in_worker, lambda w, inj: fn())
        return result

    def join(self, a: Callable[[], Any], b: Callable[[], Any]) -> tuple[Any, Any]:
        """:func:`pariter.join` on this pool."""
        from pariter.core.join import join

        return self._run_current(join, a, b)

    def join_context(self, a: Callable[[Any], Any], b: Callable[[Any], Any]) -> tuple[Any, Any]:
        """:func:`pariter.join_context` on this pool."""
        from pariter.core.join import join_context

        return self._run_current(join_context, a, b)

    def scope(self, op: Callable[[Any], R]) -> R:
        """:func:`pariter.scope` on this pool: ``op(s)`` runs on one of its threads."""
        from pariter.core.scope import scope

        return self.install(lambda: scope(op))

    def scope_fifo(self, op: Callable[[Any], R]) -> R:
        """:func:`pariter.scope_fifo` on this pool."""
        from pariter.core.scope import scope_fifo

        return self.install(lambda: scope_fifo(op))

    def spawn(self, fn: Callable[[], Any]) -> None:
        """:func:`pariter.spawn` on this pool."""
        from pariter.core.spawn import spawn

        self._run_current(spawn, fn)

    def spawn_fifo(self, fn: Callable[[], Any]) -> None:
        """:func:`pariter.spawn_fifo` on this pool."""
        from pariter.core.spawn import spawn_fifo

        self._run_current(spawn_fifo, fn)

    def broadcast(self, op: Callable[..., R]) -> list[R]:
        """:func:`pariter.broadcast` on this pool."""
        from pariter.core.broadcast import broadcast

        return self._run_current(broadcast, op)

    def spawn_broadcast(self, op: Callable[..., Any]) -> None:
        """:func:`pariter.spawn_broadcast` on this pool."""
        from pariter.core.broadcast import spawn_broadcast

        self._run_current(spawn_broadcast, op)

    def in_place_scope(self, op: Callable[[Any], R]) -> R:
        """:func:`pariter.in_place_scope` with this pool's threads: ``op(s)`` runs on the calling
        thread, the tasks it spawns on this pool.

        >>> seen = []
        >>> with ThreadPool(2) as pool:
        ...     pool.in_place_scope(lambda s: s.spawn(lambda: seen.append(current_thread_index())))
        >>> seen[0] in (0, 1)
        True
        """
        from pariter.core.scope import scope_in_place

        return scope_in_place(self._thread_registry(), op, fifo=False)

    def in_place_scope_fifo(self, op: Callable[[Any], R]) -> R:
        """:func:`pariter.in_place_scope_fifo` with this pool's threads."""
        from pariter.core.scope import scope_in_place

        return scope_in_place(self._thread_registry(), op, fifo=True)

    def yield_now(self) -> bool | None:
        """:func:`pariter.yield_now` if the caller is one of this pool's threads, else None.

        >>> ThreadPool(1).yield_now() is None
        True
        """
        return None if self._own_worker() is None else yield_now()

    def yield_local(self) -> bool | None:
        """:func:`pariter.yield_local` if the caller is one of this pool's threads, else None."""
        return None if self._own_worker() is None else yield_local()

    def current_thread_has_pending_tasks(self) -> bool | None:
        """Whether the calling thread's own queue holds tasks, or None if it is not one of this
        pool's threads (Rayon's ``ThreadPool::current_thread_has_pending_tasks``).

        >>> with ThreadPool(1) as pool:
        ...     pool.install(pool.current_thread_has_pending_tasks)
        False
        """
        worker = self._own_worker()
        return None if worker is None else bool(worker.deque)


# -- the global pool --------------------------------------------------------------------------

_global_lock = threading.Lock()
_global_pool: ThreadPool | None = None
_global_configured = False
_all_pools: weakref.WeakSet[ThreadPool] = weakref.WeakSet()

# The program-wide default pool of any kind: set by set_global_pool, or chosen by PARITER_POOL
# at first use. None means the global thread pool above (not captured: build_global replaces it).
_default_lock = threading.Lock()
_default_pool: Pool | None = None
_default_chosen = False  # PARITER_POOL was read, or set_global_pool decided


def global_pool() -> ThreadPool:
    """The global thread pool: join, scope, spawn and par_sort run there outside ``with``.

    It is the ``ThreadPool`` given to :func:`set_global_pool`, if that is one; else the default
    thread pool (created on first use; its threads start on the first parallel call).

    >>> isinstance(global_pool(), ThreadPool)
    True
    """
    pool = _default_pool
    if isinstance(pool, ThreadPool):
        return pool
    return _default_thread_pool()


def _default_thread_pool() -> ThreadPool:
    """The default thread pool, whatever :func:`set_global_pool` was given."""
    global _global_pool
    pool = _global_pool
    if pool is None:
        with _global_lock:
            pool = _global_pool
            if pool is None:
                pool = _global_pool = ThreadPool()
    return pool


def current_pool() -> Pool:
    """The pool parallel calls use here: the one made current by ``with``/``install``, else the
    global default (:func:`set_global_pool`, ``PARITER_POOL``, else the global thread pool).

    >>> current_pool() is global_pool()
    True
    """
    pool = current_pool_or_none()
    if pool is not None:
        return pool
    worker = current_worker()
    if worker is not None:
        for candidate in list(_all_pools):
            if candidate._registry is worker.registry:
                return candidate
    pool = _default_pool
    if pool is not None:
        return pool
    if _default_chosen:
        return global_pool()
    return _choose_default()


def set_global_pool(pool: Pool | None) -> Pool:
    """Make ``pool`` the default of every parallel call where no ``with pool:`` is active.

    Any pool will do: a ``ThreadPool``, a ``ProcessPool`` (pure-Python work on a GIL build), a
    ``DaskPool``.  Returns the pool it replaces: the previous one, the pool ``PARITER_POOL``
    chose, or the default thread pool.  ``None`` restores the default thread pool.  A
    ``with pool:`` block (or ``install``) still wins inside it, and ``join``, ``scope``,
    ``spawn`` and ``par_sort`` keep running on threads: on this pool if it is a ``ThreadPool``,
    else on the default thread pool.  The pool is shut down at exit, as every pool is.

    >>> import pariter as pi
    >>> pool = pi.ThreadPool(2)
    >>> previous = pi.set_global_pool(pool)
    >>> pi.current_pool() is pool, pi.current_num_threads()
    (True, 2)
    >>> pi.set_global_pool(previous) is pool
    True
    >>> pool.shutdown()

    On a GIL build, pure-Python chains run on processes with no change at their call sites:

    >>> previous = pi.set_global_pool(pi.ProcessPool(2))  # doctest: +SKIP
    >>> pi.into_par_iter(range(10)).map(lambda x: x * x).sum()  # doctest: +SKIP
    285
    >>> pi.set_global_pool(previous).shutdown()  # doctest: +SKIP
    """
    global _default_pool, _default_chosen
    if pool is not None and not isinstance(pool, Pool):
        raise TypeError(
            "pool must be a pariter pool (ThreadPool, ProcessPool, DaskPool) or None, "
            f"got {type(pool).__name__}"
        )
    with _default_lock:
        previous = _default_pool
        if previous is None and not _default_chosen:
            try:
                previous = _pool_from_env()
            except ValueError:
                previous = None  # an explicit choice needs no PARITER_POOL: ignore a bad one
        _default_pool = pool
        _default_chosen = True
        if pool is not None and not isinstance(pool, ThreadPool):
            _shut_down_default_at_exit()
    return _default_thread_pool() if previous is None else previous


def _choose_default() -> Pool:
    """The first parallel call with no pool set: what ``PARITER_POOL`` chooses."""
    global _default_pool, _default_chosen
    with _default_lock:
        if not _default_chosen:
            pool = _pool_from_env()  # a bad value raises here, and again on the next call
            if pool is not None and not isinstance(pool, ThreadPool):
                _shut_down_default_at_exit()
            _default_pool = pool
            _default_chosen = True
        pool = _default_pool
    return global_pool() if pool is None else pool


def _pool_from_env(raw: str | None = None) -> Pool | None:
    """The pool ``PARITER_POOL`` (or ``raw``) names, sized by ``PARITER_NUM_THREADS``; None for
    threads.

    The backends are imported only here: they bring multiprocessing, cloudpickle or Dask along.

    >>> _pool_from_env("threads") is None, _pool_from_env("") is None
    (True, True)
    >>> _pool_from_env("processes").num_workers == default_num_threads()
    True
    >>> _pool_from_env("fibers")
    Traceback (most recent call last):
    ...
    ValueError: PARITER_POOL must be threads, processes, dask or dask:ADDRESS, got 'fibers'
    """
    if raw is None:
        raw = os.environ.get(ENV_POOL, "")
    raw = raw.strip()
    kind, colon, address = raw.partition(":")
    kind = kind.strip().lower()
    address = address.strip()
    if kind in ("", "threads") and not colon:
        return None
    if kind == "processes" and not colon:
        from pariter.backends.process import ProcessPool

        return ProcessPool(default_num_threads())
    if kind == "dask" and (address or not colon):
        from pariter.backends.dask import DaskPool

        if address:
            return DaskPool(address)
        pool = DaskPool()
        pool._local_workers = default_num_threads()
        return pool
    raise ValueError(f"{ENV_POOL} must be threads, processes, dask or dask:ADDRESS, got {raw!r}")


_exit_hook_registered = False


def _shut_down_default_at_exit() -> None:
    """Shut the default pool down at exit (registered late: it runs before Dask's own hooks)."""
    global _exit_hook_registered
    if not _exit_hook_registered:
        _exit_hook_registered = True
        atexit.register(_shutdown_default)


def _shutdown_default() -> None:
    pool = _default_pool
    if pool is not None and not isinstance(pool, ThreadPool):
        try:
            pool.shutdown(wait=True, timeout=5.0)
        except Exception:
            pass  # at exit, with the interpreter going away: nothing to report it to


def current_registry() -> Registry:
    """The thread registry that core primitives (join, scope, spawn) run on here."""
    pool = current_pool_or_none()
    if pool is None:
        worker = current_worker()
        if worker is not None:
            return worker.registry
        pool = global_pool()
    return pool._thread_registry()


def current_num_threads() -> int:
    """Number of threads of the current pool (Rayon's ``current_num_threads``).

    >>> with ThreadPool(3):
    ...     current_num_threads()
    3
    """
    pool = current_pool_or_none()
    if pool is None:
        worker = current_worker()
        if worker is not None:
            return worker.registry.num_threads
        pool = global_pool()
    return pool.current_num_threads()


def current_thread_index() -> int | None:
    """Index of the calling thread in its pool, or None outside any pool.

    >>> current_thread_index() is None
    True
    >>> with ThreadPool(1) as pool:
    ...     pool.install(current_thread_index)
    0
    """
    worker = current_worker()
    if worker is not None:
        return worker.index
    return 0 if sharing_depth() else None  # the caller, running its share of a call


def current_thread_has_pending_tasks() -> bool | None:
    """Whether this pool thread's own queue holds tasks (pushed by a ``join`` or ``spawn`` and
    not yet run or stolen); None outside every pool.

    >>> current_thread_has_pending_tasks() is None
    True
    >>> with ThreadPool(1) as pool:
    ...     pool.install(current_thread_has_pending_tasks)
    False
    """
    worker = current_worker()
    return None if worker is None else bool(worker.deque)


def yield_now() -> bool | None:
    """Run one pending pool task if there is one: True if it did, False if idle, None outside.

    >>> yield_now() is None
    True
    """
    worker = current_worker()
    if worker is None:
        return None
    job = worker.find_work()
    if job is None:
        return False
    try:
        job.execute(worker)
    except BaseException as exc:  # it could not start (no stack left): never drop it
        _thread.start_new_thread(abandon, (job, worker, exc))
        raise
    return True


def yield_local() -> bool | None:
    """Like :func:`yield_now`, but only runs a task from this thread's own queue.

    >>> yield_local() is None
    True
    """
    worker = current_worker()
    if worker is None:
        return None
    if not worker.deque:
        return False
    try:
        job = worker.deque.pop()
    except IndexError:
        return False
    try:
        job.execute(worker)
    except BaseException as exc:  # it could not start (no stack left): never drop it
        _thread.start_new_thread(abandon, (job, worker, exc))
        raise
    return True


def _after_fork_in_child() -> None:
    # The parent's threads do not exist here. Fresh locks (a parent thread may have held one at
    # fork time), and every pool starts new threads when next used: the child gets a fresh pool.
    global _global_lock, _default_lock
    _global_lock = threading.Lock()
    _default_lock = threading.Lock()
    registries_after_fork()
    for pool in list(_all_pools):
        pool._lock = threading.Lock()
        pool._depth_lock = threading.Lock()
        pool._registry = None


def _shutdown_global_at_exit() -> None:
    pool = _global_pool
    if pool is not None and pool._registry is not None:
        pool._registry.terminate()  # workers are daemons: never keep the interpreter alive


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(_shutdown_global_at_exit)
