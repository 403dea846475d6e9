"""The bridges: run a producer into a consumer by recursive ``join_context`` (Rayon's helper).

A leaf runs the producer's sequential iterator into the consumer's folder in a few *blocks*
(split off with ``split_at``, so items pay no extra per-item cost); between blocks the leaf
checks the folder's ``full()`` and the call's abort flag, which is how short-circuiting and
exceptions stop the remaining work soon without slowing the C-level inner loops.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.core import current_num_threads, join_context
from pariter.core.current import current_pool_or_none
from pariter.core.pool import global_pool
from pariter.core.registry import thread_state
from pariter.plumbing import gil_warning
from pariter.plumbing.caller import caller_share
from pariter.plumbing.protocols import (
    Consumer,
    Folder,
    Producer,
    UnindexedProducer,
    length_of,
)
from pariter.plumbing.splitter import initial_splits, next_splits
from pariter.plumbing.state import Abort, call_abort, current_leaf

T = TypeVar("T")
R = TypeVar("R")

#: A leaf is fed in *blocks*; the folder's ``full()`` and the call's abort flag are checked
#: between them, so an answer, an exception or a caller that gave up (Ctrl-C) stops the leaf at
#: its next block.  Blocks are sized in time, not in items: the first is one item, the next ones
#: grow (x4 while a block takes under an eighth of BLOCK_SECONDS, x2 under half of it; for
#: short-circuiting consumers SC_BLOCK_SECONDS) and halve above twice that.  A block's own cost
#: (a few microseconds) stays a fraction of a percent of the work, and a check comes every few
#: milliseconds whatever an item costs (counted in items, 16384 blocks of a 100 us function ran
#: 1.6 s between checks; a first block of 256 items of a 50 ms function ran 13 s).
BLOCK_SECONDS = 0.005
SC_BLOCK_SECONDS = 0.001
#: The largest block (a cap on the growth of blocks that take no time at all).
MAX_BLOCK = 1 << 24
#: Items a short-circuiting consumer that pulls items itself takes at a time.
SC_MAX_BLOCK = 4096


def next_block(block: int, took: float, aim: float) -> int:
    """The size of the block after one of ``block`` items that took ``took`` seconds.

    >>> next_block(1, 0.0, 0.005), next_block(64, 0.002, 0.005), next_block(64, 0.02, 0.005)
    (4, 128, 32)
    """
    if block >= MAX_BLOCK:
        return MAX_BLOCK
    if took < aim / 8:
        return block * 4
    if took < aim / 2:
        return block * 2
    if took > aim * 2 and block > 1:
        return block // 2
    return block


def bridge(producer: Producer[T], consumer: Consumer[T, R]) -> R:
    """Run an indexed ``producer`` into ``consumer`` in parallel (``bridge_producer_consumer``).

    >>> from pariter.collections.range import RangeProducer
    >>> from pariter.iterators.reduce import SumConsumer
    >>> bridge(RangeProducer(0, 1, 101), SumConsumer())
    5050
    """
    abort = call_abort()
    if abort.value:  # given up before it started (a streamed piece no longer needed)
        return consumer.into_folder().complete()
    remote = getattr(current_pool_or_none(), "run_pieces", None)
    if remote is not None:  # a process or cluster pool: it cuts the call into chunk tasks
        return remote(producer, consumer)  # type: ignore[no-any-return]
    length = producer.__len__()  # length_of's body (past sys.maxsize), one frame fewer
    min_len = max(producer.min_len(), 1)
    if abort.unsplit:
        return _helper(length, False, -1, min_len, producer, consumer, abort)
    if thread_state.worker is None:  # a call from outside the pool
        if min_len == 1 and producer.max_len() >= length:
            # Its first items (all of a small call) run here.  Not when with_min_len or
            # with_max_len ask for pieces of given sizes: those are the pool's.
            return caller_share(producer, length, consumer, abort, _on_pool)
        if length // 2 >= min_len:  # (else one leaf, run here as on any thread)
            return _on_pool(producer, length, consumer, abort, min_len)
    splits = initial_splits(min_len, producer.max_len(), length)
    return _helper(length, False, splits, min_len, producer, consumer, abort)


def _on_pool(
    producer: Producer[T], length: int, consumer: Consumer[T, R], abort: Abort, min_len: int = 1
) -> R:
    """A call (or the rest of one) its caller hands to the current thread pool's threads.

    It starts with the split budget a bridge on a pool thread starts with (not as a stolen
    piece: that would reset the budget at its first split and cut the call finer).
    """
    splits = initial_splits(min_len, producer.max_len(), length)
    return on_pool(lambda: _helper(length, False, splits, min_len, producer, consumer, abort))


def on_pool(run: Callable[[], R]) -> R:
    """``run()`` on a thread of the current thread pool, from a thread outside it: how every
    call's work enters the pool.  Only here can a call keep more than its caller busy, so only
    here is it measured for the GIL hint (:mod:`pariter.plumbing.gil_warning`): a call that its
    caller runs alone costs no CPU-clock read.
    """
    pool = current_pool_or_none() or global_pool()
    started = gil_warning.start()
    result: R = pool._thread_registry().in_worker(lambda _worker, _injected: run())
    gil_warning.finish(started, pool.current_num_threads)
    return result


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
            return abort.combine(reducer, left, right)
    try:
        return fold_leaf(producer, length, consumer.into_folder(), abort, consumer.short_circuit)
    except BaseException as exc:
        abort.fail(exc)
        raise


def fold_leaf(
    producer: Producer[T], length: int, folder: Folder[T, R], abort: Abort, short: bool
) -> R:
    """Feed one leaf to ``folder`` in timed blocks, stopping early when full or aborted."""
    block = 1
    aim = SC_BLOCK_SECONDS if short else BLOCK_SECONDS
    clock = time.perf_counter
    leaf = current_leaf.set({})
    began = clock()
    try:
        while length > block:
            piece, producer = producer.split_at(block)
            started = clock()
            folder.consume_iter(piece.into_iter())
            took = clock() - started
            length -= block
            if folder.full() or abort.value:
                return folder.complete()
            block = next_block(block, took, aim)
        folder.consume_iter(producer.into_iter())
    finally:
        current_leaf.reset(leaf)
        abort.work += clock() - began  # (a lost update between threads only blurs a guess)
    return folder.complete()


_END: Any = object()


class TimedFolder(Folder[T, R]):
    """Feeds its base folder in timed blocks, from any iterator: the leaf of an unindexed
    producer, whose ``fold_with`` hands over whole iterators (a tree walk, ``repeat``, the
    lines of a text), and the output of a transform that expands items (``flat_map_iter``).

    ``full()`` is also True once the call is aborted, so producers that loop ``while not
    folder.full()`` stop too.

    >>> from pariter.iterators.reduce import SumConsumer
    >>> folder = TimedFolder(SumConsumer().into_folder(), Abort(), False)
    >>> folder.consume_iter(iter(range(1000))); folder.complete()
    499500
    """

    __slots__ = ("abort", "aim", "base", "block")

    def __init__(self, base: Folder[T, R], abort: Abort, short: bool) -> None:
        self.base = base
        self.abort = abort
        self.aim = SC_BLOCK_SECONDS if short else BLOCK_SECONDS
        self.block = 1

    def consume_iter(self, iterator: Iterator[T]) -> None:
        base, abort, aim, block = self.base, self.abort, self.aim, self.block
        clock = time.perf_counter
        chain, islice = itertools.chain, itertools.islice
        iterator = iter(iterator)
        while not abort.value:
            first = next(iterator, _END)  # the end is seen here: islice cannot tell it
            if first is _END:
                break
            started = clock()
            base.consume_iter(chain((first,), islice(iterator, block - 1)))
            block = next_block(block, clock() - started, aim)
            if base.full():
                break
        self.block = block

    def consume(self, item: T) -> None:
        self.base.consume(item)

    def complete(self) -> R:
        return self.base.complete()

    def full(self) -> bool:
        return self.abort.value or self.base.full()


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
    try:
        if isinstance(producer, Producer):
            return fold_leaf(producer, length_of(producer), folder, abort, consumer.short_circuit)
        producer.fold_with(TimedFolder(folder, abort, consumer.short_circuit))
        return folder.complete()
    except BaseException as exc:
        consumer.failed(exc)
        raise


def bridge_unindexed(producer: UnindexedProducer[T], consumer: Consumer[T, R]) -> R:
    """Run an unindexed ``producer`` into ``consumer`` (``bridge_unindexed``).

    >>> from pariter.collections.split import SplitProducer
    >>> from pariter.iterators.reduce import SumConsumer
    >>> halve = lambda n: (n // 2, n - n // 2) if n > 1 else (n, None)
    >>> bridge_unindexed(SplitProducer(10, halve), SumConsumer())
    10
    """
    abort = call_abort()
    if abort.value:
        return consumer.into_folder().complete()
    remote = getattr(current_pool_or_none(), "run_pieces", None)
    if remote is not None:
        return remote(producer, consumer)  # type: ignore[no-any-return]
    splits = -1 if abort.unsplit else current_num_threads()
    if splits > 0 and thread_state.worker is None:  # from outside the pool
        return on_pool(lambda: _unindexed_helper(producer, consumer, False, splits, abort))
    return _unindexed_helper(producer, consumer, False, splits, abort)


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
            return abort.combine(reducer, left, right)
        producer = left_p
    folder: Folder[T, Any] = consumer.into_folder()
    try:
        producer.fold_with(TimedFolder(folder, abort, consumer.short_circuit))
        return folder.complete()  # type: ignore[no-any-return]
    except BaseException as exc:
        abort.fail(exc)
        raise
