"""``try_reduce``, ``try_reduce_with`` and the ``try_for_each`` family: reductions that stop.

``try_reduce`` takes ``Option``'s meaning (DESIGN.md, "Python mapping"): a ``None`` item, or
``op`` returning ``None``, stops the leaf and raises a flag shared by every piece, so the others
stop before their next split or block; the result is then ``None``.  ``try_for_each`` takes
``Result``'s: ``f`` returning ``None`` means go on and the first other value is the answer, which
is ``find_any`` over the results (Rayon builds it on ``try_reduce`` the same way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pariter.iterators.find import FindAnyConsumer
from pariter.iterators.reduce import MISSING, StatelessConsumer
from pariter.iterators.try_fold import fold_while_some, is_not_none
from pariter.plumbing.execute import execute
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Folder, Reducer
from pariter.plumbing.state import Flag

T = TypeVar("T")


class TryReduceConsumer(StatelessConsumer[T]):
    """``try_reduce(identity, op)``, or ``try_reduce_with(op)`` when ``identity`` is None (then
    ``MISSING`` stands for an empty piece, as in ``reduce_with``)."""

    __slots__ = ("identity", "op", "stopped")
    short_circuit = True

    def __init__(
        self, identity: Callable[[], T] | None, op: Callable[[T, T], T | None], stopped: Flag
    ) -> None:
        self.identity = identity
        self.op = op
        self.stopped = stopped

    def full(self) -> bool:
        return self.stopped.value

    def to_reducer(self) -> Reducer[Any]:
        op = self.op

        def reducer(left: Any, right: Any) -> Any:
            if left is MISSING:
                return right
            if right is MISSING:
                return left
            if left is None or right is None:
                return None
            return op(left, right)

        return reducer

    def into_folder(self) -> Folder[T, Any]:
        start = MISSING if self.identity is None else self.identity()
        return TryReduceFolder(localize(self.op), start, self.stopped)


class TryReduceFolder(Folder[T, Any]):
    __slots__ = ("acc", "op", "stopped")

    def __init__(self, op: Callable[[T, T], T | None], acc: Any, stopped: Flag) -> None:
        self.op = op
        self.acc = acc
        self.stopped = stopped

    def consume_iter(self, iterator: Iterator[T]) -> None:
        if self.acc is None:
            return
        if self.acc is MISSING:
            self.acc = next(iterator, MISSING)
            if self.acc is MISSING:
                return
        stopped = self.acc is None
        if not stopped:
            self.acc, stopped = fold_while_some(self.acc, self.op, iterator, True)
        if stopped:
            self.acc = None
            self.stopped.set()

    def complete(self) -> Any:
        return self.acc

    def full(self) -> bool:
        return self.acc is None or self.stopped.value


def try_reduce(it: Any, identity: Callable[[], T] | None, op: Callable[[T, T], T | None]) -> Any:
    """Run ``TryReduceConsumer`` over ``it``; ``None`` when stopped (or empty, without identity).

    >>> from pariter import par_iter
    >>> try_reduce(par_iter([1, 2, 3]), int, lambda a, b: a + b)
    6
    >>> try_reduce(par_iter([1, None, 3]), int, lambda a, b: a + b) is None
    True
    """
    result = execute(it, TryReduceConsumer(identity, op, Flag()))
    return None if result is MISSING else result


def try_for_each(it: Any) -> Any:
    """The first non-``None`` item of ``it`` that some piece reached (every piece stops once one
    is found), else ``None``: ``try_for_each`` over the results of its ``f``.

    >>> from pariter import par_iter
    >>> try_for_each(par_iter([None, None])) is None, try_for_each(par_iter([None, "err"]))
    (True, 'err')
    """
    result = execute(it, FindAnyConsumer(is_not_none, Flag()))
    return None if result is MISSING else result
