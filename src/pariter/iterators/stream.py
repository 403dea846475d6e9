"""Iterating a parallel iterator: results in sequence order while later pieces still run.

The loop keeps the sequential loop's meaning.  The chain is cut into consecutive *pieces* at its
indexed part (or at the batches pulled from a ``par_bridge`` source), with the item-by-item
adapters on top re-applied to each piece; at most ``2 * threads`` pieces are in flight, so memory
stays bounded on huge inputs.  Pieces are yielded in order; when one fails, the items it made
before its failing item are yielded, then the exception is raised with its traceback.  When the
loop stops early (``break``, ``close()``, the iterator collected, Ctrl-C while it waits), every
piece still running stops at its next block and none starts.

On the thread pool each piece runs whole on one thread (its items in order), so its prefix is
exact.  On a process or cluster pool a piece is itself split over the workers; when one fails,
it is run again whole on one worker to find the prefix before its first failing item (there, as
documented, user functions run on copies: running them twice changes nothing the caller sees).
"""

from __future__ import annotations

import copy
import sys
import time
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pariter.core import current_num_threads, current_pool, spawn_future, wait_future
from pariter.core.tracebacks import hide_frames
from pariter.iterators.base import IndexedParallelIterator, ParallelIterator
from pariter.iterators.collect import ListChunksConsumer, flatten_chunks
from pariter.iterators.len_bounds import BoundsProducer
from pariter.plumbing.execute import execute
from pariter.plumbing.protocols import Consumer, Folder, Producer, Reducer, length_of
from pariter.plumbing.state import Abort

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")

MAX_PIECE = 16384
#: A piece aims at this much time, so the first results come at once and a piece's own cost
#: (a task, a few tens of microseconds; a process or cluster call, milliseconds) stays small.
PIECE_SECONDS = 0.02
REMOTE_PIECE_SECONDS = 0.2
#: The attribute under which a failing piece's items travel back with its exception.
PREFIX = "__pariter_prefix__"


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


class PrefixConsumer(Consumer[T, None]):
    """Collects one piece into ``items``, in order; in a worker process, the items made before
    an exception go with it (``exc.__pariter_prefix__``, see :meth:`failed`).

    Every split appends to the same list: the piece runs unsplit, on one thread, in sequence
    order (``Abort.unsplit`` on threads; a one-thread pool inside a worker process), so the
    list holds exactly what the sequential loop would have yielded.
    """

    __slots__ = ("items",)

    def __init__(self, items: list[T]) -> None:
        self.items = items

    def split_off_left(self) -> Consumer[T, None]:
        return PrefixConsumer(self.items)

    def to_reducer(self) -> Reducer[None]:
        return _nothing

    def into_folder(self) -> Folder[T, None]:
        return PrefixFolder(self.items)

    def failed(self, exc: BaseException) -> None:
        setattr(exc, PREFIX, self.items)  # for an exception raised above the folder too


def _nothing(left: None, right: None) -> None:
    return None


class PrefixFolder(Folder[T, None]):
    __slots__ = ("items",)

    def __init__(self, items: list[T]) -> None:
        self.items = items

    def consume_iter(self, iterator: Iterator[T]) -> None:
        self.items.extend(iterator)  # keeps what came before a failing item

    def complete(self) -> None:
        return None


def _rebase(it: ParallelIterator[Any], root: ParallelIterator[Any], piece: Any) -> Any:
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
    """The source pulling from a Python iterator under only item-wise adapters, if any."""
    while not type(it).PULLS_FROM_ITERATOR:
        base = getattr(it, "base", None)
        if not isinstance(base, ParallelIterator) or not type(it).PIECEWISE:
            return None
        it = base
    return it


class PieceSizer:
    """Sizes consecutive pieces: the first is one item, each next one at most twice the last,
    and at most what ``seconds`` of work takes at the cost per item measured so far.

    >>> sizer = PieceSizer(0.02, limit=100)
    >>> [sizer.next_size() for _ in range(4)]
    [1, 2, 4, 8]
    >>> sizer.record(8, 0.01)  # 1.25 ms an item: 16 items fill 20 ms
    >>> [sizer.next_size() for _ in range(2)]
    [16, 16]
    """

    __slots__ = ("limit", "per_item", "seconds", "size")

    def __init__(self, seconds: float, limit: int = MAX_PIECE) -> None:
        self.seconds = seconds
        self.limit = max(1, min(limit, MAX_PIECE))
        self.per_item = 0.0
        self.size = 1

    def next_size(self) -> int:
        size = self.size
        cap = self.limit
        if self.per_item > 0:
            cap = max(1, min(cap, int(self.seconds / self.per_item)))
        self.size = max(1, min(size * 2, cap))
        return min(size, cap)

    def record(self, items: int, seconds: float) -> None:
        if items:
            self.per_item = seconds / items


def _indexed_pieces(producer: Producer[Any], sizer: PieceSizer) -> Iterator[Producer[Any]]:
    """Consecutive pieces of ``producer``, sized by ``sizer``."""
    length = length_of(producer)
    while length > 0:
        head, producer = producer.split_at(min(sizer.next_size(), length))
        length -= length_of(head)
        yield head


class _Piece:
    """One piece in flight: its chain, its own abort flag, and the task collecting it."""

    __slots__ = ("abort", "chain", "future", "items", "on_threads", "seconds", "whole")

    def __init__(
        self,
        chain: ParallelIterator[Any],
        whole: ParallelIterator[Any],
        items: int,
        on_threads: bool,
    ) -> None:
        self.chain = chain
        self.whole = whole  # the same piece as one unsplit leaf
        self.items = items
        self.on_threads = on_threads
        self.seconds = 0.0
        self.abort = Abort(unsplit=on_threads)
        self.future: Future[tuple[list[Any], BaseException | None]] | None = None

    def start(self) -> None:
        self.future = spawn_future(self._collect_whole if self.on_threads else self._collect)

    def _collect_whole(self) -> tuple[list[Any], BaseException | None]:
        """Thread pool: the piece on this thread, in order; its prefix if it fails."""
        started = time.perf_counter()
        outcome = collect_prefix(self.whole, self.abort)
        self.seconds = time.perf_counter() - started
        return outcome

    def _collect(self) -> tuple[list[Any], BaseException | None]:
        """Process or cluster pool: the piece split over the workers; a failure is found
        again by :meth:`outcome`."""
        started = time.perf_counter()
        try:
            chunks = execute(self.chain, ListChunksConsumer(), self.abort)
        except BaseException as exc:
            return [], exc
        self.seconds = time.perf_counter() - started
        return flatten_chunks(chunks), None

    def outcome(self) -> tuple[list[Any], BaseException | None]:
        assert self.future is not None
        items, exc = wait_future(self.future)
        if exc is not None and not self.on_threads:
            # Run again as one leaf on one worker: its items before the failing one.
            items, again = collect_prefix(self.whole, Abort())  # the first one is aborted
            exc = again or exc
        return items, exc

    def stop(self) -> None:
        self.abort.value = True  # a running piece stops at its next block, a queued one at once
        if self.future is not None:
            self.future.cancel()


def collect_prefix(
    chain: ParallelIterator[T], abort: Abort
) -> tuple[list[T], BaseException | None]:
    """Collect an unsplit piece in order: ``(items, None)``, or the items before the first
    failing one and that exception.

    >>> from pariter import into_par_iter
    >>> chain = into_par_iter(range(5)).map(lambda x: 10 // (3 - x))
    >>> items, exc = collect_prefix(chain, Abort(unsplit=True))
    >>> items, type(exc).__name__
    ([3, 5, 10], 'ZeroDivisionError')
    """
    items: list[T] = []
    try:
        execute(chain, PrefixConsumer(items), abort)
    except BaseException as exc:
        prefix = exc.__dict__.pop(PREFIX, None)
        return (items if prefix is None else prefix), exc
    return items, None


def _stream_pieces(
    it: ParallelIterator[T],
    root: ParallelIterator[Any],
    pieces: Iterator[Producer[Any]],
    sizer: PieceSizer | None,
    on_threads: bool,
) -> Iterator[T]:
    """Run ``it`` on each piece (``root`` replaced by it), at most 2 per thread at once."""
    limit = 2 * current_num_threads()
    # A piece leaves in_flight only once all its items were yielded, and joins it before its
    # task starts: wherever the loop is left (a Ctrl-C can come between any two bytecodes),
    # every piece that may still run is in it and gets stopped.
    in_flight: deque[_Piece] = deque()
    try:
        for head in pieces:
            whole = BoundsProducer(head, max(length_of(head), 1), sys.maxsize)
            piece = _Piece(
                _rebase(it, root, ProducerIter(head)),
                _rebase(it, root, ProducerIter(whole)),
                length_of(head),
                on_threads,
            )
            in_flight.append(piece)
            piece.start()
            if len(in_flight) >= limit:
                yield from _finish(in_flight[0], sizer)
                in_flight.popleft()
        while in_flight:
            yield from _finish(in_flight[0], sizer)
            in_flight.popleft()
    finally:
        for piece in in_flight:  # the loop ended early: stop the pieces still running
            piece.stop()


def _finish(piece: _Piece, sizer: PieceSizer | None) -> Iterator[Any]:
    items, exc = piece.outcome()
    if sizer is not None and exc is None:
        sizer.record(piece.items, piece.seconds)
    yield from items
    if exc is not None:
        raise exc


def stream(it: ParallelIterator[T]) -> Iterator[T]:
    """Yield the items of ``it`` in order (see the module docstring).

    >>> from pariter import into_par_iter
    >>> list(stream(into_par_iter(range(6)).filter(lambda x: x % 2)))
    [1, 3, 5]
    """
    try:
        yield from _stream(it)
    except Exception as exc:
        hide_frames(exc)  # the loop's caller sees its own frames and the user's functions
        raise


def _stream(it: ParallelIterator[T]) -> Iterator[T]:
    pool = current_pool()
    on_threads = getattr(pool, "run_pieces", None) is None
    root = _indexed_root(it)
    if root is not None:
        producer: Producer[Any] = pool.install(root.producer)
        threads = current_num_threads()
        sizer = PieceSizer(
            PIECE_SECONDS if on_threads else REMOTE_PIECE_SECONDS,
            limit=length_of(producer) // (4 * threads),  # four pieces a thread at least
        )
        pieces = _indexed_pieces(producer, sizer)
        yield from _stream_pieces(it, root, pieces, sizer, on_threads)
        return
    pulled = _pulled_root(it)
    if pulled is not None:
        batches = (pulled.over(batch).producer() for batch in pulled.batches())
        yield from _stream_pieces(it, pulled, batches, None, on_threads)
        return
    # No indexed part to cut into ordered pieces (walk_tree, split, while_some, ...).
    yield from it.collect()
