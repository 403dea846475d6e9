"""``take_any``, ``skip_any``, ``take_any_while``, ``skip_any_while`` (unindexed, unordered).

They count or test items wherever they are, through small shared objects (a locked counter, a
flag); kept items stay in their relative order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.base import ParallelIterator, describe
from pariter.iterators.while_some import FlagConsumer, TakeWhileFolder
from pariter.plumbing.bridge import SC_MAX_BLOCK
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Consumer, Folder, WrappingConsumer
from pariter.plumbing.state import Counter, Flag

T = TypeVar("T")
R = TypeVar("R")


class CounterConsumer(WrappingConsumer[T, R]):
    """``take_any`` (``take=True``) or ``skip_any`` through a shared countdown."""

    __slots__ = ("counter", "take")

    def __init__(self, base: Consumer[T, R], counter: Counter, take: bool) -> None:
        super().__init__(base)
        self.counter = counter
        self.take = take

    @property
    def short_circuit(self) -> bool:  # type: ignore[override]
        return self.take or self.base.short_circuit

    def rewrap(self, base: Consumer[Any, R]) -> Consumer[T, R]:
        return CounterConsumer(base, self.counter, self.take)

    def into_folder(self) -> Folder[T, R]:
        return CounterFolder(self.base.into_folder(), self.counter, self.take)

    def full(self) -> bool:
        return (self.take and self.counter.remaining <= 0) or self.base.full()


class CounterFolder(Folder[T, R]):
    __slots__ = ("base", "counter", "take")

    def __init__(self, base: Folder[T, R], counter: Counter, take: bool) -> None:
        self.base = base
        self.counter = counter
        self.take = take

    def consume_iter(self, iterator: Iterator[T]) -> None:
        counter = self.counter
        while counter.remaining > 0:
            # Pull first, then take only as many units as there are items: taking a whole
            # block's worth up front and giving back the unused part would let another leaf see
            # the count at zero meanwhile and wrongly stop taking (or skipping).
            want = max(1, min(SC_MAX_BLOCK, counter.remaining))
            block = list(itertools.islice(iterator, want))
            granted = counter.take(len(block)) if block else 0
            if self.take:
                if granted:
                    self.base.consume_iter(iter(block[:granted]))
                if self.base.full():
                    return
            elif granted < len(block):
                self.base.consume_iter(iter(block[granted:]))  # the count ran out mid-block
            if len(block) < want:
                return  # the iterator is exhausted
        if not self.take:
            self.base.consume_iter(iterator)  # nothing more to skip: pass the rest on whole

    def complete(self) -> R:
        return self.base.complete()

    def full(self) -> bool:
        return (self.take and self.counter.remaining <= 0) or self.base.full()


class TakeAny(ParallelIterator[T]):
    """``it.take_any(n)``."""

    def __init__(self, base: ParallelIterator[T], n: int) -> None:
        self.base = base
        self.n = n

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        return self.base.drive_unindexed(CounterConsumer(consumer, Counter(self.n), True))

    def __repr__(self) -> str:
        return describe(self.base, "take_any", self.n)


class SkipAny(ParallelIterator[T]):
    """``it.skip_any(n)``."""

    def __init__(self, base: ParallelIterator[T], n: int) -> None:
        self.base = base
        self.n = n

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        return self.base.drive_unindexed(CounterConsumer(consumer, Counter(self.n), False))

    def __repr__(self) -> str:
        return describe(self.base, "skip_any", self.n)


class TakeWhileConsumer(FlagConsumer[T, R]):
    """Stops taking everywhere once ``pred`` fails anywhere."""

    __slots__ = ("pred",)

    def __init__(self, base: Consumer[T, R], flag: Flag, pred: Any = None) -> None:
        super().__init__(base, flag)
        self.pred = pred

    def rewrap(self, base: Consumer[Any, R]) -> Consumer[T, R]:
        return type(self)(base, self.flag, self.pred)

    def into_folder(self) -> Folder[T, R]:
        return TakeWhileFolder(self.base.into_folder(), self.flag, localize(self.pred))


class SkipWhileConsumer(TakeWhileConsumer[T, R]):
    """Skips items everywhere until ``pred`` fails anywhere; then keeps everything."""

    __slots__ = ()
    short_circuit = False

    def full(self) -> bool:
        return self.base.full()

    def into_folder(self) -> Folder[T, R]:
        return SkipWhileFolder(self.base.into_folder(), self.flag, localize(self.pred))


class SkipWhileFolder(TakeWhileFolder[T, R]):
    __slots__ = ()

    def consume_iter(self, iterator: Iterator[T]) -> None:
        while not self.flag.value:
            block = list(itertools.islice(iterator, SC_MAX_BLOCK))
            if not block:
                return
            rest = list(itertools.dropwhile(self.pred, block))
            if rest:
                self.flag.set()
                self.base.consume_iter(iter(rest))
        self.base.consume_iter(iterator)

    def full(self) -> bool:
        return self.base.full()


class TakeAnyWhile(ParallelIterator[T]):
    """``it.take_any_while(pred)``."""

    def __init__(self, base: ParallelIterator[T], pred: Callable[[T], Any]) -> None:
        self.base = base
        self.pred = pred

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        return self.base.drive_unindexed(TakeWhileConsumer(consumer, Flag(), self.pred))

    def __repr__(self) -> str:
        return describe(self.base, "take_any_while", self.pred)


class SkipAnyWhile(ParallelIterator[T]):
    """``it.skip_any_while(pred)``."""

    def __init__(self, base: ParallelIterator[T], pred: Callable[[T], Any]) -> None:
        self.base = base
        self.pred = pred

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        return self.base.drive_unindexed(SkipWhileConsumer(consumer, Flag(), self.pred))

    def __repr__(self) -> str:
        return describe(self.base, "skip_any_while", self.pred)
