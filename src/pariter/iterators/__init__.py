"""Parallel iterators: the two iterator classes, their adapters and terminal operations."""

from pariter.iterators.base import IndexedParallelIterator, ParallelIterator
from pariter.iterators.partition import Either, Left, Right

__all__ = ["Either", "IndexedParallelIterator", "Left", "ParallelIterator", "Right"]
