"""``min``/``max`` (with ``key=``), ``min_by``/``max_by`` (comparator), ``*_by_key``.

Ties break like Python's builtins: both ``min`` and ``max`` return the first of equal items.
Each leaf uses the builtin ``min``/``max`` (C speed); pieces combine left first, keeping the
left item unless the right one is strictly better.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.reduce import MISSING, StatelessConsumer
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Folder, Reducer

T = TypeVar("T")


class CmpKey:
    """``functools.cmp_to_key(cmp)`` that can be pickled to a worker process (the C one cannot).

    Consumers unwrap it (``key``) so that leaves still call the C key wrapper directly.

    >>> import pickle
    >>> k = pickle.loads(pickle.dumps(CmpKey(int.__sub__)))
    >>> sorted([3, 1, 2], key=k)
    [1, 2, 3]
    """

    __slots__ = ("cmp", "key")

    def __init__(self, cmp: Callable[[Any, Any], int]) -> None:
        self.cmp = cmp
        self.key = functools.cmp_to_key(cmp)

    def __call__(self, item: Any) -> Any:
        return self.key(item)

    def __reduce__(self) -> tuple[Any, ...]:
        return (CmpKey, (self.cmp,))


def _unwrap(key: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    return key.key if isinstance(key, CmpKey) else key


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
        return _better(_unwrap(self.key), self.is_max)

    def into_folder(self) -> Folder[T, Any]:
        key = _unwrap(self.key)
        key = None if key is None else localize(key)
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
