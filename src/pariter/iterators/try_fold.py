"""``try_fold`` and ``try_fold_with``: a fold per leaf that stops at the first ``None``.

Rust's ``Try`` is ``Option`` here (DESIGN.md, "Python mapping"): ``op`` returning ``None``
stops that leaf's fold, and the leaf yields ``None`` instead of its accumulator.  As in Rayon,
this stops only the local piece; a ``try_reduce`` after it turns the ``None`` into a global stop.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.fold import Fold, FoldConsumer
from pariter.plumbing.protocols import Folder

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")

is_not_none = functools.partial(operator.is_not, None)


def fold_while_some(
    acc: Any, op: Callable[[Any, Any], Any], iterator: Iterator[Any], none_item_stops: bool
) -> tuple[Any, bool]:
    """``functools.reduce(op, iterator, acc)`` until ``op`` returns ``None`` (or, with
    ``none_item_stops``, an item is ``None``): ``(last accumulator, stopped)``.

    Runs as one chain of C-level iterators, like the other folds: ``accumulate`` calls ``op``,
    ``takewhile`` stops at the first ``None``, and two counters tell a stop from the end of
    the input (``compress`` advances one per item pulled, ``zip`` one per result kept).  Nothing
    is pulled or called after the ``None``.

    >>> fold_while_some(0, lambda a, x: a + x if x < 3 else None, iter(range(9)), False)
    (3, True)
    >>> fold_while_some(0, operator.add, iter([1, 2]), False)
    (3, False)
    >>> fold_while_some(0, operator.add, iter([1, None, 2]), True)
    (1, True)
    """
    pulled = itertools.count(1)
    items: Iterator[Any] = itertools.compress(iterator, pulled)  # pulls the item, then counts it
    if none_item_stops:
        items = itertools.takewhile(is_not_none, items)
    steps = itertools.accumulate(items, op, initial=acc)
    next(steps)  # the initial accumulator itself
    kept = itertools.count(1)
    last = deque(zip(itertools.takewhile(is_not_none, steps), kept, strict=False), maxlen=1)
    if last:
        acc = last[0][0]
    # Every item pulled gave a kept result unless the last one (or its result) was None.
    return acc, next(kept) < next(pulled)


class TryFoldConsumer(FoldConsumer[T, R]):
    """Folds each leaf with ``op`` from ``init`` until a ``None``; gives ``base`` the result."""

    __slots__ = ()

    def folder(self, base: Folder[Any, R], start: Any, op: Callable[..., Any]) -> Folder[T, R]:
        return TryFoldFolder(base, start, op)


class TryFoldFolder(Folder[T, R]):
    __slots__ = ("acc", "base", "op", "stopped")

    def __init__(self, base: Folder[Any, R], acc: Any, op: Callable[..., Any]) -> None:
        self.base = base
        self.acc = acc
        self.op = op
        self.stopped = False

    def consume_iter(self, iterator: Iterator[T]) -> None:
        if not self.stopped:
            self.acc, self.stopped = fold_while_some(self.acc, self.op, iterator, False)

    def complete(self) -> R:
        self.base.consume(None if self.stopped else self.acc)
        return self.base.complete()

    def full(self) -> bool:
        # A stopped leaf needs no more items (Rayon: ``control.is_break()``).
        return self.stopped or self.base.full()


class TryFold(Fold[S]):
    """``it.try_fold(identity, op)`` / ``it.try_fold_with(init, op)``.

    >>> from pariter import into_par_iter
    >>> into_par_iter(range(10)).try_fold(int, lambda a, x: a + x).sum()
    45
    >>> into_par_iter(range(10)).with_min_len(5).with_max_len(5).try_fold(
    ...     int, lambda a, x: None if x == 7 else a + x).collect()
    [10, None]
    """

    CONSUMER = TryFoldConsumer
    METHOD = "try_fold"
