"""Parallel in-place sorting of lists (Rayon's ``ParallelSliceMut::par_sort*``).

The result is exactly ``list.sort``'s, stability included, for every input. The work is split the
way a parallel merge sort splits it, but every step runs at C speed: each piece is sorted with
``list.sort``, and two sorted runs are merged by cutting them into aligned pieces with ``bisect``
and letting ``list.sort`` merge each piece (timsort merges two concatenated runs in linear time).
Pieces run in parallel through :func:`pariter.join`.

Threads only help where they run Python in parallel: on a GIL build ``list.sort`` holds the GIL,
so there (and for short lists, and on one thread) we call ``list.sort`` directly.
"""

from __future__ import annotations

import array
import bisect
import collections
import functools
import sys
from collections.abc import Callable, MutableSequence
from typing import Any, TypeVar

from pariter.core import current_num_threads, join

T = TypeVar("T")

# Below this many items a parallel sort costs more in copying than it saves.
SEQUENTIAL_BELOW = 50_000


def _threads_help() -> bool:
    return not getattr(sys, "_is_gil_enabled", lambda: True)() and current_num_threads() > 1


def _check_target(name: str, xs: Any) -> None:
    if not isinstance(xs, MutableSequence):
        raise TypeError(f"{name} sorts a list in place; got {type(xs).__name__}")


def _sorted_run(
    items: list[T], key: Callable[[T], Any] | None, reverse: bool, pieces: int
) -> list[T]:
    """Return ``items`` sorted (a new list), using up to ``pieces`` parallel tasks."""
    if pieces <= 1 or len(items) < SEQUENTIAL_BELOW:
        items.sort(key=key, reverse=reverse)
        return items
    mid = len(items) // 2
    left, right = join(
        lambda: _sorted_run(items[:mid], key, reverse, pieces // 2),
        lambda: _sorted_run(items[mid:], key, reverse, pieces - pieces // 2),
    )
    return _merge(left, right, key, reverse, pieces)


def _merge(
    left: list[T], right: list[T], key: Callable[[T], Any] | None, reverse: bool, pieces: int
) -> list[T]:
    """Stable merge of two sorted runs, in ``pieces`` parallel parts."""
    if pieces <= 1 or len(left) + len(right) < SEQUENTIAL_BELOW:
        merged = left + right
        merged.sort(key=key, reverse=reverse)  # two runs: timsort merges them in linear time
        return merged
    # Cut `left` in the middle at value v; in `right`, items that sort before v go left. Items of
    # `right` equal to v go right, so equal items keep left-before-right order: stable.
    i = len(left) // 2
    pivot = left[i] if key is None else key(left[i])
    if reverse:
        # Descending runs: `right` items strictly greater than v come first.
        j = _bisect_descending(right, pivot, key)
    else:
        j = bisect.bisect_left(right, pivot, key=key)  # type: ignore[type-var, arg-type]
    first, second = join(
        lambda: _merge(left[:i], right[:j], key, reverse, pieces // 2),
        lambda: _merge(left[i:], right[j:], key, reverse, pieces - pieces // 2),
    )
    first += second
    return first


def _bisect_descending(run: list[T], pivot: Any, key: Callable[[T], Any] | None) -> int:
    """Number of leading items of the descending ``run`` that are strictly greater than pivot."""
    lo, hi = 0, len(run)
    while lo < hi:
        mid = (lo + hi) // 2
        value = run[mid] if key is None else key(run[mid])
        if pivot < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def par_sort(
    xs: MutableSequence[T], *, key: Callable[[T], Any] | None = None, reverse: bool = False
) -> None:
    """Sort ``xs`` in place, stably, exactly as ``xs.sort(key=key, reverse=reverse)`` would.

    On unorderable items the ``TypeError`` of the comparison propagates and ``xs`` is left as it
    was (sorting works on copies and writes back only on success).

    >>> xs = [5, 3, 9, 1]
    >>> par_sort(xs)
    >>> xs
    [1, 3, 5, 9]
    >>> words = ["pear", "Fig", "apple"]
    >>> par_sort(words, key=str.lower, reverse=True)
    >>> words
    ['pear', 'Fig', 'apple']
    """
    _check_target("par_sort", xs)
    if key is not None and not callable(key):
        raise TypeError(f"key must be callable or None, got {type(key).__name__}")
    if not isinstance(reverse, bool):
        raise TypeError(f"reverse must be a bool, got {type(reverse).__name__}")
    if isinstance(xs, list) and (len(xs) < SEQUENTIAL_BELOW or not _threads_help()):
        xs.sort(key=key, reverse=reverse)
        return
    pieces = current_num_threads() if _threads_help() else 1
    _write_back(xs, _sorted_run(list(xs), key, reverse, pieces))


def _write_back(xs: MutableSequence[T], items: list[T]) -> None:
    """Replace the contents of ``xs`` with ``items``, whatever kind of mutable sequence it is."""
    if isinstance(xs, (list, bytearray)):
        xs[:] = items
    elif isinstance(xs, array.array):
        xs[:] = array.array(xs.typecode, items)  # type: ignore[arg-type]
    elif isinstance(xs, collections.deque):
        xs.clear()
        xs.extend(items)
    else:
        for i, item in enumerate(items):
            xs[i] = item


def par_sort_unstable(
    xs: MutableSequence[T], *, key: Callable[[T], Any] | None = None, reverse: bool = False
) -> None:
    """Sort ``xs`` in place (Rayon's unstable sort; ours happens to be stable too).

    >>> xs = [3, 1, 2]
    >>> par_sort_unstable(xs)
    >>> xs
    [1, 2, 3]
    """
    par_sort(xs, key=key, reverse=reverse)


def par_sort_by(
    xs: MutableSequence[T], compare: Callable[[T, T], int], *, reverse: bool = False
) -> None:
    """Sort ``xs`` in place by a comparator ``compare(a, b)`` (negative, zero or positive).

    >>> xs = [3, 1, 2]
    >>> par_sort_by(xs, lambda a, b: b - a)
    >>> xs
    [3, 2, 1]
    """
    if not callable(compare):
        raise TypeError(f"compare must be callable, got {type(compare).__name__}")
    par_sort(xs, key=functools.cmp_to_key(compare), reverse=reverse)


def par_sort_by_key(
    xs: MutableSequence[T], key: Callable[[T], Any], *, reverse: bool = False
) -> None:
    """Sort ``xs`` in place by ``key(item)``, stably.

    >>> xs = ["ccc", "a", "bb"]
    >>> par_sort_by_key(xs, len)
    >>> xs
    ['a', 'bb', 'ccc']
    """
    if not callable(key):
        raise TypeError(f"key must be callable, got {type(key).__name__}")
    par_sort(xs, key=key, reverse=reverse)


def par_sort_by_cached_key(
    xs: MutableSequence[T], key: Callable[[T], Any], *, reverse: bool = False
) -> None:
    """Sort ``xs`` in place by ``key(item)``, calling ``key`` exactly once per item.

    For expensive keys: the keys are computed first (in parallel), then the positions are sorted
    by key, stably, and the items put in that order.

    >>> calls = []
    >>> xs = [3, 1, 2]
    >>> par_sort_by_cached_key(xs, lambda x: calls.append(x) or -x)
    >>> xs, len(calls)
    ([3, 2, 1], 3)
    """
    _check_target("par_sort_by_cached_key", xs)
    if not callable(key):
        raise TypeError(f"key must be callable, got {type(key).__name__}")
    items = list(xs)
    keys = _keys(items, key, current_num_threads() if _threads_help() else 1)
    order = list(range(len(items)))
    par_sort(order, key=keys.__getitem__, reverse=reverse)
    _write_back(xs, [items[i] for i in order])


def _keys(items: list[T], key: Callable[[T], Any], pieces: int) -> list[Any]:
    if pieces <= 1 or len(items) < SEQUENTIAL_BELOW:
        return list(map(key, items))
    mid = len(items) // 2
    left, right = join(
        lambda: _keys(items[:mid], key, pieces // 2),
        lambda: _keys(items[mid:], key, pieces - pieces // 2),
    )
    left += right
    return left
