"""Matrix multiply: ``C = A @ B`` for square float matrices, one row of ``C`` per item.

Rayon's ``matmul`` demo recurses over quadrants with ``join`` to stay in the cache; in Python
the inner loop is already the C-level ``sum(map(mul, row, column))`` over ``array('d')``
rows and columns of ``B`` (transposed once), and a row of ``C`` (n² multiply-adds) is a big
enough item, so the parallel version is the sequential comprehension with ``par_iter``:

    pariter.par_iter(a).map(partial(row_times, b_columns)).collect()

>>> sequential(6) == parallel(6)
True
"""

from __future__ import annotations

import random
from array import array
from functools import lru_cache, partial
from operator import mul

import pariter

NAME = "matmul"
TITLE = "matrix multiply"
IDIOM = "par_iter(a).map(row_times_b).collect()"
SIZES = {"tiny": 12, "quick": 200, "full": 320}
CHECK = "floats, rel. 1e-9"

Matrix = list["array[float]"]


def describe(size: int) -> str:
    return f"{size} x {size} float64"


@lru_cache(maxsize=2)
def matrices(n: int, seed: int = 42) -> tuple[Matrix, Matrix]:
    """``A`` by rows and ``B`` by columns (its transpose), random in [-1, 1)."""
    rng = random.Random(seed)
    a = [array("d", (rng.uniform(-1, 1) for _ in range(n))) for _ in range(n)]
    b = [array("d", (rng.uniform(-1, 1) for _ in range(n))) for _ in range(n)]
    b_columns = [array("d", column) for column in zip(*b, strict=True)]
    return a, b_columns


def prepare(size: int) -> None:
    matrices(size)


def row_times(b_columns: Matrix, row: array[float]) -> array[float]:
    """One row of ``A @ B``."""
    return array("d", [sum(map(mul, row, column)) for column in b_columns])


def sequential(size: int) -> Matrix:
    a, b_columns = matrices(size)
    return list(map(partial(row_times, b_columns), a))


def parallel(size: int) -> Matrix:
    a, b_columns = matrices(size)
    return pariter.par_iter(a).map(partial(row_times, b_columns)).collect()


def check(expected: Matrix, got: Matrix) -> bool:
    """Equal within a relative 1e-9 of the row's scale (each entry is the same sum in the same
    order either way, so in practice they are equal bit for bit)."""
    return len(expected) == len(got) and all(
        len(e) == len(g)
        and all(abs(x - y) <= 1e-9 * max(1.0, abs(x)) for x, y in zip(e, g, strict=True))
        for e, g in zip(expected, got, strict=True)
    )
