"""The two generic adapter shapes behind ``map``, ``filter``, ``inspect``, ``flat_map_iter``...

:class:`TransformIter` rewrites the leaf iterators on the consumer side (any transform, the
result is unindexed unless the transform keeps lengths); :class:`IndexedTransformIter` does it
on the producer side, so the result stays indexed (length-preserving transforms only).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pariter.iterators.base import IndexedParallelIterator, ParallelIterator
from pariter.plumbing.protocols import Consumer, Producer
from pariter.plumbing.transform import Transform, TransformConsumer, TransformProducer

T = TypeVar("T")
U = TypeVar("U")
R = TypeVar("R")


class TransformIter(ParallelIterator[U]):
    """``base`` with every leaf iterator passed through ``transform`` (unindexed result).

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(6)).filter(lambda x: x % 2).collect()
    [1, 3, 5]
    """

    PIECEWISE = True

    def __init__(
        self, base: ParallelIterator[T], transform: Transform[T, U], keeps_len: bool = False
    ) -> None:
        self.base = base
        self.transform = transform
        self.keeps_len = keeps_len

    def drive_unindexed(self, consumer: Consumer[U, R]) -> R:
        return self.base.drive_unindexed(TransformConsumer(consumer, self.transform))

    def opt_len(self) -> int | None:
        return self.base.opt_len() if self.keeps_len else None

    def __repr__(self) -> str:
        return f"{self.base!r}.{self.transform!r}"


class IndexedTransformIter(IndexedParallelIterator[U]):
    """``base`` with a length-preserving ``transform`` applied per leaf (stays indexed).

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(3)).map(lambda x: x * 10).rev().collect()
    [20, 10, 0]
    """

    def __init__(self, base: IndexedParallelIterator[T], transform: Transform[T, U]) -> None:
        self.base = base
        self.transform = transform

    def len(self) -> int:
        return self.base.len()

    def producer(self) -> Producer[U]:
        return TransformProducer(self.base.producer(), self.transform)

    def __repr__(self) -> str:
        return f"{self.base!r}.{self.transform!r}"


def transformed(
    base: ParallelIterator[T], transform: Transform[T, Any], keeps_len: bool
) -> ParallelIterator[Any]:
    """Apply ``transform`` keeping ``base`` indexed when the transform keeps lengths.

    >>> from pariter import into_par_iter
    >>> from pariter.iterators.map import MapTransform
    >>> transformed(into_par_iter(range(3)), MapTransform(str), True).collect()
    ['0', '1', '2']
    """
    if keeps_len and isinstance(base, IndexedParallelIterator):
        return IndexedTransformIter(base, transform)
    return TransformIter(base, transform, keeps_len)
