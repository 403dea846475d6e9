"""``cmp``, ``partial_cmp``, ``eq`` and ``lt``/``le``/``gt``/``ge``: lexicographic order.

Each is built on ``find_first`` over the zipped pairs (``eq``: ``all``), so they stop early.
They answer as comparing two Python lists does: the first pair that is not equal (``is`` or
``==``) decides, with the operator itself (``[nan] > [1.0]`` is ``nan > 1.0``: False), and the
lengths decide when there is none.  For items that are ordered, this is Rayon's answer too; where
the deciding pair cannot be ordered (NaN, sets neither of which contains the other),
``partial_cmp`` gives ``None`` as Rayon's does, and ``cmp`` (Rayon's total ``Ord``) refuses.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from typing import Any

from pariter.iterators.base import IndexedParallelIterator
from pariter.iterators.find import FindFirstLastConsumer
from pariter.iterators.reduce import MISSING
from pariter.iterators.zip import Zip
from pariter.plumbing.execute import execute
from pariter.plumbing.state import Best


def _differs(pair: tuple[Any, Any]) -> bool:
    return not (pair[0] is pair[1] or pair[0] == pair[1])


def first_difference(a: IndexedParallelIterator[Any], b: IndexedParallelIterator[Any]) -> Any:
    """The first pair ``(x, y)`` of ``a.zip(b)`` that is not equal, else ``MISSING``.

    >>> from pariter import par_iter
    >>> first_difference(par_iter("abc"), par_iter("abd"))
    ('c', 'd')
    >>> first_difference(par_iter("a"), par_iter("ab"))
    MISSING
    """
    return execute(Zip(a, b), FindFirstLastConsumer(_differs, Best(first=True)))


def _sign(x: int, y: int) -> int:
    return (x > y) - (x < y)


def _order(pair: Any, la: int, lb: int) -> int | None:
    if pair is MISSING:
        return _sign(la, lb)
    x, y = pair
    if x < y:
        return -1
    if x > y:
        return 1
    return None


def partial_compare(a: IndexedParallelIterator[Any], b: IndexedParallelIterator[Any]) -> int | None:
    """-1, 0 or 1 as ``list(a)`` is less than, equal to or greater than ``list(b)``; ``None``
    when the first unequal pair is neither less nor greater.

    >>> from pariter import par_iter
    >>> partial_compare(par_iter([1, 2]), par_iter([1, 3]))
    -1
    >>> partial_compare(par_iter([{1}]), par_iter([{2}])) is None
    True
    """
    la, lb = a.len(), b.len()
    return _order(first_difference(a, b), la, lb)


def compare(a: IndexedParallelIterator[Any], b: IndexedParallelIterator[Any]) -> int:
    """``partial_compare``, or a ``ValueError`` where it is ``None`` (no total order there).

    >>> from pariter import par_iter
    >>> compare(par_iter("abc"), par_iter("abd")), compare(par_iter("ab"), par_iter("a"))
    (-1, 1)
    >>> compare(par_iter([float("nan")]), par_iter([1.0]))
    Traceback (most recent call last):
    ValueError: cmp(): nan and 1.0 cannot be ordered; partial_cmp() gives None for them
    """
    la, lb = a.len(), b.len()
    pair = first_difference(a, b)
    order = _order(pair, la, lb)
    if order is None:
        x, y = map(reprlib.repr, pair)  # short, even for huge items
        raise ValueError(f"cmp(): {x} and {y} cannot be ordered; partial_cmp() gives None for them")
    return order


def ordered(
    a: IndexedParallelIterator[Any],
    b: IndexedParallelIterator[Any],
    op: Callable[[Any, Any], Any],
) -> bool:
    """``op(list(a), list(b))`` for one of ``operator.lt``/``le``/``gt``/``ge``, in parallel.

    >>> import operator
    >>> from pariter import par_iter
    >>> ordered(par_iter([float("nan")]), par_iter([1.0]), operator.gt)
    False
    >>> ordered(par_iter([1, 2]), par_iter([1, 2, 0]), operator.lt)
    True
    """
    la, lb = a.len(), b.len()
    pair = first_difference(a, b)
    if pair is MISSING:
        return bool(op(la, lb))
    return bool(op(*pair))


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
