"""``by_exponential_blocks`` and ``by_uniform_blocks``: consecutive parallel blocks.

Each block is bridged in parallel; blocks run left to right, and no further block starts once
the consumer is full, which makes ``find_first`` on huge inputs cheap.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pariter.core import current_num_threads
from pariter.iterators.base import IndexedParallelIterator, ParallelIterator, describe
from pariter.plumbing.bridge import bridge
from pariter.plumbing.protocols import Consumer, length_of

T = TypeVar("T")
R = TypeVar("R")


class Blocks(ParallelIterator[T]):
    """Blocks of ``size`` items, or of ``p, 2p, 4p, ...`` (``p`` threads) when ``size`` is None.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(10)).by_exponential_blocks().collect()
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """

    def __init__(self, base: IndexedParallelIterator[T], size: int | None) -> None:
        self.base = base
        self.size = size

    def opt_len(self) -> int | None:
        return self.base.len()

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        producer = self.base.producer()
        remaining = length_of(producer)
        size = self.size if self.size is not None else current_num_threads()
        reducer = consumer.to_reducer()
        result: Any = None
        started = False
        while remaining > 0 and not consumer.full():
            block_len = min(size, remaining)
            block, producer = producer.split_at(block_len)
            part = bridge(block, consumer.split_off_left())
            result = reducer(result, part) if started else part
            started = True
            remaining -= block_len
            if self.size is None:
                size *= 2
        if not started:
            return consumer.into_folder().complete()
        tail = consumer.into_folder().complete()
        return reducer(result, tail)

    def __repr__(self) -> str:
        if self.size is None:
            return describe(self.base, "by_exponential_blocks")
        return describe(self.base, "by_uniform_blocks", self.size)
