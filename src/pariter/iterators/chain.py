"""``chain``: indexed when both sides are (one producer over both), else a ``join`` of the two."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, TypeVar

from pariter.core import join
from pariter.iterators.base import IndexedParallelIterator, ParallelIterator, describe
from pariter.plumbing.protocols import Consumer, Producer, length_of

T = TypeVar("T")
R = TypeVar("R")


class ChainProducer(Producer[T]):
    """``a`` then ``b``."""

    __slots__ = ("a", "b")

    def __init__(self, a: Producer[T], b: Producer[T]) -> None:
        self.a = a
        self.b = b

    def __len__(self) -> int:
        return length_of(self.a) + length_of(self.b)  # len() stops at sys.maxsize

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        la = length_of(self.a)
        if index <= la:
            a_left, a_right = self.a.split_at(index)
            b_left, b_right = self.b.split_at(0)
        else:
            a_left, a_right = self.a.split_at(la)
            b_left, b_right = self.b.split_at(index - la)
        return ChainProducer(a_left, b_left), ChainProducer(a_right, b_right)

    def into_iter(self) -> Iterator[T]:
        if not length_of(self.b):
            return self.a.into_iter()
        if not length_of(self.a):
            return self.b.into_iter()
        return itertools.chain(self.a.into_iter(), self.b.into_iter())

    def into_rev_iter(self) -> Iterator[T]:
        return itertools.chain(self.b.into_rev_iter(), self.a.into_rev_iter())

    def min_len(self) -> int:
        return max(self.a.min_len(), self.b.min_len())

    def max_len(self) -> int:
        return min(self.a.max_len(), self.b.max_len())


class IndexedChain(IndexedParallelIterator[T]):
    """``a.chain(b)`` for two indexed iterators."""

    def __init__(self, a: IndexedParallelIterator[T], b: IndexedParallelIterator[T]) -> None:
        self.a = a
        self.b = b

    def len(self) -> int:
        return self.a.len() + self.b.len()

    def producer(self) -> Producer[T]:
        return ChainProducer(self.a.producer(), self.b.producer())

    def __repr__(self) -> str:
        return describe(self.a, "chain", self.b)


class Chain(ParallelIterator[T]):
    """``a.chain(b)`` when one side is unindexed: both halves run under one ``join``."""

    def __init__(self, a: ParallelIterator[T], b: ParallelIterator[T]) -> None:
        self.a = a
        self.b = b

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        left = consumer.split_off_left()
        reducer = consumer.to_reducer()
        a, b = self.a, self.b
        ra, rb = join(lambda: a.drive_unindexed(left), lambda: b.drive_unindexed(consumer))
        return reducer(ra, rb)

    def opt_len(self) -> int | None:
        la, lb = self.a.opt_len(), self.b.opt_len()
        return None if la is None or lb is None else la + lb

    def __repr__(self) -> str:
        return describe(self.a, "chain", self.b)


def make_chain(a: ParallelIterator[T], other: Any) -> ParallelIterator[T]:
    """``a.chain(other)`` (``other`` may be any parallel-iterable source).

    >>> from pariter import par_iter
    >>> par_iter([1]).filter(bool).chain([2, 3]).collect()
    [1, 2, 3]
    """
    from pariter.collections.entry import as_source

    b = as_source("other", other, "chain")
    if isinstance(a, IndexedParallelIterator) and isinstance(b, IndexedParallelIterator):
        return IndexedChain(a, b)
    return Chain(a, b)
