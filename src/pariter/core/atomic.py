"""Shared monotone state for the tasks of a parallel call: Rust's atomics, on every pool.

A Rayon user keeps a branch-and-bound search's best weight in an ``AtomicUsize`` and calls
``fetch_min``; a found flag in an ``AtomicBool``; a count in ``fetch_add``.  These four
classes are that, in a form that also crosses process and machine boundaries:

- :class:`AtomicMin` / :class:`AtomicMax`: a running minimum or maximum (``offer(x)``);
- :class:`AtomicFlag`: a flag that is only ever raised (``set()``);
- :class:`AtomicCounter`: a count that is only ever added to (``add(n)``).

Pass one to the functions of a chain (a closure, ``functools.partial``, an argument): on
threads every task shares the object itself; on a ``ProcessPool`` or ``DaskPool`` the object a
worker unpickles is a stand-in whose updates go to shared memory (or the Dask scheduler), and
the caller's object holds the final value when the call returns.

**Consistency.**  Every update is kept (an offer, a raise, an addition is never lost), and the
value only moves one way.  A read may be late: on processes it can miss updates of the last
millisecond, on Dask of the last 50 ms (reads are cached that long, so that reading in a hot
loop costs what an attribute read does).  That is what pruning needs: a late bound prunes a
little less, never wrongly.  Values are ``int`` or ``float`` (fixed by the first value: an
``AtomicMin(math.inf)`` holds floats), as across processes they travel as numbers.

>>> import pariter as pi
>>> best = pi.AtomicMin(float("inf"))
>>> pi.into_par_iter(range(10, 100)).for_each(lambda x: best.offer(x % 37))
>>> best.value
0.0
"""

from __future__ import annotations

import math
import operator
import threading
from typing import Any

#: How long a worker process's stand-in trusts what it last read (seconds); Dask's is longer.
READ_AGAIN = 0.001


def _number(name: str, value: Any) -> int | float:
    """``value`` as an int (anything ``operator.index`` takes) or a float, else a TypeError."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if not isinstance(value, bool):
        try:
            return operator.index(value)
        except TypeError:
            pass
        try:
            return float(value)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"{name} must be an int or a float, got {type(value).__name__}")


class _Running:
    """What :class:`AtomicMin` and :class:`AtomicMax` share: a value and its lock."""

    __slots__ = ("_lock", "value")

    #: True for a minimum, False for a maximum.
    LOWER = True

    def __init__(self, value: int | float) -> None:
        #: The best value offered so far (reading it is one attribute read).
        self.value: Any = _number("value", value)
        self._lock = threading.Lock()

    def offer(self, value: int | float) -> bool:
        """Keep ``value`` if it is better than the current one; whether it was.

        >>> m = AtomicMin(10); m.offer(12), m.offer(3), m.value
        (False, True, 3)
        """
        value = self._coerce(value)
        current = self.value
        if not (value < current if self.LOWER else value > current):
            return False  # most offers lose: no lock for them
        with self._lock:
            current = self.value
            if value < current if self.LOWER else value > current:
                self.value = value
                return True
            return False

    def _coerce(self, value: Any) -> int | float:
        number = _number("value", value)
        if isinstance(self.value, float):
            return float(number)
        if isinstance(number, float):
            if not number.is_integer():
                raise TypeError(
                    f"{type(self).__name__} holds ints (it was made with one): got {value!r}; "
                    "make it with a float (e.g. math.inf) to hold floats"
                )
            return int(number)
        return number

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"


class AtomicMin(_Running):
    """A running minimum shared by every task of a call (Rust's ``AtomicUsize::fetch_min``).

    >>> import math, pariter as pi
    >>> bound = pi.AtomicMin(math.inf)
    >>> pi.par_iter([5, 3, 8]).for_each(bound.offer); bound.value
    3.0
    """

    __slots__ = ()

    def __init__(self, value: int | float = math.inf) -> None:
        super().__init__(value)


class AtomicMax(_Running):
    """A running maximum shared by every task of a call (Rust's ``fetch_max``).

    >>> import pariter as pi
    >>> top = pi.AtomicMax(0)
    >>> pi.par_iter([5, 3, 8]).for_each(top.offer); top.value
    8
    """

    __slots__ = ()
    LOWER = False

    def __init__(self, value: int | float = -math.inf) -> None:
        super().__init__(value)


class AtomicFlag:
    """A flag any task can raise and every task can read; it is never lowered.

    >>> import pariter as pi
    >>> seen = pi.AtomicFlag()
    >>> pi.par_iter([1, 2, -3]).for_each(lambda x: x < 0 and seen.set()); bool(seen)
    True
    """

    __slots__ = ("value",)

    def __init__(self, value: bool = False) -> None:
        #: Whether the flag was raised (one attribute read).
        self.value = bool(value)

    def set(self) -> None:
        """Raise the flag."""
        self.value = True

    def __bool__(self) -> bool:
        return self.value

    def __repr__(self) -> str:
        return f"AtomicFlag({self.value})"


class AtomicCounter:
    """A count every task can add to (Rust's ``fetch_add``); it only ever grows by what is added.

    >>> import pariter as pi
    >>> odd = pi.AtomicCounter()
    >>> pi.into_par_iter(range(9)).for_each(lambda x: x % 2 and odd.add()); odd.value
    4
    """

    __slots__ = ("_lock", "value")

    def __init__(self, value: int = 0) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"value must be an int, got {type(value).__name__}")
        #: The count so far.
        self.value = value
        self._lock = threading.Lock()

    def add(self, n: int = 1) -> None:
        """Add ``n`` (any int) to the count."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {type(n).__name__}")
        with self._lock:
            self.value += n

    def __repr__(self) -> str:
        return f"AtomicCounter({self.value})"
