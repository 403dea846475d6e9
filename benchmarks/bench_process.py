"""``ProcessPool`` against the process-pool peers on pure-Python CPU work (issue 5).

Five workloads, each computed by every tool side by side in one process:

- **fine**: ``fine(x)`` (~1 us: ``x * x % 7`` and a 16-round loop) over 10^6 items, collected;
- **medium**: ``medium(x)`` (~100 us: a 900-round loop) over 10^4 items, collected;
- **coarse**: ``coarse(x)`` (~50 ms: a 450,000-round loop) over 40 items, collected;
- **reduction**: ``sum`` of ``reduce_item(x)`` (~0.1 us) over ``range(10**7)``;
- **skewed**: ``skewed(i)`` (a loop of ``i // 11`` rounds: the last items cost the most) over
  20,000 items, collected (~2 s sequential).

The tools (``--workers N`` each, default: the CPUs this process may use):

- sequential: ``list(map(f, range(n)))`` / ``sum(map(f, range(n)))``, the baseline and the answer
  every other tool's result is checked against, on every run;
- pariter: ``pool.install(lambda: pi.into_par_iter(range(n)).map(f).collect())`` (``.sum()``
  for the reduction) on a ``pi.ProcessPool(workers)``;
- ``multiprocessing.Pool.map(f, range(n))``, default chunksize (``ceil(n / (4 * workers))``);
- ``concurrent.futures.ProcessPoolExecutor.map(f, range(n), chunksize=n // (4 * workers))``;
- ``joblib.Parallel(n_jobs=workers)(delayed(f)(x) for x in range(n))``: loky backend, default
  auto batching.  One ``Parallel`` object is called again and again (not entered with
  ``with``), so every call starts its batch-size search afresh, as a user's call does; its loky
  workers are joblib's reusable executor and stay alive between calls;
- ``mpire.WorkerPool(n_jobs=workers, keep_alive=True).map(f, range(n))``, default chunking.

The reduction's peer equivalent is **chunked sums**: the peers map ``range_sum`` over
``4 * workers`` contiguous sub-ranges of ``range(n)`` (``chunksize=1``) and the caller adds the
partial sums -- what a user who knows the peers writes, and what pariter does internally.
Mapping every item and summing 10^7 returned values in the caller would mostly measure
result transport.

Start methods: pariter, ``multiprocessing.Pool``, ``ProcessPoolExecutor`` and mpire all use one
``multiprocessing`` start method (``--start-method``, default ``forkserver``, pariter's own
default); joblib's loky backend always uses loky's own start method (a fresh interpreter, like
``spawn``).  Start-up is never timed: every pool is created once, makes one untimed warm-up call
per workload (workers started, function shipped), and only then is timed.

Idle pollers: mpire's idle workers poll their task queues every 10 ms (measured: ~1.4% of a
core each, while every other pool's idle workers use nothing). Side by side, they would slow
every other tool's timed calls (and the sequential baseline) by about that much, but never
mpire's own, whose workers are busy then; so while another tool is timed, mpire's workers are
paused (SIGSTOP) and resumed (SIGCONT) for mpire's own calls. ``--no-pause`` keeps them running.

Timing: the tools are timed round robin (the starting tool rotates each round), ``--repeat``
rounds, and the median is reported; a shared, noisy machine hurts every tool alike that way.
(The other benchmarks take the best of a few runs of one tool at a time; with six tools
competing for the same cores, interleaving and the median are the fairer rule.)

Install the peers with ``.venv/bin/pip install --group bench`` (the dependency group; pip >= 25.1)
or ``.venv/bin/pip install joblib mpire`` (a missing peer is skipped).
Run: ``.venv/bin/python benchmarks/bench_process.py [--quick] [--workers N] [--repeat R]``
``[--only WORKLOAD ...]``; ``--quick`` makes every workload ~10x smaller (coarse: the same 40
items, each 10x cheaper).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import gc
import multiprocessing
import os
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pariter as pi
from pariter.backends.process import default_start_method
from pariter.core import available_cpus
from rows import package_version

# -- the workloads (module level, so that every peer can pickle them by reference) -------------

FINE_ROUNDS = 16
MEDIUM_ROUNDS = 900
COARSE_ROUNDS = 450_000
SKEW_DIVISOR = 11


def spin(x: int, rounds: int) -> int:
    """About 0.1 us of pure-Python arithmetic a round."""
    y = x
    for _ in range(rounds):
        y = (y * 1103515245 + 12345) % 2147483648
    return y


def fine(x: int) -> int:
    """About 1 us."""
    y = x * x % 7
    for _ in range(FINE_ROUNDS):
        y = (y * 31 + x) % 1000003
    return y


def medium(x: int) -> int:
    """About 100 us."""
    return spin(x, MEDIUM_ROUNDS)


def coarse(x: int) -> int:
    """About 50 ms."""
    return spin(x, COARSE_ROUNDS)


def coarse_quick(x: int) -> int:
    """About 5 ms (``--quick``)."""
    return spin(x, COARSE_ROUNDS // 10)


def skewed(i: int) -> int:
    """Cost grows with the index: item ``i`` runs ``i // SKEW_DIVISOR`` rounds."""
    return spin(i, i // SKEW_DIVISOR)


def reduce_item(x: int) -> int:
    """About 0.1 us: the item function of the reduction."""
    return (x * x % 7) ^ (x & 3)


def range_sum(r: range) -> int:
    """One chunk of the peers' reduction: the sum of ``reduce_item`` over a sub-range."""
    return sum(map(reduce_item, r))


@dataclass
class Workload:
    name: str
    fn: Callable[[int], int]
    n: int
    reduction: bool = False

    def chunks(self, count: int) -> list[range]:
        """``count`` contiguous sub-ranges of ``range(n)`` (the peers' chunked sums)."""
        return [range(self.n * i // count, self.n * (i + 1) // count) for i in range(count)]


def workloads(quick: bool) -> list[Workload]:
    scale = 10 if quick else 1
    return [
        Workload("fine", fine, 1_000_000 // scale),
        Workload("medium", medium, 10_000 // scale),
        Workload("coarse", coarse_quick if quick else coarse, 40),
        Workload("reduction", reduce_item, 10_000_000 // scale, reduction=True),
        Workload("skewed", skewed, 6_000 if quick else 20_000),
    ]


# -- the tools ----------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    start_method: str
    compute: Callable[[Workload], Any]  # the workload's answer: a list, or the sum
    #: The pids of processes of this tool that use CPU while idle (paused while others run).
    pollers: Callable[[], list[int]] | None = None


def open_tools(stack: contextlib.ExitStack, workers: int, method: str) -> list[Tool]:
    """Create every pool once (closed by ``stack``); print a note for each peer skipped."""
    ctx = multiprocessing.get_context(method)
    k = 4 * workers  # the peers' chunk count for the reduction

    def sequential(w: Workload) -> Any:
        return sum(map(w.fn, range(w.n))) if w.reduction else list(map(w.fn, range(w.n)))

    tools = [Tool("sequential", "-", sequential)]

    pool = pi.ProcessPool(workers, mp_context=ctx)
    stack.callback(pool.shutdown)

    def pariter(w: Workload) -> Any:
        def chain() -> Any:
            mapped = pi.into_par_iter(range(w.n)).map(w.fn)
            return mapped.sum() if w.reduction else mapped.collect()

        return pool.install(chain)

    tools.append(Tool("pariter", method, pariter))

    mp_pool = stack.enter_context(ctx.Pool(workers))

    def mp_map(w: Workload) -> Any:
        if w.reduction:
            return sum(mp_pool.map(range_sum, w.chunks(k)))
        return mp_pool.map(w.fn, range(w.n))

    tools.append(Tool("mp.Pool", method, mp_map))

    executor = stack.enter_context(concurrent.futures.ProcessPoolExecutor(workers, mp_context=ctx))

    def executor_map(w: Workload) -> Any:
        if w.reduction:
            return sum(executor.map(range_sum, w.chunks(k)))
        return list(executor.map(w.fn, range(w.n), chunksize=max(1, w.n // k)))

    tools.append(Tool("ProcessPoolExecutor", method, executor_map))

    try:
        import joblib
    except ImportError as exc:
        print(f"note: joblib skipped ({exc}); install it with pip install --group bench")
    else:
        parallel = joblib.Parallel(n_jobs=workers, backend="loky")
        delayed = joblib.delayed

        def joblib_map(w: Workload) -> Any:
            if w.reduction:
                return sum(parallel(delayed(range_sum)(r) for r in w.chunks(k)))
            return parallel(delayed(w.fn)(x) for x in range(w.n))

        tools.append(Tool("joblib", "loky", joblib_map))

    try:
        import mpire
    except ImportError as exc:
        print(f"note: mpire skipped ({exc}); install it with pip install --group bench")
    else:
        worker_pool = mpire.WorkerPool(n_jobs=workers, start_method=method, keep_alive=True)
        stack.callback(worker_pool.terminate)

        def mpire_map(w: Workload) -> Any:
            if w.reduction:
                # mpire unpacks an iterable argument into positional ones: wrap each range.
                return sum(worker_pool.map(range_sum, [(r,) for r in w.chunks(k)]))
            return worker_pool.map(w.fn, range(w.n))

        def mpire_workers() -> list[int]:
            return [p.pid for p in getattr(worker_pool, "_workers", None) or [] if p is not None]

        tools.append(Tool("mpire", method, mpire_map, mpire_workers))

    return tools


# -- measuring ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    times: list[float] = field(default_factory=list)
    wrong: int = 0
    error: str | None = None


def _timed(tool: Tool, workload: Workload) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = tool.compute(workload)
    return time.perf_counter() - start, result


def only_running(tools: list[Tool], running: Tool | None) -> None:
    """Pause the idle pollers of every tool but ``running`` (None: resume them all)."""
    for tool in tools:
        if tool.pollers is None:
            continue
        pause = running is not None and tool is not running
        for pid in tool.pollers():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP if pause else signal.SIGCONT)


def measure(
    tools: list[Tool], workload: Workload, repeat: int, pause: bool = True
) -> dict[str, Outcome]:
    """Warm every tool up, then time them round robin; every result is checked."""
    outcomes = {tool.name: Outcome() for tool in tools}
    try:
        expected = tools[0].compute(workload)  # the sequential answer
        for tool in tools[1:]:  # warm-up: workers started, function shipped, caches filled
            try:
                if tool.compute(workload) != expected:
                    outcomes[tool.name].wrong += 1
            except Exception as exc:
                outcomes[tool.name].error = f"{type(exc).__name__}: {exc}"
        for round_ in range(repeat):
            shift = round_ % len(tools)
            for tool in tools[shift:] + tools[:shift]:
                outcome = outcomes[tool.name]
                if outcome.error is not None:
                    continue
                if pause:
                    only_running(tools, tool)
                try:
                    seconds, result = _timed(tool, workload)
                except Exception as exc:
                    outcome.error = f"{type(exc).__name__}: {exc}"
                    continue
                outcome.times.append(seconds)
                if result != expected:
                    outcome.wrong += 1
                del result  # freed here, outside the next tool's timing
    finally:
        only_running(tools, None)
    return outcomes


def run(
    quick: bool = False,
    workers: int | None = None,
    repeat: int | None = None,
    start_method: str | None = None,
    only: list[str] | None = None,
    pause: bool = True,
) -> list[dict[str, Any]]:
    """Measure every workload with every tool; one row per (workload, tool).

    Row keys: ``benchmark, workload, items, tool, start_method, workers, seconds`` (the median,
    ``None`` if the tool failed), ``runs`` (every timing), ``speedup`` (sequential / tool),
    ``correct`` (every result equal to the sequential one), ``error``, and on pariter's rows
    ``pariter_vs_fastest_peer`` (pariter's seconds / the fastest peer's; below 1 is faster).
    """
    workers = workers or available_cpus()
    repeat = repeat or (3 if quick else 5)
    method = start_method or default_start_method()
    rows: list[dict[str, Any]] = []
    with contextlib.ExitStack() as stack:
        tools = open_tools(stack, workers, method)
        for workload in workloads(quick):
            if only and workload.name not in only:
                continue
            outcomes = measure(tools, workload, repeat, pause)
            medians = {
                name: statistics.median(o.times) if o.times and o.error is None else None
                for name, o in outcomes.items()
            }
            base = medians["sequential"]
            peers = [
                t
                for name, t in medians.items()
                if name not in ("sequential", "pariter")
                and t is not None
                and not outcomes[name].wrong
            ]
            for tool in tools:
                outcome, seconds = outcomes[tool.name], medians[tool.name]
                row: dict[str, Any] = {
                    "benchmark": "process",
                    "workload": workload.name,
                    "items": workload.n,
                    "tool": tool.name,
                    "start_method": tool.start_method,
                    "workers": workers,
                    "seconds": seconds,
                    "runs": outcome.times,
                    "speedup": base / seconds if base and seconds else None,
                    "correct": outcome.error is None and outcome.wrong == 0,
                    "error": outcome.error,
                }
                if tool.name == "pariter":
                    row["pariter_vs_fastest_peer"] = (
                        seconds / min(peers) if seconds is not None and peers else None
                    )
                rows.append(row)
    return rows


# -- reporting ----------------------------------------------------------------------------------


def _cell(row: dict[str, Any]) -> str:
    if row["error"] is not None:
        return "error"
    if not row["correct"]:
        return f"WRONG ({row['seconds']:.3f} s)"
    text = f"{row['seconds']:.3f} s"
    return text if row["tool"] == "sequential" else f"{text} ({row['speedup']:.2f}x)"


def print_table(rows: list[dict[str, Any]]) -> None:
    tools = list(dict.fromkeys(row["tool"] for row in rows))
    methods = {row["tool"]: row["start_method"] for row in rows}
    header = [f"{t} [{methods[t]}]" if methods[t] != "-" else t for t in tools]
    print("| workload | items | " + " | ".join(header) + " | pariter / fastest peer |")
    print("|---|---:|" + "---:|" * len(tools) + "---:|")
    for workload in dict.fromkeys(row["workload"] for row in rows):
        mine = {row["tool"]: row for row in rows if row["workload"] == workload}
        pariter = mine.get("pariter", {})
        ratio = pariter.get("pariter_vs_fastest_peer")
        cells = [_cell(mine[t]) for t in tools]
        ratio_text = f"{ratio:.2f}" if ratio is not None else "-"
        items = next(iter(mine.values()))["items"]
        print(f"| {workload} | {items:,} | " + " | ".join(cells) + f" | {ratio_text} |")
    for row in rows:
        if row["error"] is not None:
            print(f"error: {row['tool']} on {row['workload']}: {row['error']}")
        elif not row["correct"]:
            print(f"WRONG: {row['tool']} on {row['workload']} differs from the sequential result")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~10x smaller workloads")
    parser.add_argument("--workers", type=int, default=None, help="default: available CPUs")
    parser.add_argument("--repeat", type=int, default=None, help="rounds (default 5; quick 3)")
    parser.add_argument(
        "--start-method",
        choices=multiprocessing.get_all_start_methods(),
        default=default_start_method(),
        help="for pariter, mp.Pool, ProcessPoolExecutor and mpire (joblib uses loky's own)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[w.name for w in workloads(False)],
        help="measure these workloads only",
    )
    parser.add_argument(
        "--no-pause",
        action="store_true",
        help="keep mpire's idle workers polling while other tools are timed",
    )
    args = parser.parse_args()
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    workers = args.workers or available_cpus()
    print(
        f"Python {sys.version.split()[0]} ({'GIL' if gil else 'free-threaded'}), "
        f"{workers} workers, {available_cpus()} CPUs, start method {args.start_method}, "
        f"joblib {package_version('joblib')}, mpire {package_version('mpire')}"
        f"{', quick' if args.quick else ''}"
    )
    rows = run(args.quick, workers, args.repeat, args.start_method, args.only, not args.no_pause)
    repeat = len(rows[0]["runs"]) if rows else 0
    print(f"median of {repeat} interleaved runs; (Nx) = speed-up over sequential")
    print_table(rows)
    if any(not row["correct"] for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
