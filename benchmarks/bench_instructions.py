"""The README's overhead chains counted in CPU instructions (valgrind's callgrind), not seconds.

On a shared VM, wall-clock ratios of two runs move by 10-30% from one round to the next (the host
switches the guest between a fast and a slow mode); instruction counts repeat to a fraction of a
percent, so a change of a few percent in per-item cost shows here and nowhere else. Each chain
runs on a 1-thread pool at two sizes; the difference, per 1,000 items, is its per-item cost,
compared with the builtin loop's counted the same way.

Run: python benchmarks/bench_instructions.py [--small-n N]   (needs valgrind on PATH)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import sys
    import pariter as pi
    case, n = sys.argv[1], int(sys.argv[2])
    f = lambda x: x * 2
    g = lambda p: p[0] * p[1]
    if case.endswith("list"):
        xs = list(range(n))
    if case.endswith("zip"):
        a, b = list(range(n)), list(range(n, 2 * n))
    with pi.ThreadPool(1):
        if case == "range":
            pi.into_par_iter(range(n)).map(f).sum()
        elif case == "builtin range":
            sum(map(f, range(n)))
        elif case == "list":
            pi.par_iter(xs).map(f).collect()
        elif case == "builtin list":
            list(map(f, xs))
        elif case == "zip":
            pi.par_iter(a).zip(b).map(g).sum()
        elif case == "builtin zip":
            sum(map(g, zip(a, b)))
        elif case == "calls":  # n // 1000 calls of a 10-item chain
            small = pi.into_par_iter(range(10))
            for _ in range(n // 1000):
                small.map(f).sum()
    """
)


def instructions(case: str, n: int) -> int:
    """Instructions of one run of the child for ``case`` at size ``n``."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", CHILD, case, str(n)],
        capture_output=True, text=True, check=True, env=os.environ,
    )  # fmt: skip
    for line in done.stderr.splitlines():
        if "Collected" in line:
            return int(line.split()[-1])
    raise RuntimeError(done.stderr[-2000:])


def per_unit(case: str, n: int) -> float:
    """Instructions per 1,000 items (per call for "calls"), start-up cost taken out."""
    return (instructions(case, 2 * n) - instructions(case, n)) / (n / 1000)


def main() -> None:
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not on PATH (apt-get install valgrind)")
    n = 200_000
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"CPython {sys.version.split()[0]}, GIL {'on' if gil else 'off'}; instructions per "
          "1,000 items (1-thread pool)")  # fmt: skip
    for chain in ("range", "list", "zip"):
        ours, builtin = per_unit(chain, n), per_unit(f"builtin {chain}", n)
        print(f"  {chain:6} pariter {ours:>12,.0f}  builtin {builtin:>12,.0f}  "
              f"ratio {ours / builtin:.3f}")  # fmt: skip
    call = per_unit("calls", n)
    print(f"  one 10-item map.sum call from outside the pool: {call:,.0f} instructions")


if __name__ == "__main__":
    main()
