"""``DaskPool``: the same parallel iterator chains on a Dask ``distributed`` cluster.

The call is cut into chunk tasks in the caller exactly as for :class:`~pariter.ProcessPool`
(:mod:`.pieces`), each piece pickled the same way (:mod:`.shipping`: its functions as numbers
in the call's function table, which is scattered to the cluster once per call; only the slice of
data it needs).  Pieces become Dask tasks named after the operation (``pariter-sum-...``, as the
dashboard shows them); results are reduced in order in the caller.  Short-circuit state lives
in the scheduler (:mod:`.scheduler_slots`: one message an operation), so it survives the loss
of a worker; a lost worker's pieces are re-run by Dask's own rescheduling, and their
write-backs travel with their results, so nothing is applied twice.  A piece that changed
shared state (a countdown, a found flag) is not run twice: its call raises
:class:`~pariter.WorkerLostError` rather than answer from state its lost run changed.  NumPy
arrays travel as slices (no shared memory across machines).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
import uuid
from typing import Any, TypeVar

from pariter.backends.chunked import ChunkedPool
from pariter.backends.errors import (
    PICKLING_ERRORS,
    WorkerLostError,
    unpack_exception,
    unpicklable_error,
)
from pariter.backends.pieces import FIRST_CHUNK, Leaf, Plan, Sizer, plan_call
from pariter.backends.scheduler_slots import HANDLER, install
from pariter.backends.shared_state import Slots
from pariter.backends.shipping import CallShipment, WorkerSide, run_piece, worker_side
from pariter.core.current import _current_pool
from pariter.core.job import Cancelled
from pariter.core.pool import ThreadPool
from pariter.plumbing.localize import gil_enabled
from pariter.plumbing.protocols import Consumer, Producer, UnindexedProducer
from pariter.plumbing.state import call_abort

R = TypeVar("R")

#: Dask tasks cost about a millisecond each to schedule: aim for longer tasks than processes.
TASK_SECONDS = 0.2
#: A function table up to this size travels inside each task (no round trip to scatter it,
#: nothing lost with a worker); a bigger one is scattered to every worker once per call.
INLINE_TABLE = 64 * 1024
#: Tasks queued per worker thread of the cluster.
QUEUED_PER_THREAD = 2
#: How often a call waiting for its pieces looks whether its caller gave it up.
CALLER_POLL = 0.05
#: Seconds a flag read in a worker is trusted before asking the scheduler again (each ask is
#: a round trip; a piece checks its flags between blocks).
FLAG_TTL = 0.05

_call_ids = itertools.count()


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(
            "DaskPool needs dask and distributed: pip install 'pariter[dask]'"
        ) from exc
    return distributed


def cluster_config() -> dict[str, Any]:
    """Dask settings for a cluster started on this interpreter.

    On a free-threaded build, distributed's sampling profiler (a thread that walks the other
    threads' frames while they run) crashes the scheduler or a worker now and then (a segfault
    in ``profile.identifier``, seen on 3.13t): it is switched off there.  Use the same settings
    for a ``LocalCluster`` of your own on such a build.

    >>> import dask, distributed  # doctest: +SKIP
    >>> with dask.config.set(cluster_config()):  # doctest: +SKIP
    ...     cluster = distributed.LocalCluster(n_workers=2)
    """
    if gil_enabled():
        return {}
    return {"distributed.worker.profile.enabled": False}


class SchedulerStateLost(RuntimeError):
    """The scheduler no longer knows a call's shared numbers (it restarted mid-call)."""


#: What talking to the scheduler raises: not the chain's fault (OSError: a closed or timed out
#: connection, which distributed's CommClosedError and TimeoutError are).
SCHEDULER_ERRORS = (OSError, SchedulerStateLost)


class DaskSlots(Slots):
    """The call's shared numbers, kept by the scheduler (see :mod:`.scheduler_slots`).

    In the caller they travel through the pool's client; unpickled in a worker, through that
    worker's own connection to the scheduler.
    """

    def __init__(self, prefix: str, client: Any = None) -> None:
        self.prefix = prefix
        self.client = client
        self._flags: dict[int, tuple[float, bool]] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        return (DaskSlots, (self.prefix,))

    def _ask(self, action: str, slot: int = 0, value: int = 0, first: bool = False) -> int:
        message = {"call": self.prefix, "action": action, "slot": slot, "value": str(value)}
        if first:
            message["first"] = True
        if self.client is not None:
            client = self.client
            reply = client.sync(getattr(client.scheduler, HANDLER), **message)
            if reply is None:  # a scheduler restarted since the pool connected: install again
                client.run_on_scheduler(install)
                reply = client.sync(getattr(client.scheduler, HANDLER), **message)
        else:
            distributed = _import_distributed()
            worker = distributed.get_worker()
            reply = distributed.utils.sync(
                worker.loop, getattr(worker.scheduler, HANDLER), **message
            )
        if reply is None:  # no such handler: the scheduler restarted since the call began
            raise SchedulerStateLost("the Dask scheduler lost this call's state (restarted?)")
        return int(reply)

    def flag(self, slot: int) -> bool:
        now = time.monotonic()
        cached = self._flags.get(slot)
        if cached is not None and (cached[1] or now - cached[0] < FLAG_TTL):
            return cached[1]
        value = bool(self.read(slot))
        self._flags[slot] = (now, value)
        return value

    def read(self, slot: int) -> int:
        return self._ask("read", slot)

    def write(self, slot: int, value: int) -> None:
        self._ask("write", slot, value)
        self._flags.pop(slot, None)

    def fresh(self) -> None:
        """A piece starts: trust "not aborted" for a moment rather than ask at once."""
        self._flags[0] = (time.monotonic(), False)

    def take(self, slot: int, want: int) -> int:
        return self._ask("take", slot, want)

    def give_back(self, slot: int, n: int) -> None:
        self._ask("give_back", slot, n)

    def offer(self, slot: int, boundary: int, first: bool) -> None:
        self._ask("offer", slot, boundary, first)

    def claim(self, piece: int) -> bool:
        """Whether this is the first run of piece number ``piece`` (Dask runs a piece again
        when it loses the worker that ran it, or its result)."""
        return bool(self._ask("claim", piece))

    def forget(self) -> None:
        """End the call: drop its numbers; pieces still running read its abort flag as set."""
        self._ask("forget")


class DaskPool(ChunkedPool):
    """Runs parallel iterator chains on a Dask cluster (``pip install 'pariter[dask]'``).

    ``client_or_address``: a ``distributed.Client``, or a scheduler address to connect to; with
    nothing, a ``LocalCluster`` of worker processes on 127.0.0.1 is started on first use and
    closed on ``shutdown()`` (or on leaving ``with``).

    >>> import pariter as pi
    >>> with pi.DaskPool() as pool:  # doctest: +SKIP
    ...     pi.into_par_iter(range(10)).map(lambda x: x * x).sum()
    285
    """

    def __init__(self, client_or_address: Any = None) -> None:
        super().__init__()
        distributed = _import_distributed()
        if client_or_address is not None and not isinstance(
            client_or_address, str | distributed.Client
        ):
            raise TypeError(
                "client_or_address must be a distributed.Client, a scheduler address or None, "
                f"got {type(client_or_address).__name__}"
            )
        self._given = client_or_address
        self._local_workers: int | None = None  # the local cluster's size (PARITER_POOL sets it)
        self._client: Any = None
        self._cluster: Any = None
        self._lock = threading.Lock()
        self._threads_seen = 1
        self._threads_at = -1e9

    def __repr__(self) -> str:
        return f"<DaskPool {self._client!r}>"

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` (connecting, or starting the local cluster, if needed)."""
        with self._lock:
            if self._client is None:
                self._connect()
            return self._client

    def _connect(self) -> None:
        distributed = _import_distributed()
        given = self._given
        if isinstance(given, distributed.Client):
            self._client = given
        elif isinstance(given, str):
            self._client = distributed.Client(given)
        else:
            import dask

            from pariter.core.pool import available_cpus

            with dask.config.set(cluster_config()):  # the nannies pass it on to their workers
                self._cluster = distributed.LocalCluster(
                    n_workers=self._local_workers or available_cpus(),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=":0",  # any free port: see client.dashboard_link
                )
            self._client = distributed.Client(self._cluster)
        self._client.run_on_scheduler(install)  # the handler of the calls' shared slots

    def _threads(self) -> int:
        """The cluster's worker threads, asked at most once a second (a scheduler round trip)."""
        now = time.monotonic()
        if now - self._threads_at > 1.0:
            self._threads_seen = self.current_num_threads()
            self._threads_at = now
        return self._threads_seen

    def current_num_threads(self) -> int:
        """Worker threads in the cluster."""
        threads: int = sum(self.client.nthreads().values())
        return max(1, threads)

    def run_pieces(
        self, producer: Producer[Any] | UnindexedProducer[Any], consumer: Consumer[Any, R]
    ) -> R:
        """Run a bridge's producer into its consumer as Dask tasks."""
        client = self.client
        workers = self._threads()
        prefix = f"pariter-{uuid.uuid4().hex}"
        slots = DaskSlots(prefix, client)
        ship = CallShipment(slots, share_arrays=False)
        # A call that must see every item starts with the largest balanced shares (tiny probe
        # tasks would cost a round trip). One that can stop early starts with probes, as on
        # processes: an untimed share can run for hours (a quarter of range(10**12)), and Dask
        # may run such shares before the one holding find_any's answer, which they wait for.
        first = FIRST_CHUNK if consumer.short_circuit else None
        sizer = Sizer(workers, TASK_SECONDS, first_chunk=first, tail_seconds=TASK_SECONDS / 4)
        plan = plan_call(producer, consumer, sizer)
        try:
            _DaskCall(client, plan, ship, prefix, _operation(consumer), workers).run()
        except BaseException:
            # Also when the caller is interrupted (an error, Ctrl-C): the pieces still running
            # stop at their next check, rather than run on with nobody waiting. The call's own
            # error is the one to see if the scheduler cannot be told either.
            with contextlib.suppress(*SCHEDULER_ERRORS):
                slots.forget()
            raise
        slots.forget()
        return plan.result()  # type: ignore[no-any-return]

    def shutdown(self, wait: bool = True, timeout: float | None = None) -> None:
        """Close the connection, and the local cluster if this pool started it."""
        with self._lock:
            client, cluster = self._client, self._cluster
            self._client = self._cluster = None
        if client is not None and client is not self._given:
            client.close()
        if cluster is not None:
            cluster.close()


def _operation(consumer: Any) -> str:
    """The terminal operation's name, from the innermost consumer (``SumConsumer`` -> sum)."""
    while getattr(consumer, "base", None) is not None:
        consumer = consumer.base
    name = type(consumer).__name__.removesuffix("Consumer").lower()
    return name or "call"


class _DaskCall:
    """The submit loop of one call on the cluster."""

    def __init__(
        self, client: Any, plan: Plan, ship: CallShipment, prefix: str, op: str, workers: int
    ) -> None:
        self.client = client
        self.plan = plan
        self.ship = ship
        self.prefix = prefix
        self.key = f"pariter-{op}-{prefix.removeprefix('pariter-')[:12]}"
        self.limit = QUEUED_PER_THREAD * workers
        self.inflight: dict[Any, Leaf] = {}
        self.tables: dict[int, Any] = {}  # functions known -> scattered table
        self.pieces = itertools.count()
        self.lanes = itertools.count()  # Dask places tasks itself: take the lanes in turn
        self.error: BaseException | None = None
        self.caller_abort = call_abort()  # set by whoever no longer needs the result

    def run(self) -> None:
        distributed = _import_distributed()
        # Results come with their futures (no second round trip each); failures as values.
        # On this client's event loop: by default as_completed takes the default client's, and
        # with two clients in one process it then wrote to this one's connections from the
        # other loop's thread (tornado's write-buffer assertion, 1 call in ~40).
        done = distributed.as_completed(
            loop=self.client.loop, with_results=True, raise_errors=False
        )
        self._feed(done)
        try:
            for future, outcome in self._completed(done):
                leaf = self.inflight.pop(future, None)
                if leaf is None:
                    continue
                # Pieces already queued run on: the answer's piece may be among them, and
                # the others stop at their first check of the shared state.
                self._handle(future.exception() if future.status == "error" else outcome, leaf)
                if self.error is not None:
                    break
                self._feed(done)
        finally:
            if self.inflight:
                self.client.cancel(list(self.inflight))
        if self.error is not None:
            raise self.error

    def _completed(self, done: Any) -> Any:
        """What iterating ``done`` gives, while looking every CALLER_POLL seconds whether the
        caller gave the call up (a ``for`` loop left early): then the call ends, and its
        pieces stop."""
        condition = done.thread_condition  # what as_completed's own __next__ waits on
        while not done.is_empty():
            if done.has_ready():
                yield from done.next_batch(block=False)
            elif self.caller_abort.value:
                self.error = Cancelled()
                self.ship.block.write(0, 1)
                self.plan.abandon()
                return
            else:
                with condition:
                    if not done.has_ready():  # checked under the lock: no wake-up is missed
                        condition.wait(CALLER_POLL)

    def _feed(self, done: Any) -> None:
        while len(self.inflight) < self.limit:
            leaf = self.plan.next_leaf(next(self.lanes))
            if leaf is None:
                return
            try:
                data = self.ship.dumps((leaf.producer, leaf.consumer))
                table = self._table()
            except SCHEDULER_ERRORS as exc:
                # A state's first value is written to the scheduler while the piece is pickled:
                # a connection lost there is not a chain that cannot be pickled.
                self.error = exc
                self.plan.abandon()
                return
            except PICKLING_ERRORS as exc:
                self.error = unpicklable_error(exc, self.ship, "DaskPool")
                self.plan.abandon()
                return
            number = next(self.pieces)
            future = self.client.submit(
                run_dask_piece,
                self.prefix,
                len(self.ship.functions),
                table,
                data,
                self.ship.context,
                number if self._shares_state() else None,
                key=f"{self.key}-{number}",
                pure=False,
            )
            self.inflight[future] = leaf
            done.add(future)

    def _shares_state(self) -> bool:
        """Whether the pieces change shared state (a countdown, a found flag) that a second
        run of a piece would find already changed by the first (progress counts aside)."""
        return any(kind != "progress" for _, kind, _ in self.ship.states)

    def _table(self) -> Any:
        """The call's function table: bytes, or for a big one a future replicated on every
        worker (so that losing a worker loses no copy the re-run pieces need)."""
        known = len(self.ship.functions)
        if not known:
            return None
        table = self.tables.get(known)
        if table is None:
            payload = self.ship.table(0)
            if payload is not None and len(payload) > INLINE_TABLE:
                payload = self.client.scatter(payload, broadcast=True, hash=False)
            table = self.tables[known] = payload
        return table

    def _handle(self, message: Any, leaf: Leaf) -> None:
        if isinstance(message, BaseException):  # Dask could not run the task or return it
            exc = message
            if isinstance(exc, _import_distributed().KilledWorker):
                exc = WorkerLostError(
                    f"Dask workers kept dying while running a piece of this call: {exc}"
                )
            self.error = exc
            self.ship.block.write(0, 1)
            self.plan.abandon()
            return
        if message[0] == "ok":
            _, seconds, result, writebacks = message
            leaf.result = result
            leaf.done = True
            self.plan.sizer.record(leaf.length, seconds)
        else:
            _, payload, text, summary, writebacks = message
            self.error = unpack_exception(payload, text, summary)
            self.ship.block.write(0, 1)  # the running pieces stop between blocks
            self.plan.abandon()
        self.ship.apply(writebacks)
        self.ship.sync()


# -- the worker's side --------------------------------------------------------------------------

_sides: dict[str, WorkerSide] = {}
_sides_lock = threading.Lock()
_local_pool: list[ThreadPool] = []


def _side_for(prefix: str, known: int, table: bytes | None, context: bytes | None) -> WorkerSide:
    with _sides_lock:
        side = _sides.get(prefix)
        if side is None:
            _sides.clear()  # keep only the newest call's table
            side = _sides[prefix] = WorkerSide(DaskSlots(prefix))
            side.start_call(0, context)
        if len(side.table) < known and table is not None:
            side.table = []
            token = worker_side.set(side)  # the functions may hold shared state (an atomic)
            try:
                side.load_table(table)
            finally:
                worker_side.reset(token)
        if not _local_pool:
            _local_pool.append(ThreadPool(1))
        return side


def run_dask_piece(
    prefix: str,
    known: int,
    table: bytes | None,
    data: bytes,
    context: bytes | None,
    piece: int | None,
) -> Any:
    """A Dask task: run one piece (see ``shipping.run_piece`` for what it returns).

    ``piece``: its number when the call's pieces change shared state; such a piece runs at
    most once (see ``_DaskCall._shares_state``).
    """
    side = _side_for(prefix, known, table, context)
    block = side.block
    assert isinstance(block, DaskSlots)  # every side made here holds one (see _side_for)
    if piece is not None and not block.claim(piece):
        # Its first run changed the call's shared state and was lost with its worker: a
        # second run would answer from that changed state (fewer items of a take_any, no
        # find_any hit), so the call fails instead of answering wrong.
        raise WorkerLostError(
            "a Dask worker died while running a piece of this call; the piece changed the "
            "call's shared state (a countdown, a found flag), so it cannot run again"
        )
    block.fresh()
    side_token = worker_side.set(side)
    pool_token = _current_pool.set(_local_pool[0])  # nested parallel calls run sequentially
    try:
        return run_piece(side, data)
    finally:
        _current_pool.reset(pool_token)
        worker_side.reset(side_token)
