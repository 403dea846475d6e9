"""``python -m pariter demo``: the gallery's command line.

Options: ``--quick`` (small sizes: the whole run takes under a minute on 2 cores),
``--repeat N`` (timed runs; the best counts), ``--threads N`` (pool size; 0 = all CPUs),
``--only NAME[,NAME]``, ``--plot out.png`` (needs matplotlib) and ``--list``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from pariter.demo import plot
from pariter.demo.programs import Program, all_programs, select
from pariter.demo.runner import Plan, Progress, Result, open_pools, plan, run
from pariter.demo.table import TextTable

DESCRIPTION = """\
Rayon's demo programs rewritten with pariter: each runs sequentially and on every pool that
helps on this interpreter (threads on a free-threaded build; on a GIL build processes, and
threads where the work releases the GIL), checks that the results agree and prints the
speed-ups."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pariter", description=DESCRIPTION)
    p.add_argument("command", choices=["demo"], help="what to run")
    p.add_argument("--threads", type=int, default=0, help="pool size (default: all CPUs)")
    p.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    p.add_argument("--quick", action="store_true", help="small sizes: under a minute")
    p.add_argument("--only", metavar="NAME[,NAME]", help="run only these programs")
    p.add_argument("--plot", metavar="OUT.png", help="draw the speed-ups (needs matplotlib)")
    p.add_argument("--list", action="store_true", help="list the programs and exit")
    return p


def build_name(gil: bool) -> str:
    return "GIL enabled" if gil else "free-threaded"


def list_programs() -> None:
    programs = all_programs()
    width = max(len(p.title) for p in programs)
    table = TextTable([("program", 16, "<"), ("what", width, "<"), ("the pariter line", 40, "<")])
    print(table.header())
    print(table.rule())
    for p in programs:
        print(table.row([p.name, p.title, p.idiom]))


def result_table(the_plan: Plan) -> TextTable:
    width = max([len(p.describe(s)) for p, s, _ in the_plan.programs] or [8])
    columns = [("program", 16, "<"), ("workload", width, "<"), ("sequential", 10, ">")]
    for kind in the_plan.kinds:
        columns += [(kind, 9, ">"), ("speed-up", 8, ">")]
    columns.append(("agree", 5, "<"))
    return TextTable(columns)


def result_row(the_plan: Plan, result: Result) -> list[str]:
    cells = [
        result.program.name,
        result.program.describe(result.size),
        f"{result.sequential:.3f} s",
    ]
    for kind in the_plan.kinds:
        r = result.run(kind)
        if r is None:
            cells += ["-", "-"]
        else:
            cells += [f"{r.seconds:.3f} s", f"{r.speedup(result.sequential):.2f}x"]
    if not result.runs:  # see pools_for: a join program on a GIL build
        cells.append(NEEDS_FREE_THREADING)
        return cells
    verdict = "yes" if result.agree else "NO"
    cells.append(f"{verdict} ({result.program.check_note})")
    return cells


#: The row of a join-based program on a GIL build, in place of a speed-up below 1x.
NEEDS_FREE_THREADING = "needs a free-threaded build (join: threads take turns here)"


def notes(the_plan: Plan, workers: int) -> list[str]:
    """What the table shows and why these pools, as wrapped lines."""
    text = [
        f"speed-up = sequential time / pool time, best of {the_plan.repeat}; with {workers} "
        f"workers the ceiling is {workers:.2f}x."
    ]
    if not the_plan.gil:
        text.append("Free-threaded build: threads run Python in parallel; every program uses them.")
    elif the_plan.processes:
        text.append(
            "GIL build: threads run Python one at a time, so the programs run on a ProcessPool "
            "(even the NumPy one: its many small array calls hold the GIL most of the time); the "
            "join-based ones (sorts, fibonacci) run on threads whatever pool is current, so "
            "nothing speeds them up here: their rows show the sequential time only, and "
            "scripts/demo.sh runs them on a free-threaded build too."
        )
        text.append(
            "The ProcessPool is the program-wide default here (pariter.set_global_pool); "
            "PARITER_POOL=processes does the same for any program, with no code change."
        )
    else:
        text.append(
            "GIL build: threads run Python one at a time. This pariter has no ProcessPool, so "
            "the programs run on threads and gain nothing; scripts/demo.sh also runs them on a "
            "free-threaded build."
        )
    return [line for paragraph in text for line in textwrap.wrap(paragraph, 96)]


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m pariter demo``; returns the process exit code."""
    args = parser().parse_args(argv)
    if args.list:
        list_programs()
        return 0
    if args.plot and not plot.available():
        parser().error(f"--plot needs matplotlib, which is not installed: {plot.INSTALL_HINT}")
    if args.threads < 0 or args.repeat < 1:
        parser().error("--threads must be >= 0 and --repeat >= 1")
    try:
        programs: list[Program] = select(args.only)
    except ValueError as exc:
        parser().error(str(exc))

    the_plan = plan(programs, args.quick, args.repeat)
    progress = Progress(the_plan.total_runs)
    results: list[Result] = []
    try:
        with open_pools(the_plan.kinds, args.threads) as pools:
            sizes = {kind: pool.current_num_threads() for kind, pool in pools.items()}
            workers = max(sizes.values(), default=1)
            pool_text = ", ".join(f"{n} {kind}" for kind, n in sizes.items())
            version = sys.version.split()[0]
            progress.write(
                f"\npariter demo: Rayon's demo programs on Python {version} "
                f"({build_name(the_plan.gil)}), {pool_text}, best of {the_plan.repeat}"
                f"{', quick sizes' if args.quick else ''}\n"
            )
            table = result_table(the_plan)
            progress.write(table.header())
            progress.write(table.rule())
            results = run(
                the_plan,
                pools,
                lambda r: progress.write(table.row(result_row(the_plan, r))),
                progress,
            )
    finally:
        progress.close()

    print()
    for line in notes(the_plan, workers):
        print(line)
    if the_plan.skipped:
        print("Skipped: " + "; ".join(the_plan.skipped) + ".")
    ok = all(r.agree for r in results)
    if not ok:
        bad = ", ".join(r.program.name for r in results if not r.agree)
        print(f"\nResults that did NOT agree with the sequential version: {bad}")
    if args.plot:
        title = (
            f"pariter demo, Python {sys.version.split()[0]} ({build_name(the_plan.gil)}), "
            f"{workers} workers"
        )
        plot.save(results, the_plan.kinds, workers, title, args.plot)
        print(f"Speed-ups drawn in {args.plot}")
    return 0 if ok else 1
