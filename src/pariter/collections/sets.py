"""Sets and frozensets (Rayon's ``hash_set``).

A set has no positions, so it is read through a per-call snapshot
(:mod:`pariter.collections.snapshot`).  The snapshot keeps the set's iteration order, so the
result is an indexed iterator that agrees item for item with ``list(s)``; a change of size
during the call raises ``Set changed size during iteration``, as a ``for`` loop would.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, TypeVar

from pariter.collections.snapshot import SnapshotIter, as_list
from pariter.iterators.base import IndexedParallelIterator

T = TypeVar("T")


def set_iter(source: Set[T]) -> IndexedParallelIterator[T]:
    """``par_iter(s)`` for a set or frozenset: its items, in its iteration order.

    >>> s = {3, 1, 2}
    >>> set_iter(s).collect() == list(s), set_iter(frozenset("ab")).len()
    (True, 2)
    """
    # A frozenset cannot change: no guard needed.
    return SnapshotIter(source, as_list, guarded=not isinstance(source, frozenset))


def is_set(source: Any) -> bool:
    """True for sets, frozensets and other ``collections.abc.Set`` (not mapping views).

    >>> is_set({1}), is_set(frozenset()), is_set([1])
    (True, True, False)
    """
    return isinstance(source, Set)
