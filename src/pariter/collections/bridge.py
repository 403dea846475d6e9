"""``par_bridge``: any iterator or generator as an (unordered) parallel iterator.

About one leaf per thread pulls items from the shared iterator under a lock, in small batches
that grow from 1 to ``MAX_BATCH`` (never the whole input), and runs its chain on each batch.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from pariter.core import current_num_threads, yield_now
from pariter.iterators.base import ParallelIterator, describe_entry
from pariter.plumbing.bridge import bridge_unindexed
from pariter.plumbing.protocols import Consumer, Folder, UnindexedProducer

T = TypeVar("T")
R = TypeVar("R")

MAX_BATCH = 64


class BridgeState:
    """What all leaves of one ``par_bridge`` share: the iterator, its lock, a split budget."""

    __slots__ = ("active", "done", "iterator", "lock", "split_lock", "splits")

    def __init__(self, iterator: Iterator[Any], splits: int) -> None:
        self.iterator = iterator
        # Held while the user's iterator runs, which may itself run parallel work.
        self.lock = threading.Lock()
        # Held only for the budget arithmetic, never around user code.
        self.split_lock = threading.Lock()
        self.splits = splits
        self.done = False
        self.active: set[int] = set()  # threads inside fold_with (re-entry guard)

    def acquire(self) -> None:
        """Take the iterator lock, running other pool work while another thread holds it.

        The holder may be inside the user's ``next()`` running parallel work of its own and
        waiting for jobs that this thread could run: blocking here could deadlock the pool.
        """
        lock = self.lock
        while not lock.acquire(blocking=False):
            # Nothing else to run: wait briefly on the lock itself, then look for work again.
            if not yield_now() and lock.acquire(timeout=0.001):
                return


class BridgeProducer(UnindexedProducer[T]):
    """One leaf's handle on the shared iterator."""

    __slots__ = ("state",)

    def __init__(self, state: BridgeState) -> None:
        self.state = state

    def split(self) -> tuple[UnindexedProducer[T], UnindexedProducer[T] | None]:
        state = self.state
        with state.split_lock:
            if state.splits <= 0 or state.done:
                return self, None
            state.splits -= 1
        return self, BridgeProducer(state)

    def fold_with(self, folder: Folder[T, Any]) -> None:
        state = self.state
        me = threading.get_ident()
        if me in state.active:
            # Work stealing re-entered this bridge on a thread that holds part of it (the
            # consumer or the iterator called into the pool): pulling here could deadlock.
            return
        state.active.add(me)
        try:
            batch = 1
            while not folder.full():
                state.acquire()
                try:
                    if state.done:
                        return
                    items = list(itertools.islice(state.iterator, batch))
                    if len(items) < batch:
                        state.done = True
                finally:
                    state.lock.release()
                if items:
                    folder.consume_iter(iter(items))
                if batch < MAX_BATCH:
                    batch *= 2
        finally:
            state.active.discard(me)


class ParBridge(ParallelIterator[T]):
    """``par_bridge(iterable)``."""

    PULLS_FROM_ITERATOR = True

    def __init__(self, iterable: Iterable[T]) -> None:
        self.iterable = iterable

    def batches(self, first: int = 16, largest: int = 1024) -> Iterator[list[T]]:
        """The items in source order, in lists growing from ``first`` to ``largest`` items.

        >>> list(ParBridge(iter(range(5))).batches(first=2))
        [[0, 1], [2, 3, 4]]
        """
        source = iter(self.iterable)
        size = first
        while batch := list(itertools.islice(source, size)):
            yield batch
            size = min(largest, size * 2)

    def over(self, batch: list[T]) -> ParallelIterator[T]:
        """An (indexed) parallel iterator over one pulled batch."""
        from pariter.collections.sequence import SequenceIter

        return SequenceIter(batch)

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        state = BridgeState(iter(self.iterable), current_num_threads())
        return bridge_unindexed(BridgeProducer(state), consumer)

    def __repr__(self) -> str:
        return describe_entry("par_bridge", self.iterable)


def par_bridge(iterable: Iterable[T]) -> ParallelIterator[T]:
    """Any iterable (generators, files, sockets), pulled lazily; the order is not kept.

    >>> sorted(par_bridge(x * x for x in range(5)).collect())
    [0, 1, 4, 9, 16]
    """
    try:
        iter(iterable)
    except TypeError:
        raise TypeError(f"iterable must be iterable, got {type(iterable).__name__}") from None
    return ParBridge(iterable)
