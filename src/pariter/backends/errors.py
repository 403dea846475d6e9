"""Errors across processes: the user's exception with the worker's traceback, and lost workers."""

from __future__ import annotations

import pickle
import traceback
from typing import Any

import cloudpickle

from pariter.core.tracebacks import REMOTE, hide_frames


class WorkerLostError(RuntimeError):
    """A worker of a process or cluster pool died (killed, crashed, ``os._exit``) mid-call.

    The call's result is lost; the pool starts fresh workers for the next call.

    >>> raise WorkerLostError("worker 1234 died (exit code -9)")
    Traceback (most recent call last):
    pariter.backends.errors.WorkerLostError: worker 1234 died (exit code -9)
    """


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, attached as its ``__cause__``.

    >>> print(RemoteTraceback("Traceback ...\\nValueError: x"))
    <BLANKLINE>
    '''
    Traceback ...
    ValueError: x'''
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f"\n'''\n{self.text.rstrip()}'''"


class RemoteError(Exception):
    """Stands for a worker's exception that could not be pickled back: type name and message."""


def pack_exception(exc: BaseException) -> tuple[bytes | None, str, str]:
    """``(pickled exception or None, its traceback text, "Type: message")`` for the caller.

    The text leaves out pariter's frames (the worker's loop, the bridge), as the caller's
    traceback does (:mod:`pariter.core.tracebacks`).

    >>> payload, text, summary = pack_exception(ValueError("bad"))
    >>> summary, type(unpack_exception(payload, text, summary)).__name__
    ('ValueError: bad', 'ValueError')
    """
    hide_frames(exc)  # the worker's own frames
    text = "".join(traceback.format_exception(exc))
    summary = f"{type(exc).__qualname__}: {exc}"
    try:
        payload: bytes | None = cloudpickle.dumps(exc)
        cloudpickle.loads(payload)  # some exceptions pickle but cannot be rebuilt: check here
    except Exception:
        payload = None
    return payload, text, summary


def unpack_exception(payload: bytes | None, text: str, summary: str) -> BaseException:
    """The worker's exception, rebuilt in the caller, with its traceback as ``__cause__``."""
    exc: BaseException
    try:
        exc = cloudpickle.loads(payload) if payload is not None else RemoteError(summary)
    except Exception:
        exc = RemoteError(summary)
    # Where tblib's pickling is installed (``distributed`` installs it) the worker's frames
    # come back as stand-ins: the text already shows them, with their source lines.
    exc.__traceback__ = None
    exc.__cause__ = RemoteTraceback(text)
    exc.__dict__[REMOTE] = True
    return exc


def describe(obj: Any) -> str:
    """A short name for an object a user would recognise (functions by name and place).

    >>> describe(len), describe(lambda x: x)[:8]
    ('builtin function len', 'function')
    """
    code = getattr(obj, "__code__", None)
    if code is not None:
        return f"function {obj.__qualname__} ({code.co_filename}:{code.co_firstlineno})"
    if type(obj).__name__ == "builtin_function_or_method":
        return f"builtin function {obj.__name__}"
    return f"{type(obj).__qualname__} object"


#: What pickling raises for an object that cannot travel.  Anything else raised meanwhile (a
#: signal handler's TimeoutError, a Ctrl-C) is not the chain's fault and propagates as it is.
PICKLING_ERRORS = (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError)


def unpicklable_error(exc: Exception, ship: Any, pool: str = "ProcessPool") -> TypeError:
    """The TypeError for a chain that cannot travel, naming the function at fault if any."""
    culprit = "an input item or a value the chain uses"
    for fn in ship.functions:
        try:
            cloudpickle.dumps(fn)
        except Exception:
            culprit = describe(fn)
            break
    error = TypeError(
        f"{pool} cannot send {culprit} to its worker processes: {exc}. Everything a "
        f"chain uses must be picklable (cloudpickle handles lambdas and closures; not locks, "
        f"open files or generators)."
    )
    error.__cause__ = exc
    return error
