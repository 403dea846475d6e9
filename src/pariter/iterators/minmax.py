"""``min``/``max`` (with ``key=``), ``min_by``/``max_by`` (comparator), ``*_by_key``.

Ties break like Python's builtins: both ``min`` and ``max`` return the first of equal items.
Each leaf uses the builtin ``min``/``max`` (C speed); pieces combine left first, keeping the
left item unless the right one is strictly better.

The builtins' answer is a left fold (an item replaces the best so far if it is strictly
better), which pieces reproduce only where ``<`` orders the items: a piece's best must be
comparable with each of its items, and two pieces' bests with each other.  That holds by
type for ``int``, ``float`` but NaN, ``str``, ``bytes`` (and is taken to hold for tuples);
for other types a leaf checks it after the fact.  When it fails (a NaN, sets ordered by
inclusion) the call's result is :data:`UNORDERED` and the terminal runs the chain once more,
in sequence order, through the builtin itself: the builtin's answer, at the price of a second
run (refused with ``ValueError`` for a one-shot source, which cannot be read again).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.reduce import MISSING, StatelessConsumer
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Folder, Reducer

T = TypeVar("T")


class CmpKey:
    """``functools.cmp_to_key(cmp)`` that can be pickled to a worker process (the C one cannot).

    Consumers unwrap it (``key``) so that leaves still call the C key wrapper directly.

    >>> import pickle
    >>> k = pickle.loads(pickle.dumps(CmpKey(int.__sub__)))
    >>> sorted([3, 1, 2], key=k)
    [1, 2, 3]
    """

    __slots__ = ("cmp", "key")

    def __init__(self, cmp: Callable[[Any, Any], int]) -> None:
        self.cmp = cmp
        self.key = functools.cmp_to_key(cmp)

    def __call__(self, item: Any) -> Any:
        return self.key(item)

    def __reduce__(self) -> tuple[Any, ...]:
        return (CmpKey, (self.cmp,))


def _unwrap(key: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    return key.key if isinstance(key, CmpKey) else key


class _Unordered:
    """The type of :data:`UNORDERED`; its one instance stays itself when pickled to a process."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "UNORDERED"

    def __repr__(self) -> str:
        return "UNORDERED"


#: A piece's or a call's result when its items were not ordered by ``<`` (see the module's doc).
UNORDERED: Any = _Unordered()

#: Types whose ``<`` orders all their values but float NaN, which the combine step catches (a
#: piece's best is NaN only if its first item is, and NaN compares with nothing).  Tuples too,
#: unchecked: checking costs 2.4x a tuple ``min`` (1e6 pairs, 3.11), and one holding a NaN or a
#: set is rare enough to leave the pieces' answer to it.
ORDERED_TYPES = frozenset({int, bool, float, str, bytes, tuple})


def _better(key: Callable[[Any], Any] | None, is_max: bool) -> Callable[[Any, Any], Any]:
    def pick(left: Any, right: Any) -> Any:
        if left is MISSING or right is UNORDERED:
            return right
        if right is MISSING or left is UNORDERED:
            return left
        lk, rk = (left, right) if key is None else (key(left), key(right))
        if rk > lk if is_max else rk < lk:
            return right
        if lk == rk or (lk > rk if is_max else lk < rk):
            return left
        return UNORDERED  # two bests that do not compare: no fold of bests gives the answer

    return pick


def best_of(items: list[Any], keys: list[Any], is_max: bool) -> Any:
    """The builtin's best of ``items`` (by ``keys``), or :data:`UNORDERED` if some key does not
    compare with the best's: then the best of a longer run could be another item.

    >>> best_of([{1}, {1, 2}], [{1}, {1, 2}], False), best_of([{1}, {2}], [{1}, {2}], False)
    ({1}, UNORDERED)
    """
    if not items:
        return MISSING
    builtin = max if is_max else min
    if keys is items:
        best = top = builtin(items)
    else:
        index = builtin(range(len(keys)), key=keys.__getitem__)
        best, top = items[index], keys[index]
    # Every key at or beyond the best: ``<=`` at C speed where the type has it (it means
    # ``<`` or ``==`` for tuples, sets and ``total_ordering`` classes), else those two.
    try:
        ordered = all(map(operator.ge if is_max else operator.le, itertools.repeat(top), keys))
    except TypeError:
        if is_max:
            ordered = all(k == top or k < top for k in keys)
        else:
            ordered = all(k == top or top < k for k in keys)
    return best if ordered else UNORDERED


class MinMaxConsumer(StatelessConsumer[T]):
    """The smallest (or largest) item by ``key``; ``MISSING`` when there is none, and
    :data:`UNORDERED` when the items turned out not to be ordered by ``<``.

    A comparator's order (``min_by``) is total by its contract: leaves skip the check.
    """

    __slots__ = ("is_max", "key")

    def __init__(self, key: Callable[[T], Any] | None, is_max: bool) -> None:
        self.key = key
        self.is_max = is_max

    def to_reducer(self) -> Reducer[Any]:
        return _better(_unwrap(self.key), self.is_max)

    def into_folder(self) -> Folder[T, Any]:
        key = _unwrap(self.key)
        key = None if key is None else localize(key)
        return MinMaxFolder(key, self.is_max, isinstance(self.key, CmpKey))


class MinMaxFolder(Folder[T, Any]):
    __slots__ = ("acc", "builtin", "is_max", "key", "pick", "total")

    def __init__(self, key: Callable[[T], Any] | None, is_max: bool, total: bool) -> None:
        self.key = key
        self.is_max = is_max
        self.total = total
        self.builtin: Any = max if is_max else min
        self.pick = _better(key, is_max)
        self.acc: Any = MISSING

    def consume_iter(self, iterator: Iterator[T]) -> None:
        key = self.key
        first = next(iterator, MISSING)
        if first is MISSING:
            return
        first_key = first if key is None else key(first)
        if self.total or type(first_key) in ORDERED_TYPES:
            # The type of one key stands for all: mixing in another raises TypeError in the
            # builtin, as it does sequentially.  (``key`` runs twice on the first item.)
            items = itertools.chain((first,), iterator)
            best = self.builtin(items) if key is None else self.builtin(items, key=key)
        else:
            listed = [first, *iterator]
            keys = listed if key is None else [first_key, *map(key, listed[1:])]
            best = best_of(listed, keys, self.is_max)
        self.acc = self.pick(self.acc, best)

    def complete(self) -> Any:
        return self.acc


def best_in_order(iterator: Any, key: Callable[[Any], Any] | None, is_max: bool) -> Any:
    """The builtin ``min``/``max`` over the chain's results in sequence order (a second run of
    the chain: the answer when pieces found the items unordered).

    >>> import pariter as pi
    >>> best_in_order(pi.par_iter([1.0, float("nan"), 0.5]), None, False)
    0.5
    """
    from pariter.collections.lazy_source import is_one_shot  # (collections import this module)

    if any(is_one_shot(source.iterable) for source in _bridges(iterator)):
        raise ValueError(
            f"{'max' if is_max else 'min'}: the items are not ordered by '<' (a NaN, or sets), "
            "where the answer depends on the order items are compared in, and the source is "
            "a one-shot iterator that cannot be read again in order: collect it into a list first"
        )
    builtin = max if is_max else min
    if key is None:
        return builtin(iterator, default=MISSING)
    return builtin(iterator, key=key, default=MISSING)


def _bridges(iterator: Any) -> Iterator[Any]:
    """The ``par_bridge``/lazy sources a chain reads (found through its attributes)."""
    from pariter.iterators.base import ParallelIterator

    stack, seen = [iterator], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if getattr(node, "PULLS_FROM_ITERATOR", False):
            yield node
        fields = [
            getattr(node, name, None)
            for cls in type(node).__mro__
            for name in getattr(cls, "__slots__", ())
        ]
        fields += list(getattr(node, "__dict__", {}).values())
        for value in fields:
            values = value if isinstance(value, (list, tuple)) else (value,)
            stack.extend(v for v in values if isinstance(v, ParallelIterator))
