"""Quicksort: Rayon's ``quicksort`` demo, where only the recursive step is parallel.

Partition around the last item, then sort both sides with ``join``; below ``SEQ_CUTOFF`` items
the recursion goes on sequentially (Rayon's ``Joiner`` trait, as a flag here).  The items are
32-bit words in an ``array('I')``, as in Rayon.

Rust hands the two halves to ``join`` with ``split_at_mut``.  Python has no exclusive borrows,
and on a free-threaded build two threads writing into one list or array contend on its reference
count and lock (0.5x on 2 threads, measured), so each side is copied out, sorted privately by
the task that got it and copied back; copying is a C-level ``memcpy``, tiny next to the
partition loop.

>>> sequential(1000) == parallel(1000)
True
"""

from __future__ import annotations

import random
from array import array
from functools import lru_cache

import pariter

NAME = "quicksort"
TITLE = "quicksort"
IDIOM = "join(lambda: sort(lo), lambda: sort(hi))"
SIZES = {"tiny": 5_000, "quick": 150_000, "full": 800_000}
CHECK = "exact"
#: join runs on threads whatever pool is current: a process pool cannot speed this up.
USES_JOIN = True

#: Sides shorter than this are sorted sequentially (Rayon: 5 * 1024).
SEQ_CUTOFF = 5 * 1024


def describe(size: int) -> str:
    return f"{size:,} random 32-bit ints"


@lru_cache(maxsize=2)
def words(n: int, seed: int = 42) -> array[int]:
    rng = random.Random(seed)
    return array("I", (rng.getrandbits(32) for _ in range(n)))


def prepare(size: int) -> None:
    words(size)


def partition(v: array[int], lo: int, hi: int) -> int:
    """Lomuto partition of ``v[lo:hi]`` around its last item; returns the pivot's index."""
    last = hi - 1
    pivot = v[last]
    i = lo
    for j in range(lo, last):
        x = v[j]
        if x <= pivot:
            v[j] = v[i]
            v[i] = x
            i += 1
    v[last] = v[i]
    v[i] = pivot
    return i


def quick_sort_seq(v: array[int], lo: int, hi: int) -> None:
    """Sort ``v[lo:hi]`` in place (Rayon's ``quick_sort::<Sequential>``)."""
    while hi - lo > 1:
        mid = partition(v, lo, hi)
        # recurse into the smaller side, loop on the larger: the depth stays O(log n)
        if mid - lo < hi - mid:
            quick_sort_seq(v, lo, mid)
            lo = mid + 1
        else:
            quick_sort_seq(v, mid + 1, hi)
            hi = mid


def quick_sort(v: array[int]) -> None:
    """Sort ``v`` in place, the two sides of each partition in parallel with ``join``."""
    if len(v) <= SEQ_CUTOFF:
        quick_sort_seq(v, 0, len(v))
        return
    mid = partition(v, 0, len(v))
    lo, hi = pariter.join(lambda: sorted_copy(v, 0, mid), lambda: sorted_copy(v, mid + 1, len(v)))
    v[:mid] = lo
    v[mid + 1 :] = hi


def sorted_copy(v: array[int], lo: int, hi: int) -> array[int]:
    """``v[lo:hi]`` sorted; the copy is made by the thread that sorts it, so it owns it."""
    part = v[lo:hi]
    quick_sort(part)
    return part


def sequential(size: int) -> array[int]:
    v = array("I", words(size))
    quick_sort_seq(v, 0, len(v))
    return v


def parallel(size: int) -> array[int]:
    v = array("I", words(size))
    quick_sort(v)
    return v


def check(expected: array[int], got: array[int]) -> bool:
    return expected == got and expected == array("I", sorted(words(len(expected))))
