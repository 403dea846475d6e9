"""``par_extend`` (Rayon's ``ParallelExtend``): run a parallel iterator, add its items to a target.

The items are collected in parallel into one list (in sequence order when the source is
indexed), then added with the target's own C-level ``extend`` or ``update``.  Collecting first
means the target changes only once everything succeeded: if the chain raises, the target is
left as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def par_extend(target: Any, source: Any) -> None:
    """Add the items of ``source`` (a parallel iterator or anything ``par_iter`` takes) to
    ``target``, as ``target.extend(items)`` (list, deque, bytearray, array) or
    ``target.update(items)`` (set; dict from ``(key, value)`` pairs, later keys winning;
    ``Counter`` counting the items) would.  A pair of collections as ``target`` takes an
    iterator of pairs (:func:`par_extend_pair`).

    >>> import pariter as pi
    >>> xs = [0]
    >>> pi.par_extend(xs, pi.into_par_iter(range(1, 4)).map(lambda x: x * x))
    >>> xs
    [0, 1, 4, 9]
    >>> d = {"a": 0}
    >>> pi.par_extend(d, pi.par_iter("bc").map(lambda c: (c, ord(c))))
    >>> d
    {'a': 0, 'b': 98, 'c': 99}
    """
    from pariter.collections.entry import into_par_iter

    if isinstance(target, tuple):
        par_extend_pair(target, source)
        return
    add = adder("target", target)
    try:
        it = into_par_iter(source)
    except TypeError:
        raise TypeError(
            f"source must be a parallel iterator or iterable, got {type(source).__name__}"
        ) from None
    items: Iterable[Any] = it.collect()
    add(items)


def adder(name: str, target: Any) -> Any:
    """``target``'s ``extend`` (or ``update``), or a ``TypeError`` naming the argument."""
    add = getattr(target, "extend", None)
    if add is None:
        add = getattr(target, "update", None)
    if not callable(add):
        raise TypeError(
            f"{name} must be a list, dict, set, deque or other collection with extend() or "
            f"update(); got {type(target).__name__}"
        )
    return add


def par_extend_pair(targets: tuple[Any, ...], source: Any) -> None:
    """``par_extend((xs, ys), pairs)``: the first halves of the pairs added to ``xs``, the second
    halves to ``ys`` (Rayon's ``ParallelExtend<(A, B)> for (FromA, FromB)``); neither changes
    if the chain raises.

    >>> import pariter as pi
    >>> xs, ys = [0], set()
    >>> pi.par_extend((xs, ys), pi.into_par_iter(range(1, 4)).map(lambda x: (x, x % 2)))
    >>> xs, ys
    ([0, 1, 2, 3], {0, 1})
    """
    from pariter.collections.entry import as_source

    if len(targets) != 2:
        raise TypeError(
            f"target must be a collection or a pair of collections, got a tuple of {len(targets)}"
        )
    add_left, add_right = adder("target[0]", targets[0]), adder("target[1]", targets[1])
    left, right = as_source("source", source, "par_extend").unzip()
    add_left(left)
    add_right(right)
