"""``partition_map`` and its ``Left``/``Right`` results (Rust's ``Either``)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

T = TypeVar("T")
L = TypeVar("L")
Rt = TypeVar("Rt")


class Left(NamedTuple, Generic[L]):
    """A value for the first list of ``partition_map``.

    >>> Left(3).value
    3
    """

    value: L


class Right(NamedTuple, Generic[Rt]):
    """A value for the second list of ``partition_map``.

    >>> Right("x").value
    'x'
    """

    value: Rt


Either = Left[L] | Right[Rt]


def _tag(f: Callable[[Any], Any], item: Any) -> tuple[bool, Any]:
    result = f(item)
    if type(result) is Left:
        return True, result.value
    if type(result) is Right:
        return False, result.value
    raise TypeError(f"partition_map's function must return Left(x) or Right(y), got {result!r}")


def partition_map(it: Any, f: Callable[[Any], Any]) -> tuple[list[Any], list[Any]]:
    """Run ``f`` on every item; ``Left`` values go to the first list, ``Right`` ones to the second.

    >>> from pariter import par_iter
    >>> partition_map(par_iter("a1b"), lambda c: Right(int(c)) if c.isdigit() else Left(c))
    (['a', 'b'], [1])
    """
    tagged = it.map(functools.partial(_tag, f))
    sides, rights = tagged.partition(operator.itemgetter(0))
    return [v for _, v in sides], [v for _, v in rights]
