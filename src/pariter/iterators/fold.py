"""``fold`` and ``fold_with``: one accumulator per leaf, passed on as an item (unindexed)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

from pariter.iterators.base import ParallelIterator, describe
from pariter.iterators.map import clone_state
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Consumer, Folder, WrappingConsumer

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")


class FoldConsumer(WrappingConsumer[T, R]):
    """Folds each leaf with ``op`` from ``init``, then gives the accumulator to ``base``."""

    __slots__ = ("init", "is_with", "op")

    def __init__(self, base: Consumer[Any, R], init: Any, op: Callable[..., Any], is_with: bool):
        super().__init__(base)
        self.init = init
        self.op = op
        self.is_with = is_with

    def rewrap(self, base: Consumer[Any, R]) -> Consumer[T, R]:
        return type(self)(base, self.init, self.op, self.is_with)

    def into_folder(self) -> Folder[T, R]:
        start = clone_state(self.init) if self.is_with else self.init()
        return self.folder(self.base.into_folder(), start, localize(self.op))

    def folder(self, base: Folder[Any, R], start: Any, op: Callable[..., Any]) -> Folder[T, R]:
        """The folder of one leaf (``try_fold`` folds differently)."""
        return FoldFolder(base, start, op)


class FoldFolder(Folder[T, R]):
    __slots__ = ("acc", "base", "op")

    def __init__(self, base: Folder[Any, R], acc: Any, op: Callable[..., Any]) -> None:
        self.base = base
        self.acc = acc
        self.op = op

    def consume_iter(self, iterator: Iterator[T]) -> None:
        self.acc = functools.reduce(self.op, iterator, self.acc)

    def complete(self) -> R:
        self.base.consume(self.acc)
        return self.base.complete()

    def full(self) -> bool:
        return self.base.full()


class Fold(ParallelIterator[S]):
    """``it.fold(identity, op)`` / ``it.fold_with(init, op)``.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(10)).fold(list, lambda a, x: a + [x]).flatten_iter().collect()
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """

    def __init__(
        self, base: ParallelIterator[T], init: Any, op: Callable[[S, T], S], is_with: bool
    ) -> None:
        self.base = base
        self.init = init
        self.op = op
        self.is_with = is_with

    #: The consumer that folds, and the method names for ``repr`` (without and with ``_with``).
    CONSUMER: ClassVar[type[FoldConsumer[Any, Any]]] = FoldConsumer
    METHOD = "fold"

    def drive_unindexed(self, consumer: Consumer[S, R]) -> R:
        folded: Consumer[Any, R] = self.CONSUMER(consumer, self.init, self.op, self.is_with)
        return self.base.drive_unindexed(folded)

    def __repr__(self) -> str:
        method = self.METHOD + "_with" if self.is_with else self.METHOD
        return describe(self.base, method, self.init, self.op)
