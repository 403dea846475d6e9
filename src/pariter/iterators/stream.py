"""Iterating a parallel iterator: results in sequence order while later pieces still run.

The indexed part of the chain is cut into pieces; each piece (with the unindexed adapters on
top re-applied to it) is collected by a pool task from ``spawn_future``; at most
``2 * threads`` pieces are in flight, so memory stays bounded on huge inputs.  When the loop
stops early, pieces not yet started are cancelled.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any, TypeVar

from pariter.core import current_num_threads, current_pool, spawn_future, wait_future
from pariter.iterators.base import IndexedParallelIterator, ParallelIterator
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")

MAX_PIECE = 16384


class ProducerIter(IndexedParallelIterator[T]):
    """An indexed iterator over one ready-made producer piece."""

    def __init__(self, producer: Producer[T]) -> None:
        self._producer = producer

    def len(self) -> int:
        return length_of(self._producer)

    def producer(self) -> Producer[T]:
        return self._producer

    def __repr__(self) -> str:
        return f"piece[{length_of(self._producer)}]"


def _rebase(it: ParallelIterator[Any], root: IndexedParallelIterator[Any], piece: Any) -> Any:
    """A copy of the chain ``it`` with ``root`` replaced by ``piece``."""
    if it is root:
        return piece
    clone = copy.copy(it)
    clone.base = _rebase(it.base, root, piece)  # type: ignore[attr-defined]
    return clone


def _indexed_root(it: ParallelIterator[Any]) -> IndexedParallelIterator[Any] | None:
    """The indexed iterator under the unindexed top of the chain, if cutting there is exact.

    Only item-by-item adapters (map, filter, flat_map, ...: ``PIECEWISE``) give the same items
    when re-applied to each piece; ``intersperse``, ``while_some``, the ``*_any`` family and the
    like depend on items across pieces, so such chains are collected whole instead.
    """
    while not isinstance(it, IndexedParallelIterator):
        base = getattr(it, "base", None)
        if not isinstance(base, ParallelIterator) or not type(it).PIECEWISE:
            return None
        it = base
    return it


def _pulled_root(it: ParallelIterator[Any]) -> Any:
    """The ``par_bridge`` source under only item-wise adapters, if that is the chain's shape."""
    while not type(it).PULLS_FROM_ITERATOR:
        base = getattr(it, "base", None)
        if not isinstance(base, ParallelIterator) or not type(it).PIECEWISE:
            return None
        it = base
    return it


def _stream_pulled(it: ParallelIterator[T], root: Any) -> Iterator[T]:
    """Pull batches lazily from the source; run the chain on each in the pool, in order."""
    threads = current_num_threads()
    in_flight: deque[Future[list[T]]] = deque()
    batches = root.batches()
    try:
        for batch in batches:
            in_flight.append(spawn_future(_rebase(it, root, root.over(batch)).collect))
            if len(in_flight) >= 2 * threads:
                yield from wait_future(in_flight.popleft())
        while in_flight:
            yield from wait_future(in_flight.popleft())
    finally:
        for future in in_flight:
            future.cancel()


def stream(it: ParallelIterator[T]) -> Iterator[T]:
    """Yield the items of ``it`` in order (see the module docstring).

    >>> from pariter import into_par_iter
    >>> list(stream(into_par_iter(range(6)).filter(lambda x: x % 2)))
    [1, 3, 5]
    """
    root = _indexed_root(it)
    if root is None:
        pulled = _pulled_root(it)
        if pulled is not None:
            yield from _stream_pulled(it, pulled)
        else:
            # No indexed part to cut into ordered pieces (walk_tree, split, ...).
            yield from it.collect()
        return
    pool = current_pool()
    producer: Producer[Any] = pool.install(root.producer)
    threads = current_num_threads()
    length = length_of(producer)
    piece = max(1, min(MAX_PIECE, length // (4 * threads) or 1))
    in_flight: deque[Future[list[T]]] = deque()
    try:
        while length > 0 or in_flight:
            while length > 0 and len(in_flight) < 2 * threads:
                size = min(piece, length)
                head, producer = producer.split_at(size)
                length -= size
                chain = _rebase(it, root, ProducerIter(head))
                in_flight.append(spawn_future(chain.collect))
            yield from wait_future(in_flight.popleft())
    finally:
        for future in in_flight:
            future.cancel()
