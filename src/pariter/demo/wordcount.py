"""Word count: how often each word occurs in a text, as a ``Counter``.

Rayon's ``str_split`` demo splits a string in parallel; counting the words is the everyday job
built on it.  ``par_split_whitespace`` cuts the text at whitespace near the split points, each
piece runs the C-level ``str.split`` and counts with ``Counter.update``, and the pieces' counters
merge in order, so the result equals ``Counter(text.split())`` key for key and in key order:

    pariter.par_split_whitespace(text).collect(Counter)

>>> sequential(2_000) == parallel(2_000)
True
"""

from __future__ import annotations

import random
from collections import Counter
from functools import lru_cache

import pariter

NAME = "wordcount"
TITLE = "word count"
IDIOM = "par_split_whitespace(text).collect(Counter)"
SIZES = {"tiny": 20_000, "quick": 16_000_000, "full": 60_000_000}
CHECK = "exact"


def describe(size: int) -> str:
    return f"{size / 1e6:g} MB of text"


@lru_cache(maxsize=2)
def text(size: int, seed: int = 42) -> str:
    """About ``size`` characters: lines of 5-15 words drawn (Zipf-like) from 20,000 words."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    words = rng.choices(vocabulary, weights, k=200_000)
    lines, length, i = [], 0, 0
    while length < size:
        k = rng.randint(5, 15)
        line = " ".join(words[i : i + k])
        i = (i + k) % (len(words) - 15)
        lines.append(line)
        length += len(line) + 1
    return "\n".join(lines) + "\n"


def prepare(size: int) -> None:
    text(size)


def sequential(size: int) -> Counter[str]:
    return Counter(text(size).split())


def parallel(size: int) -> Counter[str]:
    counts: Counter[str] = pariter.par_split_whitespace(text(size)).collect(Counter)
    return counts


def check(expected: Counter[str], got: Counter[str]) -> bool:
    return expected == got and list(expected) == list(got)
