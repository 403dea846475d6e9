"""The registry: one generation of worker threads, their deques, stealing and sleeping.

Each worker owns a ``collections.deque``: the owner pushes and pops at the right end (LIFO, so the
most recently split, smallest piece runs first and stays in cache), thieves take from the left end
(the oldest, largest piece). ``deque.append``/``pop``/``popleft`` are atomic on both GIL and
free-threaded CPython, so the deque itself needs no extra lock. Work from outside the pool goes
into a shared *injector* deque.

An idle worker looks for work a few rounds, then *parks* on a private lock. Whoever posts work pops
one parked worker off ``sleepers`` and releases its lock; a latch that completes releases the lock
of the worker waiting for it. A released-but-not-yet-acquired lock is a token that is never lost,
so a wake-up that races with falling asleep only costs one extra loop, never a missed job.
"""

from __future__ import annotations

import _thread
import os
import sys
import threading
import time
import traceback
import weakref
from collections import deque
from collections.abc import Callable
from contextvars import copy_context
from types import TracebackType
from typing import Any, NamedTuple, Protocol

from pariter.core.job import CallJob, CancelToken, CountLatch, ExternalWaiter, Job, abandon

# Rounds an idle worker keeps looking (yielding its time slice in between) before it parks. Low,
# because under the GIL a spinning worker takes interpreter time from the ones doing work.
SPIN_ROUNDS = 8
# A parked worker wakes on its own this often. The wake-up protocol does not need it; it is a
# backstop so that an unforeseen race could cost a pause but never a hang.
PARK_TIMEOUT = 0.5
#: Nested parallel code recurses through the pool's frames as well as its own (a nested join
#: costs four frames a level, a nested parallel call about ten), so while pool threads run the
#: interpreter's recursion limit is at least this (raised when the first starts, put back when
#: the last exits): 500 nested joins need 2,000 frames where the default limit is 1,000. Pool
#: threads get stacks big enough for that depth through C calls (on 3.11 the recursion limit
#: does not bound the C stack).
RECURSION_LIMIT = 4000
WORKER_STACK_SIZE = 64 << 20  # bytes of address space; only the pages touched are used


class ThreadState(threading.local):
    """What each thread knows of pariter: the pool worker it is (``worker``, None outside every
    pool) and how many calls it runs a share of (``sharing``, see ``plumbing/caller.py``).

    The class attributes are every thread's starting values, so reading them is a plain
    attribute load; ``getattr(local, name, default)`` on a thread that never set the name
    raises and catches an AttributeError (about 1 us, and every call reads ``worker``).
    """

    worker: Worker | None = None
    sharing = 0


#: This thread's :class:`ThreadState` (the engine's hot paths read it directly).
thread_state = ThreadState()


def current_worker() -> Worker | None:
    """The pool worker running on this thread, or None outside every pool."""
    return thread_state.worker


def sharing_depth() -> int:
    """How many calls this thread (not a pool thread) is running a share of, nested.

    >>> sharing_depth()
    0
    """
    return thread_state.sharing


class Handlers(Protocol):
    """What a registry needs from its builder's settings."""

    @property
    def thread_name(self) -> Callable[[int], str] | None: ...
    @property
    def stack_size(self) -> int | None: ...
    @property
    def start_handler(self) -> Callable[[int], Any] | None: ...
    @property
    def exit_handler(self) -> Callable[[int], Any] | None: ...
    @property
    def panic_handler(self) -> Callable[[BaseException], Any] | None: ...
    @property
    def spawn_handler(self) -> Callable[[ThreadBuilder], Any] | None: ...


class Worker:
    """The state of one pool thread; also the waiter that a latch wakes."""

    __slots__ = (
        "broadcasts",
        "deque",
        "fifo",
        "index",
        "park",
        "registry",
        "sleeping",
        "steal_order",
        "token",
    )

    def __init__(self, registry: Registry, index: int) -> None:
        self.registry = registry
        self.index = index
        self.deque: deque[Job] = deque()
        self.broadcasts: deque[Job] = deque()  # jobs only this worker may run, oldest first
        self.fifo: deque[Job] = deque()  # this thread's spawn_fifo jobs, run through FifoStubs
        self.park = threading.Lock()
        self.park.acquire()
        self.sleeping = False
        self.steal_order: list[Worker] = []
        self.token = CancelToken()

    # -- finding work -------------------------------------------------------------------------

    def find_work(self) -> Job | None:
        """Own deque (newest first), own broadcasts, then steal (oldest first), then injected."""
        own = self.deque
        if own:
            try:
                return own.pop()
            except IndexError:
                pass
        broadcasts = self.broadcasts
        if broadcasts:
            try:
                return broadcasts.popleft()
            except IndexError:
                pass
        order = self.steal_order
        for victim in order:
            theirs = victim.deque
            if theirs:
                try:
                    job = theirs.popleft()
                except IndexError:
                    continue
                # Start the next search at the following victim, as Rayon's random start does.
                order.append(order.pop(0))
                return job
        injector = self.registry.injector
        if injector:
            try:
                return injector.popleft()
            except IndexError:
                pass
        return None

    def wait_until(self, latch: Job | Any) -> None:
        """Run other pool work until ``latch.done``; park when there is none."""
        rounds = 0
        while not latch.done:
            job = self.find_work()
            if job is not None:
                try:
                    job.execute(self)
                except BaseException as exc:  # it could not start (no stack left): never
                    _thread.start_new_thread(abandon, (job, self, exc))  # drop a taken job
                    raise
                rounds = 0
            elif rounds < SPIN_ROUNDS:
                rounds += 1
                time.sleep(0)
            else:
                rounds = 0 if self.sleep(latch) else SPIN_ROUNDS

    # -- sleeping and waking ------------------------------------------------------------------

    def sleep(self, latch: Any) -> bool:
        """Park until work is posted; False when the backstop timeout woke it instead (then
        the caller goes straight back to sleep rather than spinning again: idle pools stay
        idle)."""
        registry = self.registry
        self.sleeping = True
        registry.sleepers.append(self)
        # Checked after announcing sleep: a poster either sees us in `sleepers` or we see its job.
        if (
            (latch is not None and latch.done)
            or self.broadcasts
            or registry.has_shared_work()
            or registry.terminating
        ):
            self.sleeping = False
            return True
        woken = self.park.acquire(timeout=PARK_TIMEOUT)
        self.sleeping = False
        return woken

    def unpark(self) -> None:
        """Wake this worker, or make its next park return at once.

        Deliberately unconditional: a latch that completes stores ``done`` and then wakes its
        waiter, while the waiter stores ``sleeping`` and then reads ``done``. Checking
        ``sleeping`` here would be a load after a store with no fence between them, which a
        free-threaded build on a weakly ordered store buffer may reorder, so both sides could
        miss each other. Releasing the lock is an atomic operation; a spare token costs the
        worker one extra loop.
        """
        try:
            self.park.release()
        except RuntimeError:  # a token is already there
            pass

    # -- the thread ---------------------------------------------------------------------------

    def main_loop(self, handlers: Handlers, started: threading.Barrier | None) -> None:
        try:
            self._run(handlers, started)
        finally:
            _thread_exited()

    def _run(self, handlers: Handlers, started: threading.Barrier | None) -> None:
        thread_state.worker = self
        registry = self.registry
        if handlers.start_handler is not None:
            registry.call_handler(handlers.start_handler, self.index)
        try:
            if started is not None:
                started.wait()
        except threading.BrokenBarrierError:  # the pool failed to start all its threads
            registry.terminating = True  # straight to the exit handler, as in Rayon
        rounds = 0
        while True:
            job = self.find_work()
            if job is not None:
                try:
                    job.execute(self)
                except BaseException as exc:  # a fault in the bookkeeping: the thread goes on
                    _thread.start_new_thread(abandon, (job, self, exc))
                rounds = 0
            elif registry.terminating:
                break
            elif rounds < SPIN_ROUNDS:
                rounds += 1
                time.sleep(0)
            else:
                rounds = 0 if self.sleep(None) else SPIN_ROUNDS
        if handlers.exit_handler is not None:
            registry.call_handler(handlers.exit_handler, self.index)
        thread_state.worker = None


_all_registries: weakref.WeakSet[Registry] = weakref.WeakSet()
_stack_size_lock = threading.Lock()

# The recursion limit is process-wide: raised when the first pool thread starts, restored when
# the last one exits (unless someone changed it meanwhile), under one lock.
_limit_lock = threading.Lock()
_live_threads = 0
_limit_before: int | None = None


def _thread_starting() -> None:
    global _live_threads, _limit_before
    with _limit_lock:
        _live_threads += 1
        limit = sys.getrecursionlimit()
        if _live_threads == 1 and limit < RECURSION_LIMIT:
            _limit_before = limit
            sys.setrecursionlimit(RECURSION_LIMIT)


def _thread_exited() -> None:
    global _live_threads, _limit_before
    with _limit_lock:
        _live_threads -= 1
        if _live_threads == 0 and _limit_before is not None:
            if sys.getrecursionlimit() == RECURSION_LIMIT:
                sys.setrecursionlimit(_limit_before)
            _limit_before = None


class Registry:
    """A set of worker threads that share work; a ``ThreadPool`` owns one at a time."""

    def __init__(self, num_threads: int, handlers: Handlers, adopt_current: bool = False) -> None:
        """Start the threads; with ``adopt_current``, the calling thread becomes worker 0.

        An adopted thread runs no main loop and no start or exit handler (as Rayon's
        ``use_current_thread``): it works for the pool only while it waits in a call, a scope or
        ``yield_now``, and it leaves the pool when the pool is shut down on that thread.
        """
        self.num_threads = num_threads
        self.handlers = handlers
        self.injector: deque[Job] = deque()
        self.sleepers: deque[Worker] = deque()
        self.terminating = False
        self.pid = os.getpid()
        self.workers = [Worker(self, i) for i in range(num_threads)]
        for worker in self.workers:
            later = self.workers[worker.index + 1 :] + self.workers[: worker.index]
            worker.steal_order = later
        self.adopted: tuple[Worker, int] | None = None
        if adopt_current:
            self.adopted = (self.workers[0], threading.get_ident())
        spawn_handler = handlers.spawn_handler
        # A spawn handler starts threads its own way, maybe later: build() cannot wait for them.
        # The builder waits with the started threads: an adopted worker 0 starts no thread.
        parties = num_threads + (0 if adopt_current else 1)
        started = None if spawn_handler is not None else threading.Barrier(parties)
        name = handlers.thread_name or (lambda i: f"pariter-{i}")
        self.threads: list[threading.Thread] = []
        with _stack_size_lock:  # threading.stack_size is process-wide: set it only around start()
            previous = threading.stack_size(handlers.stack_size or WORKER_STACK_SIZE)
            try:
                # As Rayon: each thread is named just before it starts; if naming or starting
                # one fails, those started run their exit handler and stop, and the error
                # propagates from build().
                for i, worker in enumerate(self.workers):
                    if i == 0 and adopt_current:
                        continue
                    if spawn_handler is not None:
                        spawn_handler(ThreadBuilder(worker, name(i), handlers))
                        continue
                    thread = threading.Thread(
                        target=worker.main_loop, args=(handlers, started), name=name(i), daemon=True
                    )
                    _thread_starting()
                    try:
                        thread.start()
                    except BaseException:
                        _thread_exited()
                        raise
                    self.threads.append(thread)
            except BaseException:
                self.terminating = True
                if started is not None:
                    started.abort()
                raise
            finally:
                threading.stack_size(previous)
        if started is not None:
            started.wait()  # like build_global, return once every thread ran its start handler
        if adopt_current:
            thread_state.worker = self.workers[0]
        _all_registries.add(self)

    # -- posting work -------------------------------------------------------------------------

    def has_shared_work(self) -> bool:
        """Is there work any worker may take (a queued or injected job)?"""
        if self.injector:
            return True
        return any(worker.deque for worker in self.workers)

    def wake_one(self) -> None:
        sleepers = self.sleepers
        while sleepers:
            try:
                worker = sleepers.pop()
            except IndexError:
                return
            if worker.sleeping:
                worker.unpark()
                return

    def wake_all(self) -> None:
        for worker in self.workers:
            worker.unpark()

    def inject(self, job: Job) -> None:
        if self.pid != os.getpid():
            raise RuntimeError(
                "this ThreadPool was created before os.fork(); its threads do not exist in the "
                "child process: build a new pool there"
            )
        if self.terminating:
            raise RuntimeError("this ThreadPool has been shut down")
        self.injector.append(job)
        self.wake_one()

    def push(self, worker: Worker | None, job: Job) -> None:
        """Queue ``job`` on this registry: locally when on one of its workers, else injected."""
        if worker is not None and worker.registry is self:
            worker.deque.append(job)
            if self.sleepers:
                self.wake_one()
        else:
            self.inject(job)

    # -- entering the pool --------------------------------------------------------------------

    def in_worker(self, op: Callable[[Worker, bool], Any]) -> Any:
        """Run ``op(worker, injected)`` on a worker of this registry and return its result.

        On one of our workers it runs inline. From a thread outside every pool the job is
        injected and the thread blocks; Ctrl-C there abandons the call (no new task of it starts)
        and leaves the pool usable. From a worker of another pool, that worker keeps running its
        own pool's work while it waits, so pools nested through ``install`` cannot deadlock.
        """
        worker = current_worker()
        if worker is not None and worker.registry is self:
            return op(worker, False)
        token = worker.token if worker is not None else CancelToken()
        job = CallJob(lambda w: op(w, True), copy_context(), token)
        if worker is None:
            waiter = ExternalWaiter()
            job.waiter = waiter
            self.inject(job)
            try:
                waiter.wait(job)
            except BaseException:
                token.cancelled = True
                raise
        else:
            job.waiter = worker
            self.inject(job)
            worker.wait_until(job)
        return job.outcome()

    def wait_latch(self, latch: CountLatch, token: CancelToken) -> None:
        """Wait until ``latch.done``: by working, on a pool thread; by blocking, elsewhere."""
        worker = current_worker()
        if worker is not None:
            if latch.set_waiter(worker):
                worker.wait_until(latch)
            return
        waiter = ExternalWaiter()
        if latch.set_waiter(waiter):
            try:
                waiter.wait(latch)
            except BaseException:  # Ctrl-C: abandon the call; tasks already running finish
                token.cancelled = True
                raise

    # -- handlers and shutdown ----------------------------------------------------------------

    def call_handler(self, handler: Callable[[Any], Any], arg: Any) -> None:
        """Run a user handler on a worker; its exception is reported, never kills the worker."""
        try:
            handler(arg)
        except BaseException as exc:
            report_uncaught(exc, handler)

    def report_panic(self, exc: BaseException, task: object) -> None:
        """A detached task raised: hand it to ``panic_handler`` or report it as unraisable."""
        handler = self.handlers.panic_handler
        if handler is None:
            report_uncaught(exc, task)
        else:
            self.call_handler(handler, exc)

    def terminate(self) -> None:
        """Ask every worker to exit once no work is left. Returns at once.

        On the thread this registry adopted, that thread leaves the pool (elsewhere it cannot be
        reached: it leaves when it next shuts the pool down, or exits).
        """
        self.terminating = True
        self.wake_all()
        adopted = self.adopted
        if adopted is not None and adopted[1] == threading.get_ident():
            if current_worker() is adopted[0]:
                thread_state.worker = None
            self.adopted = None

    def join_threads(self, timeout: float | None = None) -> None:
        me = threading.current_thread()
        for thread in self.threads:
            if thread is not me and thread.ident is not None:
                thread.join(timeout)


class ThreadBuilder:
    """What a ``spawn_handler`` gets for each thread of a pool being built (Rayon's
    ``ThreadBuilder``): the thread's ``index``, its ``name`` and the configured ``stack_size``
    (or None), and ``run()``, which the new thread calls to work for the pool until it shuts
    down.

    >>> import threading
    >>> import pariter as pi
    >>> def handler(thread):
    ...     threading.Thread(target=thread.run, name=thread.name, daemon=True).start()
    >>> pool = pi.ThreadPoolBuilder().num_threads(2).spawn_handler(handler).build()
    >>> sorted(pool.broadcast(lambda ctx: ctx.index))
    [0, 1]
    >>> pool.shutdown()
    """

    __slots__ = ("_handlers", "_ran", "_worker", "index", "name", "stack_size")

    def __init__(self, worker: Worker, name: str, handlers: Handlers) -> None:
        self._worker = worker
        self._handlers = handlers
        self._ran = False
        self.index = worker.index
        self.name = name
        self.stack_size = handlers.stack_size

    def __repr__(self) -> str:
        return f"ThreadBuilder(index={self.index}, name={self.name!r})"

    def run(self) -> None:
        """Work for the pool on this thread (start handler, work loop, exit handler)."""
        if current_worker() is not None:
            raise RuntimeError("ThreadBuilder.run() must be called on a thread of no pool")
        if self._ran:
            raise RuntimeError("ThreadBuilder.run() was already called for this thread")
        self._ran = True
        worker = self._worker
        worker.registry.threads.append(threading.current_thread())
        _thread_starting()
        worker.main_loop(self._handlers, None)


class UnraisableArgs(NamedTuple):
    """Shaped as ``sys.UnraisableHookArgs`` (which ``sys`` does not expose), for hooks."""

    exc_type: type[BaseException]
    exc_value: BaseException
    exc_traceback: TracebackType | None
    err_msg: str
    object: object


def report_uncaught(exc: BaseException, source: object = None) -> None:
    """Report an exception nobody waits for, as CPython reports one raised in ``__del__``.

    A hook the user (or pytest) installed in ``sys.unraisablehook`` gets it, with arguments
    shaped as CPython's; the default hook, which accepts only CPython's own argument type, is
    stood in for by what it prints ("Exception ignored in ...: <object>" and the traceback, on
    stderr). No process-wide hook is ever swapped, so reports from any number of threads at
    once leave the user's hook in place.
    """
    args = UnraisableArgs(
        type(exc), exc, exc.__traceback__, "Exception ignored in pariter task", source
    )
    hook = sys.unraisablehook
    if hook is not sys.__unraisablehook__:
        try:
            hook(args)  # type: ignore[arg-type]  # shaped as CPython's, not its type
            return
        except Exception:  # the hook itself failed: report both as CPython would
            pass
    stderr = sys.stderr
    if stderr is None:
        return
    try:
        text = f"{args.err_msg}: {source!r}\n" + "".join(traceback.format_exception(exc))
        stderr.write(text)
        stderr.flush()
    except Exception:  # a closed or broken stderr: nothing else can be done
        pass


def registries_after_fork() -> None:
    """In a forked child every registry's threads are gone: mark them so that use fails clearly."""
    for registry in list(_all_registries):
        registry.terminating = True
