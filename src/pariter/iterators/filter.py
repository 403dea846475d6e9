"""``filter`` and ``filter_map``: ``filter(p, it)`` per leaf; the result is unindexed."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, TypeVar

from pariter.plumbing.localize import localize
from pariter.plumbing.transform import Transform

T = TypeVar("T")
U = TypeVar("U")

_is_not_none = functools.partial(operator.is_not, None)


class FilterTransform(Transform[T, T]):
    """``filter(pred, it)``.

    >>> list(FilterTransform(bool).leaf()(iter([0, 1, 2])))
    [1, 2]
    """

    __slots__ = ("pred",)

    def __init__(self, pred: Callable[[T], Any]) -> None:
        self.pred = pred

    def leaf(self) -> Any:
        return functools.partial(filter, localize(self.pred))

    def __repr__(self) -> str:
        return f"filter({_describe(self.pred)})"


class FilterMapTransform(Transform[T, U]):
    """``filter(is-not-None, map(f, it))``: drops the items for which ``f`` returns ``None``.

    >>> list(FilterMapTransform(lambda x: x or None).leaf()(iter([0, 1, False, 2])))
    [1, 2]
    """

    __slots__ = ("f",)

    def __init__(self, f: Callable[[T], U | None]) -> None:
        self.f = f

    def leaf(self) -> Any:
        f = localize(self.f)
        return lambda it: filter(_is_not_none, map(f, it))

    def __repr__(self) -> str:
        return f"filter_map({_describe(self.f)})"


def _describe(value: Any) -> str:
    from pariter.iterators.base import describe_arg  # base imports this module

    return describe_arg(value)
