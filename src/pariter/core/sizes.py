"""Size arguments (counts, lengths, thread numbers): what ``range()`` accepts, checked once.

Anything ``operator.index`` accepts is a size, as for ``range()`` and slicing: an ``int``, a
NumPy integer, any class with ``__index__``.  Floats are refused (``3.0`` may be a rounded
``2.9999``), and so are bools, which ``operator.index`` would take as 0 and 1 but which are
almost always a mistaken argument.  The error names the argument.
"""

from __future__ import annotations

import operator
from typing import Any


def as_size(name: str, value: Any, minimum: int = 0) -> int:
    """``value`` as a plain ``int >= minimum``, or a ``TypeError``/``ValueError`` naming ``name``.

    >>> class Three:
    ...     def __index__(self): return 3
    >>> as_size("n", 3), as_size("n", Three())
    (3, 3)
    >>> as_size("n", 2.0)
    Traceback (most recent call last):
    TypeError: n must be an int, got float
    >>> as_size("step", 0, minimum=1)
    Traceback (most recent call last):
    ValueError: step must be >= 1, got 0
    """
    try:
        if isinstance(value, bool):
            raise TypeError
        n = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, got {type(value).__name__}") from None
    if n < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {n}")
    return n
