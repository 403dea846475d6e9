"""Fixed and per-item overhead of parallel iterators on a 1-thread pool, against the builtins.

Prints pariter time / builtin time for the three targets (best of N, same process):
    into_par_iter(range(n)).map(f).sum()      vs sum(map(f, range(n)))        target <= 1.10
    par_iter(xs).map(f).collect()             vs list(map(f, xs))             target <= 1.15
    par_iter(a).zip(b).map(g).sum()           vs sum(map(g, zip(a, b)))       target <= 1.15
Run: python benchmarks/bench_iter_overhead.py [n] [repeats]
"""

from __future__ import annotations

import sys

import pariter as pi
from timing import best_time


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10**6
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    f = lambda x: x * 2
    g = lambda p: p[0] * p[1]
    xs = list(range(n))
    a, b = list(range(n)), list(range(n, 2 * n))
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"python {sys.version.split()[0]} gil={'on' if gil else 'off'} n={n} best of {repeats}")
    cases = [
        ("range.map.sum", lambda: sum(map(f, range(n))),
         lambda: pi.into_par_iter(range(n)).map(f).sum(), 1.10),
        ("list.map.collect", lambda: list(map(f, xs)),
         lambda: pi.par_iter(xs).map(f).collect(), 1.15),
        ("zip.map.sum", lambda: sum(map(g, zip(a, b, strict=False))),
         lambda: pi.par_iter(a).zip(b).map(g).sum(), 1.15),
    ]  # fmt: skip
    with pi.ThreadPool(1):
        for name, base_fn, par_fn, target in cases:
            assert base_fn() == par_fn()
            tb, tp = best_time(base_fn, repeats), best_time(par_fn, repeats)
            ok = "ok" if tp / tb <= target else "OVER"
            print(f"{name:18s} builtin {tb * 1e3:8.2f} ms  pariter {tp * 1e3:8.2f} ms  "
                  f"ratio {tp / tb:5.3f}  (target {target:.2f}) {ok}")  # fmt: skip
        small = pi.into_par_iter(range(10))
        fixed = best_time(lambda: small.map(f).sum(), 200)
        print(f"fixed cost of a 10-item map.sum: {fixed * 1e6:.1f} us")


if __name__ == "__main__":
    main()
