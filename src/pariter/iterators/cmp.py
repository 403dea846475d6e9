"""``cmp``, ``eq`` (and ``ne``/``lt``/``le``/``gt``/``ge`` built on them): lexicographic order.

Built on ``find_first`` over the zipped pairs (``eq``: ``all``), so they stop early; the result
matches comparing two Python lists.
"""

from __future__ import annotations

from typing import Any

from pariter.iterators.base import IndexedParallelIterator
from pariter.iterators.find import FindFirstLastConsumer
from pariter.iterators.reduce import MISSING
from pariter.iterators.zip import Zip
from pariter.plumbing.execute import execute
from pariter.plumbing.state import Best


def _first_difference(pair: tuple[Any, Any]) -> bool:
    return not (pair[0] is pair[1] or pair[0] == pair[1])


def compare(a: IndexedParallelIterator[Any], b: IndexedParallelIterator[Any]) -> int:
    """-1, 0 or 1 as ``list(a)`` is less than, equal to or greater than ``list(b)``.

    >>> from pariter import par_iter
    >>> compare(par_iter("abc"), par_iter("abd")), compare(par_iter("ab"), par_iter("a"))
    (-1, 1)
    """
    la, lb = a.len(), b.len()
    consumer = FindFirstLastConsumer(_first_difference, Best(first=True))
    pair = execute(Zip(a, b), consumer)
    if pair is MISSING:
        return (la > lb) - (la < lb)
    x, y = pair
    return -1 if x < y else 1


def equal(a: IndexedParallelIterator[Any], b: IndexedParallelIterator[Any]) -> bool:
    """True when ``list(a) == list(b)``.

    >>> from pariter import par_iter
    >>> equal(par_iter([1, 2]), par_iter((1, 2))), equal(par_iter([1]), par_iter([1, 2]))
    (True, False)
    """
    if a.len() != b.len():
        return False
    return Zip(a, b).all(_star_eq)


def _star_eq(pair: tuple[Any, Any]) -> bool:
    return pair[0] is pair[1] or bool(pair[0] == pair[1])
