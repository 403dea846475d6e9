"""``for_each``: call a function on every item (``deque(map(op, it), maxlen=0)`` per leaf)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.reduce import StatelessConsumer, _none
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Folder, Reducer

T = TypeVar("T")


class ForEachConsumer(StatelessConsumer[T]):
    """Calls ``op`` on every item; the results are dropped."""

    __slots__ = ("op",)

    def __init__(self, op: Callable[[T], Any]) -> None:
        self.op = op

    def to_reducer(self) -> Reducer[Any]:
        return _none

    def into_folder(self) -> Folder[T, Any]:
        return ForEachFolder(localize(self.op))


class ForEachFolder(Folder[T, None]):
    __slots__ = ("op",)

    def __init__(self, op: Callable[[T], Any]) -> None:
        self.op = op

    def consume_iter(self, iterator: Iterator[T]) -> None:
        deque(map(self.op, iterator), maxlen=0)

    def complete(self) -> None:
        return None
