"""``par_drain``: move every item (or an index range of a sequence) out of a collection.

Rayon's ``Drain`` promises that the collection ends up without the drained items whatever
happens to the iterator: fully consumed, stopped early, unwound by a panic, or dropped unused.
The simplest way to keep that promise in Python is to do the removal when ``par_drain`` is
called: the items are copied into a private list (one C-level copy) and removed from the
collection at once, and the returned indexed iterator reads the private list.  So nothing that
happens later (an exception in the consumer, ``find_any``, the iterator never being run) can
leave items behind, and the collection can be reused immediately.
"""

from __future__ import annotations

import array
import collections
from collections.abc import Iterable, MutableMapping, MutableSequence, MutableSet
from typing import Any, TypeVar

from pariter.collections.mapping import keys_and_values
from pariter.collections.snapshot import SnapshotProducer
from pariter.iterators.base import IndexedParallelIterator
from pariter.plumbing.protocols import Producer

T = TypeVar("T")


class Drain(IndexedParallelIterator[Any]):
    """The items already taken out of a collection: a private snapshot nobody else can change.

    >>> Drain((["a", "b"], [1, 2]), "dict").collect()
    [('a', 1), ('b', 2)]
    """

    def __init__(self, columns: tuple[list[Any], ...], kind: str) -> None:
        self.columns = columns
        self.kind = kind

    def len(self) -> int:
        return len(self.columns[0])

    def producer(self) -> Producer[Any]:
        # No size guard: the lists are ours alone.
        return SnapshotProducer(self.columns, 0, self.len(), None)

    def __repr__(self) -> str:
        return f"par_drain({self.kind}[{self.len()}])"


def drain_bounds(range_: Any, length: int) -> tuple[int, int]:
    """``(start, stop)`` of a drain range: a ``range`` or ``slice`` with step 1 within bounds.

    A ``slice`` may leave out its ends and count from the end with negative numbers, as in
    ``xs[-2:]``; a ``range`` is taken literally.  Either way the result must satisfy
    ``0 <= start <= stop <= len(xs)`` (no silent clamping: Rust panics there, we raise).

    >>> drain_bounds(range(1, 3), 5), drain_bounds(slice(-2, None), 5)
    ((1, 3), (3, 5))
    >>> drain_bounds(range(0, 6), 5)
    Traceback (most recent call last):
    ValueError: range_ range(0, 6) is out of bounds for a collection of length 5
    """
    if isinstance(range_, range):
        if range_.step != 1:
            raise ValueError(f"range_ must have step 1, got {range_!r}")
        start, stop = range_.start, range_.stop
    elif isinstance(range_, slice):
        if range_.step not in (None, 1):
            raise ValueError(f"range_ must have step 1, got {range_!r}")
        start = _slice_end(range_.start, 0, length, range_)
        stop = _slice_end(range_.stop, length, length, range_)
    else:
        raise TypeError(f"range_ must be a range or a slice, got {type(range_).__name__}")
    if start > stop:
        raise ValueError(f"range_ {range_!r} starts after it ends")
    if start < 0 or stop > length:
        raise ValueError(f"range_ {range_!r} is out of bounds for a collection of length {length}")
    return start, stop


def _slice_end(end: Any, default: int, length: int, range_: slice) -> int:
    if end is None:
        return default
    if not isinstance(end, int) or isinstance(end, bool):
        raise TypeError(f"range_ must have int or None ends, got {range_!r}")
    return end + length if end < 0 else end


def par_drain(xs: Any, range_: range | slice | None = None) -> IndexedParallelIterator[Any]:
    """Remove the items of ``xs`` (or ``xs[range_]``) now, and iterate them in parallel.

    ``xs`` is a list, bytearray, ``array.array`` or deque (items in order; ``range_`` removes
    only those positions and keeps the rest in order), a dict or other mutable mapping (its
    ``(key, value)`` pairs; it keeps its identity and is left empty) or a set.  The removal
    happens before this function returns, so ``xs`` is left without the items whatever happens
    to the iterator afterwards: consumed, stopped early, failed, or never run.

    >>> import pariter as pi
    >>> xs = [0, 1, 2, 3, 4]
    >>> pi.par_drain(xs, range(1, 3)).map(lambda x: x * 10).collect(), xs
    ([10, 20], [0, 3, 4])
    >>> d = {"a": 1, "b": 2}
    >>> pi.par_drain(d).collect(), d
    ([('a', 1), ('b', 2)], {})
    >>> pi.par_drain("abc")
    Traceback (most recent call last):
    TypeError: xs must be a list, dict, set, deque, bytearray or array.array to drain; got str
    """
    if isinstance(xs, collections.deque):
        return _drain_deque(xs, range_)
    if isinstance(xs, (MutableSequence, array.array)):
        return _drain_sequence(xs, range_)
    if isinstance(xs, (MutableMapping, MutableSet)):
        if range_ is not None:
            raise TypeError(
                f"range_ applies to sequences (list, deque, bytearray, array.array), "
                f"not to a {type(xs).__name__}"
            )
        columns = keys_and_values(xs) if isinstance(xs, MutableMapping) else (list(xs),)
        xs.clear()
        return Drain(columns, type(xs).__name__)
    raise TypeError(
        "xs must be a list, dict, set, deque, bytearray or array.array to drain; "
        f"got {type(xs).__name__}"
    )


def _drain_sequence(xs: Any, range_: range | slice | None) -> IndexedParallelIterator[Any]:
    start, stop = (0, len(xs)) if range_ is None else drain_bounds(range_, len(xs))
    items = _as_list(xs[start:stop])
    del xs[start:stop]
    return Drain((items,), type(xs).__name__)


def _drain_deque(
    xs: collections.deque[T], range_: range | slice | None
) -> IndexedParallelIterator[T]:
    everything = list(xs)
    start, stop = (0, len(everything)) if range_ is None else drain_bounds(range_, len(xs))
    items = everything[start:stop]
    if (start, stop) == (0, len(everything)):
        xs.clear()
    else:
        # A deque cannot delete a slice: rebuild it from what stays (it keeps its identity).
        xs.clear()
        xs.extend(everything[:start])
        xs.extend(everything[stop:])
    return Drain((items,), type(xs).__name__)


def _as_list(items: Iterable[T]) -> list[T]:
    return items if type(items) is list else list(items)
