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
    ``Counter`` counting the items) would.

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

    add = getattr(target, "extend", None)
    if add is None:
        add = getattr(target, "update", None)
    if not callable(add):
        raise TypeError(
            "target must be a list, dict, set, deque or other collection with extend() or "
            f"update(); got {type(target).__name__}"
        )
    try:
        it = into_par_iter(source)
    except TypeError:
        raise TypeError(
            f"source must be a parallel iterator or iterable, got {type(source).__name__}"
        ) from None
    items: Iterable[Any] = it.collect()
    add(items)
