"""The demo: Rayon's demo programs rewritten with pariter, timed and checked.

``python -m pariter demo`` runs each program sequentially and on every pool that helps on this
interpreter, checks that the results agree and prints the speed-ups (see :mod:`.cli` for the
options).  Each program is a module here with ``sequential(size)``, ``parallel(size)`` and
``check(expected, got)``; read one next to its Rayon original:

- :mod:`.nbody` (``par_iter_mut``), :mod:`.mandelbrot` and :mod:`.mandelbrot_numpy`
  (``map``/``par_chunks``), :mod:`.sieve` (chunks counted apart), :mod:`.quicksort`,
  :mod:`.mergesort` and :mod:`.fibonacci` (``join``), :mod:`.life` (``par_chunks_mut``),
  :mod:`.matmul` (``par_iter``), :mod:`.tsp` (branch and bound with ``filter_map`` and
  ``min``), :mod:`.wordcount` (``par_split_whitespace``).

:mod:`.programs` lists them, :mod:`.runner` times them, :mod:`.table` prints the table and
:mod:`.plot` draws it.
"""

from pariter.demo.cli import main
from pariter.demo.fibonacci import fib, fib_join

__all__ = ["fib", "fib_join", "main"]
