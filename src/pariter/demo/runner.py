"""Runs the gallery: each program sequentially, then on every pool that can speed it up on this
interpreter, timed (best of N) and checked against the sequential result.

Which pools run a program (read at run time, never at import time):

- free-threaded build (``sys._is_gil_enabled()`` is False): threads, for everything;
- GIL build: processes when ``pariter.ProcessPool`` exists, made the program-wide default with
  ``set_global_pool`` as a user's program would (or ``PARITER_POOL=processes``); threads
  otherwise (``join``-based programs, whose tasks run on threads whatever pool is current).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import pariter
from pariter.demo.programs import Program
from pariter.plumbing.localize import gil_enabled

R = TypeVar("R")


def process_pool_class() -> Any:
    """``pariter.ProcessPool`` where this version of pariter has it, else None."""
    return getattr(pariter, "ProcessPool", None)


def pools_for(program: Program, gil: bool, processes: bool) -> list[str]:
    """The kinds of pool that run ``program``: those that can speed it up here.

    >>> from pariter.demo.programs import select
    >>> nbody, fib = select("nbody,fibonacci")
    >>> pools_for(nbody, gil=False, processes=True), pools_for(nbody, gil=True, processes=True)
    (['threads'], ['processes'])
    >>> pools_for(fib, gil=True, processes=True)  # join runs Python on threads: one at a time
    []
    """
    if not gil:
        return ["threads"]
    if program.uses_join:
        return []  # join's tasks run on threads: with the GIL, nothing here can speed them up
    if processes:
        return ["processes"]
    return ["threads"]


@dataclass
class Run:
    """One program on one pool."""

    kind: str
    seconds: float
    agree: bool

    def speedup(self, sequential: float) -> float:
        return sequential / self.seconds if self.seconds > 0 else float("inf")


@dataclass
class Result:
    """One program: its size, its sequential time and its runs on pools."""

    program: Program
    size: int
    sequential: float
    runs: list[Run] = field(default_factory=list)

    def run(self, kind: str) -> Run | None:
        return next((r for r in self.runs if r.kind == kind), None)

    @property
    def agree(self) -> bool:
        return all(r.agree for r in self.runs)


class Progress:
    """A tqdm bar on stderr where tqdm is installed; lines printed above it either way."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.bar: Any = None
        if enabled:
            try:
                tqdm = importlib.import_module("tqdm").tqdm  # optional: pariter[progress]
            except ImportError:
                pass
            else:
                self.bar = tqdm(
                    total=total,
                    unit="run",
                    leave=False,
                    file=sys.stderr,
                    dynamic_ncols=True,
                    disable=None,  # no bar when stderr is not a terminal (logs, pipes)
                )

    def describe(self, text: str) -> None:
        if self.bar is not None:
            self.bar.set_description(text, refresh=True)

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def write(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stdout)
        else:
            print(line, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def best_of(fn: Callable[[], R], repeat: int, tick: Callable[[], None]) -> tuple[float, R]:
    """The fastest wall time of ``repeat`` calls of ``fn``, and the last result."""
    best = float("inf")
    result: R
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
        tick()
    return best, result


@dataclass
class Plan:
    """What a gallery run will do: the programs, their sizes and their pools."""

    programs: list[tuple[Program, int, list[str]]]
    repeat: int
    gil: bool
    processes: bool
    skipped: list[str]

    @property
    def kinds(self) -> list[str]:
        used = {kind for _, _, kinds in self.programs for kind in kinds}
        return [kind for kind in ("threads", "processes") if kind in used]

    @property
    def total_runs(self) -> int:
        return sum((1 + len(kinds)) * self.repeat for _, _, kinds in self.programs)


def plan(programs: list[Program], quick: bool, repeat: int) -> Plan:
    gil = gil_enabled()
    processes = gil and process_pool_class() is not None
    chosen, skipped = [], []
    for program in programs:
        missing = program.missing()
        if missing:
            skipped.append(f"{program.name} (needs {', '.join(missing)})")
            continue
        size = program.sizes["quick" if quick else "full"]
        chosen.append((program, size, pools_for(program, gil, processes)))
    return Plan(chosen, max(1, repeat), gil, processes, skipped)


@contextlib.contextmanager
def open_pools(kinds: list[str], workers: int) -> Iterator[dict[str, Any]]:
    """The pools of ``kinds``, started once for the whole gallery (``workers`` 0 = all CPUs).

    Each is entered here, so that the ``with pool:`` of every timed run finds its workers
    already started, and leaves them running.
    """
    with contextlib.ExitStack() as stack:
        pools: dict[str, Any] = {}
        if "threads" in kinds:
            pools["threads"] = pariter.ThreadPoolBuilder().num_threads(workers).build()
        if "processes" in kinds:
            pools["processes"] = process_pool_class()(num_workers=workers or None)
        for pool in pools.values():
            stack.enter_context(pool)
            with pool:  # start the workers before any clock does
                pariter.into_par_iter(range(64)).map(abs).sum()
        if "processes" in pools:
            # As a program on a GIL build would: processes become the default of every
            # parallel call (set_global_pool, or PARITER_POOL=processes), no `with` needed.
            previous = pariter.set_global_pool(pools["processes"])
            stack.callback(pariter.set_global_pool, previous)
        yield pools


def run(
    the_plan: Plan,
    pools: dict[str, Any],
    on_result: Callable[[Result], None],
    progress: Progress,
) -> list[Result]:
    """Time every program of the plan; ``on_result`` sees each result as soon as it is ready."""
    results = []
    for program, size, kinds in the_plan.programs:
        program.prepare(size)
        progress.describe(f"{program.name}: sequential")
        seconds, expected = best_of(
            partial(program.sequential, size), the_plan.repeat, progress.step
        )
        result = Result(program, size, seconds)
        for kind in kinds:
            progress.describe(f"{program.name}: {kind}")
            # Processes are the program-wide default (open_pools); threads are asked for.
            with contextlib.nullcontext() if kind == "processes" else pools[kind]:
                seconds, got = best_of(
                    partial(program.parallel, size), the_plan.repeat, progress.step
                )
            result.runs.append(Run(kind, seconds, program.check(expected, got)))
            del got
        del expected
        results.append(result)
        on_result(result)
    return results
