"""Run every benchmark in ``benchmarks/`` and write a Markdown report.

Each ``bench_*.py`` runs in a fresh interpreter of its own (the one running this script), so one
benchmark's pools, caches and memory never touch the next.  A benchmark with a ``run(quick)``
function returns rows, which become tables; any other is run as a script (with small arguments
under ``--quick``) and its output is quoted.  One whose optional package is missing is listed as
skipped (``rows.Skipped``).

The report has one section per interpreter (version and GIL on or off), with the date, the
cores this process may use and the commit.  A run replaces only its own interpreter's section,
so running this with both venvs gives the two builds side by side in one file:

    .venv/bin/python benchmarks/run_all.py [--quick] [--out benchmarks/REPORT.md] [--only NAMES]
    .venv-ft/bin/python benchmarks/run_all.py [--quick]

``--quick`` runs every benchmark on small inputs (a few minutes in all on 2 cores); the numbers
are then noisier and the targets quoted in the docstrings do not apply.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime
import importlib
import io
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rows import Skipped, markdown

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "REPORT.md"

#: Arguments for the benchmarks that are plain scripts (no ``run``), under ``--quick``.
QUICK_SCRIPT_ARGS = {"bench_sort": ["1000000"]}

TITLE = "# pariter benchmark report"
INTRO = """\
Written by `benchmarks/run_all.py`. Each interpreter's run replaces its own section, so running
it with `.venv/bin/python` and with `.venv-ft/bin/python` puts both builds side by side. Every
ratio compares runs made side by side in one process (best of a few, unless a benchmark says
otherwise); on a busy machine, run again before trusting one number."""


@dataclass
class Outcome:
    """What one benchmark gave: rows, a script's output, a reason it was skipped, or an error."""

    name: str
    summary: str
    seconds: float = 0.0
    rows: list[dict[str, Any]] = field(default_factory=list)
    table: str = ""  # the benchmark's own rendering of its rows, if it has one
    output: str = ""
    skipped: str = ""
    error: str = ""


def discover() -> list[str]:
    return sorted(path.stem for path in HERE.glob("bench_*.py"))


def summary_of(path: Path) -> str:
    """The first sentence of a benchmark's docstring."""
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    first = doc.strip().split("\n\n")[0].replace("\n", " ")
    return first


def has_run(path: Path) -> bool:
    """Whether the module defines a top-level ``run`` (read from its source, not imported)."""
    tree = ast.parse(path.read_text())
    return any(isinstance(node, ast.FunctionDef) and node.name == "run" for node in tree.body)


# -- one benchmark, in a child interpreter ----------------------------------------------------


def child(name: str, quick: bool, out: str) -> int:
    """``--child NAME``: import the benchmark, call ``run(quick=...)``, write its rows as JSON
    (and the table its own ``print_table(rows)`` prints, where it has one)."""
    result: dict[str, Any]
    code = 0
    try:
        module = importlib.import_module(name)
        result = {"rows": module.run(quick=quick)}
        if hasattr(module, "print_table"):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                module.print_table(result["rows"])
            result["table"] = printed.getvalue().strip()
    except Skipped as exc:
        result = {"skipped": str(exc)}
    except Exception:
        result = {"error": traceback.format_exc()}
        code = 1
    Path(out).write_text(json.dumps(result, default=repr))
    return code


def run_one(name: str, quick: bool) -> Outcome:
    path = HERE / f"{name}.py"
    outcome = Outcome(name, summary_of(path))
    start = time.perf_counter()
    if has_run(path):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "rows.json"
            command = [sys.executable, __file__, "--child", name, "--json", str(out)]
            done = subprocess.run(
                [*command, *(["--quick"] if quick else [])], capture_output=True, text=True
            )
            result = json.loads(out.read_text()) if out.exists() else {}
        outcome.rows = result.get("rows", [])
        outcome.table = result.get("table", "")
        outcome.skipped = result.get("skipped", "")
        outcome.error = result.get("error", "")
        if done.returncode != 0 and not outcome.error:
            outcome.error = done.stderr[-3000:] or f"exit code {done.returncode}"
    else:
        args = QUICK_SCRIPT_ARGS.get(name, []) if quick else []
        done = subprocess.run(
            [sys.executable, str(path), *args], capture_output=True, text=True, cwd=HERE
        )
        outcome.output = done.stdout.strip()
        if done.returncode != 0:
            outcome.error = done.stderr[-3000:] or f"exit code {done.returncode}"
    outcome.seconds = time.perf_counter() - start
    return outcome


# -- the report -------------------------------------------------------------------------------


def gil_enabled() -> bool:
    return bool(getattr(sys, "_is_gil_enabled", lambda: True)())


def usable_cpus() -> int:
    count = getattr(os, "process_cpu_count", None)
    return (count() if count else len(os.sched_getaffinity(0))) or 1


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(HERE), "status", "--porcelain"], capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def section_key() -> str:
    return f"{platform.python_implementation()}-{platform.python_version()}-" + (
        "gil" if gil_enabled() else "free-threaded"
    )


def section(outcomes: list[Outcome], quick: bool, seconds: float) -> str:
    gil = gil_enabled()
    build = "GIL enabled" if gil else "free-threaded, GIL disabled"
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        version = importlib.import_module("pariter").__version__
    except ImportError:
        version = "not importable"
    lines = [
        f"## {platform.python_implementation()} {platform.python_version()} ({build})",
        "",
        f"- date: {now}; {'quick' if quick else 'full'} run, {seconds / 60:.1f} minutes",
        f"- interpreter: `{sys.executable}`, GIL {'on' if gil else 'off'}",
        f"- machine: {usable_cpus()} usable cores (of {os.cpu_count()}), {platform.platform()}",
        f"- pariter {version}, commit {commit()}",
        "",
    ]
    for o in outcomes:
        lines += [f"### {o.name}", "", o.summary, ""]
        if o.skipped:
            lines += [f"_Skipped: {o.skipped}_", ""]
            continue
        if o.table or o.rows:
            lines += [o.table or markdown(o.rows), ""]
        if o.output:
            lines += ["```", o.output, "```", ""]
        if o.error:
            lines += ["**Failed:**", "", "```", o.error.strip(), "```", ""]
        lines += [f"_{o.seconds:.1f} s_", ""]
    return "\n".join(lines).rstrip() + "\n"


MARK = re.compile(r"<!-- run_all:begin (\S+) -->\n(.*?)<!-- run_all:end \1 -->\n", re.DOTALL)


def merge(existing: str, key: str, body: str) -> str:
    """The report with ``key``'s section replaced by ``body`` (others kept, sorted by key).

    >>> r = merge("", "b", "B\\n"); r = merge(r, "a", "A\\n"); r = merge(r, "b", "B2\\n")
    >>> [line for line in r.splitlines() if line in ("A", "B", "B2")]
    ['A', 'B2']
    """
    sections = dict(MARK.findall(existing))
    sections[key] = body
    parts = [TITLE, "", INTRO, ""]
    for k in sorted(sections):
        parts += [f"<!-- run_all:begin {k} -->\n{sections[k]}<!-- run_all:end {k} -->", ""]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs: minutes, not tens")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the Markdown report")
    parser.add_argument("--only", metavar="NAME[,NAME]", help="e.g. bench_core,bench_sort")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.quick, args.json)

    names = discover()
    if args.list:
        for name in names:
            print(f"{name}: {summary_of(HERE / f'{name}.py')}")
        return 0
    if args.only:
        wanted = [n.strip().removesuffix(".py") for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown benchmark(s) {', '.join(unknown)}; have {', '.join(names)}")
        names = [n for n in names if n in wanted]

    build = "GIL" if gil_enabled() else "free-threaded"
    count = f"{len(names)} benchmark{'' if len(names) == 1 else 's'}"
    print(f"Python {platform.python_version()} ({build}): {count}", flush=True)
    start = time.perf_counter()
    outcomes = []
    for i, name in enumerate(names, 1):
        print(f"[{i}/{len(names)}] {name} ...", end=" ", flush=True)
        outcome = run_one(name, args.quick)
        verdict = "skipped" if outcome.skipped else "FAILED" if outcome.error else "done"
        print(f"{verdict} ({outcome.seconds:.1f} s)", flush=True)
        outcomes.append(outcome)

    body = section(outcomes, args.quick, time.perf_counter() - start)
    existing = args.out.read_text() if args.out.exists() else ""
    args.out.write_text(merge(existing, section_key(), body))
    print(f"report: {args.out}")
    failed = [o.name for o in outcomes if o.error]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
