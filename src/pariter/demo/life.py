"""Conway's Game of Life: Rayon's ``life`` demo (an N x N board without wrap-around).

The board is a ``bytes`` of 0/1 cells, row after row.  A row of the next generation is computed
from three rows of this one, shifted and zipped, at the cost of one comprehension step a cell.
Each generation writes a fresh buffer row by row through ``par_chunks_mut``, one row a chunk:

    pariter.par_chunks_mut(next_board, n).enumerate().for_each(fill_row)

Rayon's own version is ``(0..len).into_par_iter().map(successor).collect()``, one cell an item;
a row is the smallest item worth a task in Python.  On a process pool the same line runs
unchanged: the workers' writes come back into the caller's buffer.

>>> sequential(12) == parallel(12)
True
"""

from __future__ import annotations

import random
from functools import lru_cache, partial

import pariter
from pariter import ChunkMut

NAME = "life"
TITLE = "game of life"
IDIOM = "par_chunks_mut(board, n).enumerate().for_each(fill_row)"
SIZES = {"tiny": 16, "quick": 320, "full": 640}
GENERATIONS = 20  # each generation is one parallel call: enough cells a call to amortise it
CHECK = "exact"


def describe(size: int) -> str:
    return f"{size} x {size} board, {GENERATIONS} generations"


@lru_cache(maxsize=2)
def random_board(n: int, seed: int = 42) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.getrandbits(1) for _ in range(n * n))


def prepare(size: int) -> None:
    random_board(size)


def next_row(board: bytes, n: int, y: int) -> bytes:
    """Row ``y`` of the next generation (a cell outside the board is dead)."""
    blank = bytes(n + 2)
    up = b"\0" + board[(y - 1) * n : y * n] + b"\0" if y > 0 else blank
    mid = b"\0" + board[y * n : (y + 1) * n] + b"\0"
    down = b"\0" + board[(y + 1) * n : (y + 2) * n] + b"\0" if y < n - 1 else blank
    return bytes(
        [
            1 if (s := a + b + c + d + f + g + h + i) == 3 or (e and s == 2) else 0
            for a, b, c, d, e, f, g, h, i in zip(
                up, up[1:], up[2:], mid, mid[1:], mid[2:], down, down[1:], down[2:], strict=False
            )
        ]
    )


def fill_row(board: bytes, n: int, item: tuple[int, ChunkMut[int]]) -> None:
    y, row = item
    row[:] = next_row(board, n, y)


def sequential(size: int) -> bytes:
    board = random_board(size)
    for _ in range(GENERATIONS):
        board = b"".join(map(partial(next_row, board, size), range(size)))
    return board


def parallel(size: int) -> bytes:
    board = random_board(size)
    for _ in range(GENERATIONS):
        after = bytearray(len(board))
        pariter.par_chunks_mut(after, size).enumerate().for_each(partial(fill_row, board, size))
        board = bytes(after)
    return board


def check(expected: bytes, got: bytes) -> bool:
    return expected == got
