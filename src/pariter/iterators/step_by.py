"""``step_by(k)``: every k-th item; a leaf is ``islice(it, 0, None, k)``.

Any ``k >= 1`` is valid, as Rayon's ``usize``: a producer with a ``stepped(k)`` method (a
range) steps by arithmetic, as Rust specialises ``Range``'s ``step_by``; an inert source (a
list, ``repeat_n``) has each kept item split out when the gaps are long; any other leaf walks
the gaps, running the skipped items as Rayon does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from pariter.iterators import islices
from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")

#: Past this step, an inert leaf splits out each kept item (a few Python calls) rather than
#: walking the gap item by item in C.
PICK_STEP = 4096


def picked(base: Producer[T], step: int) -> Iterator[T]:
    """Every ``step``-th item of ``base`` from the first, each split out on its own: the items
    in between are never produced (only for inert producers, where that cannot be seen).

    >>> from pariter.collections.repeat import RepeatNProducer
    >>> list(picked(RepeatNProducer("x", 10**30), 4 * 10**29))
    ['x', 'x', 'x']
    """
    rest = base
    while left := length_of(rest):
        head, rest = rest.split_at(min(step, left))
        yield from head.split_at(1)[0].into_iter()


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
        base, step = self.base, self.step
        stepped = getattr(base, "stepped", None)
        if stepped is not None:
            return stepped(step).into_iter()  # type: ignore[no-any-return]
        length = length_of(base)
        if base.INERT and step > PICK_STEP:
            return picked(base, step)
        # A step of at least the length keeps only the first item: clamped there, it stays
        # within islice's limit (sys.maxsize) whenever the leaf does.
        return islices.every(base.into_iter(), min(step, max(length, 1)))

    def into_rev_iter(self) -> Iterator[T]:
        stepped = getattr(self.base, "stepped", None)
        if stepped is not None:
            return stepped(self.step).into_rev_iter()  # type: ignore[no-any-return]
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
