"""Rayon's plumbing traits as plain Python classes: producers, consumers, folders, reducers.

Producers hand out *pieces* of the input (``split_at`` for indexed ones, ``split`` for unindexed
ones) and turn a piece into a sequential iterator (``into_iter``).  Consumers are built from the
terminal operation backwards through the adapters; a consumer splits alongside the producer and
becomes a *folder* at each leaf.  A folder eats whole iterators (``consume_iter``) so that a leaf
runs as one chain of C-level builtins (``sum(filter(g, map(f, range(a, b))))``), never item by
item through Python methods.  Every object here is plain data plus methods, so a process or Dask
backend can pickle (producer piece, consumer piece) pairs; shared short-circuit state lives in
small separate objects (see :mod:`pariter.plumbing.state`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: ``reducer(left, right)``: combines the results of two adjacent pieces, left one first.
Reducer = Callable[[R, R], R]


def length_of(producer: Producer[Any]) -> int:
    """The length of ``producer``, even past ``sys.maxsize``.

    The builtin ``len()`` refuses lengths that do not fit a C ``ssize_t``; a ``range`` of
    10**27 items is still a fine source (Rayon's ``octillion`` tests), so the engine asks the
    producer directly.

    >>> from pariter.collections.range import RangeProducer
    >>> length_of(RangeProducer(0, 1, 10**27))
    1000000000000000000000000000
    """
    return producer.__len__()


class Producer(Generic[T]):
    """An indexed source piece: exact length, random-access split, sequential iteration.

    >>> from pariter.collections.range import RangeProducer
    >>> left, right = RangeProducer(0, 1, 5).split_at(2)
    >>> list(left.into_iter()), list(right.into_iter())
    ([0, 1], [2, 3, 4])
    """

    __slots__ = ()

    #: True for sources whose iteration runs no user code and has no effect (a range, a list):
    #: ``skip`` need not run the items it skips.
    INERT = False

    def __len__(self) -> int:
        raise NotImplementedError

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        """Split into ``[0, index)`` and ``[index, len)``."""
        raise NotImplementedError

    def into_iter(self) -> Iterator[T]:
        """A sequential iterator over this piece, built from C-level builtins where possible."""
        raise NotImplementedError

    def into_rev_iter(self) -> Iterator[T]:
        """The same items, last first (Rayon's ``DoubleEndedIterator``)."""
        return reversed(list(self.into_iter()))

    def min_len(self) -> int:
        """Never split this piece below this many items (``with_min_len``)."""
        return 1

    def max_len(self) -> int:
        """Split pieces until they are at most this long (``with_max_len``)."""
        return sys.maxsize


class UnindexedProducer(Generic[T]):
    """A source piece of unknown length: it can only be split roughly in half, or not at all.

    >>> from pariter.collections.bridge import par_bridge
    >>> sorted(par_bridge(iter(range(5))).collect())
    [0, 1, 2, 3, 4]
    """

    __slots__ = ()

    def split(self) -> tuple[UnindexedProducer[T], UnindexedProducer[T] | None]:
        """Split in two, or return ``(self, None)`` when it cannot split any more."""
        raise NotImplementedError

    def fold_with(self, folder: Folder[T, Any]) -> None:
        """Feed every item to ``folder`` (in blocks, stopping early once ``folder.full()``)."""
        raise NotImplementedError


class Folder(Generic[T, R]):
    """The sequential end of a leaf: consumes whole iterators, then completes to a result.

    >>> from pariter.iterators.reduce import SumConsumer
    >>> folder = SumConsumer().into_folder()
    >>> folder.consume_iter(iter(range(4))); folder.consume(10); folder.complete()
    16
    """

    __slots__ = ()

    def consume_iter(self, iterator: Iterator[T]) -> None:
        """Consume the items of ``iterator`` (it may stop early when the folder gets full)."""
        raise NotImplementedError

    def consume(self, item: T) -> None:
        """Consume one item."""
        self.consume_iter(iter((item,)))

    def complete(self) -> R:
        """The result of everything consumed."""
        raise NotImplementedError

    def full(self) -> bool:
        """True when more items cannot change the result (short-circuit)."""
        return False


class Consumer(Generic[T, R]):
    """The push side: a terminal operation, wrapped by each adapter on the way to the source.

    ``split_at`` is the indexed split (every consumer has it); ``split_off_left`` and
    ``to_reducer`` are the unindexed split, used when the producer cannot say where it splits.

    >>> from pariter.iterators.reduce import SumConsumer
    >>> left, right, reducer = SumConsumer().split_at(3)
    >>> reducer(1, 2)
    3
    """

    __slots__ = ()

    #: Short-circuiting consumers are fed in smaller blocks so they notice ``full()`` sooner.
    short_circuit: bool = False

    def split_at(self, index: int) -> tuple[Consumer[T, R], Consumer[T, R], Reducer[R]]:
        """Split at ``index``; the reducer combines the two results in order."""
        return self.split_off_left(), self, self.to_reducer()

    def split_off_left(self) -> Consumer[T, R]:
        """A consumer for items to the left of everything this one will see afterwards."""
        raise NotImplementedError

    def to_reducer(self) -> Reducer[R]:
        """How to combine the results of ``split_off_left()`` (left) and ``self`` (right)."""
        raise NotImplementedError

    def into_folder(self) -> Folder[T, R]:
        """The folder that consumes one leaf."""
        raise NotImplementedError

    def full(self) -> bool:
        """True when the result is already known; the bridge then stops splitting and feeding."""
        return False

    def failed(self, exc: BaseException) -> None:
        """A piece of this consumer raised ``exc`` in a worker process: note on it what must
        travel back with it (a streamed piece's items before the failing one)."""


class WrappingConsumer(Consumer[T, R]):
    """An adapter's consumer: it changes what each leaf's folder does and is ``base`` otherwise.

    Its splits split ``base`` and wrap each part again (:meth:`rewrap`); its reducer,
    ``full()`` and ``short_circuit`` are the base's unless a subclass says more.

    >>> from pariter.iterators.reduce import SumConsumer
    >>> from pariter.iterators.map import MapTransform
    >>> from pariter.plumbing.transform import TransformConsumer
    >>> left, right, reducer = TransformConsumer(SumConsumer(), MapTransform(abs)).split_at(2)
    >>> type(left).__name__, type(left.base).__name__
    ('TransformConsumer', 'SumConsumer')
    """

    __slots__ = ("base",)

    def __init__(self, base: Consumer[Any, R]) -> None:
        self.base = base

    @property
    def short_circuit(self) -> bool:  # type: ignore[override]
        return self.base.short_circuit

    def rewrap(self, base: Consumer[Any, R]) -> Consumer[T, R]:
        """This adapter around ``base``, a part of its base consumer."""
        raise NotImplementedError

    def split_at(self, index: int) -> tuple[Consumer[T, R], Consumer[T, R], Reducer[R]]:
        left, right, reducer = self.base.split_at(index)
        return self.rewrap(left), self.rewrap(right), reducer

    def split_off_left(self) -> Consumer[T, R]:
        return self.rewrap(self.base.split_off_left())

    def to_reducer(self) -> Reducer[R]:
        return self.base.to_reducer()

    def full(self) -> bool:
        return self.base.full()

    def failed(self, exc: BaseException) -> None:
        self.base.failed(exc)
