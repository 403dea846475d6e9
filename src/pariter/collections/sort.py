"""Parallel in-place sorting of lists (Rayon's ``ParallelSliceMut::par_sort*``).

The result is exactly ``list.sort``'s, stability included, for every input. The work is split the
way a parallel merge sort splits it, but every step runs at C speed: one run per thread is sorted
with ``list.sort``, then pairs of runs are merged by cutting them into aligned pieces with
``bisect`` and letting ``list.sort`` merge each piece (timsort merges two concatenated runs in
linear time). Pieces run in parallel through :func:`pariter.join`.

Threads only help where they run Python in parallel: on a GIL build ``list.sort`` holds the GIL,
so there (and for short lists, and on one thread) we call ``list.sort`` directly.
"""

from __future__ import annotations

import array
import bisect
import collections
import functools
import itertools
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


def _run_all(tasks: list[Callable[[], object]]) -> None:
    """Run the tasks in parallel (a balanced tree of joins)."""
    if len(tasks) == 1:
        tasks[0]()
        return
    mid = len(tasks) // 2
    join(lambda: _run_all(tasks[:mid]), lambda: _run_all(tasks[mid:]))


def _parallel_sort(xs: list[T], key: Callable[[T], Any] | None, reverse: bool) -> None:
    """Sort the list ``xs`` in place with pool threads.

    One run per thread is copied out and sorted; pairs of runs are then merged in aligned
    pieces (see :func:`_cut`). Every pass over sorted items touches them in random memory
    order, so each pass is bound by memory latency: the passes are spread over the threads
    too (each thread builds its piece, sorts it, and writes it into ``xs``), not just the sorts.
    """
    threads = current_num_threads()
    n = len(xs)
    bounds = [n * k // threads for k in range(threads + 1)]
    runs: list[list[T]] = [[] for _ in range(threads)]

    def sort_run(k: int) -> None:
        run = xs[bounds[k] : bounds[k + 1]]
        run.sort(key=key, reverse=reverse)
        runs[k] = run

    _run_all([functools.partial(sort_run, k) for k in range(threads)])
    while len(runs) > 2:  # merge pairs of runs until two are left
        pairs = len(runs) // 2
        merged: list[list[T]] = [[] for _ in range(pairs)]
        merge = functools.partial(_merge_pair, runs, merged, key, reverse)
        _run_all([functools.partial(merge, k) for k in range(pairs)])
        runs = merged + runs[2 * pairs :]
    if len(runs) == 1:
        xs[:] = runs[0]
        return
    left, right = runs
    plan = _cut_points(left, right, 2 * threads, key, reverse)  # more pieces: writes interleave
    offsets = [i + j for i, j in plan]

    def merge_piece(t: int) -> None:
        (i0, j0), (i1, j1) = plan[t], plan[t + 1]
        piece = left[i0:i1]
        tail: Any = iter(right)
        tail.__setstate__(j0)  # positioned without touching items: no temporary slice
        piece.extend(itertools.islice(tail, j1 - j0))
        piece.sort(key=key, reverse=reverse)  # two runs: timsort merges them in linear time
        xs[offsets[t] : offsets[t + 1]] = piece  # same length: an in-place overwrite

    _run_all([functools.partial(merge_piece, t) for t in range(len(plan) - 1)])


def _merge_pair(
    runs: list[list[T]],
    merged: list[list[T]],
    key: Callable[[T], Any] | None,
    reverse: bool,
    k: int,
) -> None:
    """``merged[k]`` = the stable merge of ``runs[2k]`` and ``runs[2k + 1]``."""
    piece = runs[2 * k] + runs[2 * k + 1]
    piece.sort(key=key, reverse=reverse)  # two runs: timsort merges them in linear time
    merged[k] = piece


def _cut_points(
    left: list[T], right: list[T], pieces: int, key: Callable[[T], Any] | None, reverse: bool
) -> list[tuple[int, int]]:
    """Aligned cut positions ``(i, j)`` in two sorted runs, from ``(0, 0)`` to the ends.

    Each cut takes a value ``v = left[i]``; items of ``right`` that sort strictly before ``v``
    go to the earlier piece, items equal to ``v`` to the later one, so equal items keep
    left-before-right order and the merge is stable.
    """
    points = [(0, 0)]
    for t in range(1, pieces):
        i = len(left) * t // pieces
        if i >= len(left) or i < points[-1][0]:
            break
        pivot = left[i] if key is None else key(left[i])
        points.append((i, _bisect(right, pivot, key, reverse, points[-1][1])))
    points.append((len(left), len(right)))
    return points


def _bisect(
    run: list[T], pivot: Any, key: Callable[[T], Any] | None, reverse: bool, lo: int
) -> int:
    """Number of items of the sorted ``run`` that sort strictly before ``pivot``."""
    if not reverse:
        return bisect.bisect_left(run, pivot, lo, key=key)
    hi = len(run)  # descending run: count the items strictly greater than the pivot
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
    if not _threads_help() or len(xs) < SEQUENTIAL_BELOW:
        items = list(xs)
        items.sort(key=key, reverse=reverse)
        _write_back(xs, items)
        return
    if isinstance(xs, list):
        _parallel_sort(xs, key, reverse)
    else:
        items = list(xs)
        _parallel_sort(items, key, reverse)
        _write_back(xs, items)


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
