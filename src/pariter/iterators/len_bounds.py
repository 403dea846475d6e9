"""``with_min_len`` and ``with_max_len``: bounds on how far the bridge splits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")


class BoundsProducer(Producer[T]):
    """``base`` with overridden ``min_len``/``max_len`` (kept across splits)."""

    __slots__ = ("base", "max", "min")

    def __init__(self, base: Producer[T], min_len: int, max_len: int) -> None:
        self.base = base
        self.min = min_len
        self.max = max_len

    def __len__(self) -> int:
        return length_of(self.base)

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        left, right = self.base.split_at(index)
        return BoundsProducer(left, self.min, self.max), BoundsProducer(right, self.min, self.max)

    def into_iter(self) -> Iterator[T]:
        return self.base.into_iter()

    def into_rev_iter(self) -> Iterator[T]:
        return self.base.into_rev_iter()

    def min_len(self) -> int:
        return self.min

    def max_len(self) -> int:
        return self.max


class MinLen(IndexedParallelIterator[T]):
    """``it.with_min_len(n)``.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(8)).with_min_len(3).collect()
    [0, 1, 2, 3, 4, 5, 6, 7]
    """

    def __init__(self, base: IndexedParallelIterator[T], min_len: int) -> None:
        self.base = base
        self._min = min_len

    def len(self) -> int:
        return self.base.len()

    def producer(self) -> Producer[T]:
        base = self.base.producer()
        return BoundsProducer(base, max(self._min, base.min_len()), base.max_len())

    def __repr__(self) -> str:
        return describe(self.base, "with_min_len", self._min)


class MaxLen(IndexedParallelIterator[T]):
    """``it.with_max_len(n)``.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(8)).with_max_len(2).collect()
    [0, 1, 2, 3, 4, 5, 6, 7]
    """

    def __init__(self, base: IndexedParallelIterator[T], max_len: int) -> None:
        self.base = base
        self._max = max_len

    def len(self) -> int:
        return self.base.len()

    def producer(self) -> Producer[T]:
        base = self.base.producer()
        return BoundsProducer(base, base.min_len(), min(self._max, base.max_len()))

    def __repr__(self) -> str:
        return describe(self.base, "with_max_len", self._max)
