"""``flat_map``/``flatten`` (inner iterators run in parallel too) and ``flat_map_iter``/
``flatten_iter`` (inner iterables run sequentially: ``chain.from_iterable(map(f, it))``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from pariter.iterators.base import ParallelIterator, describe, describe_arg
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Consumer, Folder, WrappingConsumer
from pariter.plumbing.state import call_abort
from pariter.plumbing.transform import Transform

T = TypeVar("T")
U = TypeVar("U")
R = TypeVar("R")


class FlatMapIterTransform(Transform[T, U]):
    """``chain.from_iterable(map(f, it))`` (``f`` None: the items are the iterables).

    >>> list(FlatMapIterTransform(range).leaf()(iter([2, 1])))
    [0, 1, 0]
    """

    __slots__ = ("f",)
    EXPANDS = True

    def __init__(self, f: Callable[[T], Iterable[U]] | None) -> None:
        self.f = f

    def leaf(self) -> Any:
        if self.f is None:
            return itertools.chain.from_iterable
        f = localize(self.f)
        return lambda it: itertools.chain.from_iterable(map(f, it))

    def __repr__(self) -> str:
        return "flatten_iter()" if self.f is None else f"flat_map_iter({describe_arg(self.f)})"


class FlatMapConsumer(WrappingConsumer[T, R]):
    """Drives each item's parallel iterator into a fresh left split of ``base``."""

    __slots__ = ("f",)

    def __init__(self, base: Consumer[Any, R], f: Callable[[T], Any] | None) -> None:
        super().__init__(base)
        self.f = f

    def rewrap(self, base: Consumer[Any, R]) -> Consumer[T, R]:
        return FlatMapConsumer(base, self.f)

    def into_folder(self) -> Folder[T, R]:
        return FlatMapFolder(self.base, None if self.f is None else localize(self.f))


_NOTHING: Any = object()


class FlatMapFolder(Folder[T, R]):
    __slots__ = ("base", "f", "previous", "reducer")

    def __init__(self, base: Consumer[Any, R], f: Callable[[T], Any] | None) -> None:
        self.base = base
        self.f = f
        self.reducer = base.to_reducer()
        self.previous: Any = _NOTHING

    def consume_iter(self, iterator: Iterator[T]) -> None:
        from pariter.collections.entry import into_par_iter

        f, base, reducer = self.f, self.base, self.reducer
        abort = call_abort()
        for item in iterator:  # one nested parallel call per outer item
            if abort.value:  # the call was aborted: call f no more
                return
            source: Any = item if f is None else f(item)
            inner = into_par_iter(source)
            result = inner.drive_unindexed(base.split_off_left())
            prev = self.previous
            self.previous = result if prev is _NOTHING else reducer(prev, result)
            if base.full():
                return

    def complete(self) -> R:
        if self.previous is _NOTHING:
            return self.base.into_folder().complete()
        return self.previous  # type: ignore[no-any-return]

    def full(self) -> bool:
        return self.base.full()


class FlatMap(ParallelIterator[Any]):
    """``it.flat_map(f)`` / ``it.flatten()``.

    >>> from pariter import par_iter
    >>> par_iter([2, 3]).flat_map(lambda n: range(n)).sum()
    4
    """

    PIECEWISE = True

    def __init__(self, base: ParallelIterator[T], f: Callable[[T], Any] | None) -> None:
        self.base = base
        self.f = f

    def drive_unindexed(self, consumer: Consumer[Any, R]) -> R:
        return self.base.drive_unindexed(FlatMapConsumer(consumer, self.f))

    def __repr__(self) -> str:
        if self.f is None:
            return describe(self.base, "flatten")
        return describe(self.base, "flat_map", self.f)
