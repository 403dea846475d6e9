"""Small shared objects that let pieces of one parallel call signal each other.

They are kept apart from producers and consumers so that a backend that ships pieces to other
processes can replace them with its own shared flags.
"""

from __future__ import annotations

import threading
from contextvars import ContextVar


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

    __slots__ = ("exc", "lock", "value")

    def __init__(self) -> None:
        self.value = False
        self.exc: BaseException | None = None
        self.lock = threading.Lock()

    def fail(self, exc: BaseException) -> None:
        """Record ``exc`` if it is the first, and stop the call."""
        if self.exc is None:
            with self.lock:
                if self.exc is None:
                    self.exc = exc
        self.value = True


#: The abort state of the parallel call running here (set by ``execute``, read by the bridge).
_OUTSIDE = Abort()  # used by bridges run outside execute (e.g. from tests)
current_abort: ContextVar[Abort] = ContextVar("pariter_abort", default=_OUTSIDE)


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
