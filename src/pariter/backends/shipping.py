"""Pickling a call's pieces for worker processes: the chain once per worker, data per piece.

A piece is a (producer piece, consumer piece) pair.  Its functions (the lambdas and closures
of the chain, bound methods, partials) do not travel with every piece: the pickler replaces
each by its number in the call's *function table*, and each worker receives the part of the
table it has not seen yet, once per call (cloudpickle, so lambdas and closures work).  The
short-circuit state objects become slots of shared memory (:mod:`.shared_state`); the
producers' own ``__reduce__`` sends only the slice of data a piece needs, and writable targets
as write-backs (:mod:`pariter.plumbing.transport`).  NumPy arrays travel through files in
shared memory (``/dev/shm`` where it exists), mapped by the workers, never pickled.
"""

from __future__ import annotations

import functools
import io
import os
import pickle
import sys
import tempfile
import time
import types
from contextvars import ContextVar
from typing import Any

import cloudpickle

from pariter.backends.errors import pack_exception
from pariter.backends.shared_state import (
    KINDS,
    Slots,
    attach,
    attach_abort,
    initial_value,
    read_back,
    share_option,
)
from pariter.plumbing.bridge import run_leaf
from pariter.plumbing.state import current_abort
from pariter.plumbing.transport import (
    Receiver,
    Shipment,
    apply_writeback,
    current_receiver,
    current_shipment,
)

#: cloudpickle's reduction of code objects (private: None if a release drops it, and code
#: objects then travel as cloudpickle sends them), and the file name it gives them.
cloudpickle_code_reduce = getattr(cloudpickle.cloudpickle, "_code_reduce", None)
DYNAMIC_CODE = "<dynamic-code>"

#: What goes into the function table (everything else travels inside the pieces).
FUNCTION_TYPES = (types.FunctionType, types.MethodType, functools.partial)


class CallShipment(Shipment):
    """The caller's side of one call: function table, state slots, write-back targets, arrays."""

    def __init__(self, block: Slots, share_arrays: bool = True) -> None:
        self.block = block
        self.share_arrays = share_arrays
        self.functions: list[Any] = []
        self._function_ids: dict[int, int] = {}
        self._tables: dict[tuple[int, int], bytes] = {}
        self.states: list[tuple[Any, str, int]] = []
        self._progress_seen: dict[int, int] = {}
        self._state_ids: dict[int, int] = {}
        self.targets: list[Any] = []
        self._target_ids: dict[int, int] = {}
        self.arrays: dict[int, SharedArray] = {}
        self.context = caller_context()

    # -- what the pickler asks ------------------------------------------------------------------

    def function(self, fn: Any) -> int:
        index = self._function_ids.get(id(fn))
        if index is None:
            index = self._function_ids[id(fn)] = len(self.functions)
            self.functions.append(fn)
        return index

    def state(self, obj: Any, kind: str) -> int:
        slot = self._state_ids.get(id(obj))
        if slot is None:
            slot = self._state_ids[id(obj)] = len(self.states) + 1  # slot 0: abort
            self.states.append((obj, kind, slot))
            value = initial_value(obj, kind)
            if value:  # slots start at 0 (a cleared block; a Dask call's fresh numbers)
                self.block.write(slot, value)
        return slot

    def target(self, container: Any) -> int:
        tid = self._target_ids.get(id(container))
        if tid is None:
            tid = self._target_ids[id(container)] = len(self.targets)
            self.targets.append(container)
        return tid

    def array(self, arr: Any, writable: bool) -> Any:
        if not self.share_arrays or arr.dtype.hasobject:
            return None  # object arrays hold references, not bytes: pickle them
        shared = self.arrays.get(id(arr))
        if shared is None:
            shared = self.arrays[id(arr)] = SharedArray(arr)
        shared.writable |= writable
        return shared

    # -- pickling -------------------------------------------------------------------------------

    def dumps(self, piece: Any) -> bytes:
        """Pickle a piece (its functions as table numbers, its states as slots)."""
        token = current_shipment.set(self)
        try:
            buffer = io.BytesIO()
            _PiecePickler(buffer, self, tabled=True).dump(piece)
            return buffer.getvalue()
        finally:
            current_shipment.reset(token)

    def table(self, start: int) -> bytes | None:
        """The functions a worker that knows ``start`` of them still needs, pickled (or None)."""
        end = len(self.functions)
        if start >= end:
            return None
        key = (start, end)
        payload = self._tables.get(key)
        if payload is None:
            buffer = io.BytesIO()
            _PiecePickler(buffer, self, tabled=False).dump(self.functions[start:end])
            payload = self._tables[key] = buffer.getvalue()
        return payload

    # -- results --------------------------------------------------------------------------------

    def sync(self) -> None:
        """Read the shared state back into the caller's objects (so ``full()`` sees it), and
        move the caller's progress bars by the items counted since the last time."""
        block = self.block
        for obj, kind, slot in self.states:
            if kind == "progress":
                total = block.read(slot)
                seen = self._progress_seen.get(slot, 0)
                if total > seen:
                    self._progress_seen[slot] = total
                    obj.add(total - seen)
            else:
                read_back(obj, kind, block, slot)

    def apply(self, writebacks: list[tuple[Any, ...]]) -> None:
        """Apply a piece's write-backs to the caller's collections."""
        for entry in writebacks:
            apply_writeback(self.targets[entry[1]], entry)

    def finish(self) -> None:
        """Copy written shared arrays back into the caller's arrays; free the shared files."""
        arrays, self.arrays = self.arrays, {}
        for shared in arrays.values():
            shared.release()


class _PiecePickler(cloudpickle.Pickler):  # type: ignore[misc]
    """cloudpickle, with functions numbered in the call's table and states as shared slots."""

    def __init__(self, file: io.BytesIO, call: CallShipment, tabled: bool) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.call = call
        self.tabled = tabled

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        kind = KINDS.get(cls)
        if kind is not None:
            option = share_option(obj, kind)
            return (attach_state, (kind, self.call.state(obj, kind), option))
        if cls is type or cls in FUNCTION_TYPES:
            if _pariter_global(obj):
                # pariter's own classes and functions travel by name (this pickler's helpers
                # among them), as cloudpickle would send them, without its module lookups:
                # they are most of the objects in a piece.
                return NotImplemented
            if self.tabled and cls is not type:
                return (table_entry, (self.call.function(obj),))
        if cls is types.CodeType and cloudpickle_code_reduce is not None:
            return code_reduce(obj)
        return super().reducer_override(obj)


def code_reduce(code: types.CodeType) -> tuple[Any, ...]:
    """cloudpickle's reduction of a code object, keeping its file name.

    cloudpickle writes ``<dynamic-code>`` instead (for payloads that do not depend on where a
    function was defined), so a traceback from a worker would name no file and show no source
    line.  A worker that has the file shows the line, as ``ProcessPoolExecutor``'s do.

    >>> rebuild, args = code_reduce(code_reduce.__code__)
    >>> rebuild(*args).co_filename == code_reduce.__code__.co_filename
    True
    """
    assert cloudpickle_code_reduce is not None
    rebuild, args = cloudpickle_code_reduce(code)
    try:
        at = args.index(DYNAMIC_CODE)
    except ValueError:  # a cloudpickle that keeps file names
        return (rebuild, args)
    return (rebuild, (*args[:at], code.co_filename, *args[at + 1 :]))


def _pariter_global(obj: Any) -> bool:
    """Whether ``obj`` is a class or function of pariter's that its module's namespace holds."""
    module = getattr(obj, "__module__", None)
    return (
        isinstance(module, str)
        and module.startswith("pariter.")
        and "<" not in getattr(obj, "__qualname__", "<")  # not a lambda, nor a local function
    )


class SharedArray:
    """A NumPy array copied into a file in shared memory; pickles as a mapping of that file."""

    def __init__(self, arr: Any) -> None:
        import numpy as np

        self.arr = arr
        self.writable = False
        folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
        fd, self.path = tempfile.mkstemp(prefix="pariter-", suffix=".npy", dir=folder)
        os.close(fd)
        self.shape = arr.shape
        self.dtype = arr.dtype  # the dtype itself: its string form loses a record's fields
        self.mapped: Any = None
        if arr.size:
            self.mapped = np.memmap(self.path, dtype=arr.dtype, mode="w+", shape=arr.shape)
            self.mapped[...] = arr

    def __reduce__(self) -> tuple[Any, ...]:
        return (attach_array, (self.path, self.dtype, self.shape))

    def release(self) -> None:
        try:
            if self.writable and self.mapped is not None:
                self.arr[...] = self.mapped
        finally:
            self.mapped = None
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass


def caller_context() -> bytes | None:
    """The caller's decimal context, pickled, if the caller uses decimal (tasks run in it).

    Context variables in general cannot be pickled; the decimal context is the one Python
    itself keeps in one, and the one numeric code depends on.
    """
    decimal = sys.modules.get("decimal")
    return None if decimal is None else pickle.dumps(decimal.getcontext())


# -- the worker's side ------------------------------------------------------------------------


class WorkerSide:
    """What a worker process knows of the current call: its table, state block and arrays."""

    def __init__(self, block: Slots) -> None:
        self.block = block
        self.call_id = -1
        self.table: list[Any] = []
        self.arrays: dict[str, Any] = {}

    def start_call(self, call_id: int, context: bytes | None) -> None:
        if call_id != self.call_id:
            self.call_id = call_id
            self.table = []
            self.arrays = {}
            if context is not None:
                import decimal

                decimal.setcontext(pickle.loads(context))
            elif "decimal" in sys.modules:
                sys.modules["decimal"].setcontext(sys.modules["decimal"].Context())

    def load_table(self, payload: bytes | None) -> None:
        if payload is not None:
            self.table.extend(cloudpickle.loads(payload))


#: The worker side of the process running here (set once in each worker).
worker_side: ContextVar[WorkerSide | None] = ContextVar("pariter_worker_side", default=None)


def _side() -> WorkerSide:
    side = worker_side.get()
    if side is None:
        raise RuntimeError("a pariter piece was unpickled outside a pariter worker")
    return side


def run_piece(side: WorkerSide, data: bytes) -> tuple[Any, ...]:
    """Unpickle and run one piece in a worker, under the call's shared abort flag.

    ``("ok", seconds, result, writebacks)``, or ``("error", exception, traceback, summary,
    writebacks)`` with the exception packed by :func:`.errors.pack_exception`: the writes made
    before an error still land, as they would on threads.
    """
    receiver = Receiver()
    receiver_token = current_receiver.set(receiver)
    abort = attach_abort(side.block)
    abort_token = current_abort.set(abort)
    try:
        producer, consumer = cloudpickle.loads(data)
        started = time.perf_counter()  # the items' time only: the sizer adds no transport
        result = run_leaf(producer, consumer, abort)
        return ("ok", time.perf_counter() - started, result, receiver.take())
    except BaseException as exc:
        abort.fail(exc)  # the other workers stop between blocks
        return ("error", *pack_exception(exc), receiver.take())
    finally:
        current_abort.reset(abort_token)
        current_receiver.reset(receiver_token)


def table_entry(index: int) -> Any:
    """Unpickle: function ``index`` of the call's table."""
    return _side().table[index]


def attach_state(kind: str, slot: int, option: bool) -> Any:
    """Unpickle: the shared stand-in of a state object."""
    return attach(_side().block, kind, slot, option)


def attach_array(path: str, dtype: Any, shape: tuple[int, ...]) -> Any:
    """Unpickle: the shared array at ``path`` (mapped once per call in each worker)."""
    import numpy as np

    side = _side()
    arr = side.arrays.get(path)
    if arr is None:
        if all(shape):
            # A plain ndarray over the mapping (the memmap subclass would leak into results).
            arr = np.asarray(np.memmap(path, dtype=np.dtype(dtype), mode="r+", shape=shape))
        else:
            arr = np.empty(shape, dtype=np.dtype(dtype))
        side.arrays[path] = arr
    return arr
