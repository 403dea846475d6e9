"""``position_any/first/last`` and ``positions``: ``zip(count(i), map(pred, it))`` per leaf."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from pariter.iterators.base import IndexedParallelIterator, ParallelIterator
from pariter.iterators.find import FindAnyConsumer, FindFirstLastConsumer
from pariter.iterators.reduce import MISSING
from pariter.plumbing.execute import execute
from pariter.plumbing.state import Best, Flag

_hit = operator.itemgetter(1)
_index = operator.itemgetter(0)


def position(
    it: IndexedParallelIterator[Any], pred: Callable[[Any], Any], first: bool | None
) -> int | None:
    """The index of a match: any (``first=None``), the first, or the last.

    >>> from pariter import par_iter
    >>> position(par_iter([1, 2, 2]), lambda x: x == 2, False)
    2
    """
    marked = it.map(pred).enumerate()
    consumer: Any
    if first is None:
        consumer = FindAnyConsumer(_hit, Flag())
    else:
        consumer = FindFirstLastConsumer(_hit, Best(first=first))
    found = execute(marked, consumer)
    return None if found is MISSING else found[0]


def positions(
    it: IndexedParallelIterator[Any], pred: Callable[[Any], Any]
) -> ParallelIterator[int]:
    """The indices of all matches, in order.

    >>> from pariter import par_iter
    >>> positions(par_iter("abab"), lambda c: c == "b").collect()
    [1, 3]
    """
    return it.map(pred).enumerate().filter(_hit).map(_index)
