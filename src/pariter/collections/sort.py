"""Parallel in-place sorting of lists (Rayon's ``ParallelSliceMut::par_sort*``).

The result is exactly ``list.sort``'s, stability included, for every input. The work is split the
way a parallel merge sort splits it, but every step runs at C speed: one run per thread is sorted
with ``list.sort``, then the runs are cut into small aligned pieces with ``bisect`` and
``list.sort`` merges each piece (timsort merges concatenated sorted runs in linear time). Pieces
are small enough to stay in cache while they are merged and written back, and they run in
parallel through :func:`pariter.join`.

Threads only help where they run Python in parallel: on a GIL build ``list.sort`` holds the GIL,
so there (and for short lists, and on one thread) we call ``list.sort`` directly.
"""

from __future__ import annotations

import array
import bisect
import collections
import functools
import itertools
from collections.abc import Callable, MutableSequence
from typing import Any, TypeVar

from pariter.core import current_num_threads, join
from pariter.plumbing.localize import gil_enabled

T = TypeVar("T")

# Below this many items a parallel sort costs more in copying than it saves.
SEQUENTIAL_BELOW = 50_000

# Items in a merge piece. Sorted runs list their items in random memory order, so a pass over them
# waits on memory for every item. A piece this small stays in the core's cache from the copy that
# first touches its items through the merge, the write into the list and its own free, so only
# the copy waits (with pieces of half a run all four passes did: 0.9 s instead of 0.5 s for 10^7).
PIECE = 4096

# Merge tasks per thread: pieces are handed out in this many batches per thread, few enough that
# scheduling costs nothing, enough that a thread which falls behind gets help.
BATCHES_PER_THREAD = 4


def _threads_help() -> bool:
    return not gil_enabled() and current_num_threads() > 1


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

    One run per thread is copied out of ``xs`` (in list order, which is memory order for a
    freshly built list) and sorted. Pivots then cut all runs into pieces of about :data:`PIECE`
    items; each piece is the concatenation of one slice of every run, so ``list.sort`` merges it,
    and it is written straight into its place in ``xs``. Cuts only ever move forward, so the
    pieces partition the runs even if comparisons answer inconsistently; a piece whose sort raises
    is written unsorted, so ``xs`` stays a permutation of its items.

    >>> xs = [(i * 7919) % 100_003 for i in range(100_003)]
    >>> _parallel_sort(xs, None, True)
    >>> xs[:3], xs[-1]
    ([100002, 100001, 100000], 0)
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
    pivots = _pivots(runs, key, reverse)  # piece p ends before pivots[p]; the last piece at the end
    batches = min(len(pivots) + 1, BATCHES_PER_THREAD * threads)
    edges = [(len(pivots) + 1) * b // batches for b in range(batches + 1)]  # first piece of each
    ends = [len(run) for run in runs]
    cuts = [[0] * threads]  # where each batch starts in each run: computed once, so batches abut
    for edge in edges[1:-1]:
        cuts.append(_cut(runs, pivots[edge - 1], key, reverse, cuts[-1], ends))
    cuts.append(ends)

    def merge_batch(b: int) -> None:
        failure: BaseException | None = None
        starts = [cuts[b]]  # where each piece of the batch starts in each run
        try:
            for pivot in pivots[edges[b] : edges[b + 1] - 1]:
                starts.append(_cut(runs, pivot, key, reverse, starts[-1], cuts[b + 1]))
        except BaseException as exc:  # the rest of the batch becomes one piece, left unsorted
            failure = exc
        for start, end in itertools.pairwise([*starts, cuts[b + 1]]):
            piece = runs[0][start[0] : end[0]]  # this copy is the pass that waits on memory
            for run, i, j in zip(runs[1:], start[1:], end[1:], strict=True):
                piece += run[i:j]
            if failure is None:
                try:
                    piece.sort(key=key, reverse=reverse)  # merges the runs' slices, stably
                except BaseException as exc:
                    failure = exc
            xs[sum(start) : sum(end)] = piece  # every piece is written: xs stays a permutation
        if failure is not None:
            raise failure

    _run_all([functools.partial(merge_batch, b) for b in range(batches)])

    def free_run(k: int) -> None:
        # Emptied in place: dropping the list on a thread other than the one that built it would
        # queue its deallocation to that thread (biased reference counting), serialising the frees.
        runs[k].clear()

    _run_all([functools.partial(free_run, k) for k in range(threads)])


def _pivots(runs: list[list[T]], key: Callable[[T], Any] | None, reverse: bool) -> list[Any]:
    """Keys that cut the runs into pieces of about :data:`PIECE` items, in sort order.

    Every :data:`PIECE`-th item of each run is a candidate; sorted together, consecutive
    candidates have about :data:`PIECE` items of all runs between them.

    >>> len(_pivots([list(range(0, 40_000, 2)), list(range(1, 40_000, 2))], None, False))
    10
    """
    candidates = [item for run in runs for item in run[PIECE // 2 :: PIECE]]
    keys = candidates if key is None else list(map(key, candidates))
    keys.sort(reverse=reverse)
    return keys


def _cut(
    runs: list[list[T]],
    pivot: Any,
    key: Callable[[T], Any] | None,
    reverse: bool,
    lo: list[int],
    hi: list[int],
) -> list[int]:
    """In each run, the end of the items that sort strictly before ``pivot``, within lo..hi.

    Items equal to the pivot go after the cut in every run, so equal items of different runs
    meet in one piece, where the stable merge keeps them in run order (which is list order).

    >>> _cut([[1, 3, 3, 5], [2, 3, 4]], 3, None, False, [0, 0], [4, 3])
    [1, 1]
    """
    return [_bisect(run, pivot, key, reverse, i, j) for run, i, j in zip(runs, lo, hi, strict=True)]


def _bisect(
    run: list[T], pivot: Any, key: Callable[[T], Any] | None, reverse: bool, lo: int, hi: int
) -> int:
    """Index of the first item of the sorted ``run[lo:hi]`` that does not sort before ``pivot``.

    >>> _bisect([9, 7, 7, 2], 7, None, True, 0, 4)  # descending: 9 sorts before 7
    1
    """
    if not reverse:
        return bisect.bisect_left(run, pivot, lo, hi, key=key)
    while lo < hi:  # descending run: skip the items strictly greater than the pivot
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

    On unorderable items the ``TypeError`` of the comparison propagates and ``xs`` is left a
    permutation of its items, as ``list.sort`` leaves it.

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
        if _looks_presorted(xs, key):
            xs.sort(key=key, reverse=reverse)  # one pass over the runs: faster than threads
            return
        _parallel_sort(xs, key, reverse)
    else:
        items = list(xs)
        _parallel_sort(items, key, reverse)
        _write_back(xs, items)


#: Presortedness sample: this many windows of WINDOW items, spread over the list.
WINDOWS = 16
WINDOW = 64


def _looks_presorted(xs: list[T], key: Callable[[T], Any] | None) -> bool:
    """Whether every sampled window of ``xs`` is in order (either way), in ~1000 comparisons.

    ``list.sort`` finds such a list's runs in one pass, faster than threads that copy, sort
    and merge (10^7 sorted ints on 3.13t: 0.10 s, threads 0.27 s); it also gives the same
    result, so a wrong guess costs time, never correctness.

    >>> _looks_presorted(list(range(10_000)), None), _looks_presorted([3, 1, 2] * 3000, None)
    (True, False)
    """
    n = len(xs)
    size = min(WINDOW, n)
    try:
        for w in range(WINDOWS):
            start = (n - size) * w // (WINDOWS - 1)
            window = xs[start : start + size]
            keys: list[Any] = window if key is None else list(map(key, window))
            pairs = itertools.pairwise(keys)
            if not all(a <= b for a, b in pairs):
                pairs = itertools.pairwise(keys)
                if not all(a >= b for a, b in pairs):
                    return False
    except Exception:  # unorderable or a failing key: the sort itself will say so
        return False
    return True


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
