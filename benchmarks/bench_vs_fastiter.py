"""pariter against fastiter, the nearest peer, on fastiter's own published workloads.

Workloads (from fastiter's README): the sum of squares over 10M items
(``par_range(0, n).map(lambda x: x * x).sum()``) and its CPU-intensive map
(``expensive_computation`` over 200k items). Both libraries run with 2 threads, side by side in
one process, best of N; the sequential builtin is the baseline of both.

fastiter declares Python >= 3.14. Install it with
``.venv-ft/bin/pip install --no-deps --ignore-requires-python fastiter``. On 3.13t its 0.1.2
release does not import (it uses 3.14's unparenthesised ``except A, B:`` and lazily evaluated
annotations); with ``--patched`` this script runs a temporary copy with only those two things
adapted (parentheses, ``from __future__ import annotations``), and says so.

Run: ``.venv-ft/bin/python benchmarks/bench_vs_fastiter.py [--patched] [--quick]`` (``--quick``:
10x fewer items).
"""

from __future__ import annotations

import importlib
import importlib.util
import pathlib
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from typing import Any

import pariter as pi
from rows import Row, Skipped, print_rows
from timing import best_of

THREADS = 2


def expensive_computation(x: int) -> int:
    result: float = x
    for _ in range(20):
        result = (result * 1.1 + 1) % 1000000
    return int(result)


def load_fastiter(patched: bool) -> tuple[Any, str]:
    try:
        return importlib.import_module("fastiter"), "as released"
    except ModuleNotFoundError:
        raise Skipped("fastiter is not installed (see bench_vs_fastiter.py's docstring)") from None
    except SyntaxError as exc:
        if not patched:
            raise Skipped(
                f"fastiter does not import on Python {sys.version.split()[0]}: {exc} "
                "(--patched adapts it)"
            ) from None
    spec = importlib.util.find_spec("fastiter")
    assert spec is not None and spec.origin is not None
    source = pathlib.Path(spec.origin).parent
    copy = pathlib.Path(tempfile.mkdtemp()) / "fastiter"
    shutil.copytree(source, copy)
    for path in copy.glob("*.py"):
        text = path.read_text()
        # 3.14's `except A, B:` -> `except (A, B):`
        text = re.sub(r"except (\w+), (\w+):", r"except (\1, \2):", text)
        # 3.14 evaluates annotations lazily (PEP 649); 3.13 needs the __future__ import for that
        if "from __future__ import annotations" not in text:
            docstring = re.match(r'\s*(""".*?""")?', text, re.DOTALL)
            end = docstring.end() if docstring else 0
            text = text[:end] + "\nfrom __future__ import annotations\n" + text[end:]
        path.write_text(text)
    sys.path.insert(0, str(copy.parent))
    sys.modules.pop("fastiter", None)
    return importlib.import_module("fastiter"), "patched for 3.13 (except syntax, PEP 649)"


def run(quick: bool = False, patched: bool = True) -> list[Row]:
    """One row per workload: sequential, fastiter and pariter (2 threads), and their ratio."""
    fastiter, how = load_fastiter(patched)
    fastiter.set_num_threads(THREADS)
    squares, heavy = (1_000_000, 20_000) if quick else (10_000_000, 200_000)
    workloads: list[tuple[str, Callable[[], Any], Callable[[], Any], Callable[[], Any]]] = [
        (
            f"sum of squares, {squares:,} items",
            lambda: sum(map(lambda x: x * x, range(squares))),
            lambda: fastiter.par_range(0, squares).map(lambda x: x * x).sum(),
            lambda: pi.into_par_iter(range(squares)).map(lambda x: x * x).sum(),
        ),
        (
            f"CPU-intensive map, {heavy:,} items",
            lambda: sum(map(expensive_computation, range(heavy))),
            lambda: fastiter.par_range(0, heavy).map(expensive_computation).sum(),
            lambda: pi.into_par_iter(range(heavy)).map(expensive_computation).sum(),
        ),
    ]
    version = f"fastiter {getattr(fastiter, '__version__', '?')} {how}"
    rows: list[Row] = []
    with pi.ThreadPool(THREADS):
        for name, sequential, theirs, ours in workloads:
            t_seq, expected = best_of(sequential)
            t_theirs, r_theirs = best_of(theirs)
            t_ours, r_ours = best_of(ours)
            assert r_ours == expected, (r_ours, expected)
            assert r_theirs == expected, (r_theirs, expected)
            rows.append(
                {
                    "workload": name,
                    "sequential (s)": t_seq,
                    "fastiter (s)": t_theirs,
                    "fastiter speed-up": t_seq / t_theirs,
                    "pariter (s)": t_ours,
                    "pariter speed-up": t_seq / t_ours,
                    "pariter vs fastiter": t_theirs / t_ours,
                    "fastiter build": version,
                }
            )
    return rows


def main() -> None:
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    try:
        rows = run("--quick" in sys.argv, "--patched" in sys.argv)
    except Skipped as exc:
        sys.exit(str(exc))
    print(
        f"Python {sys.version.split()[0]} ({'GIL' if gil else 'free-threaded'}), "
        f"{THREADS} threads; {rows[0]['fastiter build']}\n"
    )
    print_rows([{k: v for k, v in row.items() if k != "fastiter build"} for row in rows])


if __name__ == "__main__":
    main()
