"""The bridges: run a producer into a consumer by recursive ``join_context`` (Rayon's helper).

A leaf runs the producer's sequential iterator into the consumer's folder in a few *blocks*
(split off with ``split_at``, so items pay no extra per-item cost); between blocks the leaf
checks the folder's ``full()`` and the call's abort flag, which is how short-circuiting and
exceptions stop the remaining work soon without slowing the C-level inner loops.
"""

from __future__ import annotations

import time
from typing import Any, TypeVar

from pariter.core import current_num_threads, join_context
from pariter.core.current import current_pool_or_none
from pariter.plumbing.protocols import (
    Consumer,
    Folder,
    Producer,
    Reducer,
    UnindexedProducer,
    length_of,
)
from pariter.plumbing.splitter import initial_splits, next_splits
from pariter.plumbing.state import Abort, current_abort

T = TypeVar("T")
R = TypeVar("R")

#: A leaf is fed in blocks; the folder's ``full()`` and the call's abort flag are checked
#: between them.  Blocks start at FIRST_BLOCK items, double while one takes less than half of
#: BLOCK_SECONDS (SC_BLOCK_SECONDS for short-circuiting consumers) and halve when one takes
#: more than twice that: a block's own cost (a few microseconds) stays a fraction of a percent
#: of the work, and an answer or an exception is noticed within milliseconds whatever an item
#: costs (counted in items, 16384 blocks of a 100 us function ran 1.6 s between checks).
FIRST_BLOCK = 256
BLOCK_SECONDS = 0.005
SC_BLOCK_SECONDS = 0.001
#: Items a short-circuiting consumer that pulls items itself takes at a time.
SC_MAX_BLOCK = 4096


def stopped(abort: Abort) -> bool:
    """Whether the call was aborted (read again after a join: another piece may have failed)."""
    return abort.value


def _combine(reducer: Reducer[R], left: R, right: R, abort: Abort) -> R:
    """``reducer(left, right)``, unless the call is aborting; a reducer's failure aborts it."""
    if stopped(abort):
        # The results are partial and an exception is on its way up: do not call user
        # reducers on them.
        return left
    try:
        return reducer(left, right)
    except BaseException as exc:
        abort.fail(exc)
        raise


def bridge(producer: Producer[T], consumer: Consumer[T, R]) -> R:
    """Run an indexed ``producer`` into ``consumer`` in parallel (``bridge_producer_consumer``).

    >>> from pariter.collections.range import RangeProducer
    >>> from pariter.iterators.reduce import SumConsumer
    >>> bridge(RangeProducer(0, 1, 101), SumConsumer())
    5050
    """
    remote = getattr(current_pool_or_none(), "run_pieces", None)
    if remote is not None:  # a process or cluster pool: it cuts the call into chunk tasks
        return remote(producer, consumer)  # type: ignore[no-any-return]
    length = length_of(producer)
    min_len = max(producer.min_len(), 1)
    splits = initial_splits(min_len, producer.max_len(), length)
    return _helper(length, False, splits, min_len, producer, consumer, current_abort.get())


def _helper(
    length: int,
    migrated: bool,
    splits: int,
    min_len: int,
    producer: Producer[T],
    consumer: Consumer[T, R],
    abort: Abort,
) -> R:
    if consumer.full() or abort.value:
        return consumer.into_folder().complete()
    if length // 2 >= min_len:
        splits = next_splits(splits, migrated)
        if splits >= 0:
            mid = length // 2
            left_p, right_p = producer.split_at(mid)
            left_c, right_c, reducer = consumer.split_at(mid)
            left, right = join_context(
                lambda ctx: _helper(mid, ctx.migrated, splits, min_len, left_p, left_c, abort),
                lambda ctx: _helper(
                    length - mid, ctx.migrated, splits, min_len, right_p, right_c, abort
                ),
            )
            return _combine(reducer, left, right, abort)
    try:
        return fold_leaf(producer, length, consumer.into_folder(), abort, consumer.short_circuit)
    except BaseException as exc:
        abort.fail(exc)
        raise


def fold_leaf(
    producer: Producer[T], length: int, folder: Folder[T, R], abort: Abort, short: bool
) -> R:
    """Feed one leaf to ``folder`` in timed blocks, stopping early when full or aborted."""
    block = FIRST_BLOCK
    aim = SC_BLOCK_SECONDS if short else BLOCK_SECONDS
    clock = time.perf_counter
    while length > block:
        piece, producer = producer.split_at(block)
        started = clock()
        folder.consume_iter(piece.into_iter())
        took = clock() - started
        length -= block
        if folder.full() or abort.value:
            return folder.complete()
        if took < aim / 2:
            block *= 2
        elif took > aim * 2 and block > 1:
            block //= 2
    folder.consume_iter(producer.into_iter())
    return folder.complete()


def run_leaf(
    producer: Producer[T] | UnindexedProducer[T], consumer: Consumer[T, R], abort: Abort
) -> R:
    """Run one piece sequentially, start to end: a process or cluster backend's chunk task.

    >>> from pariter.collections.range import RangeProducer
    >>> from pariter.iterators.reduce import SumConsumer
    >>> run_leaf(RangeProducer(0, 1, 5), SumConsumer(), Abort())
    10
    """
    if consumer.full() or abort.value:
        return consumer.into_folder().complete()
    folder = consumer.into_folder()
    if isinstance(producer, Producer):
        return fold_leaf(producer, length_of(producer), folder, abort, consumer.short_circuit)
    producer.fold_with(folder)
    return folder.complete()


def bridge_unindexed(producer: UnindexedProducer[T], consumer: Consumer[T, R]) -> R:
    """Run an unindexed ``producer`` into ``consumer`` (``bridge_unindexed``).

    >>> from pariter.collections.split import SplitProducer
    >>> from pariter.iterators.reduce import SumConsumer
    >>> halve = lambda n: (n // 2, n - n // 2) if n > 1 else (n, None)
    >>> bridge_unindexed(SplitProducer(10, halve), SumConsumer())
    10
    """
    remote = getattr(current_pool_or_none(), "run_pieces", None)
    if remote is not None:
        return remote(producer, consumer)  # type: ignore[no-any-return]
    return _unindexed_helper(producer, consumer, False, current_num_threads(), current_abort.get())


def _unindexed_helper(
    producer: UnindexedProducer[T],
    consumer: Consumer[T, R],
    migrated: bool,
    splits: int,
    abort: Abort,
) -> R:
    if consumer.full() or abort.value:
        return consumer.into_folder().complete()
    splits = next_splits(splits, migrated)
    if splits >= 0:
        left_p, right_p = producer.split()
        if right_p is not None:
            reducer = consumer.to_reducer()
            left_c = consumer.split_off_left()
            rp: UnindexedProducer[T] = right_p
            left, right = join_context(
                lambda ctx: _unindexed_helper(left_p, left_c, ctx.migrated, splits, abort),
                lambda ctx: _unindexed_helper(rp, consumer, ctx.migrated, splits, abort),
            )
            return _combine(reducer, left, right, abort)
        producer = left_p
    folder: Folder[T, Any] = consumer.into_folder()
    try:
        producer.fold_with(folder)
        return folder.complete()  # type: ignore[no-any-return]
    except BaseException as exc:
        abort.fail(exc)
        raise
