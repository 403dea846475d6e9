"""How the core calls user functions that may or may not take a context argument.

Rayon passes ``&Scope`` to every spawned closure and a ``BroadcastContext`` to broadcast closures.
In Python a closure that does not need them should not have to accept them, so we pass the argument
only to functions that declare a required positional parameter.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import FunctionType
from typing import Any


def wants_argument(fn: Callable[..., Any]) -> bool:
    """True when ``fn`` has a required positional parameter (so it expects the context).

    >>> wants_argument(lambda s: None), wants_argument(lambda: None), wants_argument(print)
    (True, False, False)
    """
    return required_positionals(fn) >= 1


def required_positionals(fn: Callable[..., Any]) -> int:
    """How many positional parameters ``fn`` requires (0 when its signature is unknown).

    >>> required_positionals(lambda s, ctx: None), required_positionals(lambda s, ctx=1: None)
    (2, 1)
    """
    code = getattr(fn, "__code__", None)
    if code is not None and isinstance(fn, FunctionType):
        required: int = code.co_argcount - len(fn.__defaults__ or ())
        return required
    try:
        return _required_by_signature(fn)
    except TypeError:  # unhashable callable object: no caching
        return _required_by_signature.__wrapped__(fn)


@functools.lru_cache(maxsize=256)
def _required_by_signature(fn: Callable[..., Any]) -> int:
    """The slow path (classes, builtins, partials, callable objects); cached per callable."""
    import inspect  # here: it is slow to import, and most callables are plain functions

    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # some builtins have no signature: call them plainly
        return 0
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(
        p.kind in positional and p.default is inspect.Parameter.empty
        for p in signature.parameters.values()
    )


def check_callable(name: str, fn: Any) -> None:
    """Raise a ``TypeError`` naming the argument when ``fn`` is not callable."""
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {type(fn).__name__}")
