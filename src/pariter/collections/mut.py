"""``par_iter_mut``: writable slots of a dict, list, bytearray, ``array.array`` or NumPy array.

Rust hands out ``&mut`` references; Python has none, so each item is a :class:`Slot`: its
``key`` (the dict key, or the index) and a ``value`` property that reads and writes through the
collection's ``__getitem__``/``__setitem__``.  A dict keeps its key order (only existing keys
are assigned).  Different slots never share a key, so parallel writes do not race with each
other: the same rule that makes ``iter_mut`` safe in Rust.

Slots are small (``__slots__``) but each one is still a Python object; to replace every value
by a function of it, :meth:`ParIterMut.map_in_place` skips them and runs each leaf as one
C-level loop ``map(setitem, keys, map(f, map(getitem, keys)))``.

NumPy arrays are recognised by duck typing (``__array_interface__``), so importing pariter
never imports NumPy; a slot of an ``n``-dimensional array is a row, as in ``for row in a``.
"""

from __future__ import annotations

import array
import collections
import itertools
from collections.abc import Callable, Iterator, MutableMapping, MutableSequence
from typing import Any, Generic, TypeVar

from pariter.collections.mapping import keys_and_values
from pariter.collections.snapshot import SizeGuard, rev_span, span
from pariter.iterators.base import IndexedParallelIterator, check_fn, describe, describe_entry
from pariter.iterators.reduce import NoopConsumer
from pariter.plumbing.execute import execute
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Producer
from pariter.plumbing.transport import Dense, Logged, is_ndarray, plain_slice, shipment

K = TypeVar("K")
V = TypeVar("V")


class Slot(Generic[K, V]):
    """One writable place: ``key`` (dict key or index) and ``value`` (read or assign).

    >>> xs = [10, 20]
    >>> slot = Slot(xs, 1)
    >>> slot.value += 1
    >>> slot.set(slot.value * 2)
    >>> slot, xs
    (Slot(key=1, value=42), [10, 42])
    """

    __slots__ = ("_guard", "_target", "key")

    def __init__(self, target: Any, key: K, guard: SizeGuard | None = None) -> None:
        self._target = target
        self.key = key
        self._guard = guard

    @property
    def value(self) -> V:
        """The current value at ``key``; assigning writes it into the collection."""
        try:
            return self._target[self.key]  # type: ignore[no-any-return]
        except KeyError:
            # The key went away: if the dict changed size meanwhile, say so as a for loop would.
            if self._guard is not None:
                self._guard.check()
            raise

    @value.setter
    def value(self, value: V) -> None:
        self._target[self.key] = value

    def set(self, value: V) -> None:
        """``slot.value = value``, as a call (for lambdas: ``lambda s: s.set(s.value * 2)``)."""
        self._target[self.key] = value

    def __repr__(self) -> str:
        return f"Slot(key={self.key!r}, value={self.value!r})"


class MutProducer(Producer[Any]):
    """Slots for positions ``start..end``: of a dict's snapshot ``(keys, values)`` columns, or
    the indices themselves when ``columns`` is ``None``.

    With ``fn`` set, the leaf writes ``target[k] = fn(value)`` instead of yielding slots (its
    items are the ``None`` results of ``__setitem__``).

    >>> xs = [1, 2, 3]
    >>> list(MutProducer(xs, None, 1, 3, None, None).into_iter())
    [Slot(key=1, value=2), Slot(key=2, value=3)]
    """

    __slots__ = ("columns", "end", "fn", "guard", "start", "target")

    def __init__(
        self,
        target: Any,
        columns: tuple[list[Any], list[Any]] | None,
        start: int,
        end: int,
        guard: SizeGuard | None,
        fn: Callable[[Any], Any] | None,
    ) -> None:
        self.target = target
        self.columns = columns
        self.start = start
        self.end = end
        self.guard = guard
        self.fn = fn

    def __len__(self) -> int:
        return self.end - self.start

    def split_at(self, index: int) -> tuple[Producer[Any], Producer[Any]]:
        mid = self.start + index
        return (
            MutProducer(self.target, self.columns, self.start, mid, self.guard, self.fn),
            MutProducer(self.target, self.columns, mid, self.end, self.guard, self.fn),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Shipped to another process: a local copy of this piece's part of the target whose
        # writes travel back with the result (see pariter.plumbing.transport).
        target, start, end, fn = self.target, self.start, self.end, self.fn
        ship = shipment()
        if is_ndarray(target):
            shared = ship.array(target, writable=True)
            if shared is not None:
                return (MutProducer, (shared, None, start, end, None, fn))
        tid = ship.target(target)
        if self.columns is not None:
            keys = self.columns[0][start:end]
            values = self.columns[1][start:end]
            local = dict(zip(keys, values, strict=True)) if values else {k: target[k] for k in keys}
            return (
                MutProducer,
                (Logged(tid, local, None), (keys, values), 0, end - start, None, fn),
            )
        items = plain_slice(target, start, end)
        if fn is not None:  # every item is rewritten: send the slice back whole
            return (MutProducer, (Dense(tid, start, items), None, 0, end - start, None, fn))
        return (MutProducer, (Logged(tid, items, start), None, start, end, None, None))

    def into_iter(self) -> Iterator[Any]:
        start, end = self.start, self.end
        if self.columns is None:
            return self._leaf(lambda _: iter(range(start, end)))
        columns = self.columns
        return self._leaf(lambda c: span(columns[c], start, end))

    def into_rev_iter(self) -> Iterator[Any]:
        start, end = self.start, self.end
        if self.columns is None:
            return self._leaf(lambda _: iter(range(end - 1, start - 1, -1)))
        columns = self.columns
        return self._leaf(lambda c: rev_span(columns[c], start, end))

    def _leaf(self, column: Callable[[int], Iterator[Any]]) -> Iterator[Any]:
        """The leaf's items; ``column(0)`` iterates this piece's keys, ``column(1)`` values."""
        target, guard = self.target, self.guard
        if self.fn is None:
            items: Iterator[Any] = map(
                Slot, itertools.repeat(target), column(0), itertools.repeat(guard)
            )
        else:
            # One C-level chain, no Slot objects: target[k] = fn(v).  A dict's values come from
            # the snapshot (a list walk, not a hash lookup per key); each key is visited once,
            # so they are the values the slots would read.
            values: Iterator[Any]
            if self.columns is None:
                values = map(target.__getitem__, column(0))
            else:
                values = column(1)
            items = map(target.__setitem__, column(0), map(localize(self.fn), values))
        if guard is None:
            return items
        guard.check()
        return itertools.chain(items, guard.after())


class ParIterMut(IndexedParallelIterator[Slot[Any, Any]]):
    """``par_iter_mut(xs)``: an indexed iterator of :class:`Slot` objects.

    >>> xs = [1, 2, 3]
    >>> ParIterMut(xs).for_each(lambda s: s.set(s.value * 10))
    >>> xs
    [10, 20, 30]
    """

    def __init__(self, target: Any) -> None:
        self.target = target
        self.is_mapping = isinstance(target, MutableMapping)

    def len(self) -> int:
        return len(self.target)

    def producer(self) -> Producer[Slot[Any, Any]]:
        return self._producer(None)

    def _producer(self, fn: Callable[[Any], Any] | None) -> MutProducer:
        target = self.target
        if self.is_mapping:
            # Slots read values live; map_in_place reads them from the snapshot.
            guard = SizeGuard(target)
            columns = keys_and_values(target) if fn is not None else (list(target), [])
            return MutProducer(target, columns, 0, len(columns[0]), guard, fn)
        # Lists and arrays keep no iteration state, so a for loop over them never complains
        # about a change of size; a deque does, and so do we.
        seq_guard = SizeGuard(target) if isinstance(target, collections.deque) else None
        return MutProducer(target, None, 0, len(target), seq_guard, fn)

    def map_in_place(self, f: Callable[[Any], Any]) -> None:
        """Replace every value ``v`` by ``f(v)``, in parallel, without making slots.

        The same as ``for_each(lambda s: s.set(f(s.value)))``, with each leaf one C-level loop.

        >>> import pariter as pi
        >>> d = {"a": 1, "b": 2}
        >>> pi.par_iter_mut(d).map_in_place(lambda v: v * 100)
        >>> d
        {'a': 100, 'b': 200}
        """
        check_fn("f", f)
        execute(_Writes(self, f), NoopConsumer())

    def __repr__(self) -> str:
        return describe_entry("par_iter_mut", self.target)


class _Writes(IndexedParallelIterator[None]):
    """The leaves of ``map_in_place``: each item is one write."""

    def __init__(self, base: ParIterMut, fn: Callable[[Any], Any]) -> None:
        self.base = base
        self.fn = fn

    def len(self) -> int:
        return self.base.len()

    def producer(self) -> Producer[None]:
        return self.base._producer(self.fn)

    def __repr__(self) -> str:
        return describe(self.base, "map_in_place", self.fn)


def par_iter_mut(xs: Any) -> ParIterMut:
    """Writable slots of ``xs``: ``slot.key`` (dict key or index) and ``slot.value`` (get/set).

    Works on dicts (and ``OrderedDict``, ``Counter``, ``defaultdict``, any mutable mapping),
    lists, bytearrays, ``array.array``, NumPy arrays, deques and other mutable sequences.

    >>> import pariter as pi
    >>> d = {"a": 1, "b": 2}
    >>> pi.par_iter_mut(d).for_each(lambda s: s.set(s.value + len(s.key)))
    >>> d
    {'a': 2, 'b': 3}
    >>> xs = bytearray(b"abc")
    >>> pi.par_iter_mut(xs).map_in_place(lambda b: b - 32)
    >>> xs
    bytearray(b'ABC')
    >>> pi.par_iter_mut((1, 2))
    Traceback (most recent call last):
    TypeError: xs must be a dict, list, bytearray, array.array, NumPy array or other mutable sequence or mapping; got tuple
    """  # noqa: E501
    if isinstance(xs, (MutableMapping, MutableSequence, array.array)):
        return ParIterMut(xs)
    if is_ndarray(xs):
        if xs.ndim == 0:
            raise TypeError("xs must have at least one dimension, got a 0-d NumPy array")
        return ParIterMut(xs)
    raise TypeError(
        "xs must be a dict, list, bytearray, array.array, NumPy array or other mutable "
        f"sequence or mapping; got {type(xs).__name__}"
    )
