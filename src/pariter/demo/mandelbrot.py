"""Mandelbrot: the escape count of every pixel, one row per item.

Rayon's issue #35 asks for this demo; it is the classic embarrassingly parallel loop.  A row is
a plain Python loop over its pixels, so the item is big (hundreds of microseconds) and rows in
the set cost far more than rows outside it: the bridge's adaptive splitting balances them.

    rows = pariter.into_par_iter(range(height)).map(row).collect()

>>> sequential(8) == parallel(8)
True
"""

from __future__ import annotations

from functools import partial

import pariter

NAME = "mandelbrot"
TITLE = "Mandelbrot set"
IDIOM = "into_par_iter(range(h)).map(row).collect()"
SIZES = {"tiny": 24, "quick": 320, "full": 640}
CHECK = "exact"

#: The picture: real part -2.0..0.6, imaginary part -1.2..1.2 (width : height = 4 : 3).
X0, X1, Y0, Y1 = -2.0, 0.6, -1.2, 1.2
MAX_ITER = 255


def dimensions(width: int) -> tuple[int, int]:
    return width, width * 3 // 4


def describe(size: int) -> str:
    w, h = dimensions(size)
    return f"{w} x {h} px, {MAX_ITER} iterations"


def row(width: int, height: int, y: int) -> bytes:
    """The escape counts of row ``y``: iterations until ``|z|² > 4``, at most ``MAX_ITER``."""
    # The pixel loop reads only floats this thread made (cr, ci, zr, zi) and the constants,
    # which pariter makes immortal: on a free-threaded build a shared object read per step
    # would have both threads update its reference count (docs/guide/free-threading.md).
    x0, x1, y0, y1, max_iter = X0, X1, Y0, Y1, MAX_ITER
    dx = (x1 - x0) / width
    ci = y0 + (y1 - y0) / height * y
    out = bytearray(width)
    for x in range(width):
        cr = x0 + dx * x
        zr = zi = 0.0
        n = 0
        while n < max_iter:
            zr2 = zr * zr
            zi2 = zi * zi
            if zr2 + zi2 > 4.0:
                break
            zi = 2.0 * zr * zi + ci
            zr = zr2 - zi2 + cr
            n += 1
        out[x] = n
    return bytes(out)


def sequential(size: int) -> list[bytes]:
    width, height = dimensions(size)
    return list(map(partial(row, width, height), range(height)))


def parallel(size: int) -> list[bytes]:
    width, height = dimensions(size)
    return pariter.into_par_iter(range(height)).map(partial(row, width, height)).collect()


def check(expected: list[bytes], got: list[bytes]) -> bool:
    return expected == got
