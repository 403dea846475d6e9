"""The free-threading pitfalls of docs/guide/free-threading.md, each before and after its fix.

On a free-threaded build (3.13t) threads run Python in parallel, but an object every thread
touches in its inner loop still serialises them: each read of it changes its reference count
(or takes its lock), and the cores pass that memory back and forth.  Each case here runs the
same ~1 s of pure-Python work over ``into_par_iter(range(n)).map(work)`` on 2 threads, once
written with the pitfall and once without, against the sequential loop of the same function:

- float constants in the inner loop of a module's function: on 3.13t code imported from a module
  keeps ordinary (mortal) constants, so every ``LOAD_CONST`` updates one shared reference count;
  pariter runs a copy of the code whose constants are immortal (measured with that copy turned
  off, and as shipped). Every case uses float values of its own: making a copy's constants
  immortal interns them, which makes every equal constant of the module immortal too;
- a module global float read in the inner loop, against an equal float made by the task (a
  local bound to the global itself would still share the object: 3.13 counts every load);
- a closure's cell read in the inner loop (pariter gives each leaf its own copy of a closure's
  cells: measured with that copy turned off, and as shipped);
- a shared mutable object written in the loop (a dict of counts), against a per-piece one
  (``fold``) merged at the end;
- a shared ``threading.Lock`` taken per item, against none (``map`` plus ``sum``).

Each pitfall and its fix are timed in turn for all the rounds before the next pitfall is (so
that what one case makes immortal cannot speed up a case measured before it); the speed-ups
reported are medians over the rounds.
On a GIL build every case is about 1x (threads take turns): run it on 3.13t.

Run: python benchmarks/bench_free_threading.py [--rounds N]
"""

from __future__ import annotations

import argparse
import collections
import importlib
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pariter as pi

N = 2_000
INNER = 2_000
SCALE = 1.75  # a module-level float the global case reads (a value no other case uses)


def constants_as_they_are(i: int) -> float:
    total = 0.0
    for k in range(INNER):
        total += 1.25 * k + 0.25  # float constants (values no other case uses)
    return total + i


def constants_copied(i: int) -> float:
    total = 0.0
    for k in range(INNER):
        total += 1.5 * k + 0.5  # the same work, in a function pariter may copy
    return total + i


def global_float(i: int) -> float:
    total = 0.0
    for k in range(INNER):
        total += SCALE * k  # SCALE: a module global, read every iteration
    return total + i


def local_float(i: int) -> float:
    scale = SCALE * 1.0  # an equal float of this thread's own (a plain `= SCALE` shares it)
    total = 0.0
    for k in range(INNER):
        total += scale * k
    return total + i


def make_closure() -> Callable[[int], float]:
    scale = 3.5

    def closure(i: int) -> float:
        total = 0.0
        for k in range(INNER):
            total += scale * k  # a cell of the enclosing function
        return total + i

    return closure


COUNTS: collections.Counter[int] = collections.Counter()
LOCK = threading.Lock()


def shared_counts(i: int) -> int:
    for k in range(INNER):
        COUNTS[k & 7] += 1  # one dict, written by every thread
    return i


def own_counts(counts: collections.Counter[int], i: int) -> collections.Counter[int]:
    for k in range(INNER):
        counts[k & 7] += 1  # this piece's dict
    return counts


def merged(a: collections.Counter[int], b: collections.Counter[int]) -> collections.Counter[int]:
    a.update(b)
    return a


def locked(i: int) -> int:
    total = 0
    for k in range(INNER):
        with LOCK:  # one lock, taken by every thread
            total += k
    return total + i


def unlocked(i: int) -> int:
    total = 0
    for k in range(INNER):
        total += k
    return total + i


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cases(pool: pi.ThreadPool) -> dict[str, tuple[Callable[[], object], Callable[[], object]]]:
    """name: (sequential, parallel) for each case."""
    xs = range(N)

    def par(fn: Callable[[int], object]) -> Callable[[], object]:
        return lambda: pool.install(lambda: pi.into_par_iter(xs).map(fn).collect())

    def seq(fn: Callable[[int], object]) -> Callable[[], object]:
        return lambda: list(map(fn, xs))

    closure = make_closure()
    return {
        "float constants, shared": (
            seq(constants_as_they_are),
            par(_unlocalized(constants_as_they_are)),
        ),
        "  immortal copy (pariter's default)": (seq(constants_copied), par(constants_copied)),
        "module global float": (seq(global_float), par(global_float)),
        "  an equal float of its own (SCALE * 1.0)": (seq(local_float), par(local_float)),
        "closure cell, one shared copy": (seq(closure), par(_unlocalized(closure))),
        "  per-leaf copy (pariter's default)": (seq(closure), par(closure)),
        "shared dict of counts": (seq(shared_counts), par(shared_counts)),
        "  per-piece dicts (fold), merged": (
            lambda: own_counts_all(xs),
            lambda: pool.install(
                lambda: (
                    pi.into_par_iter(xs)
                    .fold(collections.Counter, own_counts)
                    .reduce(collections.Counter, merged)
                )
            ),
        ),
        "shared lock per item": (seq(locked), par(locked)),
        "  no lock (map, then sum)": (seq(unlocked), par(unlocked)),
    }


def own_counts_all(xs: range) -> collections.Counter[int]:
    counts: collections.Counter[int] = collections.Counter()
    for i in xs:
        own_counts(counts, i)
    return counts


class _Opaque:
    """A callable pariter cannot see into, so it runs the one shared closure as it is."""

    def __init__(self, fn: Callable[[int], float]) -> None:
        self.fn = fn

    def __call__(self, i: int) -> float:
        return self.fn(i)


def _unlocalized(fn: Callable[[int], float]) -> Callable[[int], float]:
    return _Opaque(fn)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    version = sys.version.split()[0]
    print(f"Python {version}, GIL {'on' if gil else 'off'}, 2 threads, {rounds} rounds")
    # The cases run as imported code, as a user's modules and libraries are: on 3.13t the code
    # of the script itself (compiled by the interpreter's entry point) gets immortal constants,
    # the code of an imported module does not.
    module = importlib.import_module(Path(__file__).stem) if __name__ == "__main__" else None
    with pi.ThreadPool(2) as pool:
        table = (module.cases if module is not None else cases)(pool)
        ratios: dict[str, list[float]] = {name: [] for name in table}
        names = list(table)
        for pair in zip(names[::2], names[1::2], strict=True):  # a pitfall, then its fix
            for _ in range(rounds):
                for name in pair:
                    seq, par = table[name]
                    ratios[name].append(timed(seq) / timed(par))
    print(f"{'case':40} {'speed-up':>9}")
    for name, values in ratios.items():
        print(f"{name:40} {statistics.median(values):8.2f}x")


if __name__ == "__main__":
    main()
