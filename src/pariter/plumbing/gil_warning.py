"""``GILWarning``: a hint, once per process, that threads could not run a call's Python in parallel.

On a GIL build, threads run only one thread's Python at a time: a chain of pure-Python functions
on the thread pool takes as long as on one thread. :func:`execute` brackets each call it drives
from outside the pool with :func:`start` and :func:`finish`, which compare the call's wall time
with the CPU time the process used meanwhile. A call longer than :data:`MIN_SECONDS` that kept
about one core busy (between :data:`MIN_CORES` and :data:`MAX_CORES`) on several threads, with
the GIL enabled right then, was held back by the GIL: the hint says what to use instead. Work
that releases the GIL (NumPy, hashing, compression) keeps several cores busy, and waiting (I/O,
sleeps) keeps none: neither is warned about. Free-threaded builds never warn (unless the GIL was
switched back on), and the hint is given at most once.

A call costs two clock reads until the hint was given, none after.
"""

from __future__ import annotations

import sys
import threading
import time
import warnings
from typing import Any

from pariter.plumbing.localize import gil_enabled

#: Calls shorter than this (seconds of wall time) are never warned about.
MIN_SECONDS = 1.0
#: Cores kept busy on average during the call: at most this much is "barely more than one".
MAX_CORES = 1.25
#: ... and at least this much: below it the call mostly waited (I/O, sleeps), not computed.
MIN_CORES = 0.5


class GILWarning(RuntimeWarning):
    """Pure-Python work ran on threads with the GIL enabled and used about one core.

    Filter it as any warning: ``warnings.simplefilter("ignore", pariter.GILWarning)``.

    >>> import pariter as pi
    >>> issubclass(pi.GILWarning, RuntimeWarning)
    True
    """


_lock = threading.Lock()
_armed = True  # until the hint was given


def start() -> tuple[float, float] | None:
    """What :func:`finish` needs to measure the call beginning now (None once warned, and
    while the GIL is off: then nothing is measured, and a process-time read costs 0.3 us).

    >>> started = start()
    >>> started is None or len(started) == 2
    True
    """
    if not _armed or not gil_enabled():
        return None
    return time.perf_counter(), time.process_time()


def finish(started: tuple[float, float] | None, num_threads: Any) -> None:
    """Warn if the call begun at ``started`` was held back by the GIL (see the module docstring).

    ``num_threads`` is called (for the pool's thread count) only for a call long enough to
    matter.

    >>> finish(start(), lambda: 4)  # a call of no time at all: no warning
    """
    if started is None:
        return
    wall = time.perf_counter() - started[0]
    if wall < MIN_SECONDS:
        return
    cpu = time.process_time() - started[1]
    if held_back(wall, cpu, num_threads()):
        _warn_once(wall, cpu, num_threads())


def held_back(wall: float, cpu: float, threads: int) -> bool:
    """Whether a call of ``wall`` seconds using ``cpu`` seconds of CPU on ``threads`` threads
    looks held back by the GIL, right now.

    >>> held_back(3.0, 3.1, 4) == gil_enabled()  # one core busy on four threads
    True
    >>> held_back(3.0, 7.5, 4), held_back(3.0, 0.1, 4), held_back(3.0, 3.0, 1)
    (False, False, False)
    """
    if threads < 2 or wall < MIN_SECONDS:
        return False
    cores = cpu / wall
    return MIN_CORES <= cores <= MAX_CORES and gil_enabled()


def _warn_once(wall: float, cpu: float, threads: int) -> None:
    global _armed
    with _lock:
        if not _armed:
            return
        _armed = False
    warnings.warn(
        GILWarning(
            f"this parallel call ran {wall:.1f} s on {threads} threads but kept only "
            f"{cpu / wall:.1f} CPU core busy: with the GIL enabled, threads run one thread's "
            "Python at a time. For pure-Python work use processes (`with pariter.ProcessPool():`, "
            "pariter.set_global_pool(pariter.ProcessPool()), or PARITER_POOL=processes), or a "
            "free-threaded Python build (3.13t or later). This hint is given once."
        ),
        stacklevel=_user_stacklevel(),
    )


def _user_stacklevel() -> int:
    """The ``stacklevel`` that points the warning at the user's call (past pariter's frames)."""
    level = 2  # _warn_once's caller
    frame: Any = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not name.startswith("pariter.") or name.startswith("pariter.demo."):
            break
        level += 1
        frame = frame.f_back
    return level
