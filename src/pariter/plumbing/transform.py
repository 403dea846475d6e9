"""Adapters that rewrite a leaf's sequential iterator: ``map(f, it)``, ``filter(p, it)``, ...

One :class:`Transform` serves both sides of the plumbing: wrapped around a producer
(:class:`TransformProducer`, for length-preserving transforms of indexed iterators) or around a
consumer (:class:`TransformConsumer`, for everything else).  Either way a leaf runs as one
nested chain of C-level iterators.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from pariter.plumbing.bridge import TimedFolder
from pariter.plumbing.protocols import Consumer, Folder, Producer, WrappingConsumer
from pariter.plumbing.state import call_abort, current_leaf

T = TypeVar("T")
U = TypeVar("U")
R = TypeVar("R")


class Transform(Generic[T, U]):
    """Turns a leaf's iterator of ``T`` into an iterator of ``U``.

    ``leaf()`` is called once per leaf block and returns the callable applied to the iterator
    (with per-leaf state, e.g. ``map_init``'s value or localized user functions).

    >>> from pariter.iterators.map import MapTransform
    >>> list(MapTransform(str).leaf()(iter([1, 2])))
    ['1', '2']
    """

    __slots__ = ()

    #: True for transforms whose output can be far longer than their input (``flat_map_iter``):
    #: their output is fed on in timed blocks, so that one item expanding into millions still
    #: lets the leaf notice an abort.
    EXPANDS = False

    def leaf(self) -> Any:
        """A callable ``iterator -> iterator`` for one leaf."""
        raise NotImplementedError


def leaf_fn(transform: Transform[Any, Any]) -> Any:
    """``transform.leaf()``, made once per leaf: the blocks of one leaf share it.

    >>> from pariter.iterators.map import MapTransform
    >>> list(leaf_fn(MapTransform(str))(iter([1])))
    ['1']
    """
    cache = current_leaf.get()
    if cache is None:
        return transform.leaf()
    key = id(transform)  # the transform lives as long as the leaf's producer
    fn = cache.get(key)
    if fn is None:
        fn = cache[key] = transform.leaf()
    return fn


class TransformProducer(Producer[U], Generic[T, U]):
    """A producer whose pieces iterate through ``transform`` (length-preserving only)."""

    __slots__ = ("base", "transform")

    def __init__(self, base: Producer[T], transform: Transform[T, U]) -> None:
        self.base = base
        self.transform = transform

    def __len__(self) -> int:
        return self.base.__len__()  # length_of's body (past sys.maxsize), one frame fewer

    def split_at(self, index: int) -> tuple[Producer[U], Producer[U]]:
        left, right = self.base.split_at(index)
        return TransformProducer(left, self.transform), TransformProducer(right, self.transform)

    def into_iter(self) -> Iterator[U]:
        return leaf_fn(self.transform)(self.base.into_iter())  # type: ignore[no-any-return]

    def into_rev_iter(self) -> Iterator[U]:
        return leaf_fn(self.transform)(self.base.into_rev_iter())  # type: ignore[no-any-return]

    def min_len(self) -> int:
        return self.base.min_len()

    def max_len(self) -> int:
        return self.base.max_len()


class TransformConsumer(WrappingConsumer[T, R], Generic[T, U, R]):
    """A consumer that passes each leaf iterator through ``transform`` to its base."""

    __slots__ = ("transform",)

    def __init__(self, base: Consumer[U, R], transform: Transform[T, U]) -> None:
        super().__init__(base)
        self.transform = transform

    def rewrap(self, base: Consumer[Any, R]) -> Consumer[T, R]:
        return TransformConsumer(base, self.transform)

    def into_folder(self) -> Folder[T, R]:
        base = self.base.into_folder()
        if self.transform.EXPANDS:
            base = TimedFolder(base, call_abort(), self.base.short_circuit)
        return TransformFolder(base, self.transform.leaf())


class TransformFolder(Folder[T, R]):
    """Feeds ``fn(iterator)`` to the base folder."""

    __slots__ = ("base", "fn")

    def __init__(self, base: Folder[Any, R], fn: Any) -> None:
        self.base = base
        self.fn = fn

    def consume_iter(self, iterator: Iterator[T]) -> None:
        self.base.consume_iter(self.fn(iterator))

    def complete(self) -> R:
        return self.base.complete()

    def full(self) -> bool:
        return self.base.full()
