"""``ProcessPool``: the same parallel iterator chains, run on worker processes.

On a GIL build threads cannot run Python bytecode in parallel; processes can.  ``with
ProcessPool():`` (or ``pool.install(fn)``) makes every parallel call inside the block cut its
work into chunk tasks in the caller (:mod:`.pieces`), ship them to long-lived worker processes
(:mod:`.shipping`: the chain once per worker per call, each piece's data once) and reduce the
results in order in the caller.  The calls' short-circuit state lives in shared memory
(:mod:`.shared_state`), so ``find_any`` or an exception stops the other workers between blocks.

The caller keeps two pieces queued per worker, so a worker never waits for the next one.  It
watches every worker's pipe and process at once: a result, an error or a death is seen as soon
as it happens.  Core primitives (``join``, ``scope``, ``spawn``, ``par_sort``) keep running on
threads while a process pool is current.
"""

from __future__ import annotations

import atexit
import itertools
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
import weakref
from collections.abc import Callable
from multiprocessing.connection import wait
from typing import Any, TypeVar

import cloudpickle

from pariter.backends.chunked import ChunkedPool
from pariter.backends.cost_memory import CostMemory, chain_key
from pariter.backends.errors import (
    PICKLING_ERRORS,
    WorkerLostError,
    describe,
    unpack_exception,
    unpicklable_error,
)
from pariter.backends.pieces import Leaf, Plan, Sizer, plan_call
from pariter.backends.shared_state import StateBlock
from pariter.backends.shipping import CallShipment
from pariter.backends.worker import main as worker_main
from pariter.core.current import _current_pool
from pariter.core.job import Cancelled
from pariter.core.pool import available_cpus, global_pool
from pariter.plumbing.protocols import Consumer, Producer, UnindexedProducer
from pariter.plumbing.state import call_abort

R = TypeVar("R")

#: Pieces queued per worker: one running, one waiting, so a worker never idles on the caller.
QUEUED_PER_WORKER = 2
#: Messages up to this size are written to a worker's pipe at once (a few fit in its ~180 KiB);
#: bigger ones by the worker's sender thread.
DIRECT_BYTES = 16 * 1024
#: Seconds Ctrl-C waits for the running pieces to stop before the workers are killed.
INTERRUPT_GRACE = 2.0
#: How often a call waiting for its workers looks whether its caller gave it up (a ``for`` loop
#: over a chain that ended early stops the pieces it no longer needs).
CALLER_POLL = 0.05
#: Seconds ``shutdown`` waits for a worker to exit before killing it.
STOP_GRACE = 2.0

_all_pools: weakref.WeakSet[ProcessPool] = weakref.WeakSet()
_call_ids = itertools.count()
_piece_ids = itertools.count()


def default_start_method() -> str:
    """How ``ProcessPool`` starts workers unless told otherwise.

    forkserver: workers start from a clean single-threaded server, not from a copy of this
    (multi-threaded) process as fork would; much faster to start than spawn.

    >>> default_start_method() in ("forkserver", "spawn")
    True
    """
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class _Worker:
    """One worker process, its pipe, and the pieces queued on it.

    Big messages to the worker are written by a thread of its own, so the caller never blocks
    writing a big piece to a busy worker while that worker blocks writing a big result to the
    caller: the caller keeps reading.  Small ones, with nothing ahead of them, are written at
    once: the pipe holds a few (a worker has at most QUEUED_PER_WORKER pieces and a stop
    message outstanding).  The worker needs no reader thread, which would take the GIL from its
    running piece for every message.
    """

    def __init__(self, index: int, process: Any, conn: Any) -> None:
        self.index = index  # its place in the pool (and its lane of each call's pieces)
        self.process = process
        self.conn = conn
        self.queued: dict[int, Leaf] = {}
        self.call_id = -1
        self.known_functions = 0  # entries of the current call's function table it has
        self.started = False  # it said "ready": its start-up (imports, initializer) went well
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._handed = 0  # messages given to the sender thread (counted by the caller)
        self._written = 0  # ... and written by it (counted by the sender thread)
        self._writer = threading.Thread(target=self._write, name="pariter-sender", daemon=True)
        self._writer.start()

    def send(self, message: bytes) -> None:
        """Send ``message`` to the worker: small ones at once, unless others wait before them."""
        if len(message) <= DIRECT_BYTES and self._written == self._handed:
            try:
                self.conn.send_bytes(message)
            except OSError:  # the worker is gone: the caller sees it die
                pass
            return
        self._handed += 1
        self._outbox.put(message)

    def close(self) -> None:
        """Stop the sender thread (after what is queued) and close the pipe."""
        self._outbox.put(None)
        self._writer.join(STOP_GRACE)
        self.conn.close()

    def _write(self) -> None:
        while (message := self._outbox.get()) is not None:
            try:
                self.conn.send_bytes(message)
            except (OSError, ValueError):  # the worker is gone (the caller sees it die)
                return
            self._written += 1


class ProcessPool(ChunkedPool):
    """A pool of worker processes that runs parallel iterator chains (for GIL builds).

    ``num_workers`` defaults to the CPUs this process may use; ``initializer(*initargs)`` runs
    once in each worker; ``mp_context`` is a ``multiprocessing`` context or start method name
    (default ``"forkserver"`` where available, else ``"spawn"``).  Workers start on first use,
    are reused by every call, and stop on ``shutdown()``, on leaving ``with``, and at exit.

    >>> import pariter as pi
    >>> with pi.ProcessPool(2) as pool:
    ...     pi.into_par_iter(range(10)).map(lambda x: x * x).sum()
    285
    """

    def __init__(
        self,
        num_workers: int | None = None,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
        mp_context: Any = None,
    ) -> None:
        super().__init__()
        if num_workers is not None and (
            isinstance(num_workers, bool) or not isinstance(num_workers, int) or num_workers < 1
        ):
            raise ValueError(f"num_workers must be a positive int or None, got {num_workers!r}")
        if initializer is not None and not callable(initializer):
            raise TypeError(f"initializer must be callable, got {type(initializer).__name__}")
        if not isinstance(initargs, tuple):
            raise TypeError(f"initargs must be a tuple, got {type(initargs).__name__}")
        if mp_context is None:
            mp_context = multiprocessing.get_context(default_start_method())
        elif isinstance(mp_context, str):
            mp_context = multiprocessing.get_context(mp_context)
        self.num_workers = num_workers or available_cpus()
        self._initializer = initializer
        self._initargs = initargs
        self._context = mp_context
        self._workers: list[_Worker] = []
        self._block: StateBlock | None = None
        self._lock = threading.Lock()  # one call at a time; guards the workers list
        self._owner: int | None = None  # the thread running a call
        self._costs = CostMemory()  # what each chain cost per item when it last ran here
        _all_pools.add(self)

    def __repr__(self) -> str:
        state = "running" if self._workers else "idle"
        return f"<ProcessPool num_workers={self.num_workers} {state}>"

    # -- the Pool interface ---------------------------------------------------------------------

    def current_num_threads(self) -> int:
        """How many worker processes run pieces."""
        return self.num_workers

    def run_pieces(
        self, producer: Producer[Any] | UnindexedProducer[Any], consumer: Consumer[Any, R]
    ) -> R:
        """Run a bridge's producer into its consumer as chunk tasks on the workers."""
        if self._owner == threading.get_ident():
            # A parallel call made while this thread runs one (a par_bridge source, a reducer):
            # run it on threads rather than deadlock on our own lock.
            return _on_threads(producer, consumer)
        with self._lock:
            self._owner = threading.get_ident()
            try:
                return self._run_call(producer, consumer)
            finally:
                self._owner = None

    def shutdown(self, wait: bool = True, timeout: float | None = None) -> None:
        """Stop the workers (they start again if the pool is used later).

        >>> ProcessPool(1).shutdown()
        """
        with self._lock:
            self._stop_workers(graceful=wait, timeout=STOP_GRACE if timeout is None else timeout)

    # -- workers --------------------------------------------------------------------------------

    def _start_workers(self) -> list[_Worker]:
        if self._workers and all(w.process.is_alive() for w in self._workers):
            return self._workers
        # A worker died between calls (killed, out of memory): start the call on fresh ones.
        self._stop_workers(graceful=False, timeout=0)
        if self._block is None:
            self._block = StateBlock.create(self._context)
        init = None
        if self._initializer is not None:
            init = _dumps_initializer(self._initializer, self._initargs)
        native = max(1, available_cpus() // self.num_workers)
        for _ in range(self.num_workers):
            ours, theirs = self._context.Pipe(duplex=True)
            process = self._context.Process(
                target=worker_main,
                args=(theirs, self._block, init, native),
                name="pariter-worker",
                daemon=True,
            )
            try:
                process.start()
            except (EOFError, OSError) as exc:  # e.g. the forkserver could not start
                ours.close()
                theirs.close()
                self._stop_workers(graceful=False, timeout=0)
                raise self._cannot_start(f"could not be started ({exc!r})") from exc
            theirs.close()
            self._workers.append(_Worker(len(self._workers), process, ours))
        return self._workers

    def _cannot_start(self, what: str) -> WorkerLostError:
        method = self._context.get_start_method()
        return WorkerLostError(
            f"a ProcessPool worker {what}, before it ran anything (its error, if any, is on "
            f"stderr). With the {method!r} start method each worker imports your "
            f"main module again: it must be a file that can be imported (not a script piped to "
            f"stdin), with its work under `if __name__ == '__main__':`; or pass "
            f"mp_context='fork'."
        )

    def _stop_workers(self, graceful: bool, timeout: float) -> None:
        workers, self._workers = self._workers, []
        for worker in workers:
            if graceful:
                worker.send(pickle.dumps(("stop",)))
        deadline = time.monotonic() + (timeout if graceful else 0)
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.close()

    # -- one call -------------------------------------------------------------------------------

    def _run_call(
        self, producer: Producer[Any] | UnindexedProducer[Any], consumer: Consumer[Any, R]
    ) -> R:
        workers = self._start_workers()
        block = self._block
        assert block is not None
        block.clear()
        ship = CallShipment(block)
        key = chain_key(producer, consumer)
        sizer = Sizer(len(workers), guess=self._costs.recall(key))
        plan = plan_call(producer, consumer, sizer)
        call = _Call(self, workers, plan, ship, next(_call_ids))
        try:
            call.run()
        finally:
            ship.finish()
        self._costs.learn(key, sizer.items_timed, sizer.seconds_timed)
        return plan.result()  # type: ignore[no-any-return]

    def _lost(self, worker: _Worker) -> WorkerLostError:
        code = worker.process.exitcode
        if code is not None and code < 0:
            try:
                how = f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"was killed by signal {-code}"
        else:
            how = f"exited with code {code}"
        self._stop_workers(graceful=False, timeout=0)  # the next call gets fresh workers
        if not worker.started:
            return self._cannot_start(f"(pid {worker.process.pid}) {how} while starting")
        return WorkerLostError(
            f"a ProcessPool worker (pid {worker.process.pid}) {how} while running a piece of "
            f"this call; its results are lost. The next call starts fresh workers."
        )


class _Call:
    """The dispatch loop of one call: keep workers fed, gather results, stop on errors."""

    def __init__(
        self, pool: ProcessPool, workers: list[_Worker], plan: Plan, ship: CallShipment, cid: int
    ) -> None:
        self.pool = pool
        self.workers = workers
        self.plan = plan
        self.ship = ship
        self.call_id = cid
        self.piece_ids = _piece_ids  # unique per pool's life: a stray reply can never match
        self.error: BaseException | None = None
        self.cut_all = False
        self.caller_abort = call_abort()  # set by whoever no longer needs the result

    def run(self) -> None:
        try:
            while True:
                if self.error is None and not self.cut_all:
                    self._feed()
                busy = [w for w in self.workers if w.queued]
                if not busy:
                    break
                self._receive(busy)
        except BaseException:
            # Ctrl-C, or anything else raised while we wait (a signal handler's exception, a
            # timeout): stop the queued pieces before leaving, so that no reply of this call
            # is left in a pipe for the next one.
            self._interrupt()
            raise
        if self.error is not None:
            raise self.error

    def _feed(self) -> None:
        # Round by round (first one piece to every worker, then a second), so that a call of
        # few pieces spreads over all workers.
        for depth in range(1, QUEUED_PER_WORKER + 1):
            for lane, worker in enumerate(self.workers):
                if len(worker.queued) >= depth:
                    continue
                leaf = self.plan.next_leaf(lane)
                if leaf is None:
                    if self.plan.exhausted():
                        self.cut_all = True
                        return
                    continue  # none for this worker now: a worker free sooner takes the rest
                self._send(worker, leaf)
                if self.error is not None:
                    return

    def _send(self, worker: _Worker, leaf: Leaf) -> None:
        ship = self.ship
        context = None
        if worker.call_id != self.call_id:
            worker.call_id = self.call_id
            worker.known_functions = 0
            context = ship.context
        try:
            data = ship.dumps((leaf.producer, leaf.consumer))
            table = ship.table(worker.known_functions)
        except PICKLING_ERRORS as exc:
            # Nothing of this piece was sent; the pieces already queued still come back.
            self._fail(unpicklable_error(exc, ship))
            return
        worker.known_functions = len(ship.functions)
        piece_id = next(self.piece_ids)
        message = pickle.dumps(("run", self.call_id, piece_id, table, data, context))
        # Counted as queued before it is sent: a Ctrl-C in between then waits for (or kills)
        # it, rather than leaving a piece of this call running into the next one.
        worker.queued[piece_id] = leaf
        worker.send(message)
        self.plan.sizer.sent(worker.index, leaf.length)

    def _fail(self, exc: BaseException) -> None:
        """Record the call's first error and stop it: nothing more is sent, pieces stop."""
        if self.error is None:
            self.error = exc
            self.ship.block.write(0, 1)  # abort: the running pieces stop between blocks
            self.plan.abandon()

    def _receive(self, busy: list[_Worker]) -> None:
        by_handle: dict[Any, _Worker] = {}
        for worker in busy:
            by_handle[worker.conn] = worker
            by_handle[worker.process.sentinel] = worker
        ready_handles = wait(list(by_handle), CALLER_POLL)
        if self.caller_abort.value and self.error is None:
            self._fail(Cancelled())  # nothing waits for this call any more: stop its pieces
        for ready in ready_handles:
            worker = by_handle[ready]
            if ready is worker.process.sentinel:
                if worker.conn.poll():  # its last words first (e.g. an error it sent)
                    self._handle(worker)
                if worker.queued:
                    raise self.pool._lost(worker)
                continue
            self._handle(worker)

    def _handle(self, worker: _Worker) -> None:
        try:
            message = cloudpickle.loads(worker.conn.recv_bytes())
        except (EOFError, OSError):
            if worker.queued:
                worker.process.join(1.0)
                raise self.pool._lost(worker) from None
            return
        kind = message[0]
        if kind == "ready":
            worker.started = True
            return
        if kind == "init_failed":
            cause = unpack_exception(*message[1:4])
            self.pool._stop_workers(graceful=False, timeout=0)
            raise RuntimeError("the ProcessPool initializer failed in a worker") from cause
        leaf = worker.queued.pop(message[1], None)
        if leaf is None:  # a reply for a call that was left early: nothing waits for it
            return
        self.plan.sizer.returned(worker.index)
        if kind == "ok":
            _, _, seconds, result, writebacks = message
            leaf.result = result
            leaf.done = True
            self.plan.sizer.record(leaf.length, seconds, worker.index)
        else:
            _, _, payload, text, summary, writebacks = message
            if self.error is None:
                self._fail(unpack_exception(payload, text, summary))
        self.ship.apply(writebacks)
        self.ship.sync()

    def _interrupt(self) -> None:
        """Leaving early (Ctrl-C): stop the running pieces (abort flag), or the workers if
        they do not stop within the grace period."""
        self.ship.block.write(0, 1)
        self.plan.abandon()
        deadline = time.monotonic() + INTERRUPT_GRACE
        try:
            while any(w.queued for w in self.workers) and time.monotonic() < deadline:
                busy = [w for w in self.workers if w.queued]
                for ready in wait([w.conn for w in busy], deadline - time.monotonic()):
                    worker = next(w for w in busy if w.conn is ready)
                    try:
                        message = cloudpickle.loads(worker.conn.recv_bytes())
                        worker.queued.pop(message[1], None)
                    except (EOFError, OSError):
                        worker.queued.clear()
        except BaseException:
            pass  # a second Ctrl-C: stop waiting
        if any(w.queued for w in self.workers):
            self.pool._stop_workers(graceful=False, timeout=0)


def _dumps_initializer(initializer: Callable[..., Any], initargs: tuple[Any, ...]) -> bytes:
    try:
        return cloudpickle.dumps((initializer, initargs))  # type: ignore[no-any-return]
    except Exception as exc:
        raise TypeError(
            f"ProcessPool cannot send its initializer ({describe(initializer)}) or initargs "
            f"to its worker processes: {exc}"
        ) from exc


def _on_threads(producer: Any, consumer: Consumer[Any, R]) -> R:
    from pariter.plumbing.bridge import bridge, bridge_unindexed

    token = _current_pool.set(global_pool())
    try:
        if isinstance(producer, Producer):
            return bridge(producer, consumer)
        return bridge_unindexed(producer, consumer)
    finally:
        _current_pool.reset(token)


@atexit.register
def _shutdown_all() -> None:
    for pool in list(_all_pools):
        try:
            pool.shutdown(wait=True, timeout=STOP_GRACE)
        except Exception:
            pass


def _after_fork_in_child() -> None:
    # A forked child must not talk to its parent's workers, nor terminate them when it exits
    # (multiprocessing's exit handler would: it inherited them as "children"): it gets pools
    # with no workers and a state block of their own when they start some.
    children: Any = getattr(multiprocessing.process, "_children", set())
    for pool in list(_all_pools):
        for worker in pool._workers:
            children.discard(worker.process)
        pool._workers = []
        pool._block = None
        pool._lock = threading.Lock()
        pool._owner = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
