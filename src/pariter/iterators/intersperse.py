"""``intersperse(sep)``: ``sep`` between consecutive items.

Indexed: a producer that knows whether its piece starts and/or ends with a separator.
Unindexed: the items are gathered in order first (a leftmost piece may turn out empty).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TypeVar

from pariter.iterators.base import IndexedParallelIterator, ParallelIterator, describe
from pariter.plumbing.protocols import Consumer, Producer, length_of

T = TypeVar("T")
R = TypeVar("R")


def _with_seps(it: Iterator[T], sep: T, lead: bool) -> Iterator[T]:
    pairs = itertools.chain.from_iterable(zip(itertools.repeat(sep), it))
    return pairs if lead else itertools.islice(pairs, 1, None)


class IntersperseProducer(Producer[T]):
    """``[sep if lead] x0 sep x1 ... x_{m-1} [sep if trail]`` over the items of ``base``."""

    __slots__ = ("base", "lead", "sep", "trail")

    def __init__(self, base: Producer[T], sep: T, lead: bool, trail: bool) -> None:
        self.base = base
        self.sep = sep
        self.lead = lead
        self.trail = trail

    def __len__(self) -> int:
        m = length_of(self.base)
        if m == 0:
            return int(self.lead or self.trail)
        return 2 * m - 1 + self.lead + self.trail

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        base, sep, lead = self.base, self.sep, self.lead
        if length_of(base) == 0:  # a lone separator
            left_empty, right_empty = base.split_at(0)
            if index == 0:
                return IntersperseProducer(left_empty, sep, False, False), self
            return self, IntersperseProducer(right_empty, sep, False, False)
        if index < lead or index == 0:
            left_empty, _ = base.split_at(0)
            return IntersperseProducer(left_empty, sep, False, False), self
        p = index - lead  # position in the core "x0 sep x1 ... x_{m-1}"
        if p % 2 == 0:
            j = p // 2
            left, right = base.split_at(j)
            if j == 0:
                return IntersperseProducer(left, sep, lead, False), IntersperseProducer(
                    right, sep, False, self.trail
                )
            return IntersperseProducer(left, sep, lead, True), IntersperseProducer(
                right, sep, False, self.trail if length_of(right) else False
            )
        j = p // 2 + 1
        left, right = base.split_at(j)
        if not length_of(right):  # only the trailing separator, if any, is left
            return IntersperseProducer(left, sep, lead, False), IntersperseProducer(
                right, sep, self.trail, False
            )
        return IntersperseProducer(left, sep, lead, False), IntersperseProducer(
            right, sep, True, self.trail
        )

    def into_iter(self) -> Iterator[T]:
        if length_of(self.base) == 0:
            return iter((self.sep,) if self.lead or self.trail else ())
        core = _with_seps(self.base.into_iter(), self.sep, self.lead)
        if self.trail:
            return itertools.chain(core, (self.sep,))
        return core

    def min_len(self) -> int:
        return self.base.min_len()

    def max_len(self) -> int:
        return self.base.max_len()


class IndexedIntersperse(IndexedParallelIterator[T]):
    """``it.intersperse(sep)`` on an indexed iterator (stays indexed)."""

    def __init__(self, base: IndexedParallelIterator[T], sep: T) -> None:
        self.base = base
        self.sep = sep

    def len(self) -> int:
        n = self.base.len()
        return max(2 * n - 1, 0)

    def producer(self) -> Producer[T]:
        return IntersperseProducer(self.base.producer(), self.sep, False, False)

    def __repr__(self) -> str:
        return describe(self.base, "intersperse", self.sep)


class Intersperse(ParallelIterator[T]):
    """``it.intersperse(sep)`` on an unindexed iterator."""

    def __init__(self, base: ParallelIterator[T], sep: T) -> None:
        self.base = base
        self.sep = sep

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        # Where the first item is cannot be known before the pieces run (a leftmost piece
        # may turn out empty), so the items are gathered in order first, then interspersed.
        from pariter.collections.sequence import SequenceIter
        from pariter.iterators.collect import ListChunksConsumer, flatten_chunks

        items = flatten_chunks(self.base.drive_unindexed(ListChunksConsumer()))
        return IndexedIntersperse(SequenceIter(items), self.sep).drive_unindexed(consumer)

    def __repr__(self) -> str:
        return describe(self.base, "intersperse", self.sep)


def make_intersperse(base: ParallelIterator[T], sep: T) -> ParallelIterator[T]:
    """``base.intersperse(sep)``, indexed when ``base`` is.

    >>> from pariter import par_iter
    >>> make_intersperse(par_iter("abc").filter(str.isalpha), "-").collect(str)
    'a-b-c'
    """
    if isinstance(base, IndexedParallelIterator):
        return IndexedIntersperse(base, sep)
    return Intersperse(base, sep)
