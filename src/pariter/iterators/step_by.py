"""``step_by(k)``: every k-th item; a leaf is ``islice(it, 0, None, k)``."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TypeVar

from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")


class StepByProducer(Producer[T]):
    """Every ``step``-th item of ``base``, starting with its first."""

    __slots__ = ("base", "step")

    def __init__(self, base: Producer[T], step: int) -> None:
        self.base = base
        self.step = step

    def __len__(self) -> int:
        return -(-length_of(self.base) // self.step)

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        at = min(index * self.step, length_of(self.base))
        left, right = self.base.split_at(at)
        return StepByProducer(left, self.step), StepByProducer(right, self.step)

    def into_iter(self) -> Iterator[T]:
        return itertools.islice(self.base.into_iter(), 0, None, self.step)

    def into_rev_iter(self) -> Iterator[T]:
        return reversed(list(self.into_iter()))

    def min_len(self) -> int:
        return max(self.base.min_len() // self.step, 1)


class StepBy(IndexedParallelIterator[T]):
    """``it.step_by(k)``.

    >>> from pariter import par_iter
    >>> par_iter("abcdefg").step_by(3).collect(str)
    'adg'
    """

    def __init__(self, base: IndexedParallelIterator[T], step: int) -> None:
        self.base = base
        self.step = step

    def len(self) -> int:
        return -(-self.base.len() // self.step)

    def producer(self) -> Producer[T]:
        return StepByProducer(self.base.producer(), self.step)

    def __repr__(self) -> str:
        return describe(self.base, "step_by", self.step)
