"""``zip``, ``zip_eq`` and ``multizip``: every side splits at the same index; a leaf is the
builtin ``zip`` of the sides' leaves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.plumbing.protocols import Producer, length_of

A = TypeVar("A")
B = TypeVar("B")


class ZipProducer(Producer[tuple[Any, ...]]):
    """Producers of the same length, in lockstep (two for ``zip``, any number for ``multizip``)."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Producer[Any]) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return length_of(self.parts[0])  # len() stops at sys.maxsize

    def split_at(self, index: int) -> tuple[Producer[tuple[Any, ...]], Producer[tuple[Any, ...]]]:
        halves = [part.split_at(index) for part in self.parts]
        return ZipProducer(*(h[0] for h in halves)), ZipProducer(*(h[1] for h in halves))

    def into_iter(self) -> Iterator[tuple[Any, ...]]:
        return zip(*(part.into_iter() for part in self.parts), strict=False)

    def into_rev_iter(self) -> Iterator[tuple[Any, ...]]:
        return zip(*(part.into_rev_iter() for part in self.parts), strict=False)

    def min_len(self) -> int:
        return max(part.min_len() for part in self.parts)

    def max_len(self) -> int:
        return min(part.max_len() for part in self.parts)


def truncate(producer: Producer[A], length: int) -> Producer[A]:
    """``producer`` cut to its first ``length`` items (the rest is never run).

    >>> from pariter.collections.range import RangeProducer
    >>> len(truncate(RangeProducer(0, 1, 9), 4))
    4
    """
    if length_of(producer) > length:
        return producer.split_at(length)[0]
    return producer


class MultiZip(IndexedParallelIterator[tuple[Any, ...]]):
    """``multizip(a, b, c, ...)``: tuples, as long as the shortest source (Rayon's ``MultiZip``).

    >>> from pariter import into_par_iter
    >>> MultiZip((into_par_iter(range(3)), into_par_iter("abcd"))).rev().collect()
    [(2, 'c'), (1, 'b'), (0, 'a')]
    """

    def __init__(self, sources: tuple[IndexedParallelIterator[Any], ...]) -> None:
        self.sources = sources

    def len(self) -> int:
        return min(source.len() for source in self.sources)

    def producer(self) -> Producer[tuple[Any, ...]]:
        length = self.len()
        return ZipProducer(*(truncate(source.producer(), length) for source in self.sources))

    def __repr__(self) -> str:
        return f"multizip({', '.join(map(repr, self.sources))})"


class Zip(MultiZip):
    """``a.zip(b)``: pairs, as long as the shorter side.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(3)).zip(range(10, 20)).rev().collect()
    [(2, 12), (1, 11), (0, 10)]
    """

    def __init__(self, a: IndexedParallelIterator[A], b: IndexedParallelIterator[B]) -> None:
        super().__init__((a, b))
        self.a = a
        self.b = b

    def __repr__(self) -> str:
        return describe(self.a, "zip", self.b)


def multizip(*sources: Any) -> IndexedParallelIterator[tuple[Any, ...]]:
    """Tuples of the items of every source at the same position, as long as the shortest:
    Rayon's ``(a, b, c).into_par_iter()``.  Each source is anything ``into_par_iter`` takes
    that is indexed; a one-shot iterator is read only as far as the others reach.

    >>> import pariter as pi
    >>> pi.multizip([1, 2, 3], "abc", range(10, 20)).collect()
    [(1, 'a', 10), (2, 'b', 11), (3, 'c', 12)]
    >>> pi.multizip(range(4), range(4), range(4)).map(sum).collect()
    [0, 3, 6, 9]
    """
    from pariter.collections.entry import as_indexed
    from pariter.collections.lazy_source import is_one_shot

    if not sources:
        raise TypeError("multizip() needs at least one source")
    converted: list[IndexedParallelIterator[Any] | None] = [
        None if is_one_shot(source) else as_indexed(f"source {i}", source, "multizip")
        for i, source in enumerate(sources)
    ]
    # One-shot sources are read last, each no further than the shortest source known so far.
    limit = min((it.len() for it in converted if it is not None), default=None)
    for i, source in enumerate(sources):
        if converted[i] is None:
            it = as_indexed(f"source {i}", source, "multizip", limit)
            converted[i] = it
            limit = it.len() if limit is None else min(limit, it.len())
    return MultiZip(tuple(it for it in converted if it is not None))


def zip_eq(a: IndexedParallelIterator[A], b: IndexedParallelIterator[Any]) -> Zip:
    """``a.zip_eq(b)``: a ``ValueError`` when the lengths differ (checked at once).

    >>> from pariter import par_iter
    >>> par_iter([1]).zip_eq([1, 2])
    Traceback (most recent call last):
    ValueError: zip_eq: iterators must have the same length (1 != 2)
    """
    la, lb = a.len(), b.len()
    if la != lb:
        raise ValueError(f"zip_eq: iterators must have the same length ({la} != {lb})")
    return Zip(a, b)
