"""Ranges as indexed parallel iterators: never materialised, split by arithmetic.

A leaf iterates ``range(a, b, step)`` directly, so ``into_par_iter(range(10**9)).map(f).sum()``
runs in constant memory and ``into_par_iter(range(10**12)).find_any(...)`` returns at once.
"""

from __future__ import annotations

from collections.abc import Iterator

from pariter.iterators.base import IndexedParallelIterator
from pariter.plumbing.protocols import Producer


def range_length(r: range) -> int:
    """``len(r)``, also for ranges longer than ``sys.maxsize`` (where ``len`` raises).

    >>> range_length(range(10, 0, -3)), range_length(range(10**27))
    (4, 1000000000000000000000000000)
    """
    if r.step > 0:
        return max(0, (r.stop - r.start + r.step - 1) // r.step)
    return max(0, (r.start - r.stop - r.step - 1) // -r.step)


class RangeProducer(Producer[int]):
    """``length`` items ``start, start + step, ...``.

    >>> list(RangeProducer(10, -3, 3).into_rev_iter())
    [4, 7, 10]
    """

    __slots__ = ("length", "start", "step")
    INERT = True

    def __init__(self, start: int, step: int, length: int) -> None:
        self.start = start
        self.step = step
        self.length = length

    def __len__(self) -> int:
        return self.length

    def split_at(self, index: int) -> tuple[Producer[int], Producer[int]]:
        start, step = self.start, self.step
        return (
            RangeProducer(start, step, index),
            RangeProducer(start + index * step, step, self.length - index),
        )

    def stepped(self, step: int) -> RangeProducer:
        """Every ``step``-th item from the first (``step_by``): a range again, for any step.

        >>> list(RangeProducer(1, 2, 5).stepped(2).into_iter())
        [1, 5, 9]
        >>> list(RangeProducer(0, 1, 10**30).stepped(4 * 10**29).into_iter())
        [0, 400000000000000000000000000000, 800000000000000000000000000000]
        """
        return RangeProducer(self.start, self.step * step, -(-self.length // step))

    def into_iter(self) -> Iterator[int]:
        start, step = self.start, self.step
        return iter(range(start, start + self.length * step, step))

    def into_rev_iter(self) -> Iterator[int]:
        start, step = self.start, self.step
        last = start + (self.length - 1) * step
        return iter(range(last, start - step, -step))


class RangeIter(IndexedParallelIterator[int]):
    """``into_par_iter(range(...))``: any start, stop and step; empty and negative work.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(10, 0, -3)).collect()
    [10, 7, 4, 1]
    """

    def __init__(self, r: range) -> None:
        self.range = r

    def len(self) -> int:
        return range_length(self.range)

    def producer(self) -> Producer[int]:
        r = self.range
        return RangeProducer(r.start, r.step, range_length(r))

    def __repr__(self) -> str:
        return f"into_par_iter({self.range!r})"
