"""``DaskPool`` against ``dask.bag`` and sequential Python on a local Dask cluster.

The cluster: ``distributed.LocalCluster(n_workers=W, threads_per_worker=1, processes=True,
host="127.0.0.1", dashboard_address=None)`` (``--workers W``, default 2), started once and
shared by every tool through one ``distributed.Client``.

Two workloads, each a sum (``--quick``: 10x fewer items):

- **reduction**: ``sum`` of ``reduce_item(x)`` (~0.1 us of pure Python) over ``range(10**7)``;
- **medium**: ``sum`` of ``medium(x)`` (~100 us: a 900-round loop) over ``range(10**4)``.

The tools:

- sequential: ``sum(map(f, range(n)))`` in this process, the baseline and the answer every
  other result is checked against, on every run;
- pariter: ``pool.install(lambda: pi.into_par_iter(range(n)).map(f).sum())`` on a
  ``pi.DaskPool(client)`` (it cuts the call into tasks itself, aiming for ~0.2 s tasks);
- dask.bag from_sequence: ``db.from_sequence(range(n), npartitions=P).map(f).sum()
  .compute(scheduler=client)``, what a user first writes (``from_sequence`` lists the items in
  the caller and ships them inside the graph);
- dask.bag range: ``db.range(n, npartitions=P).map(f).sum().compute(scheduler=client)``: the
  partitions are ranges made on the workers, nothing is shipped (the fairer peer for a range).

``P = 4 * W`` partitions (8 on 2 workers): Dask's advice is a few partitions per worker thread,
enough to balance, few enough that the ~1 ms scheduling cost per task stays hidden.

Per-call overhead: the median of 50 calls of a trivial chain, ``into_par_iter(range(10))
.sum()``, against ``db.from_sequence(range(10), npartitions=1).sum().compute()``, one
``client.submit(int).result()`` round trip (Dask's floor) and ``sum(range(10))``.

Timing: one untimed warm-up call per tool and workload (functions shipped, workers warm), then
``--repeat`` rounds timed round robin (the starting tool rotates), and the median is reported,
as in ``bench_process.py``.  A run that raises is counted and reported, not retried silently.

Run: ``.venv/bin/python benchmarks/bench_dask.py [--quick] [--workers W] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pariter as pi
from rows import Skipped, package_version

MEDIUM_ROUNDS = 900
OVERHEAD_CALLS = 50


# -- the workloads (defined here: cloudpickle sends them by value to the workers) -------------


def reduce_item(x: int) -> int:
    """About 0.1 us: the item function of the reduction."""
    return (x * x % 7) ^ (x & 3)


def medium(x: int) -> int:
    """About 100 us of pure-Python arithmetic."""
    y = x
    for _ in range(MEDIUM_ROUNDS):
        y = (y * 1103515245 + 12345) % 2147483648
    return y


@dataclass
class Workload:
    name: str
    fn: Callable[[int], int]
    n: int


def workloads(quick: bool) -> list[Workload]:
    scale = 10 if quick else 1
    return [
        Workload("reduction", reduce_item, 10_000_000 // scale),
        Workload("medium", medium, 10_000 // scale),
    ]


# -- the tools ----------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    compute: Callable[[Workload], int]


def make_tools(client: Any, pool: Any, partitions: int) -> list[Tool]:
    import dask.bag as db

    def sequential(w: Workload) -> int:
        return sum(map(w.fn, range(w.n)))

    def pariter(w: Workload) -> int:
        return pool.install(lambda: pi.into_par_iter(range(w.n)).map(w.fn).sum())  # type: ignore[no-any-return]

    def bag_from_sequence(w: Workload) -> int:
        bag = db.from_sequence(range(w.n), npartitions=partitions)
        return bag.map(w.fn).sum().compute(scheduler=client)  # type: ignore[no-any-return]

    def bag_range(w: Workload) -> int:
        bag = db.range(w.n, npartitions=partitions)
        return bag.map(w.fn).sum().compute(scheduler=client)  # type: ignore[no-any-return]

    return [
        Tool("sequential", sequential),
        Tool("pariter", pariter),
        Tool("dask.bag from_sequence", bag_from_sequence),
        Tool("dask.bag range", bag_range),
    ]


@dataclass
class Outcome:
    times: list[float] = field(default_factory=list)
    wrong: int = 0
    errors: list[str] = field(default_factory=list)


def _attempt(tool: Tool, workload: Workload, expected: int, outcome: Outcome) -> None:
    gc.collect()
    start = time.perf_counter()
    try:
        result = tool.compute(workload)
    except Exception as exc:
        outcome.errors.append(f"{type(exc).__name__}: {exc}")
        return
    outcome.times.append(time.perf_counter() - start)
    if result != expected:
        outcome.wrong += 1


def measure(tools: list[Tool], workload: Workload, repeat: int) -> dict[str, Outcome]:
    """Warm every tool up, then time them round robin; every result is checked."""
    outcomes = {tool.name: Outcome() for tool in tools}
    expected = tools[0].compute(workload)
    for tool in tools[1:]:  # warm-up, untimed (its errors and wrong answers still count)
        warm, outcome = Outcome(), outcomes[tool.name]
        _attempt(tool, workload, expected, warm)
        outcome.errors += warm.errors
        outcome.wrong += warm.wrong
    for round_ in range(repeat):
        shift = round_ % len(tools)
        for tool in tools[shift:] + tools[:shift]:
            _attempt(tool, workload, expected, outcomes[tool.name])
    return outcomes


def median_call(fn: Callable[[], Any], expected: Any, calls: int) -> tuple[float | None, int]:
    """The median seconds of ``calls`` calls of ``fn`` (after one warm-up), and failed calls."""
    fn()
    times: list[float] = []
    failed = 0
    for _ in range(calls):
        start = time.perf_counter()
        try:
            ok = fn() == expected
        except Exception:
            ok = False
        if ok:
            times.append(time.perf_counter() - start)
        else:
            failed += 1
    return (statistics.median(times) if times else None), failed


def run(quick: bool = False, workers: int = 2, repeat: int | None = None) -> list[dict[str, Any]]:
    """Measure every workload with every tool, then the per-call overheads; one row each.

    Workload rows: ``benchmark, workload, items, tool, workers, partitions, seconds`` (median,
    None if every run failed), ``runs``, ``speedup`` (sequential / tool), ``correct``,
    ``errors`` (messages of failed runs); pariter's rows add ``pariter_vs_bag_from_sequence``
    and ``pariter_vs_bag_range`` (pariter's seconds / dask.bag's; below 1 is faster).
    Overhead rows: ``workload="overhead"``, ``tool``, ``seconds`` (median per call), ``failed``.
    """
    try:
        import dask.bag
        import distributed

        from pariter.backends.dask import cluster_config
    except ImportError as exc:
        reason = f"dask and distributed are needed: pip install 'pariter[dask]' ({exc})"
        raise Skipped(reason) from None

    repeat = repeat or (3 if quick else 5)
    partitions = 4 * workers
    rows: list[dict[str, Any]] = []
    with (
        dask.config.set(cluster_config()),
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(workers)
        pool = pi.DaskPool(client)
        tools = make_tools(client, pool, partitions)
        for workload in workloads(quick):
            outcomes = measure(tools, workload, repeat)
            medians = {
                name: statistics.median(o.times) if o.times else None
                for name, o in outcomes.items()
            }
            base = medians["sequential"]
            for tool in tools:
                outcome, seconds = outcomes[tool.name], medians[tool.name]
                row: dict[str, Any] = {
                    "benchmark": "dask",
                    "workload": workload.name,
                    "items": workload.n,
                    "tool": tool.name,
                    "workers": workers,
                    "partitions": partitions if tool.name.startswith("dask") else None,
                    "seconds": seconds,
                    "runs": outcome.times,
                    "speedup": base / seconds if base and seconds else None,
                    "correct": outcome.wrong == 0,
                    "errors": outcome.errors,
                }
                if tool.name == "pariter":
                    for peer, key in (
                        ("dask.bag from_sequence", "pariter_vs_bag_from_sequence"),
                        ("dask.bag range", "pariter_vs_bag_range"),
                    ):
                        theirs = medians[peer]
                        row[key] = seconds / theirs if seconds and theirs else None
                rows.append(row)
        rows.extend(overheads(client, pool))
        pool.shutdown()
    return rows


def overheads(client: Any, pool: Any) -> list[dict[str, Any]]:
    import dask.bag as db

    expected = sum(range(10))
    cases: list[tuple[str, Callable[[], Any], Any]] = [
        ("sequential", lambda: sum(range(10)), expected),
        ("pariter", lambda: pool.install(lambda: pi.into_par_iter(range(10)).sum()), expected),
        (
            "dask.bag from_sequence",
            lambda: db.from_sequence(range(10), npartitions=1).sum().compute(scheduler=client),
            expected,
        ),
        ("client.submit round trip", lambda: client.submit(int, 7, pure=False).result(), 7),
    ]
    rows = []
    for name, fn, want in cases:
        seconds, failed = median_call(fn, want, OVERHEAD_CALLS)
        rows.append(
            {
                "benchmark": "dask",
                "workload": "overhead",
                "tool": name,
                "calls": OVERHEAD_CALLS,
                "seconds": seconds,
                "failed": failed,
            }
        )
    return rows


# -- reporting ----------------------------------------------------------------------------------


def _cell(row: dict[str, Any]) -> str:
    if row["seconds"] is None:
        return "error"
    text = f"{row['seconds']:.3f} s"
    if row["tool"] != "sequential":
        text += f" ({row['speedup']:.2f}x)"
    if not row["correct"]:
        text = f"WRONG {text}"
    if row["errors"]:
        text += f" [{len(row['errors'])} failed]"
    return text


def _ratio(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "-"


def print_table(rows: list[dict[str, Any]]) -> None:
    work = [row for row in rows if row["workload"] != "overhead"]
    tools = list(dict.fromkeys(row["tool"] for row in work))
    print(
        "| workload | items | "
        + " | ".join(tools)
        + " | pariter / bag from_sequence | pariter / bag range |"
    )
    print("|---|---:|" + "---:|" * len(tools) + "---:|---:|")
    for workload in dict.fromkeys(row["workload"] for row in work):
        mine = {row["tool"]: row for row in work if row["workload"] == workload}
        pariter = mine["pariter"]
        print(
            f"| {workload} | {pariter['items']:,} | "
            + " | ".join(_cell(mine[t]) for t in tools)
            + f" | {_ratio(pariter['pariter_vs_bag_from_sequence'])}"
            + f" | {_ratio(pariter['pariter_vs_bag_range'])} |"
        )
    print()
    print(f"| per-call overhead (median of {OVERHEAD_CALLS}) | seconds | failed calls |")
    print("|---|---:|---:|")
    for row in rows:
        if row["workload"] == "overhead":
            seconds = f"{row['seconds'] * 1e3:.3f} ms" if row["seconds"] is not None else "-"
            print(f"| {row['tool']} | {seconds} | {row['failed']} |")
    for row in work:
        for error in dict.fromkeys(row["errors"]):
            print(f"error: {row['tool']} on {row['workload']}: {error}")
        if not row["correct"]:
            print(f"WRONG: {row['tool']} on {row['workload']} differs from the sequential sum")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x fewer items")
    parser.add_argument("--workers", type=int, default=2, help="cluster workers (default 2)")
    parser.add_argument("--repeat", type=int, default=None, help="rounds (default 5; quick 3)")
    args = parser.parse_args()
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(
        f"Python {sys.version.split()[0]} ({'GIL' if gil else 'free-threaded'}), "
        f"LocalCluster of {args.workers} worker processes x 1 thread, "
        f"dask.bag partitions {4 * args.workers}, dask {package_version('dask')}, "
        f"distributed {package_version('distributed')}{', quick' if args.quick else ''}\n"
    )
    try:
        rows = run(args.quick, args.workers, args.repeat)
    except Skipped as exc:
        sys.exit(f"skipped: {exc}")
    print_table(rows)


if __name__ == "__main__":
    main()
