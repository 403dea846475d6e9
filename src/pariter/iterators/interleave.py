"""``interleave`` and ``interleave_shortest``: a, b, a, b, ... split by position arithmetic."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TypeVar

from pariter.iterators import islices
from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.iterators.zip import truncate
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")


class InterleaveProducer(Producer[T]):
    """Alternates ``a`` and ``b`` (``b`` first when ``b_first``); the longer rest follows."""

    __slots__ = ("a", "b", "b_first")

    def __init__(self, a: Producer[T], b: Producer[T], b_first: bool) -> None:
        self.a = a
        self.b = b
        self.b_first = b_first

    def __len__(self) -> int:
        return length_of(self.a) + length_of(self.b)  # len() stops at sys.maxsize

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        first, second = (self.b, self.a) if self.b_first else (self.a, self.b)
        lf, ls = length_of(first), length_of(second)
        m = min(lf, ls)
        if index <= 2 * m:
            take_first, take_second = (index + 1) // 2, index // 2
        elif lf > ls:
            take_first, take_second = index - ls, ls
        else:
            take_first, take_second = lf, index - lf
        f_left, f_right = first.split_at(take_first)
        s_left, s_right = second.split_at(take_second)
        # After an odd number of alternating items, the right part starts with `second`.
        right_starts_second = take_first > take_second
        if self.b_first:
            left = InterleaveProducer(s_left, f_left, True)
            right = InterleaveProducer(s_right, f_right, not right_starts_second)
        else:
            left = InterleaveProducer(f_left, s_left, False)
            right = InterleaveProducer(f_right, s_right, right_starts_second)
        return left, right

    def into_iter(self) -> Iterator[T]:
        first, second = (self.b, self.a) if self.b_first else (self.a, self.b)
        m = min(length_of(first), length_of(second))
        fi, si = first.into_iter(), second.into_iter()
        # islice bounds keep zip from pulling one item too many from either side.
        pairs = zip(islices.take(fi, m), islices.take(si, m), strict=False)
        return itertools.chain(itertools.chain.from_iterable(pairs), fi, si)

    def min_len(self) -> int:
        return max(self.a.min_len(), self.b.min_len())

    def max_len(self) -> int:
        return min(self.a.max_len(), self.b.max_len())


class Interleave(IndexedParallelIterator[T]):
    """``a.interleave(b)`` or, with ``shortest``, ``a.interleave_shortest(b)``.

    >>> from pariter import par_iter
    >>> par_iter([1, 2, 3]).interleave([4]).collect()
    [1, 4, 2, 3]
    """

    def __init__(
        self, a: IndexedParallelIterator[T], b: IndexedParallelIterator[T], shortest: bool
    ) -> None:
        self.a = a
        self.b = b
        self.shortest = shortest

    def _lengths(self) -> tuple[int, int]:
        la, lb = self.a.len(), self.b.len()
        if self.shortest:
            if la > lb:
                la = lb + 1
            else:
                lb = la
        return la, lb

    def len(self) -> int:
        return sum(self._lengths())

    def producer(self) -> Producer[T]:
        la, lb = self._lengths()
        return InterleaveProducer(
            truncate(self.a.producer(), la), truncate(self.b.producer(), lb), False
        )

    def __repr__(self) -> str:
        return describe(self.a, "interleave_shortest" if self.shortest else "interleave", self.b)
