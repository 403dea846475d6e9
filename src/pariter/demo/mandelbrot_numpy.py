"""Mandelbrot with NumPy: bands of rows, each iterated with whole-array operations.

NumPy's array operations release the GIL, but a band's arrays shrink as its pixels escape, so
most of its NumPy calls are small and much of the time is spent in Python with the GIL held: on
a GIL build two threads ran it at 0.62x (3.11, full size, 2026-12-03), so there it runs on
processes like the pure-Python programs, and on threads on a free-threaded build.  The image's
imaginary axis is
split into bands with ``par_chunks`` (NumPy views, no copies); each band keeps only the pixels
that have not escaped yet, so late iterations are cheap.  The counts equal the pure-Python
:mod:`pariter.demo.mandelbrot` ones pixel for pixel: the same float operations in the same order.

    bands = pariter.par_chunks(ci, rows).map(partial(band, cr)).collect()

NumPy is optional: this module imports it only when it runs.

>>> import numpy; import pariter.demo.mandelbrot as pure
>>> bool((sequential(16) == numpy.frombuffer(b"".join(pure.sequential(16)), "u1").reshape(12, 16)).all())
True
"""  # noqa: E501

from __future__ import annotations

from functools import partial
from typing import Any

import pariter
from pariter.demo.mandelbrot import MAX_ITER, X0, X1, Y0, Y1, dimensions

NAME = "mandelbrot-numpy"
TITLE = "Mandelbrot set, NumPy bands"
IDIOM = "par_chunks(ci, rows).map(band).collect()"
SIZES = {"tiny": 24, "quick": 800, "full": 1600}
CHECK = "exact"
REQUIRES = ("numpy",)

#: Pixels per band: a band's arrays stay in the cache, and each NumPy call does enough work that
#: its fixed Python cost (a microsecond or two, under the GIL) is small.
BAND_PIXELS = 1 << 14


def describe(size: int) -> str:
    w, h = dimensions(size)
    return f"{w} x {h} px, {MAX_ITER} iterations"


def axes(size: int) -> tuple[Any, Any, int]:
    """The real parts of a row, the imaginary parts of the rows, and the rows per band."""
    import numpy as np

    width, height = dimensions(size)
    cr = X0 + (X1 - X0) / width * np.arange(width)
    ci = Y0 + (Y1 - Y0) / height * np.arange(height)
    return cr, ci, max(1, BAND_PIXELS // width)


def band(cr: Any, ci: Any) -> Any:
    """Escape counts (``uint8``) of the rows whose imaginary parts are ``ci``."""
    import numpy as np

    width, rows = len(cr), len(ci)
    c_re, c_im = np.tile(cr, rows), np.repeat(ci, width)
    counts = np.full(rows * width, MAX_ITER, np.uint8)
    alive = np.arange(rows * width)  # which pixels zr, zi, c_re, c_im hold
    zr, zi = np.zeros(rows * width), np.zeros(rows * width)
    for n in range(MAX_ITER):
        zr2, zi2 = zr * zr, zi * zi
        escaped = zr2 + zi2 > 4.0
        if escaped.any():
            counts[alive[escaped]] = n
            keep = ~escaped
            alive, zr, zi, zr2, zi2 = alive[keep], zr[keep], zi[keep], zr2[keep], zi2[keep]
            c_re, c_im = c_re[keep], c_im[keep]
            if not alive.size:
                break
        zi = 2.0 * zr * zi + c_im
        zr = zr2 - zi2 + c_re
    return counts.reshape(rows, width)


def sequential(size: int) -> Any:
    """The same bands, one after the other."""
    import numpy as np

    cr, ci, rows = axes(size)
    bands = [ci[i : i + rows] for i in range(0, len(ci), rows)]
    return np.vstack(list(map(partial(band, cr), bands)))


def parallel(size: int) -> Any:
    import numpy as np

    cr, ci, rows = axes(size)
    return np.vstack(pariter.par_chunks(ci, rows).map(partial(band, cr)).collect())


def check(expected: Any, got: Any) -> bool:
    return expected.shape == got.shape and bool((expected == got).all())
