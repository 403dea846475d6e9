"""NumPy arrays: ``par_iter(arr)`` over the first axis, and ``collect`` into an array.

NumPy is optional: nothing here imports it at module level, and callers reach this module only
after seeing an ``ndarray`` (so NumPy is already imported).  ``par_chunks``/``par_chunks_mut``
on arrays live with the other slice iterators (:mod:`pariter.collections.slices`): they slice
the first axis, which gives views.  Work on whole chunks (ufuncs, reductions) releases the GIL
inside NumPy, so it runs in parallel even on GIL builds; item-by-item Python work does not.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pariter.collections.sequence import SequenceIter, SequenceProducer
from pariter.iterators.reduce import StatelessConsumer
from pariter.plumbing.protocols import Folder, Producer, Reducer

if TYPE_CHECKING:
    import numpy

T = TypeVar("T")


class ArrayIter(SequenceIter[Any]):
    """``par_iter(arr)``: the items of the first axis (rows, or NumPy scalars for 1-d arrays).

    >>> import numpy as np, pariter as pi
    >>> pi.par_iter(np.arange(6).reshape(3, 2)).map(lambda row: int(row.sum())).collect()
    [1, 5, 9]
    """

    def __init__(self, arr: numpy.ndarray[Any, Any]) -> None:
        if arr.ndim == 0:
            raise TypeError("source must be iterable, got a 0-d NumPy array")
        super().__init__(arr)  # type: ignore[arg-type]

    def producer(self) -> Producer[Any]:
        # Kind 1: a leaf iterates a view of its rows (iter(arr[a:b])), no copy and no per-item
        # Python indexing.
        return SequenceProducer(self.seq, 0, len(self.seq), 1)


class ArrayBlocksConsumer(StatelessConsumer[Any]):
    """Each leaf converts its items to an array (in parallel); pieces stay ordered."""

    __slots__ = ()

    def to_reducer(self) -> Reducer[Any]:
        return _concat

    def into_folder(self) -> Folder[Any, Any]:
        return ArrayBlocksFolder()


def _concat(left: list[Any], right: list[Any]) -> list[Any]:
    left.extend(right)
    return left


class ArrayBlocksFolder(Folder[Any, list[tuple[list[Any], Any]]]):
    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Any] = []

    def consume_iter(self, iterator: Iterator[Any]) -> None:
        self.items.extend(iterator)

    def complete(self) -> list[tuple[list[Any], Any]]:
        import numpy as np

        items = self.items
        if not items:
            return []
        try:
            block = np.array(items)
        except ValueError:
            block = None  # e.g. ragged: the whole conversion decides, below
        return [(items, block)]


def collect_array(it: Any) -> numpy.ndarray[Any, Any]:
    """The items of ``it`` as one array, equal to ``numpy.array(it.collect())``.

    Leaves convert their own items; when every block agrees on dtype and row shape the blocks
    are concatenated (a copy at memory speed), otherwise the items are converted together so
    that NumPy's type promotion sees them all, exactly as ``numpy.array`` does.

    >>> import numpy as np, pariter as pi
    >>> pi.into_par_iter(range(4)).map(lambda x: x * 0.5).collect(np.ndarray)
    array([0. , 0.5, 1. , 1.5])
    """
    import numpy as np

    from pariter.plumbing.execute import execute

    pieces: list[tuple[list[Any], Any]] = execute(it, ArrayBlocksConsumer())
    blocks = [block for _, block in pieces]
    if not blocks:
        return np.array([])
    first = blocks[0]
    if all(
        b is not None and b.dtype == first.dtype and b.shape[1:] == first.shape[1:] for b in blocks
    ):
        return first if len(blocks) == 1 else np.concatenate(blocks)
    return np.array(list(itertools.chain.from_iterable(items for items, _ in pieces)))
