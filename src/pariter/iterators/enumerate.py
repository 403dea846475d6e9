"""``enumerate``: ``zip(count(offset), it)`` per leaf; indices stay right after splits."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TypeVar

from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")


class EnumerateProducer(Producer[tuple[int, T]]):
    """Items of ``base`` numbered from ``offset``."""

    __slots__ = ("base", "offset")

    def __init__(self, base: Producer[T], offset: int) -> None:
        self.base = base
        self.offset = offset

    def __len__(self) -> int:
        return length_of(self.base)

    def split_at(self, index: int) -> tuple[Producer[tuple[int, T]], Producer[tuple[int, T]]]:
        left, right = self.base.split_at(index)
        return EnumerateProducer(left, self.offset), EnumerateProducer(right, self.offset + index)

    def into_iter(self) -> Iterator[tuple[int, T]]:
        return zip(itertools.count(self.offset), self.base.into_iter())

    def into_rev_iter(self) -> Iterator[tuple[int, T]]:
        last = self.offset + length_of(self.base) - 1
        return zip(itertools.count(last, -1), self.base.into_rev_iter())

    def min_len(self) -> int:
        return self.base.min_len()

    def max_len(self) -> int:
        return self.base.max_len()


class Enumerate(IndexedParallelIterator[tuple[int, T]]):
    """``it.enumerate()``.

    >>> from pariter import par_iter
    >>> par_iter("xyz").enumerate().skip(1).collect()
    [(1, 'y'), (2, 'z')]
    """

    def __init__(self, base: IndexedParallelIterator[T]) -> None:
        self.base = base

    def len(self) -> int:
        return self.base.len()

    def producer(self) -> Producer[tuple[int, T]]:
        return EnumerateProducer(self.base.producer(), 0)

    def __repr__(self) -> str:
        return describe(self.base, "enumerate")
