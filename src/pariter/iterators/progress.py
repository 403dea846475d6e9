"""``progress(desc=None, total=None)``: a tqdm bar that advances as items pass this step.

Counting never costs a Python call per item.  An indexed step counts on the producer side: a
piece that its step has learned to be quick (its items take less than :data:`PACE` seconds
together) is counted as its iterator is handed out, in one ``add(len)``; longer pieces are
walked in sub-pieces (``islice`` of the one leaf iterator) counted one by one as they start,
so slow items still move the bar every fraction of a second.  An unindexed step counts on the
consumer side, in blocks of at most :data:`MAX_LIST` items pulled with ``list(islice(...))``.

Counts go to one :class:`~pariter.plumbing.state.Progress` object per step, never to the bar:
producers and consumers only hold that object, which a process or Dask backend substitutes
like the other shared state.  The bar is made on the caller's side when a terminal operation
starts and closed when it ends, also on error (see :func:`tracking`); iterating a chain does
the same around the whole loop.
"""

from __future__ import annotations

import importlib
import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pariter.iterators.base import IndexedParallelIterator, ParallelIterator, describe_arg
from pariter.plumbing.protocols import Consumer, Folder, Producer, WrappingConsumer, length_of
from pariter.plumbing.state import Progress

T = TypeVar("T")
R = TypeVar("R")

#: A (sub-)piece of items is counted in one go when it takes less than this many seconds; a
#: step doubles its piece size while pieces take less than half of it, halves it above twice.
PACE = 0.05
#: The largest piece size a step grows to (a count at least every this many items).
MAX_PIECE = 1 << 20
#: The largest block an unindexed step holds in a list before passing it on.
MAX_LIST = 4096

_clock = time.perf_counter


class Pace:
    """How many items one step counts at once, learned from how long pieces take.

    A hint shared by the pieces of one run (a backend may copy it: each copy learns alone).

    >>> p = Pace(); p.learn(1, 0.0); p.learn(2, 1.0); p.size
    1
    """

    __slots__ = ("size",)

    def __init__(self) -> None:
        self.size = 1

    def learn(self, size: int, elapsed: float) -> None:
        """A piece of ``size`` items took ``elapsed`` seconds: grow or shrink the next ones."""
        if elapsed < PACE / 2:
            if size >= self.size and size < MAX_PIECE:
                self.size = size * 2
        elif elapsed > PACE * 2 and size > 1:
            self.size = size // 2


def _paced(it: Iterator[T], n: int, progress: Progress, pace: Pace) -> Iterator[Iterator[T]]:
    """``n`` items of ``it`` as consecutive ``islice`` pieces, each counted as it is handed out.

    Counting a piece when it starts (it lasts about ``PACE`` at most) rather than when it ends
    keeps the count exact when the consumer never asks past the last item (``zip`` stops when
    its other side ends, ``take`` stops at its bound).
    """
    while n > 0:
        k = min(pace.size, n)
        progress.add(k)
        start = _clock()
        yield itertools.islice(it, k)
        # Resumed by chain.from_iterable: the downstream consumer used all k items.
        pace.learn(k, _clock() - start)
        n -= k


class ProgressProducer(Producer[T]):
    """``base``, counting its items into ``progress`` as pieces are used."""

    __slots__ = ("base", "pace", "progress")

    def __init__(self, base: Producer[T], progress: Progress, pace: Pace) -> None:
        self.base = base
        self.progress = progress
        self.pace = pace

    def __len__(self) -> int:
        return self.base.__len__()

    def split_at(self, index: int) -> tuple[Producer[T], Producer[T]]:
        left, right = self.base.split_at(index)
        return (
            ProgressProducer(left, self.progress, self.pace),
            ProgressProducer(right, self.progress, self.pace),
        )

    def into_iter(self) -> Iterator[T]:
        return self._counted(self.base.into_iter())

    def into_rev_iter(self) -> Iterator[T]:
        return self._counted(self.base.into_rev_iter())

    def _counted(self, it: Iterator[T]) -> Iterator[T]:
        n = length_of(self.base)
        if n <= self.pace.size:
            # A quick piece: counting it now or when it is used up looks the same on the bar.
            self.progress.add(n)
            return it
        return itertools.chain.from_iterable(_paced(it, n, self.progress, self.pace))

    def min_len(self) -> int:
        return self.base.min_len()

    def max_len(self) -> int:
        return self.base.max_len()


class ProgressConsumer(WrappingConsumer[T, R]):
    """Counts the items passed on to ``base`` (for unindexed chains)."""

    __slots__ = ("pace", "progress")

    def __init__(self, base: Consumer[T, R], progress: Progress, pace: Pace) -> None:
        super().__init__(base)
        self.progress = progress
        self.pace = pace

    def rewrap(self, base: Consumer[Any, R]) -> Consumer[T, R]:
        return ProgressConsumer(base, self.progress, self.pace)

    def into_folder(self) -> Folder[T, R]:
        return ProgressFolder(self.base.into_folder(), self.progress, self.pace)


class ProgressFolder(Folder[T, R]):
    """Passes items on in counted lists of up to ``pace.size`` (at most ``MAX_LIST``) items."""

    __slots__ = ("base", "pace", "progress")

    def __init__(self, base: Folder[T, R], progress: Progress, pace: Pace) -> None:
        self.base = base
        self.progress = progress
        self.pace = pace

    def consume_iter(self, iterator: Iterator[T]) -> None:
        base, progress, pace = self.base, self.progress, self.pace
        while True:
            size = min(pace.size, MAX_LIST)
            start = _clock()
            block = list(itertools.islice(iterator, size))
            if not block:
                return
            base.consume_iter(iter(block))
            progress.add(len(block))
            if len(block) < size:
                return
            pace.learn(size, _clock() - start)
            if base.full():
                return

    def consume(self, item: T) -> None:
        self.base.consume(item)
        self.progress.add(1)

    def complete(self) -> R:
        return self.base.complete()

    def full(self) -> bool:
        return self.base.full()


class ProgressStep:
    """What both progress adapters share: the options of the bar and its counter."""

    base: ParallelIterator[Any]
    desc: str | None
    total: int | None
    options: dict[str, Any]
    tally: Progress
    #: Only the step the user made opens bars.  Copies (the pieces that iterating runs, chains
    #: unpickled in a worker process) count into the same counter but never open a bar of
    #: their own, so no stray bar appears after a loop is left or in a worker.
    owner: bool = True

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["owner"] = False
        return state

    def make_bar(self) -> Any:
        """A new tqdm bar for one run (``total``: the chain's length when known)."""
        tqdm = importlib.import_module("tqdm.auto").tqdm  # optional: pariter[progress]
        total = self.base.opt_len() if self.total is None else self.total
        return tqdm(desc=self.desc, total=total, **self.options)

    def describe_step(self) -> str:
        args = [f"{k}={describe_arg(v)}" for k, v in self._arguments().items() if v is not None]
        return f"{self.base!r}.progress({', '.join(args)})"

    def _arguments(self) -> dict[str, Any]:
        return {"desc": self.desc, "total": self.total, **self.options}


class ProgressIter(ProgressStep, ParallelIterator[T]):
    """``it.progress()`` on an unindexed iterator: counted on the consumer side.

    >>> import io, pariter as pi
    >>> pi.into_par_iter(range(10)).filter(lambda x: x % 2).progress(file=io.StringIO()).sum()
    25
    """

    PIECEWISE = True

    def __init__(
        self, base: ParallelIterator[T], desc: str | None, total: int | None, options: Any
    ) -> None:
        self.base = base
        self.desc = desc
        self.total = total
        self.options = options
        self.tally = Progress()

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        return self.base.drive_unindexed(ProgressConsumer(consumer, self.tally, Pace()))

    def opt_len(self) -> int | None:
        return self.base.opt_len()

    def __repr__(self) -> str:
        return self.describe_step()


class IndexedProgressIter(ProgressStep, IndexedParallelIterator[T]):
    """``it.progress()`` on an indexed iterator: counted on the producer side, stays indexed.

    >>> import io, pariter as pi
    >>> pi.into_par_iter(range(10)).progress(file=io.StringIO()).rev().take(3).collect()
    [9, 8, 7]
    """

    PIECEWISE = True
    base: IndexedParallelIterator[T]

    def __init__(
        self, base: IndexedParallelIterator[T], desc: str | None, total: int | None, options: Any
    ) -> None:
        self.base = base
        self.desc = desc
        self.total = total
        self.options = options
        self.tally = Progress()

    def len(self) -> int:
        return self.base.len()

    def producer(self) -> Producer[T]:
        return ProgressProducer(self.base.producer(), self.tally, Pace())

    def __repr__(self) -> str:
        return self.describe_step()


#: Set once any chain has a progress step: before that, terminal operations skip the search.
made = False


def make_progress(
    base: ParallelIterator[T], desc: str | None, total: int | None, options: dict[str, Any]
) -> ParallelIterator[T]:
    """``base.progress(desc, total, **options)``: indexed when ``base`` is.

    >>> import io, pariter as pi
    >>> it = make_progress(pi.par_iter([1, 2, 3]), "adding", None, {"file": io.StringIO()})
    >>> it.sum(), it.tally.count, it
    (6, 3, par_iter(list[3]).progress(desc='adding', file=StringIO))
    """
    global made
    try:
        importlib.import_module("tqdm.auto")
    except ImportError:
        raise ImportError(
            "progress() needs tqdm, which is not installed: pip install 'pariter[progress]' "
            "(or pip install tqdm)"
        ) from None
    if desc is not None and not isinstance(desc, str):
        raise TypeError(f"desc must be a str or None, got {type(desc).__name__}")
    if total is not None and (not isinstance(total, int) or isinstance(total, bool) or total < 0):
        raise TypeError(f"total must be an int >= 0 or None, got {total!r}")
    made = True
    if isinstance(base, IndexedParallelIterator):
        return IndexedProgressIter(base, desc, total, options)
    return ProgressIter(base, desc, total, options)


def progress_steps(*chains: ParallelIterator[Any]) -> list[ProgressStep]:
    """The progress steps of ``chains`` (searched through every parallel iterator they hold).

    >>> import io, pariter as pi
    >>> a = pi.par_iter([1]).progress(file=io.StringIO())
    >>> len(progress_steps(a.zip(pi.par_iter([2]).progress(file=io.StringIO())).map(str)))
    2
    """
    found: list[ProgressStep] = []
    seen: set[int] = set()
    todo: list[Any] = list(chains)
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ProgressStep) and node.owner:
            found.append(node)
        attributes = getattr(node, "__dict__", {}).values()
        todo.extend(v for v in attributes if isinstance(v, ParallelIterator))
    return found


@contextmanager
def tracking(*chains: ParallelIterator[Any]) -> Iterator[None]:
    """Open the bars of the progress steps of ``chains`` for one terminal operation; close them
    after, also on error.

    >>> import io, pariter as pi
    >>> it = pi.into_par_iter(range(5)).progress(file=io.StringIO())
    >>> with tracking(it):
    ...     it.tally.bar is not None
    True
    >>> it.tally.bar is None
    True
    """
    steps = progress_steps(*chains) if made else []
    opened: list[ProgressStep] = []
    try:
        for step in steps:
            step.tally.open(step.make_bar)
            opened.append(step)
        yield
    finally:
        for step in reversed(opened):
            step.tally.close()


def tracked_stream(it: ParallelIterator[T], items: Iterator[T]) -> Iterator[T]:
    """``items`` (the stream of ``it``) with its bars open until the loop ends or is left."""
    with tracking(it):
        yield from items
