"""Dicts and dict views (Rayon's ``hash_map``): indexed, in the dict's own (insertion) order.

``par_iter(d)`` and ``into_par_iter(d)`` give ``(key, value)`` pairs, ``par_iter(d.keys())``,
``par_iter(d.values())`` and ``par_iter(d.items())`` what those views give.  The order is the
dict's, so these are indexed iterators: ``zip``, ``enumerate``, ``rev`` and ordered ``collect``
all mean what they mean on ``list(d.items())``.  Each call reads a snapshot (see
:mod:`pariter.collections.snapshot`), and raises ``dictionary changed size during iteration``
like a ``for`` loop when the dict grows or shrinks meanwhile.
"""

from __future__ import annotations

from collections.abc import ItemsView, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

from pariter.collections.snapshot import SnapshotIter, as_list
from pariter.iterators.base import IndexedParallelIterator

K = TypeVar("K")
V = TypeVar("V")


def keys_and_values(mapping: Mapping[Any, Any]) -> tuple[list[Any], list[Any]]:
    """Two lists in the mapping's order: its keys and its values (pairs are zipped per leaf).

    >>> keys_and_values({"a": 1, "b": 2})
    (['a', 'b'], [1, 2])
    """
    return list(mapping), list(mapping.values())


def _view_items(view: ItemsView[Any, Any]) -> tuple[list[Any], ...]:
    mapping = getattr(view, "mapping", None)  # the dict behind a dict_items view (3.10+)
    if mapping is None:
        return as_list(view)
    return keys_and_values(mapping)


def mapping_iter(source: Mapping[K, V]) -> IndexedParallelIterator[tuple[K, V]]:
    """``par_iter(mapping)``: its ``(key, value)`` pairs, in its order.

    >>> from collections import Counter
    >>> mapping_iter(Counter("abca")).collect()
    [('a', 2), ('b', 1), ('c', 1)]
    """
    return SnapshotIter(source, keys_and_values)


def view_iter(view: Any) -> IndexedParallelIterator[Any]:
    """``par_iter`` of a ``keys()``, ``values()`` or ``items()`` view: what the view yields.

    >>> d = {"a": 1, "b": 2}
    >>> view_iter(d.keys()).collect(), view_iter(d.values()).sum(), view_iter(d.items()).len()
    (['a', 'b'], 3, 2)
    """
    if isinstance(view, ItemsView):
        return SnapshotIter(view, _view_items)
    return SnapshotIter(view, as_list)


def is_view(source: Any) -> bool:
    """True for mapping views (``d.keys()``, ``d.values()``, ``d.items()`` and their ABCs).

    >>> is_view({}.values()), is_view({}.keys()), is_view(set())
    (True, True, False)
    """
    return isinstance(source, (KeysView, ValuesView, ItemsView))
