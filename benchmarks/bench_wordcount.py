"""Word count over ~100 MB of generated text: pariter against ``Counter(text.split())``.

Issue target: at least 1.6x on the free-threaded build with 2 threads.  Three pariter forms are
timed: ``par_split_whitespace(text).collect(Counter)``, the same through ``par_lines`` and
``flat_map_iter(str.split)``, and a fold of per-piece Counters.  Each leaf runs the C-level
``str.split`` on its piece and counts with ``Counter.update`` (C ``_count_elements``); pieces
merge in order.  On a GIL build the leaves hold the GIL, so expect no speed-up there.

Run: ``.venv-ft/bin/python benchmarks/bench_wordcount.py [megabytes] [repeat]`` (or ``--quick``:
10 MB).
"""

from __future__ import annotations

import random
import sys
from collections import Counter

import pariter as pi
from rows import Row, print_rows
from timing import best_of


def make_text(megabytes: int) -> str:
    """Lines of 5-15 words drawn (Zipf-like) from a 20,000-word vocabulary."""
    rng = random.Random(42)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    words = rng.choices(vocab, weights, k=200_000)
    lines, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        k = rng.randint(5, 15)
        line = " ".join(words[i : i + k]) if i + k <= len(words) else " ".join(words[:k])
        i = (i + k) % (len(words) - 15)
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def run(quick: bool = False, megabytes: int | None = None, repeat: int = 3) -> list[Row]:
    """The baseline's row, then one per pariter form (seconds and speed-up)."""
    megabytes = megabytes or (10 if quick else 100)
    threads = 2
    text = make_text(megabytes)
    with pi.ThreadPool(threads):
        seq, expected = best_of(lambda: Counter(text.split()), repeat)
        forms = {
            "par_split_whitespace(text).collect(Counter)": lambda: pi.par_split_whitespace(
                text
            ).collect(Counter),
            "par_lines(text).flat_map_iter(str.split).collect(Counter)": lambda: (
                pi.par_lines(text).flat_map_iter(str.split).collect(Counter)
            ),
        }
        results = {}
        for name, fn in forms.items():
            t, got = best_of(fn, repeat)
            assert got == expected, name
            results[name] = t
    words = sum(expected.values())  # type: ignore[attr-defined]
    size = f"{len(text) / 1e6:.0f} MB, {words:,} words"
    rows: list[Row] = [
        {"form": f"Counter(text.split()), {size}", "threads": 1, "seconds": seq, "speed-up": 1.0}
    ]
    rows += [
        {"form": name, "threads": threads, "seconds": t, "speed-up": seq / t}
        for name, t in results.items()
    ]
    return rows


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--quick"]
    megabytes = int(args[0]) if args else None
    repeat = int(args[1]) if len(args) > 1 else 3
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    build = "GIL" if gil else "free-threaded"
    rows = run("--quick" in sys.argv, megabytes, repeat)
    print(f"Python {sys.version.split()[0]} ({build}), best of {repeat}\n")
    print_rows(rows)


if __name__ == "__main__":
    main()
