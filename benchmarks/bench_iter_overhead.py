"""Fixed and per-item overhead of parallel iterators on a 1-thread pool, against the builtins.

Prints pariter time / builtin time for the three targets (best of N, same process):
    into_par_iter(range(n)).map(f).sum()      vs sum(map(f, range(n)))        target <= 1.10
    par_iter(xs).map(f).collect()             vs list(map(f, xs))             target <= 1.15
    par_iter(a).zip(b).map(g).sum()           vs sum(map(g, zip(a, b)))       target <= 1.15
Run: python benchmarks/bench_iter_overhead.py [n] [repeats]   (or --quick)
"""

from __future__ import annotations

import sys

import pariter as pi
from rows import Row, print_rows
from timing import best_time


def run(quick: bool = False, n: int | None = None, repeats: int | None = None) -> list[Row]:
    """One row per chain (ms, ratio, target), then the fixed cost of a 10-item chain."""
    n = n or (2 * 10**5 if quick else 10**6)
    repeats = repeats or (3 if quick else 7)
    f = lambda x: x * 2
    g = lambda p: p[0] * p[1]
    xs = list(range(n))
    a, b = list(range(n)), list(range(n, 2 * n))
    cases = [
        ("range.map.sum", lambda: sum(map(f, range(n))),
         lambda: pi.into_par_iter(range(n)).map(f).sum(), 1.10),
        ("list.map.collect", lambda: list(map(f, xs)),
         lambda: pi.par_iter(xs).map(f).collect(), 1.15),
        ("zip.map.sum", lambda: sum(map(g, zip(a, b, strict=False))),
         lambda: pi.par_iter(a).zip(b).map(g).sum(), 1.15),
    ]  # fmt: skip
    rows: list[Row] = []
    with pi.ThreadPool(1):
        for name, base_fn, par_fn, target in cases:
            assert base_fn() == par_fn()
            tb, tp = best_time(base_fn, repeats), best_time(par_fn, repeats)
            rows.append(
                {
                    "chain": f"{name} ({n:,} items)",
                    "builtin (ms)": tb * 1e3,
                    "pariter (ms)": tp * 1e3,
                    "ratio": tp / tb,
                    "target": target,
                    "verdict": "ok" if tp / tb <= target else "OVER",
                }
            )
        small = pi.into_par_iter(range(10))
        fixed = best_time(lambda: small.map(f).sum(), 200)
        rows.append({"fixed cost": "a 10-item map.sum", "µs": fixed * 1e6})
    return rows


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--quick"]
    n = int(args[0]) if args else None
    repeats = int(args[1]) if len(args) > 1 else None
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    rows = run("--quick" in sys.argv, n, repeats)
    print(f"python {sys.version.split()[0]} gil={'on' if gil else 'off'}, 1-thread pool\n")
    print_rows(rows)


if __name__ == "__main__":
    main()
