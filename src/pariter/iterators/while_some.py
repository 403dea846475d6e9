"""``while_some``: items until a ``None`` is seen anywhere, then every piece stops."""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.base import ParallelIterator, describe
from pariter.plumbing.bridge import SC_MAX_BLOCK
from pariter.plumbing.protocols import Consumer, Folder, WrappingConsumer
from pariter.plumbing.state import Flag

T = TypeVar("T")
R = TypeVar("R")

_is_not_none = functools.partial(operator.is_not, None)


class FlagConsumer(WrappingConsumer[T, R]):
    """Base for consumers that stop every piece once a shared flag is raised."""

    __slots__ = ("flag",)
    short_circuit = True

    def __init__(self, base: Consumer[Any, R], flag: Flag) -> None:
        super().__init__(base)
        self.flag = flag

    def rewrap(self, base: Consumer[Any, R]) -> Consumer[T, R]:
        return type(self)(base, self.flag)

    def full(self) -> bool:
        return self.flag.value or self.base.full()


class WhileSomeConsumer(FlagConsumer[T, R]):
    """Passes items on until a ``None``; then raises the flag."""

    __slots__ = ()

    def into_folder(self) -> Folder[T, R]:
        return TakeWhileFolder(self.base.into_folder(), self.flag, _is_not_none)


class TakeWhileFolder(Folder[T, R]):
    """Feeds ``base`` the items before the first one failing ``pred``; then sets ``flag``.

    Shared by ``while_some`` (``pred``: is not None) and ``take_any_while``/``skip_any_while``.
    """

    __slots__ = ("base", "flag", "pred")

    def __init__(self, base: Folder[T, R], flag: Flag, pred: Callable[[T], Any]) -> None:
        self.base = base
        self.flag = flag
        self.pred = pred

    def consume_iter(self, iterator: Iterator[T]) -> None:
        # Blocks grow from one item: the upstream chain (a map) runs for a whole block before
        # its items are tested, so a first failing item stops a leaf after at most as many
        # items again as it had passed, as near the sequential loop as C-level blocks allow.
        size = 1
        while not self.flag.value:
            block = list(itertools.islice(iterator, size))
            size = min(size * 2, SC_MAX_BLOCK)
            if not block:
                return
            good = list(itertools.takewhile(self.pred, block))
            if good:
                self.base.consume_iter(iter(good))
            if len(good) < len(block):
                self.flag.set()
                return
            if self.base.full():
                return

    def complete(self) -> R:
        return self.base.complete()

    def full(self) -> bool:
        return self.flag.value or self.base.full()


class WhileSome(ParallelIterator[T]):
    """``it.while_some()``.

    >>> from pariter import par_iter
    >>> par_iter([1, 2, 3]).while_some().sum()
    6
    """

    def __init__(self, base: ParallelIterator[Any]) -> None:
        self.base = base

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        return self.base.drive_unindexed(WhileSomeConsumer(consumer, Flag()))

    def __repr__(self) -> str:
        return describe(self.base, "while_some")
