"""The loop a :class:`~pariter.ProcessPool` worker process runs.

Messages are pickled tuples over a duplex pipe.  From the caller: ``("run", call, piece,
table, data, context)`` (``table``: the functions of the call this worker has not seen yet;
``context``: the caller's decimal context, with the first piece of a call) and
``("stop",)``.  To the caller: ``("ready", pid)`` or ``("init_failed", ...)`` once, then for
each piece ``("ok", piece, seconds, result, writebacks)`` or ``("error", piece, exception,
traceback, summary, writebacks)``.

Messages are read between pieces, by the one thread that runs them (a reader thread would take
the GIL from the running piece for every message it receives: 4% on 50 ms items).  The caller
writes big ones from a thread of its own, so it never blocks on a busy worker while that worker
writes a big result.  Ctrl-C is left to the caller (workers ignore SIGINT): it raises the call's
abort flag, which the running piece sees between blocks.
"""

from __future__ import annotations

import os
import pickle
import signal
from typing import Any

import cloudpickle

from pariter.backends.errors import describe, pack_exception
from pariter.backends.shared_state import StateBlock
from pariter.backends.shipping import WorkerSide, run_piece, worker_side
from pariter.core.current import _current_pool
from pariter.core.pool import ThreadPool

#: Environment variables that cap the threads of BLAS/OpenMP libraries loaded later.
BLAS_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def limit_native_threads(n: int) -> None:
    """Cap BLAS/OpenMP threads at ``n``: for libraries loaded later (environment) and now."""
    for name in BLAS_VARIABLES:
        os.environ[name] = str(n)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # not installed: the environment covers libraries loaded from now on
        return
    threadpool_limits(n)


def main(conn: Any, block: StateBlock, initializer: bytes | None, native_threads: int) -> None:
    """The worker process: set up, then run pieces until told to stop or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_native_threads(native_threads)
    # Parallel calls made by user code inside a piece run here, sequentially (no fork bombs).
    _current_pool.set(ThreadPool(1))
    side = WorkerSide(block)
    worker_side.set(side)
    try:
        if initializer is not None:
            fn, args = cloudpickle.loads(initializer)
            fn(*args)
    except BaseException as exc:
        conn.send_bytes(pickle.dumps(("init_failed", *pack_exception(exc))))
        return
    conn.send_bytes(pickle.dumps(("ready", os.getpid())))

    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):  # the caller is gone: stop
            return
        request = pickle.loads(message)
        if request[0] == "stop":
            return
        _, call_id, piece_id, table, data, context = request
        side.start_call(call_id, context)
        conn.send_bytes(_run(side, piece_id, table, data))


def _run(side: WorkerSide, piece_id: int, table: bytes | None, data: bytes) -> bytes:
    """Run one piece; the reply message."""
    try:
        side.load_table(table)
    except BaseException as exc:
        return _reply(piece_id, ("error", *pack_exception(exc), []))
    return _reply(piece_id, run_piece(side, data))


def _reply(piece_id: int, outcome: tuple[Any, ...]) -> bytes:
    """The message for ``outcome`` (see ``run_piece``), tagged with the piece's id."""
    kind, *rest = outcome
    try:
        reply: bytes = cloudpickle.dumps((kind, piece_id, *rest))
        return reply
    except Exception as exc:  # the result (or a write) cannot travel back
        error = TypeError(
            f"the result of a piece ({describe(rest[1] if kind == 'ok' else None)}) cannot be "
            f"pickled to send it back from the worker process: {exc}"
        )
        fallback: bytes = cloudpickle.dumps(("error", piece_id, *pack_exception(error), []))
        return fallback
