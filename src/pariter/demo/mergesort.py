"""Merge sort: Rayon's ``mergesort`` demo, with a parallel merge.

Sort both halves with ``join``, then merge them, and split the merge too: the middle item of
the longer run is looked up in the shorter one (``bisect``), and the two pairs of pieces are
merged with ``join`` (the Intel TBB/Cilk algorithm Rayon ports; critical path O(log³ n)).
Pieces below ``SORT_CHUNK`` items are sorted by ``sorted`` (Rayon: ``slice::sort``); merges
below ``MERGE_CHUNK`` run the two-finger loop in Python.  The sequential version is the same
code with a ``join`` that calls both halves in turn: Rayon's ``Joiner`` trait.

The runs are ``array('I')`` of 32-bit words and every piece is sliced by the task that works on
it, so on a free-threaded build each thread owns what it reads and writes.

>>> sequential(5000) == parallel(5000)
True
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import pariter

NAME = "mergesort"
TITLE = "merge sort"
IDIOM = "join(lambda: sort(a), lambda: sort(b)), parallel merge"
SIZES = {"tiny": 5_000, "quick": 500_000, "full": 1_500_000}
CHECK = "exact"
#: join runs on threads whatever pool is current: a process pool cannot speed this up.
USES_JOIN = True

#: Rayon's values (from cilksort).
SORT_CHUNK = 32 * 1024
MERGE_CHUNK = 64 * 1024

A = TypeVar("A")
B = TypeVar("B")
Join = Callable[[Callable[[], A], Callable[[], B]], tuple[A, B]]


def describe(size: int) -> str:
    return f"{size:,} random 32-bit ints"


@lru_cache(maxsize=2)
def words(n: int, seed: int = 7) -> array[int]:
    rng = random.Random(seed)
    return array("I", (rng.getrandbits(32) for _ in range(n)))


def prepare(size: int) -> None:
    words(size)


def sequential_join(a: Callable[[], A], b: Callable[[], B]) -> tuple[A, B]:
    """``join`` without the parallelism (Rayon's ``Sequential`` joiner)."""
    return a(), b()


def merge_sort(v: array[int], join: Join[array[int], array[int]]) -> array[int]:
    """The items of ``v``, sorted."""
    if len(v) <= SORT_CHUNK:
        return array("I", sorted(v))
    mid = len(v) // 2
    a, b = join(lambda: merge_sort(v[:mid], join), lambda: merge_sort(v[mid:], join))
    return merge(a, b, join)


def merge(a: array[int], b: array[int], join: Join[array[int], array[int]]) -> array[int]:
    """Two sorted runs merged into one, in pieces of at most ``MERGE_CHUNK`` items."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) + len(b) <= MERGE_CHUNK:
        return merge_seq(a, b)
    ma = len(a) // 2
    mb = bisect_left(b, a[ma])
    low, high = join(lambda: merge(a[:ma], b[:mb], join), lambda: merge(a[ma:], b[mb:], join))
    return low + high


def merge_seq(a: array[int], b: array[int]) -> array[int]:
    """The two-finger merge (Rayon's ``seq_merge``)."""
    if not a or not b:
        return a + b
    out: list[int] = []
    append = out.append
    i = j = 0
    x, y = a[0], b[0]
    while True:
        if y < x:
            append(y)
            j += 1
            if j == len(b):
                break
            y = b[j]
        else:
            append(x)
            i += 1
            if i == len(a):
                break
            x = a[i]
    # one run is used up: the rest of the other follows
    return array("I", out) + a[i:] + b[j:]


def sequential(size: int) -> array[int]:
    return merge_sort(words(size), sequential_join)


def parallel(size: int) -> array[int]:
    return merge_sort(words(size), pariter.join)


def check(expected: array[int], got: array[int]) -> bool:
    return expected == got and expected == array("I", sorted(words(len(expected))))
