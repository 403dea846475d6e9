"""Reductions: ``reduce``, ``reduce_with``, ``sum``, ``product`` and ``count`` consumers.

Each leaf folds with a C-level builtin (``functools.reduce``, ``sum``, ``math.prod``); the
reducer combines neighbouring pieces left to right, so an associative operation gives the
sequential result even when it is not commutative.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Consumer, Folder, Reducer

T = TypeVar("T")


class _Missing:
    """The type of :data:`MISSING`; its one instance stays itself when pickled to a process."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


#: Marks "no value yet" (``None`` is a valid item).
MISSING: Any = _Missing()


class StatelessConsumer(Consumer[T, Any]):
    """A consumer whose pieces are all alike: splitting returns itself."""

    __slots__ = ()

    def split_at(self, index: int) -> tuple[Consumer[T, Any], Consumer[T, Any], Reducer[Any]]:
        return self, self, self.to_reducer()

    def split_off_left(self) -> Consumer[T, Any]:
        return self


class ReduceConsumer(StatelessConsumer[T]):
    """``reduce(identity, op)``: every leaf starts from ``identity()``."""

    __slots__ = ("identity", "op")

    def __init__(self, identity: Callable[[], T], op: Callable[[T, T], T]) -> None:
        self.identity = identity
        self.op = op

    def to_reducer(self) -> Reducer[Any]:
        return self.op

    def into_folder(self) -> Folder[T, Any]:
        return ReduceFolder(localize(self.op), self.identity())


class ReduceFolder(Folder[T, Any]):
    __slots__ = ("acc", "op")

    def __init__(self, op: Callable[[Any, T], Any], acc: Any) -> None:
        self.op = op
        self.acc = acc

    def consume_iter(self, iterator: Iterator[T]) -> None:
        self.acc = functools.reduce(self.op, iterator, self.acc)

    def complete(self) -> Any:
        return self.acc


class ReduceWithConsumer(StatelessConsumer[T]):
    """``reduce_with(op)``: no identity; ``MISSING`` stands for an empty piece."""

    __slots__ = ("op",)

    def __init__(self, op: Callable[[T, T], T]) -> None:
        self.op = op

    def to_reducer(self) -> Reducer[Any]:
        op = self.op

        def reducer(left: Any, right: Any) -> Any:
            if left is MISSING:
                return right
            if right is MISSING:
                return left
            return op(left, right)

        return reducer

    def into_folder(self) -> Folder[T, Any]:
        return ReduceWithFolder(localize(self.op))


class ReduceWithFolder(Folder[T, Any]):
    __slots__ = ("acc", "op")

    def __init__(self, op: Callable[[T, T], T]) -> None:
        self.op = op
        self.acc: Any = MISSING

    def consume_iter(self, iterator: Iterator[T]) -> None:
        acc = self.acc
        if acc is MISSING:
            acc = next(iterator, MISSING)
            if acc is MISSING:
                return
        self.acc = functools.reduce(self.op, iterator, acc)

    def complete(self) -> Any:
        return self.acc


class SumConsumer(StatelessConsumer[Any]):
    """``sum()``: ``sum(leaf_iterator, partial)`` per block, ``+`` between pieces."""

    __slots__ = ()

    def to_reducer(self) -> Reducer[Any]:
        return operator.add

    def into_folder(self) -> Folder[Any, Any]:
        return SumFolder()


class SumFolder(Folder[Any, Any]):
    __slots__ = ("acc",)

    def __init__(self) -> None:
        self.acc: Any = 0

    def consume_iter(self, iterator: Iterator[Any]) -> None:
        self.acc = sum(iterator, self.acc)

    def complete(self) -> Any:
        return self.acc


class ProductConsumer(StatelessConsumer[Any]):
    """``product()``: ``math.prod`` per block, ``*`` between pieces."""

    __slots__ = ()

    def to_reducer(self) -> Reducer[Any]:
        return operator.mul

    def into_folder(self) -> Folder[Any, Any]:
        return ProductFolder()


class ProductFolder(Folder[Any, Any]):
    __slots__ = ("acc",)

    def __init__(self) -> None:
        self.acc: Any = 1

    def consume_iter(self, iterator: Iterator[Any]) -> None:
        self.acc = math.prod(iterator, start=self.acc)

    def complete(self) -> Any:
        return self.acc


class CountConsumer(StatelessConsumer[Any]):
    """``count()``: counts at C speed by zipping the items with ``itertools.count``."""

    __slots__ = ()

    def to_reducer(self) -> Reducer[Any]:
        return operator.add

    def into_folder(self) -> Folder[Any, Any]:
        return CountFolder()


class CountFolder(Folder[Any, int]):
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0

    def consume_iter(self, iterator: Iterator[Any]) -> None:
        counter = itertools.count()
        # zip pulls the item first, so the counter only advances for real items.
        deque(zip(iterator, counter, strict=False), maxlen=0)
        self.n += next(counter)

    def complete(self) -> int:
        return self.n


class NoopConsumer(StatelessConsumer[Any], Generic[T]):
    """Drives every item and keeps nothing (``for_each`` after the work is done upstream)."""

    __slots__ = ()

    def to_reducer(self) -> Reducer[Any]:
        return _none

    def into_folder(self) -> Folder[Any, Any]:
        return NoopFolder()


def _none(left: Any, right: Any) -> None:
    return None


class NoopFolder(Folder[Any, None]):
    __slots__ = ()

    def consume_iter(self, iterator: Iterator[Any]) -> None:
        deque(iterator, maxlen=0)

    def complete(self) -> None:
        return None
