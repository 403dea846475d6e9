"""Short-circuiting searches: ``find_any``, ``find_first``, ``find_last``, ``any``, ``all``.

``find_any`` shares one flag: the first leaf that finds a match raises it and every other piece
stops before its next split or block.  ``find_first``/``find_last`` follow Rayon's design: each
consumer owns an imaginary range that splits halve, a shared "best boundary" records the
leftmost (rightmost) piece that found a match, and a piece stops once a better one has matched;
the reducer prefers the left (right) result, so the answer is the sequential one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.reduce import MISSING, StatelessConsumer
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Consumer, Folder, Reducer
from pariter.plumbing.state import BOUNDARY_END, Best, Flag

T = TypeVar("T")


def _left_or_right(left: Any, right: Any) -> Any:
    return left if left is not MISSING else right


def _right_or_left(left: Any, right: Any) -> Any:
    return right if right is not MISSING else left


class FindAnyConsumer(StatelessConsumer[T]):
    """Some item matching ``pred`` (the first item when ``pred`` is None), else ``MISSING``."""

    __slots__ = ("found", "pred")
    short_circuit = True

    def __init__(self, pred: Callable[[T], Any] | None, found: Flag) -> None:
        self.pred = pred
        self.found = found

    def full(self) -> bool:
        return self.found.value

    def to_reducer(self) -> Reducer[Any]:
        return _left_or_right

    def into_folder(self) -> Folder[T, Any]:
        return FindAnyFolder(None if self.pred is None else localize(self.pred), self.found)


class FindAnyFolder(Folder[T, Any]):
    __slots__ = ("found", "pred", "result")

    def __init__(self, pred: Callable[[T], Any] | None, found: Flag) -> None:
        self.pred = pred
        self.found = found
        self.result: Any = MISSING

    def consume_iter(self, iterator: Iterator[T]) -> None:
        if self.result is not MISSING:
            return
        if self.pred is not None:
            iterator = filter(self.pred, iterator)
        item = next(iterator, MISSING)
        if item is not MISSING:
            self.result = item
            self.found.set()

    def complete(self) -> Any:
        return self.result

    def full(self) -> bool:
        return self.found.value


class FindFirstLastConsumer(Consumer[T, Any]):
    """The first (or last) matching item in sequence order, else ``MISSING``."""

    __slots__ = ("best", "first", "lower", "pred", "upper")
    short_circuit = True

    def __init__(
        self,
        pred: Callable[[T], Any] | None,
        best: Best,
        lower: int = 0,
        upper: int = BOUNDARY_END,
    ) -> None:
        self.pred = pred
        self.best = best
        self.first = best.first
        self.lower = lower
        self.upper = upper

    def _boundary(self) -> int:
        return self.lower if self.first else self.upper

    def full(self) -> bool:
        best = self.best.value
        return best < self.lower if self.first else best > self.upper

    def split_off_left(self) -> Consumer[T, Any]:
        # The left part takes the lower half of our range; we keep the upper half.
        lower = self.lower
        median = lower + (self.upper - lower) // 2
        self.lower = median
        return FindFirstLastConsumer(self.pred, self.best, lower, median)

    def to_reducer(self) -> Reducer[Any]:
        return _left_or_right if self.first else _right_or_left

    def into_folder(self) -> Folder[T, Any]:
        pred = None if self.pred is None else localize(self.pred)
        return FindFirstLastFolder(pred, self.best, self.lower, self.upper)


class FindFirstLastFolder(Folder[T, Any]):
    __slots__ = ("best", "boundary", "first", "lower", "pred", "result", "upper")

    def __init__(self, pred: Callable[[T], Any] | None, best: Best, lower: int, upper: int) -> None:
        self.pred = pred
        self.best = best
        self.first = best.first
        self.lower = lower
        self.upper = upper
        self.boundary = lower if self.first else upper
        self.result: Any = MISSING

    def consume_iter(self, iterator: Iterator[T]) -> None:
        if self.first and self.result is not MISSING:
            return
        if self.pred is not None:
            iterator = filter(self.pred, iterator)
        if self.first:
            item = next(iterator, MISSING)
        else:
            last = deque(iterator, maxlen=1)
            item = last[0] if last else MISSING
        if item is not MISSING:
            self.result = item
            self.best.offer(self.boundary)

    def complete(self) -> Any:
        return self.result

    def full(self) -> bool:
        if self.first:
            return self.result is not MISSING or self.best.value < self.lower
        return self.best.value > self.upper


class AnyAllConsumer(StatelessConsumer[T]):
    """``any(pred)`` (``want=True``) or ``not all(pred)`` (``want=False``): has a decisive item."""

    __slots__ = ("found", "pred", "want")
    short_circuit = True

    def __init__(self, pred: Callable[[T], Any], want: bool, found: Flag) -> None:
        self.pred = pred
        self.want = want
        self.found = found

    def full(self) -> bool:
        return self.found.value

    def to_reducer(self) -> Reducer[Any]:
        return _or

    def into_folder(self) -> Folder[T, Any]:
        return AnyAllFolder(localize(self.pred), self.want, self.found)


def _or(left: bool, right: bool) -> bool:
    return left or right


class AnyAllFolder(Folder[T, bool]):
    __slots__ = ("found", "pred", "want")

    def __init__(self, pred: Callable[[T], Any], want: bool, found: Flag) -> None:
        self.pred = pred
        self.want = want
        self.found = found

    def consume_iter(self, iterator: Iterator[T]) -> None:
        if self.found.value:
            return
        hit = any(map(self.pred, iterator)) if self.want else not all(map(self.pred, iterator))
        if hit:
            self.found.set()

    def complete(self) -> bool:
        return self.found.value

    def full(self) -> bool:
        return self.found.value
