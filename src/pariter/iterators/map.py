"""``map``, ``map_with``, ``map_init``, ``inspect``, ``update``, ``copied``, ``cloned``.

All keep indexedness: on a leaf they are one C-level ``map(f, it)`` around the source iterator.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from pariter.plumbing.localize import localize
from pariter.plumbing.transform import Transform

T = TypeVar("T")
U = TypeVar("U")
S = TypeVar("S")


class MapTransform(Transform[T, U]):
    """``map(f, it)``.

    >>> list(MapTransform(abs).leaf()(iter([-1, 2])))
    [1, 2]
    """

    __slots__ = ("f",)

    def __init__(self, f: Callable[[T], U]) -> None:
        self.f = f

    def leaf(self) -> Any:
        return functools.partial(map, localize(self.f))

    def __repr__(self) -> str:
        return f"map({_describe(self.f)})"


def clone_state(state: S) -> S:
    """Rust's ``Clone`` for per-piece state: a shallow copy, or the object itself when it
    cannot be copied (queues, locks, connections: shared, like a cloned channel ``Sender``).

    >>> a = [1]; clone_state(a) is a, clone_state(a) == a
    (False, True)
    """
    try:
        return copy.copy(state)
    except TypeError:
        return state


class MapWithTransform(Transform[T, U]):
    """``map(partial(f, state), it)``; ``state`` is a shallow copy of ``init`` per leaf.

    Rayon clones ``init`` whenever a job splits; ``copy.copy`` is the Python ``Clone``.

    >>> list(MapWithTransform([], lambda s, x: s.append(x) or len(s)).leaf()(iter("ab")))
    [1, 2]
    """

    __slots__ = ("f", "init")

    def __init__(self, init: S, f: Callable[[S, T], U]) -> None:
        self.init = init
        self.f = f

    def leaf(self) -> Any:
        return functools.partial(map, functools.partial(localize(self.f), clone_state(self.init)))

    def __repr__(self) -> str:
        return f"map_with({_describe(self.init)}, {_describe(self.f)})"


class MapInitTransform(Transform[T, U]):
    """``map(partial(f, init()), it)``: ``init()`` runs once per leaf (or block) of work.

    >>> list(MapInitTransform(lambda: 10, lambda s, x: s + x).leaf()(iter([1, 2])))
    [11, 12]
    """

    __slots__ = ("f", "init")

    def __init__(self, init: Callable[[], S], f: Callable[[S, T], U]) -> None:
        self.init = init
        self.f = f

    def leaf(self) -> Any:
        return functools.partial(map, functools.partial(localize(self.f), self.init()))

    def __repr__(self) -> str:
        return f"map_init({_describe(self.init)}, {_describe(self.f)})"


class InspectTransform(Transform[T, T]):
    """Calls ``f(item)`` for its side effect (or in-place update) and passes the item on.

    >>> seen = []
    >>> list(InspectTransform(seen.append).leaf()(iter([1, 2]))), seen
    ([1, 2], [1, 2])
    """

    __slots__ = ("f",)

    def __init__(self, f: Callable[[T], Any]) -> None:
        self.f = f

    def leaf(self) -> Any:
        f = localize(self.f)

        def step(item: T) -> T:
            f(item)
            return item

        return functools.partial(map, step)

    def __repr__(self) -> str:
        return f"inspect({_describe(self.f)})"


class CopyTransform(Transform[T, T]):
    """``copied()``/``cloned()``: a shallow copy of every item (Rust's ``Clone``).

    >>> a = [1]; b = list(CopyTransform().leaf()(iter([a])))[0]; b == a and b is not a
    True
    """

    __slots__ = ()

    def leaf(self) -> Any:
        return functools.partial(map, copy.copy)

    def __repr__(self) -> str:
        return "copied()"


class UpdateTransform(InspectTransform[T]):
    """``update(f)``: the same leaves as ``inspect``; only the repr says what was written."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"update({_describe(self.f)})"


class ClonedTransform(CopyTransform[T]):
    """``cloned()``: the same leaves as ``copied``; only the repr says what was written."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "cloned()"


def _describe(value: Any) -> str:
    from pariter.iterators.base import describe_arg  # base imports this module

    return describe_arg(value)
