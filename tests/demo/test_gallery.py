"""The demo gallery: every program agrees with its sequential version on 1 and 2 threads (and on
a process pool where that can run it), and ``python -m pariter demo`` works end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pariter as pi
from pariter.demo import nbody, sieve, tsp, wordcount
from pariter.demo.cli import NEEDS_FREE_THREADING
from pariter.demo.programs import Program, all_programs, select
from pariter.demo.runner import plan, pools_for
from pariter.demo.table import TextTable, markdown_table
from pariter.plumbing.localize import gil_enabled

PROGRAMS = all_programs()


def runnable(program: Program) -> Program:
    missing = program.missing()
    if missing:
        pytest.skip(f"{program.name} needs {', '.join(missing)}")
    return program


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    """Each program's sequential result at its tiny size, computed once."""
    results = {}
    for program in PROGRAMS:
        if not program.missing():
            results[program.name] = program.sequential(program.sizes["tiny"])
    return results


@pytest.mark.parametrize("threads", [1, 2], ids=lambda n: f"{n}threads")
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.name)
def test_parallel_equals_sequential(
    program: Program, threads: int, expected: dict[str, Any]
) -> None:
    runnable(program)
    with pi.ThreadPool(threads):
        got = program.parallel(program.sizes["tiny"])
    assert program.check(expected[program.name], got)


@pytest.fixture(scope="module")
def process_pool() -> Iterator[Any]:
    pool_class = getattr(pi, "ProcessPool", None)
    if pool_class is None:
        pytest.skip("this pariter has no ProcessPool")
    pool = pool_class(2)
    yield pool
    pool.shutdown()


@pytest.mark.parametrize("program", [p for p in PROGRAMS if not p.uses_join], ids=lambda p: p.name)
def test_parallel_on_processes_equals_sequential(
    program: Program, process_pool: Any, expected: dict[str, Any]
) -> None:
    """What the gallery runs on a GIL build: the same ``parallel`` on a ProcessPool."""
    runnable(program)
    with process_pool:
        got = program.parallel(program.sizes["tiny"])
    assert program.check(expected[program.name], got)


def test_every_program_has_the_module_protocol() -> None:
    for program in PROGRAMS:
        assert set(program.sizes) >= {"tiny", "quick", "full"}, program.name
        assert program.sizes["tiny"] <= program.sizes["quick"] <= program.sizes["full"]
        assert program.describe(program.sizes["quick"]), program.name
        assert program.idiom and program.title and program.check_note


def test_checks_reject_wrong_results(expected: dict[str, Any]) -> None:
    bodies = list(expected["nbody"])
    x, *rest = bodies[0]
    bodies[0] = (x * (1 + 1e-6), *rest)
    assert not nbody.check(expected["nbody"], bodies)

    limit, counts = expected["sieve"]
    assert not sieve.check(expected["sieve"], (limit, [*counts[:-1], counts[-1] + 1]))
    million = sieve.parallel(10**6)
    assert sieve.check(sieve.sequential(10**6), million)  # and 78,498 primes, as Rayon checks
    wrong = (10**6, [*million[1][:-1], million[1][-1] + 1])
    assert not sieve.check(wrong, wrong)  # both agree, but the total is not pi(10**6)
    assert sum(sieve.sequential(30_000)[1]) == sum(sieve.sieve_serial(30_000)) + 1

    weight, tour = expected["tsp"]
    assert not tsp.check(expected["tsp"], (weight + 1, tour))
    assert not tsp.check(expected["tsp"], (weight, tour[:-2] + tour[-2:-1] * 2))
    assert tsp.check(expected["tsp"], (weight, tour[::-1]))  # a tour's reverse is as good

    counts = expected["wordcount"].copy()
    counts[next(iter(counts))] += 1
    assert not wordcount.check(expected["wordcount"], counts)


def test_tsp_matches_rayons_dj10_benchmark() -> None:
    assert tsp.parallel(10) == (2577, (0, 1, 3, 2, 4, 6, 8, 7, 5, 9, 0))


def test_pool_choice_follows_the_build() -> None:
    nbody_program, numpy_program, sort_program = select("nbody,mandelbrot-numpy,quicksort")
    for program in (nbody_program, numpy_program, sort_program):
        assert pools_for(program, gil=False, processes=True) == ["threads"]
    assert pools_for(nbody_program, gil=True, processes=True) == ["processes"]
    assert pools_for(nbody_program, gil=True, processes=False) == ["threads"]
    assert pools_for(numpy_program, gil=True, processes=True) == ["processes"]
    assert pools_for(sort_program, gil=True, processes=True) == []  # shown as needing 3.13t

    the_plan = plan(select("nbody,quicksort"), quick=True, repeat=2)
    kinds = {p.name: k for p, _, k in the_plan.programs}
    if not gil_enabled():
        assert kinds == {"nbody": ["threads"], "quicksort": ["threads"]}
    assert the_plan.total_runs == sum(2 * (1 + len(k)) for k in kinds.values())


def test_unknown_program_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown program 'fft'"):
        select("nbody,fft")


def test_tables() -> None:
    table = TextTable([("a", 3, "<"), ("bb", 4, ">")])
    assert table.header() == "a      bb"
    assert table.row(["x", 1.5]) == "x     1.5"
    assert markdown_table(["a", "b"], [["1", "x|y"]], align="<>").splitlines() == [
        "| a | b |",
        "|---|---:|",
        "| 1 | x\\|y |",
    ]


# -- the command line ------------------------------------------------------------------------


def demo(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m pariter demo ARGS`` (or ``code`` run with ARGS as ``sys.argv[1:]``)."""
    env = {**os.environ, "PARITER_NUM_THREADS": "2"}
    command = [sys.executable, "-m", "pariter", "demo", *args]
    if code is not None:
        command = [sys.executable, "-c", code, "demo", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=110, env=env)


def test_cli_quick_only() -> None:
    done = demo("--quick", "--only", "sieve,fibonacci", "--repeat", "1", "--threads", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("program ") and "speed-up" in line for line in lines)
    rows = [line for line in lines if line.startswith(("sieve ", "fibonacci "))]
    assert len(rows) == 2
    sieve, fibonacci = rows
    assert " yes (exact" in sieve
    if gil_enabled():  # join's tasks run on threads, one at a time: no speed-up to show
        assert fibonacci.endswith(NEEDS_FREE_THREADING) and " - " in fibonacci
    else:
        assert " yes (exact" in fibonacci
    assert "mandelbrot" not in done.stdout
    build = "GIL enabled" if gil_enabled() else "free-threaded"
    assert build in done.stdout


def test_cli_list_and_errors() -> None:
    listed = demo("--list")
    assert listed.returncode == 0
    assert all(p.name in listed.stdout for p in PROGRAMS)

    unknown = demo("--only", "nosuch")
    assert unknown.returncode == 2
    assert "unknown program 'nosuch'" in unknown.stderr


def test_cli_plot_without_matplotlib() -> None:
    hide_matplotlib = (
        "import sys; sys.modules['matplotlib'] = None\n"  # makes find_spec say "not installed"
        "from pariter.demo.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    done = demo("--quick", "--only", "fibonacci", "--plot", "x.png", code=hide_matplotlib)
    assert done.returncode == 2
    assert "--plot needs matplotlib" in done.stderr
    assert "pariter[plot]" in done.stderr
    assert done.stdout == ""  # refused before running anything


def test_cli_plot_writes_the_chart(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "speedups.png"
    done = demo("--quick", "--only", "fibonacci,tsp", "--repeat", "1", "--plot", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    assert str(out) in done.stdout
