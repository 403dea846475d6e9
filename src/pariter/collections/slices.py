"""Rayon's slice iterators over any sequence (list, tuple, str, bytes, array, NumPy): chunks
(``par_chunks``, ``par_chunks_exact``, ``par_rchunks``, ``par_rchunks_exact``), ``par_windows``,
runs (``par_chunk_by``), splits (``par_split``, ``par_split_inclusive``), and the writable forms
of each (``par_chunks_mut``, ``par_chunks_exact_mut``, ``par_rchunks_mut``,
``par_rchunks_exact_mut``, ``par_chunk_by_mut``, ``par_split_mut``, ``par_split_inclusive_mut``).

Every item is a slice of the input, ``xs[a:b]``, made in the leaf that yields it: lists, tuples,
strings and bytes give copies of that size (as ``xs[a:b]`` does), NumPy arrays give views.  A
leaf slices with ``map(xs.__getitem__, map(slice, starts, stops))``, one C call per chunk.
Sequences that are not known to slice (a user ``Sequence`` may only take ints) and memoryviews
(whose slicing is not thread-safe on free-threaded 3.13) give lists of their items.
``par_chunks_mut`` yields writable views (:class:`ChunkMut` for lists, memoryviews and other
mutable sequences, NumPy views for arrays) whose writes land in ``xs``.
"""

from __future__ import annotations

import array
import itertools
import operator
from collections.abc import Callable, Iterator, MutableSequence, Sequence
from typing import Any, TypeVar, overload

from pariter.collections.range import range_length
from pariter.iterators.base import (
    IndexedParallelIterator,
    ParallelIterator,
    check_fn,
    check_opt_fn,
    check_positive,
    describe_entry,
)
from pariter.plumbing.bridge import bridge_unindexed
from pariter.plumbing.protocols import Consumer, Folder, Producer, UnindexedProducer
from pariter.plumbing.transport import Dense, is_ndarray, plain_slice, shipment

T = TypeVar("T")
R = TypeVar("R")

#: Types whose ``xs[a:b]`` is a slice of the same kind (NumPy arrays are checked separately).
_SLICEABLE = (list, tuple, str, bytes, bytearray, memoryview, array.array, range)


def check_sequence(name: str, xs: Any) -> int:
    """``len(xs)`` for a sequence (see :func:`length`), or a ``TypeError`` naming the argument.

    >>> check_sequence("xs", {1, 2})
    Traceback (most recent call last):
    TypeError: xs must be a sequence (list, tuple, str, bytes, array, NumPy array...), got set
    """
    if is_ndarray(xs):
        if xs.ndim == 0:
            raise TypeError(f"{name} must be a sequence, got a 0-d NumPy array")
        return len(xs)
    if isinstance(xs, (*_SLICEABLE, Sequence)):
        return length(xs)
    raise TypeError(
        f"{name} must be a sequence (list, tuple, str, bytes, array, NumPy array...), "
        f"got {type(xs).__name__}"
    )


def length(xs: Any) -> int:
    """``len(xs)``, also for a ``range`` longer than ``sys.maxsize`` (where ``len`` raises).

    >>> length("abc"), length(range(10**20))
    (3, 100000000000000000000)
    """
    return range_length(xs) if isinstance(xs, range) else len(xs)


def slicer(xs: Any) -> Callable[[slice], Any]:
    """The function that makes ``xs[a:b]`` for a leaf: native slicing where it exists.

    >>> slicer("abc")(slice(1, 3)), slicer(__import__("collections").deque("abc"))(slice(1, 3))
    ('bc', ['b', 'c'])
    """
    if (isinstance(xs, _SLICEABLE) and not isinstance(xs, memoryview)) or is_ndarray(xs):
        return xs.__getitem__  # type: ignore[no-any-return]
    # Sequences without native slicing, and memoryviews: on free-threaded 3.13 slicing a
    # memoryview (or freeing the slice) on several threads at once races on its export count
    # and can release the buffer; item access creates no view.
    getitem = xs.__getitem__

    def items(s: slice) -> list[Any]:
        return list(map(getitem, range(s.start, s.stop)))

    return items


class SliceProducer(Producer[Any]):
    """``count`` slices ``xs[max(s, lo):min(s + size, hi)]`` for ``s = first, first + step, ...``.

    One shape serves chunks (``step == size``), reversed chunks (``step == -size``) and windows
    (``step == 1``); ``lo``/``hi`` clip the short chunk at the end (or start) of ``xs``.

    >>> p = SliceProducer("abcde", 0, 2, 2, 3, 0, 5)
    >>> [list(half.into_iter()) for half in p.split_at(1)]
    [['ab'], ['cd', 'e']]
    """

    __slots__ = ("count", "first", "hi", "lo", "size", "step", "xs")

    #: Making a slice (or a writable view) has no effect, as reading a sequence has none: a
    #: ``skip`` past ``10**19`` windows of a range need not make them.
    INERT = True
    #: Whether its chunks write into ``xs`` (what a process backend must bring back).
    WRITES = False

    def __init__(
        self, xs: Any, first: int, step: int, size: int, count: int, lo: int, hi: int
    ) -> None:
        self.xs = xs
        self.first = first
        self.step = step
        self.size = size
        self.count = count
        self.lo = lo
        self.hi = hi

    def __len__(self) -> int:
        return self.count

    def split_at(self, index: int) -> tuple[Producer[Any], Producer[Any]]:
        xs, first, step, size, lo, hi = self.xs, self.first, self.step, self.size, self.lo, self.hi
        cls = type(self)
        return (
            cls(xs, first, step, size, index, lo, hi),
            cls(xs, first + index * step, step, size, self.count - index, lo, hi),
        )

    def _span(self) -> tuple[int, int]:
        """The part of ``xs`` this piece's slices cover."""
        last = self.first + (self.count - 1) * self.step
        lo = max(min(self.first, last), self.lo)
        return lo, max(lo, min(max(self.first, last) + self.size, self.hi))

    def __reduce__(self) -> tuple[Any, ...]:
        # Shipped to another process: only the part of xs this piece covers, re-based to 0.
        xs = self.xs
        if self.count and is_ndarray(xs):
            shared = shipment().array(xs, writable=self.WRITES)
            if shared is not None:
                args = (self.first, self.step, self.size, self.count, self.lo, self.hi)
                return (type(self), (shared, *args))
        lo, hi = self._span() if self.count else (0, 0)
        part: Any = plain_slice(xs, lo, hi)
        if self.WRITES:  # written in place: the span travels back
            part = Dense(shipment().target(xs), lo, part)
        first = self.first - lo
        return (type(self), (part, first, self.step, self.size, self.count, self.lo - lo, hi - lo))

    #: What makes one item from its slice of ``xs``: the slice itself here, a writable view in
    #: :class:`ChunkMutProducer`.
    maker = staticmethod(slicer)

    def _make(self) -> Callable[[slice], Any]:
        return self.maker(self.xs)

    def _bounds(self, starts: range) -> Iterator[slice]:
        size, lo, hi = self.size, self.lo, self.hi
        stops = range(starts.start + size, starts.stop + size, starts.step)
        # Only the chunk at either end of xs needs clipping; max/min run in C per chunk.
        return map(
            slice, map(max, starts, itertools.repeat(lo)), map(min, stops, itertools.repeat(hi))
        )

    def into_iter(self) -> Iterator[Any]:
        first, step = self.first, self.step
        starts = range(first, first + self.count * step, step)
        return map(self._make(), self._bounds(starts))

    def into_rev_iter(self) -> Iterator[Any]:
        first, step = self.first, self.step
        starts = range(first + (self.count - 1) * step, first - step, -step)
        return map(self._make(), self._bounds(starts))


class SliceIter(IndexedParallelIterator[Any]):
    """The indexed iterator behind the chunk and window functions (``PRODUCER`` makes the
    items: slices, or writable views)."""

    PRODUCER: type[SliceProducer] = SliceProducer

    def __init__(self, name: str, xs: Any, first: int, step: int, size: int, count: int) -> None:
        self.name = name
        self.xs = xs
        self._args = (first, step, size, count)

    def len(self) -> int:
        return self._args[3]

    def producer(self) -> Producer[Any]:
        first, step, size, count = self._args
        return self.PRODUCER(self.xs, first, step, size, count, 0, length(self.xs))

    def __repr__(self) -> str:
        return describe_entry(self.name, self.xs, self._args[2])


class ChunksExact(SliceIter):
    """``par_chunks_exact(xs, n)`` and ``par_rchunks_exact(xs, n)``: only full chunks;
    ``remainder()`` is the rest, as in Rayon.

    >>> it = par_chunks_exact([1, 2, 3, 4, 5], 2)
    >>> it.collect(), it.remainder()
    ([[1, 2], [3, 4]], [5])
    """

    def remainder(self) -> Any:
        """The items no full chunk holds: ``xs[len(xs) - len(xs) % n:]`` for ``par_chunks_exact``,
        ``xs[:len(xs) % n]`` for ``par_rchunks_exact`` (writable for the ``_mut`` forms)."""
        _, step, size, count = self._args
        n = length(self.xs)
        rest = slice(count * size, n) if step > 0 else slice(0, n - count * size)
        return self.PRODUCER.maker(self.xs)(rest)


def par_chunks(xs: Sequence[T], chunk_size: int) -> IndexedParallelIterator[Any]:
    """Consecutive slices ``xs[i:i + chunk_size]``; the last one may be shorter (indexed).

    NumPy arrays are chunked along their first axis and give views (no copy).

    >>> par_chunks([1, 2, 3, 4, 5], 2).collect()
    [[1, 2], [3, 4], [5]]
    >>> par_chunks("abcde", 2).map(str.upper).collect()
    ['AB', 'CD', 'E']
    """
    length = check_sequence("xs", xs)
    size = check_positive("chunk_size", chunk_size)
    return SliceIter("par_chunks", xs, 0, size, size, -(-length // size))


def par_chunks_exact(xs: Sequence[T], chunk_size: int) -> ChunksExact:
    """Slices of exactly ``chunk_size`` items; the leftover is ``.remainder()`` (indexed).

    >>> it = par_chunks_exact("abcdefg", 3)
    >>> it.collect(), it.remainder()
    (['abc', 'def'], 'g')
    """
    length = check_sequence("xs", xs)
    size = check_positive("chunk_size", chunk_size)
    return ChunksExact("par_chunks_exact", xs, 0, size, size, length // size)


def par_rchunks(xs: Sequence[T], chunk_size: int) -> IndexedParallelIterator[Any]:
    """Chunks taken from the end: ``xs[-chunk_size:]`` first; the last may be shorter (indexed).

    >>> par_rchunks([1, 2, 3, 4, 5], 2).collect()
    [[4, 5], [2, 3], [1]]
    """
    length = check_sequence("xs", xs)
    size = check_positive("chunk_size", chunk_size)
    return SliceIter("par_rchunks", xs, length - size, -size, size, -(-length // size))


def par_rchunks_exact(xs: Sequence[T], chunk_size: int) -> ChunksExact:
    """Full chunks taken from the end; the leftover at the start is ``.remainder()`` (indexed).

    >>> it = par_rchunks_exact("abcdefg", 3)
    >>> it.collect(), it.remainder()
    (['efg', 'bcd'], 'a')
    """
    length = check_sequence("xs", xs)
    size = check_positive("chunk_size", chunk_size)
    return ChunksExact("par_rchunks_exact", xs, length - size, -size, size, length // size)


def par_windows(xs: Sequence[T], window_size: int) -> IndexedParallelIterator[Any]:
    """Every run of ``window_size`` consecutive items, overlapping (indexed; none if too short).

    >>> par_windows([1, 2, 3, 4], 2).collect()
    [[1, 2], [2, 3], [3, 4]]
    """
    length = check_sequence("xs", xs)
    size = check_positive("window_size", window_size)
    return SliceIter("par_windows", xs, 0, 1, size, max(length - size + 1, 0))


def tuple_slicer(xs: Any) -> Callable[[slice], tuple[Any, ...]]:
    """The function that makes ``tuple(xs[a:b])``: a window of fixed length, as an array.

    >>> tuple_slicer([1, 2, 3])(slice(1, 3))
    (2, 3)
    """
    make = slicer(xs)

    def window(s: slice) -> tuple[Any, ...]:
        return tuple(make(s))

    return window


class ArrayWindowProducer(SliceProducer):
    """The windows of :func:`par_array_windows`: tuples, not slices."""

    __slots__ = ()
    maker = staticmethod(tuple_slicer)


class ArrayWindows(SliceIter):
    """``par_array_windows(xs, n)``."""

    PRODUCER = ArrayWindowProducer


def par_array_windows(xs: Sequence[T], window_size: int) -> IndexedParallelIterator[tuple[T, ...]]:
    """Every run of ``window_size`` consecutive items as a tuple (Rayon 1.12's
    ``par_array_windows::<N>()``, whose items are ``&[T; N]``: a fixed-length window).

    >>> par_array_windows([1, 2, 3, 4], 2).collect(), par_array_windows("abc", 2).collect()
    ([(1, 2), (2, 3), (3, 4)], [('a', 'b'), ('b', 'c')])
    """
    length = check_sequence("xs", xs)
    size = check_positive("window_size", window_size)
    return ArrayWindows("par_array_windows", xs, 0, 1, size, max(length - size + 1, 0))


# -- writable chunks -----------------------------------------------------------------------------


class ChunkMut(Sequence[T]):
    """A writable view of ``seq[start:stop]``: reads and writes go to ``seq`` itself.

    It cannot change its length (that would move the other chunks), so it has no ``insert`` or
    ``del``; slice assignment must keep the length.  ``c[:] = map(f, c)`` rewrites a chunk with
    one C-level slice assignment.

    >>> xs = [1, 2, 3, 4]
    >>> c = ChunkMut(xs, 1, 3)
    >>> c[0] = 20; c[-1] *= 10; c[:] = [v + 1 for v in c]
    >>> xs, len(c), list(c), c
    ([1, 21, 31, 4], 2, [21, 31], ChunkMut([21, 31]))
    """

    __slots__ = ("seq", "start", "stop")

    def __init__(self, seq: MutableSequence[T], start: int, stop: int) -> None:
        self.seq = seq
        self.start = start
        self.stop = stop

    def __len__(self) -> int:
        return self.stop - self.start

    def _index(self, i: int) -> int:
        n = self.stop - self.start
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("chunk index out of range")
        return self.start + i

    def _range(self, s: slice) -> range:
        return range(self.start, self.stop)[s]

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            r = self._range(i)
            if r.step == 1 and isinstance(self.seq, list):
                return self.seq[r.start : r.stop]
            return list(map(self.seq.__getitem__, r))
        return self.seq[self._index(i)]

    @overload
    def __setitem__(self, i: int, value: T) -> None: ...
    @overload
    def __setitem__(self, i: slice, value: Any) -> None: ...

    def __setitem__(self, i: int | slice, value: Any) -> None:
        if not isinstance(i, slice):
            self.seq[self._index(i)] = value
            return
        r = self._range(i)
        values = list(value)
        if len(values) != len(r):
            raise ValueError(
                f"a chunk cannot change its length: assigning {len(values)} items "
                f"to a slice of {len(r)}"
            )
        seq: Any = self.seq  # a MutableSequence, or a writable memoryview
        if r.step == 1 and not isinstance(seq, memoryview):
            self.seq[r.start : r.stop] = values  # same length: an in-place overwrite
        else:  # (a memoryview takes only a buffer of its own format: write item by item)
            for j, v in zip(r, values, strict=True):
                self.seq[j] = v

    def __iter__(self) -> Iterator[T]:
        seq = self.seq
        if isinstance(seq, list):
            it: Any = iter(seq)
            it.__setstate__(self.start)  # the list's own iterator, positioned: no copy
            return itertools.islice(it, self.stop - self.start)
        return map(seq.__getitem__, range(self.start, self.stop))

    def sort(self, *, key: Callable[[T], Any] | None = None, reverse: bool = False) -> None:
        """Sort this chunk in place (``list.sort`` semantics).

        >>> xs = [5, 3, 1, 0]; ChunkMut(xs, 0, 3).sort(); xs
        [1, 3, 5, 0]
        """
        check_opt_fn("key", key)  # sorted() would say "'int' object is not callable"
        self[:] = sorted(self, key=key, reverse=reverse)  # type: ignore[type-var, arg-type]

    def reverse(self) -> None:
        """Reverse this chunk in place.

        >>> xs = [1, 2, 3]; ChunkMut(xs, 1, 3).reverse(); xs
        [1, 3, 2]
        """
        self[:] = list(self)[::-1]

    def tolist(self) -> list[T]:
        """A list copy of the chunk's items."""
        return list(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (ChunkMut, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ChunkMut({list(self)!r})"


def _chunk_mut_maker(xs: Any) -> Callable[[slice], Any]:
    if is_ndarray(xs):
        return xs.__getitem__  # type: ignore[no-any-return]  # views write through
    # memoryviews too get ChunkMut (item access), for the reason given in `slicer`

    def make(s: slice) -> ChunkMut[Any]:
        return ChunkMut(xs, s.start, s.stop)

    return make


class ChunkMutProducer(SliceProducer):
    """Chunks as writable views (:class:`ChunkMut`, or NumPy views)."""

    __slots__ = ()
    WRITES = True
    maker = staticmethod(_chunk_mut_maker)


class ChunksMut(SliceIter):
    """``par_chunks_mut(xs, n)`` and ``par_rchunks_mut(xs, n)``."""

    PRODUCER = ChunkMutProducer


class ChunksExactMut(ChunksExact):
    """``par_chunks_exact_mut(xs, n)`` and ``par_rchunks_exact_mut(xs, n)``; the remainder is
    writable too (Rayon's ``into_remainder``)."""

    PRODUCER = ChunkMutProducer


def par_chunks_mut(xs: Any, chunk_size: int) -> IndexedParallelIterator[Any]:
    """Writable chunks of ``xs``: writes to a chunk land in ``xs`` (indexed).

    Lists, writable memoryviews and other mutable sequences give :class:`ChunkMut` views; NumPy
    arrays give their own views.  Chunks are disjoint, so threads never write the same slot.

    >>> xs = list(range(6))
    >>> par_chunks_mut(xs, 4).for_each(lambda c: c.reverse()); xs
    [3, 2, 1, 0, 5, 4]
    """
    length = check_writable(xs)
    size = check_positive("chunk_size", chunk_size)
    return ChunksMut("par_chunks_mut", xs, 0, size, size, -(-length // size))


def par_chunks_exact_mut(xs: Any, chunk_size: int) -> ChunksExactMut:
    """Writable chunks of exactly ``chunk_size`` items; ``.remainder()`` is the rest, writable.

    >>> xs = list(range(7))
    >>> it = par_chunks_exact_mut(xs, 3)
    >>> it.for_each(lambda c: c.reverse()); it.remainder()[0] = -1; xs
    [2, 1, 0, 5, 4, 3, -1]
    """
    length = check_writable(xs)
    size = check_positive("chunk_size", chunk_size)
    return ChunksExactMut("par_chunks_exact_mut", xs, 0, size, size, length // size)


def par_rchunks_mut(xs: Any, chunk_size: int) -> IndexedParallelIterator[Any]:
    """Writable chunks taken from the end; the last (at the start of ``xs``) may be shorter.

    >>> xs = list(range(5))
    >>> par_rchunks_mut(xs, 2).enumerate().for_each(lambda p: p[1].__setitem__(0, p[0])); xs
    [2, 1, 2, 0, 4]
    """
    length = check_writable(xs)
    size = check_positive("chunk_size", chunk_size)
    return ChunksMut("par_rchunks_mut", xs, length - size, -size, size, -(-length // size))


def par_rchunks_exact_mut(xs: Any, chunk_size: int) -> ChunksExactMut:
    """Writable full chunks taken from the end; ``.remainder()`` is the start of ``xs``.

    >>> xs = list(range(5))
    >>> it = par_rchunks_exact_mut(xs, 2)
    >>> it.for_each(lambda c: c.reverse()); it.remainder()[:] = [9]; xs
    [9, 2, 1, 4, 3]
    """
    length = check_writable(xs)
    size = check_positive("chunk_size", chunk_size)
    return ChunksExactMut("par_rchunks_exact_mut", xs, length - size, -size, size, length // size)


def check_writable(xs: Any) -> int:
    """``len(xs)`` for a sequence whose items can be written in place, else a ``TypeError``.

    >>> check_writable((1, 2))
    Traceback (most recent call last):
    TypeError: xs must be a mutable sequence (list, bytearray, array, NumPy array...), got tuple
    """
    length = check_sequence("xs", xs)
    if is_ndarray(xs):
        if not xs.flags.writeable:
            raise TypeError("xs must be writable, got a read-only NumPy array")
    elif isinstance(xs, memoryview):
        if xs.readonly:
            raise TypeError("xs must be writable, got a read-only memoryview")
    elif not isinstance(xs, MutableSequence):
        raise TypeError(
            f"xs must be a mutable sequence (list, bytearray, array, NumPy array...), "
            f"got {type(xs).__name__}"
        )
    return length


# -- split by a predicate --------------------------------------------------------------------------


def items_between(xs: Any, lo: int, hi: int) -> Iterator[Any]:
    """The items ``xs[lo:hi]``, without copying where the sequence's own iterator can start at
    ``lo``.

    >>> list(items_between("abcdef", 2, 4)), list(items_between(range(10), 7, 9))
    (['c', 'd'], [7, 8])
    """
    if isinstance(xs, (list, tuple, str, bytes, bytearray)):
        it: Any = iter(xs)  # the sequence's own iterator, positioned: no copy
        it.__setstate__(lo)
        return itertools.islice(it, hi - lo)
    if isinstance(xs, array.array) or is_ndarray(xs):
        return iter(xs[lo:hi])
    return map(xs.__getitem__, range(lo, hi))


def _piece_of(xs: Any, start: int, end: int, writable: bool) -> Any:
    """``xs[start:end]`` for shipping a piece to another process; its writes come back when
    ``writable``."""
    part: Any = plain_slice(xs, start, end)
    if writable:
        part = Dense(shipment().target(xs), start, part)
    return part


def _maker(xs: Any, writable: bool) -> Callable[[slice], Any]:
    return _chunk_mut_maker(xs) if writable else slicer(xs)


class SplitSliceProducer(UnindexedProducer[Any]):
    """The slices of ``xs[start:end]`` between items matching ``pred`` (Rayon's ``Split``;
    ``SplitInclusive`` with ``inclusive``, where each separator ends the slice before it and no
    empty slice follows a final separator; ``str.split_terminator`` with ``terminator``, where
    only the empty slice at the very end is left out).

    Splitting cuts at a separator near the middle: the left piece ends before it (inclusive:
    after it), the right one starts after it, so the pieces together yield exactly the slices of
    the whole.  ``[tail, end)`` is known to hold no separator (found while searching), so it is
    never searched or tested again.  ``at_end``: this piece ends where ``xs`` ends.
    """

    __slots__ = (
        "at_end", "end", "inclusive", "pred", "start", "tail", "terminator", "writable", "xs",
    )  # fmt: skip

    def __init__(
        self,
        xs: Any,
        pred: Callable[[Any], Any],
        start: int,
        end: int,
        tail: int,
        *,
        inclusive: bool = False,
        terminator: bool = False,
        writable: bool = False,
        at_end: bool = True,
    ) -> None:
        self.xs = xs
        self.pred = pred
        self.start = start
        self.end = end
        self.tail = tail
        self.inclusive = inclusive
        self.terminator = terminator
        self.writable = writable
        self.at_end = at_end

    def _with(self, start: int, end: int, tail: int, at_end: bool) -> SplitSliceProducer:
        return SplitSliceProducer(
            self.xs,
            self.pred,
            start,
            end,
            tail,
            inclusive=self.inclusive,
            terminator=self.terminator,
            writable=self.writable,
            at_end=at_end,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Shipped to another process: only this piece's part of xs, re-based to 0.
        start, end = self.start, self.end
        part = _piece_of(self.xs, start, end, self.writable)
        flags = (self.inclusive, self.terminator, self.writable, self.at_end)
        return (_unpickle_split, (part, self.pred, 0, end - start, self.tail - start, *flags))

    def _find(self, lo: int, hi: int) -> int | None:
        items = items_between(self.xs, lo, hi)
        return next(itertools.compress(itertools.count(lo), map(self.pred, items)), None)

    def _rfind(self, lo: int, hi: int) -> int | None:
        items = map(self.xs.__getitem__, range(hi - 1, lo - 1, -1))
        return next(itertools.compress(itertools.count(hi - 1, -1), map(self.pred, items)), None)

    def _cut(self, found: int, tail: int) -> tuple[UnindexedProducer[Any], UnindexedProducer[Any]]:
        """The two pieces either side of the separator at ``found`` (``tail``: the right's)."""
        left_end = found + 1 if self.inclusive else found
        return self._with(self.start, left_end, found, False), self._with(
            found + 1, self.end, tail, self.at_end
        )

    def split(self) -> tuple[UnindexedProducer[Any], UnindexedProducer[Any] | None]:
        start, end, tail = self.start, self.end, self.tail
        mid = (start + end) // 2
        if tail - start < 2:
            return self, None
        if mid < tail:
            found = self._find(mid, tail)
            if found is not None:
                return self._cut(found, tail)
            tail = mid  # nothing from mid on: remember it
        found = self._rfind(start, tail)
        if found is None:
            return self._with(start, end, start, self.at_end), None
        # rfind found the last separator below tail, and none is at or after tail.
        return self._cut(found, found + 1)

    def fold_with(self, folder: Folder[Any, Any]) -> None:
        start, end, tail = self.start, self.end, self.tail
        # Separator positions in [start, tail), tested in one C-level pass.
        items = items_between(self.xs, start, tail)
        seps = list(itertools.compress(range(start, tail), map(self.pred, items)))
        after = list(map(operator.add, seps, itertools.repeat(1)))
        starts = [start, *after]
        stops = [*(after if self.inclusive else seps), end]
        if starts[-1] == end and (self.inclusive or (self.terminator and self.at_end)):
            # An empty last slice: dropped after a final separator (inclusive), or at the
            # very end of the input (terminator).
            del starts[-1], stops[-1]
        folder.consume_iter(map(_maker(self.xs, self.writable), map(slice, starts, stops)))


def _unpickle_split(
    xs: Any,
    pred: Callable[[Any], Any],
    start: int,
    end: int,
    tail: int,
    inclusive: bool,
    terminator: bool,
    writable: bool,
    at_end: bool,
) -> SplitSliceProducer:
    return SplitSliceProducer(
        xs,
        pred,
        start,
        end,
        tail,
        inclusive=inclusive,
        terminator=terminator,
        writable=writable,
        at_end=at_end,
    )


class SplitSlices(ParallelIterator[Any]):
    """``par_split(xs, pred)`` and its forms on a sequence (unindexed: the number of pieces is
    not known)."""

    def __init__(
        self,
        xs: Any,
        pred: Callable[[Any], Any],
        name: str = "par_split",
        *,
        inclusive: bool = False,
        terminator: bool = False,
        writable: bool = False,
    ) -> None:
        self.xs = xs
        self.pred = pred
        self.name = name
        self.flags = {"inclusive": inclusive, "terminator": terminator, "writable": writable}

    def drive_unindexed(self, consumer: Consumer[Any, R]) -> R:
        n = length(self.xs)
        producer = SplitSliceProducer(self.xs, self.pred, 0, n, n, **self.flags)
        return bridge_unindexed(producer, consumer)

    def __repr__(self) -> str:
        return describe_entry(self.name, self.xs, self.pred)


def _check_pred(sep: Any) -> None:
    if not callable(sep):
        raise TypeError(
            f"sep must be callable (a predicate on the items), or a str/bytes separator for "
            f"str/bytes xs, got {type(sep).__name__}"
        )


def par_split(xs: Any, sep: Any) -> ParallelIterator[Any]:
    """The pieces of ``xs`` between separators, in order (unindexed).

    For a sequence, ``sep`` is a predicate: the slices between items for which it is true, as
    Rayon's ``par_split`` on slices (``n`` separators give ``n + 1`` slices, some maybe empty).
    For ``str``/``bytes``/``bytearray`` the result equals ``xs.split(sep)`` for a ``str``/``bytes``
    ``sep``; a callable or a set of characters splits at the characters it accepts (see
    :func:`pariter.par_split_terminator` for the pattern forms).

    >>> par_split([1, 2, 0, 3, 0, 0, 4], lambda x: x == 0).collect()
    [[1, 2], [3], [], [4]]
    >>> par_split("a,b,,c", ",").collect(), par_split("a,b;c", {",", ";"}).collect()
    (['a', 'b', '', 'c'], ['a', 'b', 'c'])
    """
    if isinstance(xs, (str, bytes, bytearray)):
        from pariter.collections.strings import split_text

        return split_text(xs, sep)
    check_sequence("xs", xs)
    _check_pred(sep)
    return SplitSlices(xs, sep)


def par_split_inclusive(xs: Any, sep: Any) -> ParallelIterator[Any]:
    """Like :func:`par_split`, but each separator stays, as the last item of the piece before it;
    no empty piece follows a separator at the very end, and empty ``xs`` gives no piece
    (Rust's ``split_inclusive``; unindexed).  Text takes the pattern forms of ``par_split``.

    >>> par_split_inclusive([1, 0, 2, 0], lambda x: x == 0).collect()
    [[1, 0], [2, 0]]
    >>> par_split_inclusive("a\\nb\\n\\nc", "\\n").collect()
    ['a\\n', 'b\\n', '\\n', 'c']
    """
    if isinstance(xs, (str, bytes, bytearray)):
        from pariter.collections.strings import split_text_inclusive

        return split_text_inclusive(xs, sep)
    check_sequence("xs", xs)
    _check_pred(sep)
    return SplitSlices(xs, sep, "par_split_inclusive", inclusive=True)


def par_split_mut(xs: Any, pred: Callable[[Any], Any]) -> ParallelIterator[Any]:
    """Writable pieces of ``xs`` between items matching ``pred`` (:func:`par_split`'s pieces as
    :class:`ChunkMut` views, or NumPy views; writes land in ``xs``; unindexed).

    >>> xs = [3, 1, 0, 2, 1]
    >>> par_split_mut(xs, lambda x: x == 0).for_each(lambda c: c.sort()); xs
    [1, 3, 0, 1, 2]
    """
    check_writable(xs)
    _check_pred(pred)
    return SplitSlices(xs, pred, "par_split_mut", writable=True)


def par_split_inclusive_mut(xs: Any, pred: Callable[[Any], Any]) -> ParallelIterator[Any]:
    """Writable pieces as :func:`par_split_inclusive` gives them, each separator last in its
    piece (unindexed).

    >>> xs = [3, 1, 0, 2, 1]
    >>> par_split_inclusive_mut(xs, lambda x: x == 0).for_each(lambda c: c.sort()); xs
    [0, 1, 3, 1, 2]
    """
    check_writable(xs)
    _check_pred(pred)
    return SplitSlices(xs, pred, "par_split_inclusive_mut", inclusive=True, writable=True)


# -- runs of items that belong together ------------------------------------------------------------


class ChunkByProducer(UnindexedProducer[Any]):
    """The runs of ``xs[start:end]`` where ``pred(a, b)`` holds for every two neighbours (Rayon's
    ``ChunkBy``).  A piece splits at a run boundary near its middle, so every run stays whole.

    A run boundary is an ``i`` where ``pred(xs[i - 1], xs[i])`` is false.  Those in
    ``[tail, end)`` are known to be none (their pairs were tested while searching), so, as in
    Rayon, ``pred`` is called once per pair of neighbours in all.
    """

    __slots__ = ("end", "pred", "start", "tail", "writable", "xs")

    def __init__(
        self,
        xs: Any,
        pred: Callable[[Any, Any], Any],
        start: int,
        end: int,
        tail: int,
        writable: bool,
    ) -> None:
        self.xs = xs
        self.pred = pred
        self.start = start
        self.end = end
        self.tail = tail
        self.writable = writable

    def __reduce__(self) -> tuple[Any, ...]:
        # Shipped to another process: only this piece's part of xs, re-based to 0.
        start, end = self.start, self.end
        part = _piece_of(self.xs, start, end, self.writable)
        args = (part, self.pred, 0, end - start, self.tail - start, self.writable)
        return (ChunkByProducer, args)

    def _boundaries(self, positions: range) -> Iterator[int]:
        """The run boundaries among ``positions``, in their order (one C-level pass)."""
        getitem = self.xs.__getitem__
        before = map(getitem, range(positions.start - 1, positions.stop - 1, positions.step))
        together = map(self.pred, before, map(getitem, positions))
        return itertools.compress(positions, map(operator.not_, together))

    def _piece(self, start: int, end: int, tail: int) -> ChunkByProducer:
        return ChunkByProducer(self.xs, self.pred, start, end, tail, self.writable)

    def split(self) -> tuple[UnindexedProducer[Any], UnindexedProducer[Any] | None]:
        start, end, tail = self.start, self.end, self.tail
        if tail - start < 2:
            return self, None
        mid = (start + tail) // 2
        # The first boundary after mid (the left keeps the untested part before it) ...
        cut = next(self._boundaries(range(mid + 1, tail)), None)
        if cut is not None:
            return self._piece(start, cut, mid + 1), self._piece(cut, end, tail)
        # ... else the last one up to mid, and then the right part has none left to find.
        cut = next(self._boundaries(range(mid, start, -1)), None)
        if cut is None:
            return self._piece(start, end, start), None
        return self._piece(start, cut, cut), self._piece(cut, end, cut)

    def fold_with(self, folder: Folder[Any, Any]) -> None:
        start, end, tail = self.start, self.end, self.tail
        if start == end:
            return
        if tail == end:
            cuts = list(self._boundaries(range(start + 1, end)))
        else:
            # The last boundary before tail closes the run that runs on to the end.
            last = next(self._boundaries(range(tail - 1, start, -1)), None)
            cuts = [] if last is None else [*self._boundaries(range(start + 1, last)), last]
        bounds = map(slice, [start, *cuts], [*cuts, end])
        folder.consume_iter(map(_maker(self.xs, self.writable), bounds))


class ChunkBy(ParallelIterator[Any]):
    """``par_chunk_by(xs, pred)`` and ``par_chunk_by_mut(xs, pred)`` (unindexed)."""

    def __init__(self, name: str, xs: Any, pred: Callable[[Any, Any], Any], writable: bool) -> None:
        self.name = name
        self.xs = xs
        self.pred = pred
        self.writable = writable

    def drive_unindexed(self, consumer: Consumer[Any, R]) -> R:
        n = length(self.xs)
        producer = ChunkByProducer(self.xs, self.pred, 0, n, n, self.writable)
        return bridge_unindexed(producer, consumer)

    def __repr__(self) -> str:
        return describe_entry(self.name, self.xs, self.pred)


def par_chunk_by(xs: Sequence[T], pred: Callable[[T, T], Any]) -> ParallelIterator[Any]:
    """The runs of ``xs`` in which ``pred(a, b)`` holds for every two neighbours ``a, b``:
    Rust's ``chunk_by`` (``itertools.groupby`` when ``pred`` compares keys; unindexed).

    >>> par_chunk_by([1, 1, 2, 3, 3, 3], lambda a, b: a == b).collect()
    [[1, 1], [2], [3, 3, 3]]
    >>> par_chunk_by("abcxyzab", lambda a, b: ord(b) == ord(a) + 1).collect()
    ['abc', 'xyz', 'ab']
    """
    check_sequence("xs", xs)
    return ChunkBy("par_chunk_by", xs, check_fn("pred", pred), False)


def par_chunk_by_mut(xs: Any, pred: Callable[[Any, Any], Any]) -> ParallelIterator[Any]:
    """Writable runs of ``xs`` as :func:`par_chunk_by` finds them (:class:`ChunkMut` views, or
    NumPy views; writes land in ``xs``; unindexed).

    >>> xs = [3, 1, 2, 9, 7, 8]
    >>> par_chunk_by_mut(xs, lambda a, b: abs(a - b) < 5).for_each(lambda c: c.sort()); xs
    [1, 2, 3, 7, 8, 9]
    """
    check_writable(xs)
    return ChunkBy("par_chunk_by_mut", xs, check_fn("pred", pred), True)
