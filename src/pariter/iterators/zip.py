"""``zip`` and ``zip_eq``: both sides split at the same index; a leaf is ``zip(a, b)``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.plumbing.protocols import Producer, length_of

A = TypeVar("A")
B = TypeVar("B")


class ZipProducer(Producer[tuple[A, B]]):
    """Two producers of the same length, in lockstep."""

    __slots__ = ("a", "b")

    def __init__(self, a: Producer[A], b: Producer[B]) -> None:
        self.a = a
        self.b = b

    def __len__(self) -> int:
        return length_of(self.a)  # len() stops at sys.maxsize

    def split_at(self, index: int) -> tuple[Producer[tuple[A, B]], Producer[tuple[A, B]]]:
        a_left, a_right = self.a.split_at(index)
        b_left, b_right = self.b.split_at(index)
        return ZipProducer(a_left, b_left), ZipProducer(a_right, b_right)

    def into_iter(self) -> Iterator[tuple[A, B]]:
        return zip(self.a.into_iter(), self.b.into_iter(), strict=False)

    def into_rev_iter(self) -> Iterator[tuple[A, B]]:
        return zip(self.a.into_rev_iter(), self.b.into_rev_iter(), strict=False)

    def min_len(self) -> int:
        return max(self.a.min_len(), self.b.min_len())

    def max_len(self) -> int:
        return min(self.a.max_len(), self.b.max_len())


def truncate(producer: Producer[A], length: int) -> Producer[A]:
    """``producer`` cut to its first ``length`` items (the rest is never run).

    >>> from pariter.collections.range import RangeProducer
    >>> len(truncate(RangeProducer(0, 1, 9), 4))
    4
    """
    if length_of(producer) > length:
        return producer.split_at(length)[0]
    return producer


class Zip(IndexedParallelIterator[tuple[A, B]]):
    """``a.zip(b)``: as long as the shorter side.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(3)).zip(range(10, 20)).rev().collect()
    [(2, 12), (1, 11), (0, 10)]
    """

    def __init__(self, a: IndexedParallelIterator[A], b: IndexedParallelIterator[B]) -> None:
        self.a = a
        self.b = b

    def len(self) -> int:
        return min(self.a.len(), self.b.len())

    def producer(self) -> Producer[tuple[A, B]]:
        length = self.len()
        return ZipProducer(truncate(self.a.producer(), length), truncate(self.b.producer(), length))

    def __repr__(self) -> str:
        return describe(self.a, "zip", self.b)


def zip_eq(a: IndexedParallelIterator[A], b: IndexedParallelIterator[Any]) -> Zip[A, Any]:
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
