"""What the user sees of an exception raised by their code: their own frames, not pariter's.

An exception raised in a ``map`` function climbs through the pool (jobs, joins, the bridge,
the folders) before it reaches the caller, and each of those frames would be printed: thirty
where ``ThreadPoolExecutor`` shows seven.  When the exception leaves the outermost parallel
call, :func:`hide_frames` cuts pariter's own frames from its ``__traceback__``, keeping the
caller's frames and the user's functions in order (how many it cut is kept on the exception).
Nothing runs unless something failed.  ``PARITER_TRACEBACK=full`` in the environment (read
when the exception is raised) keeps every frame.

No note is added: ``pytest.raises(match=...)`` and doctests read an exception's notes with its
message, and the user's own tests of their exception must pass unchanged.
"""

from __future__ import annotations

import os
from types import FrameType, TracebackType

#: The environment variable that keeps pariter's frames in tracebacks (``full``).
ENV = "PARITER_TRACEBACK"

#: Where an exception keeps how many of pariter's frames were cut from it so far.
HIDDEN = "__pariter_hidden__"

#: Set on an exception rebuilt from another process: where it was raised is in the text of its
#: ``__cause__``, and the frame that re-raised it here is pariter's like the others.
REMOTE = "__pariter_remote__"


def internal(frame: FrameType) -> bool:
    """Whether ``frame`` runs pariter's own code (its demo programs are user code).

    >>> import sys
    >>> internal(sys._getframe())  # a doctest of this module runs in its namespace
    True
    """
    name = frame.f_globals.get("__name__")
    if not isinstance(name, str) or not name.startswith("pariter"):
        return False
    if name == "pariter.demo" or name.startswith("pariter.demo."):
        return False
    return name == "pariter" or name.startswith("pariter.")


def full_tracebacks() -> bool:
    """Whether the user asked for every frame (``PARITER_TRACEBACK=full``)."""
    return os.environ.get(ENV, "").strip().lower() == "full"


def cut(tb: TracebackType | None, keep_origin: bool) -> tuple[TracebackType | None, int]:
    """``tb`` without pariter's frames (a new chain; ``tb`` is left whole), and how many.

    With ``keep_origin`` the innermost frame stays even if it is pariter's: it raised the
    exception (a builtin that failed in a leaf, ``sum`` on strings; an argument pariter
    refused; a bug of pariter's), and a traceback without it would not say where.
    """
    kept: list[TracebackType] = []
    hidden = 0
    while tb is not None:
        if internal(tb.tb_frame) and not (keep_origin and tb.tb_next is None):
            hidden += 1
        else:
            kept.append(tb)
        tb = tb.tb_next
    if not hidden:
        return (kept[0] if kept else None), 0
    rebuilt: TracebackType | None = None
    for entry in reversed(kept):
        rebuilt = TracebackType(rebuilt, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return rebuilt, hidden


def hide_frames(exc: BaseException) -> None:
    """Cut pariter's frames from ``exc.__traceback__`` (and count them in ``__pariter_hidden__``).

    Called again on the same exception (a nested call, a re-raise), it cuts the frames added
    since.  Type, arguments, attributes, notes, ``__cause__`` and ``__context__`` are kept.

    >>> import traceback
    >>> user = {"__name__": "user_code"}  # this doctest runs in pariter's namespace
    >>> exec("def fail(): raise ValueError('bad')", user)
    >>> try:
    ...     user["fail"]()
    ... except ValueError as exc:
    ...     error = exc
    >>> hide_frames(error)
    >>> [entry.name for entry in traceback.extract_tb(error.__traceback__)]
    ['fail']
    >>> error.__pariter_hidden__
    1
    """
    if full_tracebacks():
        return
    state = exc.__dict__
    tb, hidden = cut(exc.__traceback__, keep_origin=not state.get(REMOTE, False))
    if hidden:
        exc.__traceback__ = tb
        state[HIDDEN] = state.get(HIDDEN, 0) + hidden
