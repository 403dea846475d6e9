"""``benchmarks/run_all.py``: every benchmark run in its own interpreter, one Markdown report
with a section per interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
RUN_ALL = BENCHMARKS / "run_all.py"


@pytest.fixture
def run_all(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import run_all as module

    return module


def test_merge_replaces_only_its_own_section(run_all: ModuleType) -> None:
    report = run_all.merge("", "CPython-3.13.15-free-threaded", "## ft\n\nold\n")
    report = run_all.merge(report, "CPython-3.11.7-gil", "## gil\n")
    report = run_all.merge(report, "CPython-3.13.15-free-threaded", "## ft\n\nnew\n")
    assert report.startswith(run_all.TITLE)
    assert "old" not in report and "new" in report
    assert report.index("## gil") < report.index("## ft")  # sections in key order
    assert report.count("run_all:begin") == 2


def test_rows_make_markdown_tables(run_all: ModuleType) -> None:
    from rows import markdown

    rows = [
        {"operation": "join", "µs": 1.25},
        {"operation": "spawn", "µs": 2.0, "note": "a|b"},
        {"workload": "fib", "seconds": 0.5, "ok": True},
    ]
    assert markdown(rows).split("\n\n") == [
        "| operation | µs | note |\n|---|---:|---|\n| join | 1.25 | - |\n| spawn | 2 | a\\|b |",
        "| workload | seconds | ok |\n|---|---:|---:|\n| fib | 0.5 | yes |",
    ]


def test_quick_run_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "REPORT.md"
    names = "bench_iter_overhead,bench_vs_fastiter"
    command = [sys.executable, str(RUN_ALL), "--quick", "--only", names, "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=110)
    assert done.returncode == 0, done.stdout + done.stderr
    report = out.read_text()
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    assert ("(GIL enabled)" if gil else "(free-threaded, GIL disabled)") in report
    assert "usable cores" in report and "- date: " in report
    assert "### bench_iter_overhead" in report and "| chain | builtin (ms) |" in report
    assert "### bench_vs_fastiter" in report  # a table, or why it was skipped
    assert "### bench_core" not in report


def test_unknown_benchmark_is_refused(tmp_path: Path) -> None:
    command = [sys.executable, str(RUN_ALL), "--only", "bench_nosuch", "--out", str(tmp_path / "r")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "unknown benchmark" in done.stderr
