"""Collecting: into a pre-sized list in place (indexed), or into ordered per-leaf lists.

An indexed iterator knows its length, so ``collect()`` allocates the result once and every
leaf writes its items into its own slice (``target[a:b] = items``), as Rayon writes into the
spare capacity of a ``Vec``.  Other iterators collect one list per leaf; the reducer keeps the
lists in order and they are joined once at the end.  ``unzip``/``partition`` keep two lists.
``collect(dict)``, ``collect(set)`` and ``collect(Counter)`` build one container per leaf and
merge neighbours in order (see :class:`ContainerConsumer`); ``collect(numpy.ndarray)`` converts
per leaf (:mod:`pariter.collections.ndarray`).
"""

from __future__ import annotations

import itertools
import operator
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from pariter.iterators.reduce import StatelessConsumer
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Consumer, Folder, Reducer
from pariter.plumbing.transport import Dense, shipment

T = TypeVar("T")


class CollectConsumer(Consumer[T, int]):
    """Writes items into ``target[start:start + length]``; the result is the number written."""

    __slots__ = ("length", "start", "target")

    def __init__(self, target: list[Any], start: int, length: int) -> None:
        self.target = target
        self.start = start
        self.length = length

    def split_at(self, index: int) -> tuple[Consumer[T, int], Consumer[T, int], Reducer[int]]:
        return (
            CollectConsumer(self.target, self.start, index),
            CollectConsumer(self.target, self.start + index, self.length - index),
            operator.add,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Shipped to another process: the worker fills a list of its own, which travels back
        # and lands in target[start:start + length].
        tid = shipment().target(self.target)
        return (CollectConsumer, (Dense(tid, self.start, [None] * self.length), 0, self.length))

    def split_off_left(self) -> Consumer[T, int]:
        raise TypeError("collecting in place needs an indexed iterator")

    def to_reducer(self) -> Reducer[int]:
        return operator.add

    def into_folder(self) -> Folder[T, int]:
        return CollectFolder(self.target, self.start, self.start + self.length)


class CollectFolder(Folder[T, int]):
    __slots__ = ("end", "pos", "start", "target")

    def __init__(self, target: list[Any], start: int, end: int) -> None:
        self.target = target
        self.start = start
        self.pos = start
        self.end = end

    def consume_iter(self, iterator: Iterator[T]) -> None:
        items = list(iterator)
        pos = self.pos
        stop = pos + len(items)
        if stop > self.end:
            raise RuntimeError("too many values pushed to consumer")
        self.target[pos:stop] = items  # same length: an in-place overwrite, never a resize
        self.pos = stop

    def complete(self) -> int:
        return self.pos - self.start


def collect_in_place(drive: Callable[[Consumer[T, int]], int], length: int) -> list[T]:
    """Allocate ``length`` slots and let ``drive`` fill them through a :class:`CollectConsumer`.

    >>> from pariter import into_par_iter
    >>> it = into_par_iter(range(4)).map(str)
    >>> collect_in_place(it.drive, 4)
    ['0', '1', '2', '3']
    """
    target: list[Any] = [None] * length
    written = drive(CollectConsumer(target, 0, length))
    if written != length:
        raise RuntimeError(f"expected {length} total writes, but got {written}")
    return target


class ListChunksConsumer(StatelessConsumer[T]):
    """One list per leaf, returned as an ordered list of lists."""

    __slots__ = ()

    def to_reducer(self) -> Reducer[Any]:
        return _concat

    def into_folder(self) -> Folder[T, Any]:
        return ListChunksFolder()


def _concat(left: list[Any], right: list[Any]) -> list[Any]:
    left.extend(right)
    return left


class ListChunksFolder(Folder[T, list[list[T]]]):
    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[T] = []

    def consume_iter(self, iterator: Iterator[T]) -> None:
        self.items.extend(iterator)

    def complete(self) -> list[list[T]]:
        return [self.items] if self.items else []


def flatten_chunks(chunks: list[list[T]]) -> list[T]:
    """Join the ordered per-leaf lists into one list.

    >>> flatten_chunks([[1, 2], [3]])
    [1, 2, 3]
    """
    if len(chunks) == 1:
        return chunks[0]
    return list(itertools.chain.from_iterable(chunks))


class PairConsumer(StatelessConsumer[T], Generic[T]):
    """Two ordered lists per leaf: ``unzip`` and ``partition``."""

    __slots__ = ("pred",)

    def __init__(self, pred: Callable[[T], Any] | None) -> None:
        self.pred = pred  # None: unzip pairs; else partition on pred

    def to_reducer(self) -> Reducer[Any]:
        return _concat_pairs

    def into_folder(self) -> Folder[T, Any]:
        return PairFolder(None if self.pred is None else localize(self.pred))


def _concat_pairs(left: tuple[list[Any], list[Any]], right: tuple[list[Any], list[Any]]) -> Any:
    left[0].extend(right[0])
    left[1].extend(right[1])
    return left


_first = operator.itemgetter(0)
_second = operator.itemgetter(1)


class PairFolder(Folder[T, Any]):
    __slots__ = ("left", "pred", "right")

    def __init__(self, pred: Callable[[T], Any] | None) -> None:
        self.pred = pred
        self.left: list[Any] = []
        self.right: list[Any] = []

    def consume_iter(self, iterator: Iterator[T]) -> None:
        items: list[Any] = list(iterator)
        if self.pred is None:
            for pair in items:
                try:
                    if len(pair) == 2:
                        continue
                except TypeError:
                    raise TypeError(
                        "unzip() needs items that are pairs, got "
                        f"{type(pair).__name__} {pair!r:.60}"
                    ) from None
                raise ValueError(
                    f"unzip() needs items that are pairs, got a {type(pair).__name__} of "
                    f"{len(pair)} items"
                )
            self.left.extend(map(_first, items))
            self.right.extend(map(_second, items))
        else:
            flags = list(map(self.pred, items))
            self.left.extend(itertools.compress(items, flags))
            self.right.extend(itertools.compress(items, map(operator.not_, flags)))

    def complete(self) -> Any:
        return (self.left, self.right)


class ContainerConsumer(StatelessConsumer[T]):
    """One ``dict``/``set``/``Counter`` per leaf; neighbouring pieces merge in order.

    ``left.update(right)`` is what the sequential build would do next: later keys win, a key
    keeps its first position (and its first key object), counts add up, exactly as
    ``dict(iterable)``, ``set(iterable)`` and ``Counter(iterable)`` do.

    >>> left, right, merge = ContainerConsumer(dict).split_at(0)
    >>> merge({"a": 1, "b": 2}, {"a": 3, "c": 4})
    {'a': 3, 'b': 2, 'c': 4}
    """

    __slots__ = ("kind",)

    def __init__(self, kind: type) -> None:
        self.kind = kind  # dict, set or Counter

    def to_reducer(self) -> Reducer[Any]:
        return _merge_sets if self.kind is set else _merge_update

    def into_folder(self) -> Folder[T, Any]:
        return ContainerFolder(self.kind())


def _merge_update(left: Any, right: Any) -> Any:
    left.update(right)
    return left


def _merge_sets(left: set[Any], right: set[Any]) -> set[Any]:
    left |= right
    return left


class ContainerFolder(Folder[T, Any]):
    __slots__ = ("container",)

    def __init__(self, container: Any) -> None:
        self.container = container

    def consume_iter(self, iterator: Iterator[T]) -> None:
        # dict.update(pairs), set.update and Counter.update (C _count_elements) eat the whole
        # iterator in C.
        self.container.update(iterator)

    def complete(self) -> Any:
        return self.container


def collect_container(it: Any, kind: type) -> Any:
    """``dict``, ``set``, ``frozenset`` or ``Counter`` of the items, built in parallel.

    >>> from pariter import par_iter
    >>> collect_container(par_iter([("a", 1), ("b", 2), ("a", 3)]), dict)
    {'a': 3, 'b': 2}
    """
    from pariter.plumbing.execute import execute

    result = execute(it, ContainerConsumer(set if kind is frozenset else kind))
    return frozenset(result) if kind is frozenset else result


def collect_to(it: Any, target: Callable[[list[Any]], Any] | tuple[Any, ...] | None) -> Any:
    """``collect``: a list in sequence order, then handed to ``target`` if one is given.

    A pair of targets (``(list, set)``) collects an iterator of pairs into two collections,
    one from the first halves and one from the second, as Rayon's ``(FromA, FromB)`` does.

    >>> from pariter import par_iter
    >>> collect_to(par_iter("ba"), sorted), collect_to(par_iter("ab"), str)
    (['a', 'b'], 'ab')
    >>> collect_to(par_iter([(1, "x"), (2, "x")]), (list, set))
    ([1, 2], {'x'})
    """
    from pariter.iterators.base import IndexedParallelIterator
    from pariter.plumbing.execute import execute

    if isinstance(target, tuple):  # Rayon's (FromA, FromB): a pair of collections from pairs
        if len(target) != 2 or not all(map(callable, target)):
            raise TypeError(
                "target must be callable, or a pair of callables for an iterator of pairs, got "
                f"a tuple of {', '.join(type(t).__name__ for t in target) or 'nothing'}"
            )
        make_left, make_right = target
        left, right = it.unzip()
        return finish(left, make_left), finish(right, make_right)
    if target is not None and not callable(target):
        raise TypeError(f"target must be callable, got {type(target).__name__}")
    if target is dict or target is set or target is frozenset or target is Counter:
        return collect_container(it, target)
    np = sys.modules.get("numpy")  # only an already imported NumPy can be the target
    if np is not None and (target is np.ndarray or target is np.array or target is np.asarray):
        from pariter.collections.ndarray import collect_array

        return collect_array(it)
    if isinstance(it, IndexedParallelIterator):
        length = it.len()
        items: list[Any] = collect_in_place(lambda c: execute(it, c), length)
    else:
        items = flatten_chunks(execute(it, ListChunksConsumer()))
    return finish(items, target)


def finish(items: list[Any], target: Callable[[list[Any]], Any] | None) -> Any:
    """The collected ``items`` made into what ``target`` names (no target: the list itself).

    >>> finish(["a", "b"], str), finish([1, 1], set)
    ('ab', {1})
    """
    if target is None or target is list:
        return items
    if target is str:
        return "".join(items)
    np = sys.modules.get("numpy")
    if np is not None and target is np.ndarray:
        return np.asarray(items)
    return target(items)


def collect_into_vec(it: Any, target: list[Any]) -> None:
    """Clear ``target``, then write the items of the indexed ``it`` into it in place.

    >>> from pariter import par_iter
    >>> out = [1]; collect_into_vec(par_iter("ab"), out); out
    ['a', 'b']
    """
    from pariter.plumbing.execute import execute

    check_list("target", target)
    target.clear()  # cleared first, so an exception leaves it empty (as Rayon truncates it)
    length = it.len()
    target.extend(itertools.repeat(None, length))
    try:
        written = execute(it, CollectConsumer(target, 0, length))
        if written != length:
            raise RuntimeError(f"expected {length} total writes, but got {written}")
    except BaseException:
        target.clear()
        raise


def check_list(name: str, target: Any) -> None:
    """A ``TypeError`` naming the argument unless ``target`` is a list (written in place)."""
    if not isinstance(target, list):
        raise TypeError(f"{name} must be a list, got {type(target).__name__}")


def unzip_into_vecs(it: Any, left: list[Any], right: list[Any]) -> None:
    """Clear ``left`` and ``right``, then fill them with the halves of the pairs of ``it``.

    Both are cleared first and again on error, so an exception leaves them empty (as
    ``collect_into_vec`` leaves its target).

    >>> from pariter import par_iter
    >>> a, b = [0], []; unzip_into_vecs(par_iter(["ab", "cd"]), a, b); a, b
    (['a', 'c'], ['b', 'd'])
    """
    from pariter.plumbing.execute import execute

    check_list("left", left)
    check_list("right", right)
    if left is right:
        raise ValueError("unzip_into_vecs needs two different lists for left and right")
    left.clear()
    right.clear()
    try:
        lefts, rights = execute(it, PairConsumer(None))
        left.extend(lefts)
        right.extend(rights)
    except BaseException:
        left.clear()
        right.clear()
        raise
