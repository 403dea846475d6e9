"""``rev``: split mirrored, iterate each leaf backwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")


class RevProducer(Producer[T]):
    """``base`` read from its end."""

    __slots__ = ("base",)

    def __init__(self, base: Producer[T]) -> None:
        self.base = base

    def __len__(self) -> int:
        return length_of(self.base)

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        left, right = self.base.split_at(length_of(self.base) - index)
        return RevProducer(right), RevProducer(left)

    def into_iter(self) -> Iterator[T]:
        return self.base.into_rev_iter()

    def into_rev_iter(self) -> Iterator[T]:
        return self.base.into_iter()

    def min_len(self) -> int:
        return self.base.min_len()

    def max_len(self) -> int:
        return self.base.max_len()


class Rev(IndexedParallelIterator[T]):
    """``it.rev()``.

    >>> from pariter import par_iter
    >>> par_iter("abc").rev().collect(str)
    'cba'
    """

    def __init__(self, base: IndexedParallelIterator[T]) -> None:
        self.base = base

    def len(self) -> int:
        return self.base.len()

    def producer(self) -> Producer[T]:
        return RevProducer(self.base.producer())

    def __repr__(self) -> str:
        return describe(self.base, "rev")
