"""``split(data, splitter)``: a user-defined unindexed source; each leaf's data is one item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pariter.iterators.base import ParallelIterator, check_fn, describe_arg
from pariter.plumbing.bridge import bridge_unindexed
from pariter.plumbing.protocols import Consumer, Folder, UnindexedProducer

D = TypeVar("D")
R = TypeVar("R")


class SplitProducer(UnindexedProducer[D]):
    """Holds one piece of data; ``splitter(data) -> (data, data_or_None)`` splits it."""

    __slots__ = ("data", "splitter")

    def __init__(self, data: D, splitter: Callable[[D], tuple[D, D | None]]) -> None:
        self.data = data
        self.splitter = splitter

    def split(self) -> tuple[UnindexedProducer[D], UnindexedProducer[D] | None]:
        left, right = self.splitter(self.data)
        left_p = SplitProducer(left, self.splitter)
        return left_p, None if right is None else SplitProducer(right, self.splitter)

    def fold_with(self, folder: Folder[D, Any]) -> None:
        folder.consume(self.data)


class Split(ParallelIterator[D]):
    """``split(data, splitter)``."""

    def __init__(self, data: D, splitter: Callable[[D], tuple[D, D | None]]) -> None:
        self.data = data
        self.splitter = splitter

    def drive_unindexed(self, consumer: Consumer[D, R]) -> R:
        return bridge_unindexed(SplitProducer(self.data, self.splitter), consumer)

    def __repr__(self) -> str:
        return f"split({describe_arg(self.data)}, {describe_arg(self.splitter)})"


def split(data: D, splitter: Callable[[D], tuple[D, D | None]]) -> ParallelIterator[D]:
    """Split ``data`` with ``splitter`` while the pool wants more pieces; yields the pieces.

    >>> halve = lambda r: (r[: len(r) // 2], r[len(r) // 2 :]) if len(r) > 1 else (r, None)
    >>> split(range(100), halve).map(sum).sum()
    4950
    """
    return Split(data, check_fn("splitter", splitter))
