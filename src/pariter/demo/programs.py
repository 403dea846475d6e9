"""The gallery's programs: one module each, with the same few names.

A program module defines ``NAME``, ``TITLE``, ``IDIOM`` (the pariter line it shows), ``SIZES``
(``tiny`` for tests, ``quick`` and ``full`` for the demo), ``CHECK`` (what agreeing means),
``describe(size)``, ``sequential(size)``, ``parallel(size)`` and ``check(expected, got)``.
Optional: ``prepare(size)``, which builds the inputs before the clock starts; ``USES_JOIN``
(its parallelism is ``join``, which runs on threads whatever pool is current, so a process pool
cannot help it); ``REQUIRES``, the
optional packages it imports.  The same ``parallel`` runs on every pool.

>>> [p.name for p in all_programs()][:3]
['nbody', 'mandelbrot', 'mandelbrot-numpy']
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

#: The gallery, in the order it runs: Rayon's demo programs, then the classic loops.
MODULES = (
    "nbody",
    "mandelbrot",
    "mandelbrot_numpy",
    "sieve",
    "quicksort",
    "mergesort",
    "life",
    "matmul",
    "tsp",
    "wordcount",
    "fibonacci",
)


def _no_preparation(size: int) -> None:
    pass


@dataclass(frozen=True)
class Program:
    """One program of the gallery, read from its module."""

    name: str
    title: str
    idiom: str
    check_note: str
    sizes: Mapping[str, int]
    describe: Callable[[int], str]
    sequential: Callable[[int], Any]
    parallel: Callable[[int], Any]
    check: Callable[[Any, Any], bool]
    prepare: Callable[[int], None]
    uses_join: bool
    requires: tuple[str, ...]

    @classmethod
    def from_module(cls, module: ModuleType) -> Program:
        return cls(
            name=module.NAME,
            title=module.TITLE,
            idiom=module.IDIOM,
            check_note=module.CHECK,
            sizes=module.SIZES,
            describe=module.describe,
            sequential=module.sequential,
            parallel=module.parallel,
            check=module.check,
            prepare=getattr(module, "prepare", _no_preparation),
            uses_join=getattr(module, "USES_JOIN", False),
            requires=tuple(getattr(module, "REQUIRES", ())),
        )

    def missing(self) -> list[str]:
        """The optional packages this program needs that are not installed."""
        return [name for name in self.requires if importlib.util.find_spec(name) is None]


def all_programs() -> list[Program]:
    return [
        Program.from_module(importlib.import_module(f"pariter.demo.{name}")) for name in MODULES
    ]


def select(names: str | None) -> list[Program]:
    """The programs named in a comma-separated list (all of them for None), in gallery order.

    >>> [p.name for p in select("tsp,life")]
    ['life', 'tsp']
    >>> select("nbody,fft")
    Traceback (most recent call last):
    ValueError: unknown program 'fft'; the programs are: nbody, mandelbrot, mandelbrot-numpy, sieve, quicksort, mergesort, life, matmul, tsp, wordcount, fibonacci
    """  # noqa: E501
    programs = all_programs()
    if names is None:
        return programs
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    known = {p.name for p in programs}
    for name in wanted:
        if name not in known:
            raise ValueError(
                f"unknown program {name!r}; the programs are: "
                + ", ".join(p.name for p in programs)
            )
    return [p for p in programs if p.name in wanted]
