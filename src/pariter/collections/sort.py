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

    As ``list.sort``, it calls ``key`` exactly once per item. An exception raised by ``key`` or by
    a comparison reaches the caller with its own type and traceback (of several items whose key
    raises, the first one's, as ``list.sort`` would raise), and ``xs`` is left a permutation of
    its items, as ``list.sort`` leaves it.

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
    if len(xs) < SEQUENTIAL_BELOW or not _threads_help():
        if isinstance(xs, list):
            xs.sort(key=key, reverse=reverse)
        else:
            items = list(xs)
            items.sort(key=key, reverse=reverse)
            _write_back(xs, items)
        return
    if key is None:
        items = xs if isinstance(xs, list) else list(xs)
        if _looks_presorted(items):
            items.sort(reverse=reverse)  # one pass over the runs: faster than threads
        else:
            _parallel_sort(items, None, reverse)
        if items is not xs:
            _write_back(xs, items)
        return
    # Keyed once, up front: the runs, pivots, cuts and merges compare the same keys again and
    # again, and calling ``key`` for each would call it about twice per item. The items are keyed
    # and sorted away from ``xs``, as ``list.sort`` sorts them, so a key that changes ``xs`` can
    # neither lose nor duplicate an item, and one that adds or removes items gets its ValueError.
    items = list(xs)
    items = _sorted_by_keys(items, _keys(items, key), reverse)
    modified = len(xs) != len(items)
    _write_back(xs, items)
    if modified:
        raise ValueError("list modified during sort")  # list.sort also keeps the sorted items


#: Presortedness sample: this many windows of WINDOW items, spread over the list.
WINDOWS = 16
WINDOW = 64


def _looks_presorted(keys: list[Any]) -> bool:
    """Whether every sampled window of ``keys`` is in order (either way), in ~1000 comparisons.

    ``keys`` are the items, or their keys computed already (the sample calls no key function).
    ``list.sort`` finds such a list's runs in one pass, faster than threads that copy, sort
    and merge (10^7 sorted ints on 3.13t: 0.10 s, threads 0.27 s); it also gives the same
    result, so a wrong guess costs time, never correctness. It compares with ``<`` alone, as
    ``list.sort`` does, so items ordered by ``__lt__`` only are welcome; a comparison's exception
    propagates (nothing has moved yet), as it would from ``list.sort``: it is the user's.

    >>> _looks_presorted(list(range(10_000))), _looks_presorted([3, 1, 2] * 3000)
    (True, False)
    """
    n = len(keys)
    size = min(WINDOW, n)
    for w in range(WINDOWS):
        start = (n - size) * w // (WINDOWS - 1)
        window = keys[start : start + size]
        ascending = not any(b < a for a, b in itertools.pairwise(window))
        if not ascending and any(a < b for a, b in itertools.pairwise(window)):  # nor descending
            return False
    return True


#: Items keyed between two looks at whether an earlier item's key has raised.
KEY_BLOCK = 1024


def _keys(items: list[T], key: Callable[[T], Any]) -> list[Any]:
    """``list(map(key, items))``, computed by pool threads, raising what ``list.sort`` raises.

    ``list.sort`` keys the items in order and stops at the first whose key raises. Here slices
    are keyed at once; when an item's key raises, the other threads stop keying items after it
    (``list.sort`` would never have keyed them), and the exception raised is the first failing
    item's, whichever thread met it first.

    >>> _keys(["bb", "a", "ccc"], len)
    [2, 1, 3]
    >>> _keys([1, 0, 2], lambda x: 1 / x)
    Traceback (most recent call last):
    ZeroDivisionError: division by zero
    """
    n = len(items)
    bounds = _bounds(n, BATCHES_PER_THREAD * current_num_threads())  # uneven keys balance out
    keys: list[Any] = [None] * n
    errors: list[BaseException | None] = [None] * (len(bounds) - 1)
    # A block start at or before a failing item, or n. Threads may race to lower it, and the loser
    # can leave it higher than the lowest: fewer blocks are skipped, but no skipped block ever
    # lies before a failing item, so the first failing item is always keyed.
    failed_from = [n]

    def key_slice(s: int) -> None:
        for start in range(bounds[s], bounds[s + 1], KEY_BLOCK):
            if failed_from[0] < start:
                return  # an item before this block raised: list.sort would not get this far
            end = min(start + KEY_BLOCK, bounds[s + 1])
            try:
                keys[start:end] = map(key, items[start:end])
            except BaseException as exc:  # kept, not raised: the caller raises the first one
                errors[s] = exc
                if start < failed_from[0]:
                    failed_from[0] = start
                return

    _run_all([functools.partial(key_slice, s) for s in range(len(errors))])
    # Slices are in item order and each stops at its first failure, so the first error found is
    # the first failing item's. Later ones come from items list.sort would not have keyed.
    first = next((error for error in errors if error is not None), None)
    if first is not None:
        errors.clear()  # breaks error -> traceback -> key_slice's frame -> errors -> error
        try:
            raise first
        finally:
            del first
    return keys


def _sorted_by_keys(items: list[T], keys: list[Any], reverse: bool) -> list[T]:
    """A new list of ``items`` sorted by their ``keys``, stably, as ``list.sort`` would sort them.

    The positions ``0..n-1`` are sorted with ``keys.__getitem__`` as their key (a lookup in C,
    not the user's key), which keeps equal keys in list order; the items are then gathered in
    that order. ``items`` is not touched, so if a comparison raises, the caller's list is left
    as it was.

    >>> _sorted_by_keys(["b", "a1", "c", "a2"], [2, 1, 3, 1], False)
    ['a1', 'a2', 'b', 'c']
    >>> _sorted_by_keys(["b", "a1", "c", "a2"], [2, 1, 3, 1], True)
    ['c', 'b', 'a1', 'a2']
    """
    order = list(range(len(items)))
    if _looks_presorted(keys):
        order.sort(key=keys.__getitem__, reverse=reverse)  # one pass over the runs
    else:
        _parallel_sort(order, keys.__getitem__, reverse)
    n = len(order)
    bounds = _bounds(n, current_num_threads())
    result: list[Any] = [None] * n

    def gather(s: int) -> None:
        # Reads items in random memory order: worth sharing among threads.
        lo, hi = bounds[s], bounds[s + 1]
        result[lo:hi] = map(items.__getitem__, order[lo:hi])

    _run_all([functools.partial(gather, s) for s in range(len(bounds) - 1)])
    return result


def _bounds(n: int, pieces: int) -> list[int]:
    """Where ``pieces`` near-equal slices of ``n`` items start, and the end.

    >>> _bounds(10, 3)
    [0, 3, 6, 10]
    """
    pieces = max(1, min(pieces, n))
    return [n * k // pieces for k in range(pieces + 1)]


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


def par_sort_unstable_by(
    xs: MutableSequence[T], compare: Callable[[T, T], int], *, reverse: bool = False
) -> None:
    """Sort ``xs`` in place by a comparator (Rayon's unstable ``par_sort_unstable_by``; ours
    happens to be stable too, so it is :func:`par_sort_by`).

    >>> xs = [(1, "b"), (0, "z"), (1, "a")]
    >>> par_sort_unstable_by(xs, lambda p, q: p[0] - q[0])
    >>> xs
    [(0, 'z'), (1, 'b'), (1, 'a')]
    """
    par_sort_by(xs, compare, reverse=reverse)


def par_sort_unstable_by_key(
    xs: MutableSequence[T], key: Callable[[T], Any], *, reverse: bool = False
) -> None:
    """Sort ``xs`` in place by ``key(item)`` (Rayon's unstable ``par_sort_unstable_by_key``;
    ours happens to be stable too, so it is :func:`par_sort_by_key`).

    >>> xs = ["ccc", "a", "bb"]
    >>> par_sort_unstable_by_key(xs, len, reverse=True)
    >>> xs
    ['ccc', 'bb', 'a']
    """
    par_sort_by_key(xs, key, reverse=reverse)


def par_sort_by_cached_key(
    xs: MutableSequence[T], key: Callable[[T], Any], *, reverse: bool = False
) -> None:
    """Sort ``xs`` in place by ``key(item)``, calling ``key`` exactly once per item.

    Rayon has it because its ``par_sort_by_key`` calls the key at every comparison. Ours, like
    ``list.sort``, computes every key once (by pool threads where they help) and sorts by the
    keys, so this is :func:`par_sort` with a key.

    >>> calls = []
    >>> xs = [3, 1, 2]
    >>> par_sort_by_cached_key(xs, lambda x: calls.append(x) or -x)
    >>> xs, len(calls)
    ([3, 2, 1], 3)
    """
    _check_target("par_sort_by_cached_key", xs)
    if not callable(key):
        raise TypeError(f"key must be callable, got {type(key).__name__}")
    par_sort(xs, key=key, reverse=reverse)
