"""``par_iter`` and ``into_par_iter``: the entry points, dispatching on the source's type."""

from __future__ import annotations

import collections
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, overload

from pariter.iterators.base import IndexedParallelIterator, ParallelIterator, not_indexed

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


# Typing: a parallel iterator stays what it is; every collection gives an indexed iterator
# (sets, deques and other re-iterable collections are read through a list); a mapping gives its
# pairs; a one-shot iterator (a generator, a file) gives an unindexed, ordered lazy source.
@overload
def into_par_iter(source: IndexedParallelIterator[T]) -> IndexedParallelIterator[T]: ...
@overload
def into_par_iter(source: ParallelIterator[T]) -> ParallelIterator[T]: ...  # type: ignore[overload-overlap]
@overload
def into_par_iter(source: range) -> IndexedParallelIterator[int]: ...
@overload
def into_par_iter(source: str) -> IndexedParallelIterator[str]: ...
@overload
def into_par_iter(source: Mapping[K, V]) -> IndexedParallelIterator[tuple[K, V]]: ...
@overload
def into_par_iter(source: Iterator[T]) -> ParallelIterator[T]: ...  # type: ignore[overload-overlap]
@overload
def into_par_iter(source: Iterable[T]) -> IndexedParallelIterator[T]: ...


def into_par_iter(source: Any) -> ParallelIterator[Any]:
    """A parallel iterator over ``source`` (a range, sequence, dict, set or other iterable).

    Ranges and sequences are split by position without copying.  A dict (and ``OrderedDict``,
    ``Counter``, ``defaultdict``, any mapping) gives ``(key, value)`` pairs in its order; dict
    views, sets and deques give what iterating them gives.  Those are read through a snapshot
    taken when the chain runs, and raise Python's own ``RuntimeError`` if their size changes
    meanwhile.  A one-shot iterator (a generator, a file, ``itertools.count()``) is never
    copied whole: it is pulled in growing blocks, in order, while the chain runs (unindexed,
    see :mod:`pariter.collections.lazy_source`).  Other iterables are copied into a list.

    >>> into_par_iter(range(3)).map(lambda x: x + 1).collect()
    [1, 2, 3]
    >>> into_par_iter({"a": 1, "b": 2}).collect()
    [('a', 1), ('b', 2)]
    """
    if isinstance(source, ParallelIterator):
        return source
    make = _BY_TYPE.get(type(source))
    if make is not None:  # the common sources, without the imports below (a small call's cost)
        return make(source)  # type: ignore[no-any-return]
    return _from_other(source)


#: What the most common exact types become, filled by the first call that gets here.
_BY_TYPE: dict[type, Any] = {}


def _from_other(source: Any) -> ParallelIterator[Any]:
    from pariter.collections.deque import deque_iter
    from pariter.collections.lazy_source import LazySource, is_one_shot
    from pariter.collections.mapping import is_view, mapping_iter, view_iter
    from pariter.collections.range import RangeIter
    from pariter.collections.sequence import SequenceIter
    from pariter.collections.sets import is_set, set_iter

    if not _BY_TYPE:
        _BY_TYPE.update(dict.fromkeys((list, tuple, str, bytes, bytearray), SequenceIter))
        _BY_TYPE[range] = RangeIter
    if isinstance(source, range):
        return RangeIter(source)
    if isinstance(source, (list, tuple, str, bytes, bytearray, memoryview)):
        return SequenceIter(source)
    # collections: dicts, views, sets and deques (views before sets: keys() is also a Set)
    if isinstance(source, Mapping):
        return mapping_iter(source)
    if is_view(source):
        return view_iter(source)
    if is_set(source):
        return set_iter(source)
    if isinstance(source, collections.deque):
        return deque_iter(source)
    if isinstance(source, Sequence):
        return SequenceIter(source)
    # numpy: the first axis, split by position (views, no copy); only an already imported
    # NumPy can have made the array, so it is never imported here
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(source, numpy.ndarray):
        from pariter.collections.ndarray import ArrayIter

        return ArrayIter(source)
    try:
        import array

        if isinstance(source, array.array):
            return SequenceIter(source)
        if is_one_shot(source):
            return LazySource(source)
        items = list(source)
    except TypeError:
        raise TypeError(
            f"source must be iterable (a range, sequence, dict, set or iterator), "
            f"got {type(source).__name__}"
        ) from None
    return SequenceIter(items)


@overload
def par_iter(source: IndexedParallelIterator[T]) -> IndexedParallelIterator[T]: ...
@overload
def par_iter(source: ParallelIterator[T]) -> ParallelIterator[T]: ...  # type: ignore[overload-overlap]
@overload
def par_iter(source: range) -> IndexedParallelIterator[int]: ...
@overload
def par_iter(source: str) -> IndexedParallelIterator[str]: ...
@overload
def par_iter(source: Mapping[K, V]) -> IndexedParallelIterator[tuple[K, V]]: ...
@overload
def par_iter(source: Iterator[T]) -> ParallelIterator[T]: ...  # type: ignore[overload-overlap]
@overload
def par_iter(source: Iterable[T]) -> IndexedParallelIterator[T]: ...


def par_iter(source: Any) -> ParallelIterator[Any]:
    """A parallel iterator over the items of ``source`` (read-only; a dict gives pairs).

    >>> par_iter([1, 2, 3]).zip([4, 5, 6]).map(lambda p: p[0] * p[1]).sum()
    32
    """
    return into_par_iter(source)  # type: ignore[no-any-return]


def as_source(name: str, other: Any, method: str) -> ParallelIterator[Any]:
    """``other`` (an argument of ``method``) as a parallel iterator, or a ``TypeError`` that
    names the method and the argument.

    >>> as_source("other", 5, "chain")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    TypeError: chain(): other must be iterable (a range, ... or parallel iterator), got int
    """
    if not isinstance(other, ParallelIterator):
        try:
            iter(other)  # an iterator's own iter() is itself: nothing is read
        except TypeError:
            raise TypeError(
                f"{method}(): {name} must be iterable (a range, sequence, dict, set, iterator "
                f"or parallel iterator), got {type(other).__name__}"
            ) from None
    return into_par_iter(other)  # type: ignore[no-any-return]


def as_indexed(
    name: str, other: Any, method: str, limit: int | None = None
) -> IndexedParallelIterator[Any]:
    """``other`` as an indexed parallel iterator, or a ``TypeError`` naming the argument.

    A one-shot iterator is read into a list here (an indexed partner needs its length), at
    most ``limit`` items of it when given (``zip`` reads no more than it pairs, as the builtin
    does, so ``zip(itertools.count())`` works).

    >>> as_indexed("other", [1], "zip").len()
    1
    >>> import itertools
    >>> as_indexed("other", itertools.count(), "zip", limit=3).collect()
    [0, 1, 2]
    """
    from pariter.collections.lazy_source import is_one_shot, pull_list

    if is_one_shot(other):
        other = pull_list(other, limit)
    it = as_source(name, other, method)
    if not isinstance(it, IndexedParallelIterator):
        err = not_indexed(it, method)
        raise TypeError(f"{name} of {method}(): {err}")
    return it
