"""How producer and consumer pieces travel to other processes: slices out, writes back.

Thread pools never pickle anything.  Backends that run pieces elsewhere (processes, a Dask
cluster) pickle (producer piece, consumer piece) pairs, and two things need their help:

* **Only the data a piece needs.**  A list producer covering ``xs[a:b]`` pickles as that slice
  (re-based to start at 0), a range as its bounds; pieces never carry the whole input.
* **Writes into the caller's collections** (``par_iter_mut``, ``par_chunks_mut``, ``collect``'s
  pre-sized list).  While a backend pickles a call's pieces it sets :data:`current_shipment`;
  such pieces then pickle their target as a *write-back*: a local copy in the worker whose
  writes travel back with the piece's result and are applied to the caller's object, in place.
  NumPy arrays can travel through shared memory instead (``Shipment.array``).

The worker side keeps the write-backs of the piece it runs in a :class:`Receiver`.
"""

from __future__ import annotations

import array
import sys
from collections.abc import MutableMapping
from contextvars import ContextVar
from typing import Any


class Shipment:
    """The caller's side of one call's pieces being pickled for other processes.

    Backends subclass it; this base ships plain copies (writes would not come back), which is
    what pickling a piece outside any backend means.

    >>> Shipment().target([1, 2, 3])
    -1
    """

    def target(self, container: Any) -> int:
        """An id under which writes to ``container`` come back; -1: they do not come back."""
        return -1

    def array(self, arr: Any, writable: bool) -> Any:
        """A stand-in that unpickles as ``arr`` (shared memory, say), or None to pickle ``arr``.

        With ``writable``, what workers write into it must reach ``arr`` by the call's end.
        """
        return None


#: The shipment of the call whose pieces are being pickled on this thread, if any.
current_shipment: ContextVar[Shipment | None] = ContextVar("pariter_shipment", default=None)


def shipment() -> Shipment:
    """The shipment being pickled here (a plain copying one outside any backend).

    >>> shipment().target({})
    -1
    """
    return current_shipment.get() or _PLAIN


_PLAIN = Shipment()


def is_ndarray(xs: object) -> bool:
    """Whether ``xs`` is a NumPy array, without importing NumPy (it is optional).

    >>> is_ndarray([1, 2]), is_ndarray(memoryview(b"ab"))
    (False, False)
    """
    np = sys.modules.get("numpy")
    return np is not None and isinstance(xs, np.ndarray)


class Receiver:
    """The worker's side: the write-backs made while unpickling and running one piece.

    >>> r = Receiver(); token = current_receiver.set(r)
    >>> dense_target(7, 10, [0, 0]).append(1)
    >>> current_receiver.reset(token); r.take()
    [('dense', 7, 10, [0, 0, 1])]
    """

    def __init__(self) -> None:
        self.writebacks: list[tuple[Any, ...]] = []

    def take(self) -> list[tuple[Any, ...]]:
        """What to send back to the caller: ``("dense", id, start, items)`` and
        ``("log", id, {key: value})`` entries; the list is emptied."""
        out = [
            ("dense", tid, start, obj) if kind == "dense" else ("log", tid, obj.writes)
            for kind, tid, start, obj in self.writebacks
        ]
        self.writebacks.clear()
        return out


#: The receiver of the piece being unpickled and run here (set in workers only).
current_receiver: ContextVar[Receiver | None] = ContextVar("pariter_receiver", default=None)


class Dense:
    """Pickles as ``items`` made a dense write-back in the worker (see :func:`dense_target`).

    >>> import pickle; pickle.loads(pickle.dumps(Dense(-1, 0, [1, 2])))
    [1, 2]
    """

    __slots__ = ("items", "start", "tid")

    def __init__(self, tid: int, start: int, items: Any) -> None:
        self.tid = tid
        self.start = start
        self.items = items

    def __reduce__(self) -> tuple[Any, ...]:
        return (dense_target, (self.tid, self.start, self.items))


class Logged:
    """Pickles as a :class:`WriteLog` over ``data`` in the worker (see :func:`logged_target`).

    >>> import pickle; pickle.loads(pickle.dumps(Logged(-1, {"a": 1}, None)))["a"]
    1
    """

    __slots__ = ("data", "offset", "tid")

    def __init__(self, tid: int, data: Any, offset: int | None) -> None:
        self.tid = tid
        self.data = data
        self.offset = offset

    def __reduce__(self) -> tuple[Any, ...]:
        return (logged_target, (self.tid, self.data, self.offset))


def dense_target(tid: int, start: int, items: Any) -> Any:
    """Worker side of a dense write-back: ``items`` replaces ``target[start:start+len]``."""
    receiver = current_receiver.get()
    if receiver is not None and tid >= 0:
        receiver.writebacks.append(("dense", tid, start, items))
    return items


class WriteLog(MutableMapping[Any, Any]):
    """A local stand-in for a caller's dict or list: reads see a copy, writes are recorded.

    ``offset`` maps absolute indices of a sequence onto the local slice (None for mappings).

    >>> log = WriteLog({"a": 1, "b": 2}, None)
    >>> log["a"] = log["a"] + 10; log.writes, len(log)
    ({'a': 11}, 2)
    >>> seq = WriteLog([5, 6], 10); seq[11] = 60; seq[11], seq.writes
    (60, {11: 60})
    """

    __slots__ = ("data", "offset", "writes")

    def __init__(self, data: Any, offset: int | None) -> None:
        self.data = data
        self.offset = offset
        self.writes: dict[Any, Any] = {}

    def _local(self, key: Any) -> Any:
        offset = self.offset
        if offset is None:
            return key
        if not offset <= key < offset + len(self.data):
            raise IndexError("index out of range")
        return key - offset

    def __getitem__(self, key: Any) -> Any:
        return self.data[self._local(key)]

    def __setitem__(self, key: Any, value: Any) -> None:
        self.data[self._local(key)] = value
        self.writes[key] = value

    def __delitem__(self, key: Any) -> None:
        raise TypeError("a parallel write cannot remove an entry")

    def __iter__(self) -> Any:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def logged_target(tid: int, data: Any, offset: int | None) -> WriteLog:
    """Worker side of a logged write-back (see :class:`WriteLog`)."""
    log = WriteLog(data, offset)
    receiver = current_receiver.get()
    if receiver is not None and tid >= 0:
        receiver.writebacks.append(("log", tid, None, log))
    return log


def apply_writeback(target: Any, entry: tuple[Any, ...]) -> None:
    """Apply one write-back entry (from :meth:`Receiver.take`) to the caller's ``target``.

    >>> xs = [0, 0, 0, 0]
    >>> apply_writeback(xs, ("dense", 0, 1, [7, 8])); apply_writeback(xs, ("log", 0, {3: 9}))
    >>> xs
    [0, 7, 8, 9]
    """
    if entry[0] == "dense":
        start, items = entry[2], entry[3]
        if isinstance(target, list | bytearray | array.array):
            target[start : start + len(items)] = items
        else:
            for i, item in enumerate(items, start):
                target[i] = item
        return
    writes = entry[2]
    if type(target) is dict:  # subclasses (Counter.update adds!) go through __setitem__
        target.update(writes)
    else:
        for key, value in writes.items():
            target[key] = value


def plain_slice(seq: Any, start: int, end: int) -> Any:
    """``seq[start:end]`` as a picklable sequence of the same items.

    >>> plain_slice(memoryview(b"abc"), 1, 3), plain_slice(range(10), 2, 4)
    ([98, 99], range(2, 4))
    """
    if isinstance(seq, memoryview):
        return seq[start:end].tolist()
    if isinstance(seq, list | tuple | str | bytes | bytearray | range) or hasattr(seq, "typecode"):
        return seq[start:end]
    return list(map(seq.__getitem__, range(start, end)))
