"""What a pool remembers of a chain's cost per item, from one call to the next.

A process pool sizes its pieces from measured time (:class:`~.pieces.Sizer`).  A call that
knows nothing yet starts with pieces of two items to measure, and needs a few round trips
before its pieces are of the size it aims for: about a millisecond per call on a 2-core
machine, 2-3% of a 40 ms call.  A chain run again on the same pool (a loop calling the same
code, a warm pool serving requests) starts instead from what its last call measured, as
joblib's auto batching keeps its batch size while a ``Parallel`` stays open.

A remembered cost is only a first guess: the first piece measured replaces it, and a piece
is never more than a share of what is left (``Sizer.target``), so a guess that is wrong
(the same code over much costlier data) costs balance within that one call, never more.

"The same chain" is :func:`chain_key`: the pariter classes a call's producer and consumer are
made of, and the code of the functions in them (a lambda built again for every call has the
same code), not the data.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Hashable
from types import FunctionType, MethodType
from typing import Any

#: Chains remembered per pool (least recently used forgotten first).
REMEMBERED_CHAINS = 256
#: Objects :func:`chain_key` looks at, at most (a chain is a few dozen).
KEY_OBJECTS = 200
#: Tuples of at most this many entries are looked into (a zip's producers), longer ones are data.
KEY_TUPLE = 8


class CostMemory:
    """Seconds per item of the chains a pool ran, by :func:`chain_key`.

    >>> memory = CostMemory()
    >>> memory.recall("chain") is None
    True
    >>> memory.learn("chain", items=1000, seconds=0.002)
    >>> memory.recall("chain")
    2e-06
    """

    def __init__(self, size: int = REMEMBERED_CHAINS) -> None:
        self._size = size
        self._costs: collections.OrderedDict[Hashable, float] = collections.OrderedDict()

    def recall(self, key: Hashable) -> float | None:
        """The seconds per item the last call of ``key`` measured, or None."""
        cost = self._costs.get(key)
        if cost is not None:
            self._costs.move_to_end(key)
        return cost

    def learn(self, key: Hashable, items: int, seconds: float) -> None:
        """A call of ``key`` ran ``items`` items in ``seconds`` (nothing learnt from none)."""
        if items <= 0 or seconds <= 0:
            return
        self._costs[key] = seconds / items
        self._costs.move_to_end(key)
        while len(self._costs) > self._size:
            self._costs.popitem(last=False)


def chain_key(*parts: Any) -> tuple[Hashable, ...]:
    """What identifies a chain's cost: its pariter classes and its functions' code.

    Looks into pariter objects (their slots and attributes), small tuples and
    ``functools.partial``; never into the user's data (a list, an array, a big tuple).

    >>> from pariter.collections.range import RangeProducer
    >>> from pariter.iterators.map import MapTransform
    >>> from pariter.iterators.reduce import SumConsumer
    >>> from pariter.plumbing.transform import TransformProducer
    >>> def key(n, f):  # what ``range(n)`` ... ``.map(f).sum()`` hands to its pool
    ...     producer = TransformProducer(RangeProducer(0, 1, n), MapTransform(f))
    ...     return chain_key(producer, SumConsumer())
    >>> def plus(k):
    ...     return lambda x: x + k  # a new function each call, the same code
    >>> key(10, plus(1)) == key(10**6, plus(2)), key(10, plus(1)) == key(10, abs)
    (True, False)
    """
    key: list[Any] = []  # (hashable: classes, code objects, names)
    todo = list(parts)
    for _ in range(KEY_OBJECTS):
        if not todo:
            break
        obj = todo.pop()
        kind = type(obj)
        if kind is FunctionType:  # a Python function or lambda: its code, not its closure
            key.append(obj.__code__)
        elif kind is tuple and len(obj) <= KEY_TUPLE:
            todo.extend(obj)
        elif kind is functools.partial:
            todo.append(obj.func)
        elif kind is MethodType:
            todo.append(obj.__func__)
        elif str(getattr(kind, "__module__", "")).startswith("pariter."):
            key.append(kind)
            todo.extend(_attributes(obj))
        elif callable(obj):  # a builtin (len, str, operator.add), a class, a callable object
            key.append((kind, _name(obj)))
    return tuple(key)


def _name(obj: Any) -> str | None:
    try:  # (a user's object may answer attribute lookups with anything, or raise)
        name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    except Exception:
        return None
    return name if isinstance(name, str) else None


def _attributes(obj: Any) -> list[Any]:
    kind: Any = type(obj)
    values = [getattr(obj, name, None) for name in _slot_names(kind)]
    values.extend(getattr(obj, "__dict__", {}).values())
    return values


@functools.cache
def _slot_names(kind: Any) -> tuple[str, ...]:
    names: list[str] = []
    for klass in kind.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else slots)
    return tuple(name for name in names if name not in ("__dict__", "__weakref__"))
