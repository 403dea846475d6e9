"""Sequences (list, tuple, str, bytes, bytearray, memoryview, array, any ``Sequence``).

Leaves iterate with the sequence's own C iterator positioned by ``__setstate__`` and bounded by
``islice`` (no copy), or a slice for types whose iterator cannot be positioned.
"""

from __future__ import annotations

import array
import itertools
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from pariter.iterators.base import IndexedParallelIterator, describe_entry
from pariter.plumbing.protocols import Producer
from pariter.plumbing.transport import is_ndarray, plain_slice, shipment

T = TypeVar("T")

_POSITIONABLE = (list, tuple, str, bytes, bytearray)  # their iterators have __setstate__
# Not memoryview: on free-threaded 3.13 a memoryview's count of exported views is updated
# without atomics, so slicing (or freeing slices) on several threads at once can release the
# buffer under the other leaves. Item access creates no view, so memoryviews take the
# generic `map(seq.__getitem__, ...)` path.
_SLICEABLE = (array.array, range)


def _kind(seq: Any) -> int:
    if isinstance(seq, _POSITIONABLE):
        return 0
    if isinstance(seq, _SLICEABLE):
        return 1
    return 2


class SequenceProducer(Producer[T]):
    """Items ``seq[start:end]``.

    >>> p = SequenceProducer([1, 2, 3, 4], 0, 4)
    >>> [list(half.into_iter()) for half in p.split_at(1)]
    [[1], [2, 3, 4]]
    """

    __slots__ = ("end", "kind", "seq", "start")
    INERT = True

    def __init__(self, seq: Sequence[T], start: int, end: int, kind: int | None = None) -> None:
        self.seq = seq
        self.start = start
        self.end = end
        self.kind = _kind(seq) if kind is None else kind

    def __len__(self) -> int:
        return self.end - self.start

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        mid = self.start + index
        return (
            SequenceProducer(self.seq, self.start, mid, self.kind),
            SequenceProducer(self.seq, mid, self.end, self.kind),
        )

    def into_iter(self) -> Iterator[T]:
        seq, start, end = self.seq, self.start, self.end
        if self.kind == 0:
            it: Any = iter(seq)
            if start:
                it.__setstate__(start)
            return it if end >= len(seq) else itertools.islice(it, end - start)
        if self.kind == 1:
            return iter(seq[start:end])
        return map(seq.__getitem__, range(start, end))

    def __reduce__(self) -> tuple[Any, ...]:
        # Shipped to another process: just this piece's items (a NumPy array may travel
        # through the backend's shared memory instead, whole, with the same bounds).
        seq, start, end = self.seq, self.start, self.end
        if is_ndarray(seq):
            shared = shipment().array(seq, writable=False)
            if shared is not None:
                return (SequenceProducer, (shared, start, end, self.kind))
        return (SequenceProducer, (plain_slice(seq, start, end), 0, end - start))

    def into_rev_iter(self) -> Iterator[T]:
        seq, start, end = self.seq, self.start, self.end
        if self.kind == 2:
            return map(seq.__getitem__, range(end - 1, start - 1, -1))
        return reversed(seq[start:end])


class SequenceIter(IndexedParallelIterator[T]):
    """``par_iter(seq)`` for any sequence: indexed, split by position.

    >>> from pariter import par_iter
    >>> par_iter(b"ab").collect(), par_iter((1, 2)).rev().collect()
    ([97, 98], [2, 1])
    """

    def __init__(self, seq: Sequence[T]) -> None:
        self.seq = seq

    def len(self) -> int:
        return len(self.seq)

    def producer(self) -> Producer[T]:
        return SequenceProducer(self.seq, 0, len(self.seq))

    def __repr__(self) -> str:
        return describe_entry("par_iter", self.seq)
