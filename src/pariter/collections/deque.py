"""Deques (Rayon's ``vec_deque``): indexed, front to back, through a per-call snapshot.

A deque's iterator cannot start in the middle and ``dq[i]`` walks its blocks, so indexing every
item would be quadratic; one C-level ``list(dq)`` per call is cheaper
(:mod:`pariter.collections.snapshot`).  A change of size during the call raises ``deque mutated
during iteration``, as a ``for`` loop would.
"""

from __future__ import annotations

from collections import deque
from typing import TypeVar

from pariter.collections.snapshot import SnapshotIter, as_list
from pariter.iterators.base import IndexedParallelIterator

T = TypeVar("T")


def deque_iter(source: deque[T]) -> IndexedParallelIterator[T]:
    """``par_iter(dq)`` for a ``collections.deque``: its items, front to back.

    >>> deque_iter(deque([1, 2, 3])).rev().collect()
    [3, 2, 1]
    """
    return SnapshotIter(source, as_list)
