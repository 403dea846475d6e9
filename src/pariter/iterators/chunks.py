"""``chunks(n)`` and ``fold_chunks(n, ...)``: fixed-size groups, split on chunk boundaries."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators import islices
from pariter.iterators.base import IndexedParallelIterator, describe
from pariter.iterators.map import clone_state
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Producer, length_of

T = TypeVar("T")
S = TypeVar("S")


def _pieces(it: Iterator[T], length: int, size: int) -> Iterator[Iterator[T]]:
    """The chunks of the ``length`` items of ``it`` as consecutive ``islice``s of one iterator.

    Their sizes come from the known length (``min(size, items left)``), so a ``size`` past what
    ``islice`` takes (``sys.maxsize``) is never passed to it, and no chunk is pulled empty.

    >>> [list(p) for p in _pieces(iter("abcde"), 5, 2)]
    [['a', 'b'], ['c', 'd'], ['e']]
    >>> [list(p) for p in _pieces(iter("ab"), 2, 10**30)]
    [['a', 'b']]
    """
    sizes = map(min, itertools.repeat(size), range(length, 0, -size))
    cut = itertools.islice if size <= islices.MAX else islices.take
    return map(cut, itertools.repeat(it), sizes)


class ChunksProducer(Producer[Any]):
    """Groups of ``size`` items of ``base``; ``fold`` (optional) folds each group instead."""

    __slots__ = ("base", "fold", "size")

    def __init__(self, base: Producer[T], size: int, fold: Any = None) -> None:
        self.base = base
        self.size = size
        self.fold = fold  # (init, op, is_with) or None

    def __len__(self) -> int:
        return -(-length_of(self.base) // self.size)

    def split_at(self, index: int) -> tuple[Producer[Any], Producer[Any]]:
        left, right = self.base.split_at(min(index * self.size, length_of(self.base)))
        size, fold = self.size, self.fold
        return ChunksProducer(left, size, fold), ChunksProducer(right, size, fold)

    def into_iter(self) -> Iterator[Any]:
        length, size = length_of(self.base), self.size
        pieces = _pieces(self.base.into_iter(), length, size)
        if self.fold is None:
            if min(size, length) > islices.MAX:
                # Rayon would build a Vec of that many items; a list cannot hold them either.
                raise OverflowError(
                    f"chunk_size {size}: a chunk of {min(size, length)} items is longer than a "
                    f"list can be (sys.maxsize)"
                )
            return map(list, pieces)
        init, op, is_with = self.fold
        op = localize(op)

        def fold_one(piece: Iterator[Any]) -> Any:
            # Folded straight from the shared iterator: no chunk is built, as in Rayon.
            start = clone_state(init) if is_with else init()
            return functools.reduce(op, piece, start)

        return map(fold_one, pieces)

    def min_len(self) -> int:
        return max(self.base.min_len() // self.size, 1)


class Chunks(IndexedParallelIterator[list[T]]):
    """``it.chunks(n)``.

    >>> from pariter import par_iter
    >>> par_iter("abcde").chunks(2).map("".join).collect()
    ['ab', 'cd', 'e']
    """

    def __init__(self, base: IndexedParallelIterator[T], size: int) -> None:
        self.base = base
        self.size = size

    def len(self) -> int:
        return -(-self.base.len() // self.size)

    def producer(self) -> Producer[list[T]]:
        return ChunksProducer(self.base.producer(), self.size)

    def __repr__(self) -> str:
        return describe(self.base, "chunks", self.size)


class FoldChunks(IndexedParallelIterator[S]):
    """``it.fold_chunks(n, identity, op)`` / ``fold_chunks_with(n, init, op)``.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(5)).fold_chunks(2, list, lambda a, x: a + [x]).collect()
    [[0, 1], [2, 3], [4]]
    """

    def __init__(
        self,
        base: IndexedParallelIterator[T],
        size: int,
        init: Any,
        op: Callable[[S, T], S],
        is_with: bool,
    ) -> None:
        self.base = base
        self.size = size
        self._fold = (init, op, is_with)

    def len(self) -> int:
        return -(-self.base.len() // self.size)

    def producer(self) -> Producer[S]:
        return ChunksProducer(self.base.producer(), self.size, self._fold)

    def __repr__(self) -> str:
        init, op, is_with = self._fold
        method = "fold_chunks_with" if is_with else "fold_chunks"
        return describe(self.base, method, self.size, init, op)
