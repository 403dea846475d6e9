"""``repeat``, ``repeat_n``, ``once`` and ``empty`` sources."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from pariter.iterators.base import (
    IndexedParallelIterator,
    ParallelIterator,
    check_count,
    describe_arg,
)
from pariter.plumbing.bridge import SC_MAX_BLOCK, bridge_unindexed
from pariter.plumbing.protocols import Consumer, Folder, Producer, UnindexedProducer

T = TypeVar("T")
R = TypeVar("R")


class RepeatNProducer(Producer[T]):
    """``n`` times the same item (``itertools.repeat``)."""

    __slots__ = ("item", "n")
    INERT = True

    def __init__(self, item: T, n: int) -> None:
        self.item = item
        self.n = n

    def __len__(self) -> int:
        return self.n

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        return RepeatNProducer(self.item, index), RepeatNProducer(self.item, self.n - index)

    def into_iter(self) -> Iterator[T]:
        return itertools.repeat(self.item, self.n)

    def into_rev_iter(self) -> Iterator[T]:
        return itertools.repeat(self.item, self.n)


class RepeatN(IndexedParallelIterator[T]):
    """``repeat_n(item, n)``."""

    def __init__(self, item: T, n: int) -> None:
        self.item = item
        self.n = n

    def len(self) -> int:
        return self.n

    def producer(self) -> Producer[T]:
        return RepeatNProducer(self.item, self.n)

    def __repr__(self) -> str:
        if self.n == 0 and self.item is None:
            return "empty()"
        if self.n == 1:
            return f"once({describe_arg(self.item)})"
        return f"repeat_n({describe_arg(self.item)}, {self.n})"


def repeat_n(item: T, n: int) -> IndexedParallelIterator[T]:
    """``item`` repeated ``n`` times (the same object each time).

    >>> repeat_n("x", 3).collect()
    ['x', 'x', 'x']
    """
    return RepeatN(item, check_count("n", n))


def once(item: T) -> IndexedParallelIterator[T]:
    """Exactly one item.

    >>> once(5).chain([6]).collect()
    [5, 6]
    """
    return RepeatN(item, 1)


def empty() -> IndexedParallelIterator[Any]:
    """No items.

    >>> empty().sum(), empty().collect()
    (0, [])
    """
    return RepeatN(None, 0)


class RepeatProducer(UnindexedProducer[T]):
    """Endless: always splits, and feeds blocks until the consumer is full."""

    __slots__ = ("item",)

    def __init__(self, item: T) -> None:
        self.item = item

    def split(self) -> tuple[UnindexedProducer[T], UnindexedProducer[T] | None]:
        return self, RepeatProducer(self.item)

    def fold_with(self, folder: Folder[T, Any]) -> None:
        while not folder.full():
            folder.consume_iter(itertools.repeat(self.item, SC_MAX_BLOCK))


class Repeat(ParallelIterator[T], Generic[T]):
    """``repeat(item)``: endless; use ``take``/``zip`` (which make it indexed) or a
    short-circuiting operation.

    >>> repeat(1).take(3).collect(), repeat(0).zip("ab").collect()
    ([1, 1, 1], [(0, 'a'), (0, 'b')])
    """

    def __init__(self, item: T) -> None:
        self.item = item

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        return bridge_unindexed(RepeatProducer(self.item), consumer)

    def __repr__(self) -> str:
        return f"repeat({describe_arg(self.item)})"

    def take(self, n: int) -> IndexedParallelIterator[T]:
        """The first ``n`` items: ``repeat_n(item, n)``."""
        return repeat_n(self.item, n)

    def zip(self, other: Any) -> IndexedParallelIterator[tuple[T, Any]]:
        """Pair ``item`` with every item of the indexed ``other``."""
        from pariter.collections.entry import as_indexed

        indexed = as_indexed("other", other, "zip")
        return repeat_n(self.item, indexed.len()).zip(indexed)


def repeat(item: T) -> Repeat[T]:
    """``item`` forever (unindexed).

    >>> repeat(7).find_any(lambda x: True)
    7
    """
    return Repeat(item)
