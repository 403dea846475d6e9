"""``min``/``max`` (with ``key=``), ``min_by``/``max_by`` (comparator), ``*_by_key``.

Ties break like Python's builtins: both ``min`` and ``max`` return the first of equal items.
Each leaf uses the builtin ``min``/``max`` (C speed); pieces combine left first, keeping the
left item unless the right one is strictly better.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.reduce import MISSING, StatelessConsumer
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Folder, Reducer

T = TypeVar("T")


def _better(key: Callable[[Any], Any] | None, is_max: bool) -> Callable[[Any, Any], Any]:
    def pick(left: Any, right: Any) -> Any:
        if left is MISSING:
            return right
        if right is MISSING:
            return left
        lk, rk = (left, right) if key is None else (key(left), key(right))
        if is_max:
            return right if rk > lk else left
        return right if rk < lk else left

    return pick


class MinMaxConsumer(StatelessConsumer[T]):
    """The smallest (or largest) item by ``key``; ``MISSING`` when there is none."""

    __slots__ = ("is_max", "key")

    def __init__(self, key: Callable[[T], Any] | None, is_max: bool) -> None:
        self.key = key
        self.is_max = is_max

    def to_reducer(self) -> Reducer[Any]:
        return _better(self.key, self.is_max)

    def into_folder(self) -> Folder[T, Any]:
        key = None if self.key is None else localize(self.key)
        return MinMaxFolder(key, self.is_max)


class MinMaxFolder(Folder[T, Any]):
    __slots__ = ("acc", "builtin", "key", "pick")

    def __init__(self, key: Callable[[T], Any] | None, is_max: bool) -> None:
        self.key = key
        self.builtin: Any = max if is_max else min
        self.pick = _better(key, is_max)
        self.acc: Any = MISSING

    def consume_iter(self, iterator: Iterator[T]) -> None:
        if self.key is None:
            best = self.builtin(iterator, default=MISSING)
        else:
            best = self.builtin(iterator, key=self.key, default=MISSING)
        self.acc = self.pick(self.acc, best)

    def complete(self) -> Any:
        return self.acc
