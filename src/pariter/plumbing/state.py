"""Small shared objects that let pieces of one parallel call signal each other.

They are kept apart from producers and consumers so that a backend that ships pieces to other
processes can replace them with its own shared flags.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

R = TypeVar("R")


class Flag:
    """A boolean shared by every piece of one call (Rayon's ``AtomicBool``).

    Reading and writing one attribute is atomic in CPython, with or without the GIL.

    >>> f = Flag(); f.set(); f.value
    True
    """

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = False

    def set(self) -> None:
        """Raise the flag (it is never lowered)."""
        self.value = True


class Abort:
    """Stops every piece of one call after user code raised; keeps the first exception.

    This is an always-on ``panic_fuse``: the bridge checks ``value`` before each split and
    between blocks of a leaf, so the other pieces stop soon after the first exception.

    >>> a = Abort(); a.fail(ValueError("x")); a.fail(KeyError("y")); type(a.exc).__name__
    'ValueError'
    """

    __slots__ = ("exc", "site", "unsplit", "value", "work")

    def __init__(self, unsplit: bool = False) -> None:
        self.value = False
        self.exc: BaseException | None = None
        #: Run the call as one leaf, in sequence order, nested bridges included (a streamed
        #: piece: its items before a failing one are exactly the sequential loop's).
        self.unsplit = unsplit
        #: Where user code made the call, when made from outside the pool: what a small
        #: call's cost is remembered by (``plumbing/caller.py``).
        self.site: Any = None
        #: Seconds the call's leaves took, summed: its work, without the pool's overhead.
        self.work = 0.0

    def fail(self, exc: BaseException) -> None:
        """Record ``exc`` if it is the first, and stop the call."""
        if self.exc is None:
            with _first_failure:  # one lock for every call: failing is rare, calls are not
                if self.exc is None:
                    self.exc = exc
        self.value = True

    def combine(self, reducer: Callable[[R, R], R], left: R, right: R) -> R:
        """``reducer(left, right)``, unless the call is aborting; a reducer's failure aborts it.

        >>> stopping = Abort(); stopping.value = True
        >>> Abort().combine(max, 1, 2), stopping.combine(max, 1, 2)
        (2, 1)
        """
        if self.value:
            # The results are partial and an exception is on its way up: do not call user
            # reducers on them.
            return left
        try:
            return reducer(left, right)
        except BaseException as exc:
            self.fail(exc)
            raise


_first_failure = threading.Lock()

#: The abort state of the parallel call running here (set by ``execute``, read by the bridge).
current_abort: ContextVar[Abort | None] = ContextVar("pariter_abort", default=None)


def call_abort() -> Abort:
    """The abort state of the call running here; a fresh one for a bridge run outside any call
    (one shared default would stay aborted for good after its first failure).

    >>> call_abort().value
    False
    """
    abort = current_abort.get()
    return Abort() if abort is None else abort


#: The leaf running here: its transforms' leaf functions, by transform.  A leaf is fed in
#: several blocks, and every block's iterator reuses the leaf's own function (``map_init``
#: calls ``init`` once a leaf, not once a block).  ``None`` outside a leaf.
current_leaf: ContextVar[dict[int, Any] | None] = ContextVar("pariter_leaf", default=None)


class Counter:
    """A shared countdown, for ``take_any``/``skip_any``.

    >>> c = Counter(5); c.take(3), c.take(3), c.take(3)
    (3, 2, 0)
    """

    __slots__ = ("lock", "remaining")

    def __init__(self, n: int) -> None:
        self.remaining = n
        self.lock = threading.Lock()

    def take(self, want: int) -> int:
        """Take up to ``want`` from the count; returns how many were granted."""
        with self.lock:
            got = min(want, self.remaining)
            self.remaining -= got
            return got

    def give_back(self, n: int) -> None:
        """Return ``n`` granted but unused units."""
        if n:
            with self.lock:
                self.remaining += n


class Best:
    """The best boundary found so far by ``find_first``/``find_last`` (Rayon's ``best_found``).

    >>> b = Best(first=True); b.offer(10); b.offer(20); b.value
    10
    """

    __slots__ = ("first", "lock", "value")

    def __init__(self, first: bool) -> None:
        self.first = first
        # Python ints never run out of resolution, so boundaries never collide in practice.
        self.value = BOUNDARY_END if first else -1
        self.lock = threading.Lock()

    def offer(self, boundary: int) -> None:
        """Record ``boundary`` if it is better (further left for first, right for last)."""
        with self.lock:
            if (boundary < self.value) if self.first else (boundary > self.value):
                self.value = boundary


#: The imaginary range that ``find_first``/``find_last`` consumers halve on each split.
BOUNDARY_END = 1 << 256


class Progress:
    """The item count of one ``progress()`` step, and the caller's progress bar.

    Pieces call ``add(n)`` once per block of items (never per item).  The bar lives only in the
    caller's process: ``bar`` is the open bar while a terminal operation runs (``None``
    otherwise), and ``add`` advances it.  ``open(make_bar)`` and ``close()`` bracket a terminal
    operation and nest (iterating runs ``collect`` on pieces inside the open bar).

    A backend that runs pieces in other processes substitutes this object, like the others here,
    with one whose ``add(n)`` reaches the caller's object (for instance a shared counter whose
    caller side calls ``add`` with what arrived, or updates ``bar`` itself).  Pickled as is, it
    travels without its bar and counts where it lands.

    >>> p = Progress(); p.add(3); p.count
    3
    >>> class Bar:
    ...     n = 0
    ...     def update(self, n): self.n += n
    ...     def close(self): print("closed at", self.n)
    >>> p.open(Bar); p.open(Bar); p.add(2); p.close(); p.close()
    closed at 2
    """

    __slots__ = ("bar", "count", "depth", "lock")

    def __init__(self) -> None:
        self.bar: Any = None
        self.count = 0
        self.depth = 0
        self.lock = threading.Lock()

    def add(self, n: int) -> None:
        """Count ``n`` more items (thread-safe) and advance the bar, if one is open."""
        with self.lock:
            self.count += n
            if self.bar is not None:
                self.bar.update(n)

    def open(self, make_bar: Callable[[], Any]) -> None:
        """Start a terminal operation: the outermost one resets the count and makes the bar."""
        with self.lock:
            self.depth += 1
            if self.depth > 1:
                return
            self.count = 0
            try:
                self.bar = make_bar()
            except BaseException:
                self.depth -= 1
                raise

    def close(self) -> None:
        """End a terminal operation: the outermost one closes the bar (also after an error)."""
        with self.lock:
            self.depth -= 1
            bar = self.bar if self.depth == 0 else None
            if bar is not None:
                self.bar = None
        if bar is not None:
            bar.close()

    def __getstate__(self) -> dict[str, Any]:
        return {"count": self.count}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.bar = None
        self.count = state["count"]
        self.depth = 0
        self.lock = threading.Lock()
