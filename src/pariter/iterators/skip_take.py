"""``skip(n)`` and ``take(n)``.

As in Rayon, the skipped prefix still runs (into a consumer that drops its items), so side
effects upstream of ``skip`` happen for every item; the tail cut by ``take`` never runs.
"""

from __future__ import annotations

from typing import TypeVar

from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.iterators.reduce import NoopConsumer
from pariter.iterators.zip import truncate
from pariter.plumbing.bridge import bridge
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")


class Skip(IndexedParallelIterator[T]):
    """``it.skip(n)``.

    >>> from pariter import par_iter
    >>> seen = []
    >>> par_iter([1, 2, 3]).inspect(seen.append).skip(2).collect(), sorted(seen)
    ([3], [1, 2, 3])
    """

    def __init__(self, base: IndexedParallelIterator[T], n: int) -> None:
        self.base = base
        self.n = n

    def len(self) -> int:
        return max(self.base.len() - self.n, 0)

    def producer(self) -> Producer[T]:
        base = self.base.producer()
        n = min(self.n, length_of(base))
        before, after = base.split_at(n)
        if n and not before.INERT:
            bridge(before, NoopConsumer())  # run the skipped items for their side effects
        return after

    def __repr__(self) -> str:
        return describe(self.base, "skip", self.n)


class Take(IndexedParallelIterator[T]):
    """``it.take(n)``.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(10**12)).take(3).collect()
    [0, 1, 2]
    """

    def __init__(self, base: IndexedParallelIterator[T], n: int) -> None:
        self.base = base
        self.n = n

    def len(self) -> int:
        return min(self.base.len(), self.n)

    def producer(self) -> Producer[T]:
        return truncate(self.base.producer(), self.n)

    def __repr__(self) -> str:
        return describe(self.base, "take", self.n)
