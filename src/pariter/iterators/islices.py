"""``islice`` for counts and steps past ``sys.maxsize``.

``itertools.islice`` takes its bounds and step as C ``Py_ssize_t``; Rayon's sizes are ``usize``
and ranges here may be longer than ``sys.maxsize``, so a leaf cutting a huge piece goes through
these, which are ``islice`` itself (C speed) whenever the numbers fit, and exact beyond.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from typing import Any, TypeVar

T = TypeVar("T")

#: The largest count or step ``islice`` takes.
MAX = sys.maxsize

_END: Any = object()


def take(it: Iterator[T], n: int) -> Iterator[T]:
    """The next ``n`` items of ``it`` (fewer if it ends first), like ``islice(it, n)``.

    >>> it = iter(range(10))
    >>> list(take(it, 3)), next(take(it, 10**30)), list(take(it, 10**30))
    ([0, 1, 2], 3, [4, 5, 6, 7, 8, 9])
    """
    if n <= MAX:
        return itertools.islice(it, n)
    return _take(it, n)


def _take(it: Iterator[T], n: int) -> Iterator[T]:
    for part in _parts(n):
        yield from itertools.islice(it, part - 1)
        # The part's last item, pulled alone: its absence says that ``it`` ended, so that the
        # remaining parts (up to n / sys.maxsize of them) are not tried one by one.
        last = next(it, _END)
        if last is _END:
            return
        yield last


def skip(it: Iterator[T], n: int) -> bool:
    """Consume the next ``n`` items of ``it``; False if it ended first.

    >>> it = iter(range(5)); skip(it, 3), list(it), skip(it, 10**30)
    (True, [3, 4], False)
    """
    # islice(it, k - 1, k) consumes k items and yields the last one, if there is one.
    return all(next(itertools.islice(it, k - 1, k), _END) is not _END for k in _parts(n))


def every(it: Iterator[T], step: int) -> Iterator[T]:
    """Every ``step``-th item of ``it`` from the first, like ``islice(it, 0, None, step)``.

    >>> list(every(iter(range(10)), 4)), list(every(iter(range(10)), 10**30))
    ([0, 4, 8], [0])
    """
    if step <= MAX:
        return itertools.islice(it, 0, None, step)
    return _every(it, step)


def _every(it: Iterator[T], step: int) -> Iterator[T]:
    for item in it:
        yield item
        if not skip(it, step - 1):
            return


def _parts(n: int) -> Iterator[int]:
    """``n`` as a sum of counts ``islice`` takes: ``MAX, MAX, ..., rest``."""
    while n > 0:
        part = min(n, MAX)
        yield part
        n -= part
