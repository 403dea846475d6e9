"""One-shot iterators and generators given to ``par_iter``: an ordered lazy source.

A generator, a file or ``itertools.count()`` is never copied whole into a list. The call pulls
it in consecutive *blocks* that grow (from a few items per thread to ``MAX_BLOCK``), runs the
chain on each block in parallel, and reduces the blocks' results in sequence order, so
``collect``, ``find_first``, ``reduce`` and ``for`` keep the order of the source, memory stays
bounded (the block being worked on and the next one, pulled meanwhile), and an endless iterator
works with a short-circuit: no block starts once the answer is known.

Unlike ``par_bridge`` (unordered, as in Rayon), the order is kept; like it, the source is
unindexed (its length is unknown until it ends), and it is pulled by one thread at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import partial
from typing import Any, TypeVar

from pariter.collections.bridge import ParBridge
from pariter.collections.sequence import SequenceProducer
from pariter.core import current_num_threads, spawn_future, wait_future
from pariter.iterators.base import describe_entry
from pariter.plumbing.bridge import bridge
from pariter.plumbing.protocols import Consumer
from pariter.plumbing.state import Abort, call_abort

T = TypeVar("T")
R = TypeVar("R")

#: The largest block pulled at a time: bounds memory to two such blocks of items.
MAX_BLOCK = 1 << 16

_NOTHING: Any = object()


class LazySource(ParBridge[T]):
    """``par_iter(iterator)``: pulled in growing blocks, processed and reduced in order.

    >>> import itertools
    >>> LazySource(x * x for x in range(5)).collect()
    [0, 1, 4, 9, 16]
    >>> LazySource(itertools.count()).find_first(lambda x: x * x > 50)
    8
    """

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        source = iter(self.iterable)
        abort = call_abort()
        reducer = consumer.to_reducer()
        size = 4 * current_num_threads()
        result: Any = _NOTHING
        block = pull_block(source, size, abort)
        while block and not consumer.full() and not abort.value:
            size = min(size * 2, MAX_BLOCK)
            # The next block is pulled on a pool thread while this one runs here (here: on a
            # process or Dask pool, this is the caller's thread, where Ctrl-C lands).
            pulling = spawn_future(partial(pull_block, source, size, abort))
            try:
                part = bridge(SequenceProducer(block, 0, len(block)), consumer.split_off_left())
            except BaseException:
                abort.value = True  # the pull stops at its next chunk
                pulling.cancel()
                raise
            result = part if result is _NOTHING else reducer(result, part)
            block = wait_future(pulling)
        tail = consumer.into_folder().complete()
        return tail if result is _NOTHING else reducer(result, tail)

    def __repr__(self) -> str:
        return describe_entry("par_iter", self.iterable)


def is_one_shot(source: Any) -> bool:
    """True for an iterator (``iter(x) is x``): a generator, a file, ``map(...)``, ``count()``.

    >>> is_one_shot(iter([1])), is_one_shot([1]), is_one_shot(x for x in "")
    (True, False, True)
    """
    try:
        return iter(source) is source
    except TypeError:
        return False


def pull_list(source: Iterator[T], limit: int | None) -> list[T]:
    """The first ``limit`` items of ``source`` (all of them when ``limit`` is None).

    >>> pull_list(itertools.count(), 3)
    [0, 1, 2]
    """
    return list(source if limit is None else itertools.islice(source, limit))


#: A block is pulled in chunks of this many items, checking the call's abort flag in between:
#: pulling runs the user's generator, which must stop too when the call is given up.
PULL_CHUNK = 1024


def pull_block(source: Iterator[T], size: int, abort: Abort) -> list[T]:
    """Up to ``size`` items of ``source``, fewer at its end or once ``abort`` is set.

    >>> pull_block(iter(range(5000)), 3000, Abort())[-1]
    2999
    """
    block: list[T] = []
    while len(block) < size and not abort.value:
        want = min(PULL_CHUNK, size - len(block))
        chunk = list(itertools.islice(source, want))
        block += chunk
        if len(chunk) < want:  # the source ended
            break
    return block
