"""What the process and Dask pools share: calls driven here, their bridges run as chunk tasks.

A chain's terminal operation drives the chain in the calling thread with the pool current;
when the chain reaches a bridge (:mod:`pariter.plumbing.bridge`), the bridge hands its producer
and consumer to the pool's :meth:`ChunkedPool.run_pieces`, which cuts them into chunk tasks
(:mod:`.pieces`) and runs them wherever the pool runs things.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pariter.core.callables import check_callable
from pariter.core.current import Pool
from pariter.plumbing.protocols import Consumer, Producer, UnindexedProducer

R = TypeVar("R")


class ChunkedPool(Pool):
    """A pool that runs chains as chunk tasks somewhere other than this process's threads."""

    def install(self, fn: Callable[[], R]) -> R:
        """Run ``fn()`` here with this pool current: its parallel calls run on the pool.

        >>> import pariter as pi
        >>> pool = pi.ProcessPool(1)
        >>> pool.install(lambda: pi.par_iter([1, 2, 3]).map(lambda x: -x).collect())
        [-1, -2, -3]
        >>> pool.shutdown()
        """
        check_callable("fn", fn)
        return self._run_current(fn)

    def run_pieces(
        self, producer: Producer[Any] | UnindexedProducer[Any], consumer: Consumer[Any, R]
    ) -> R:
        """Run a bridge's producer into its consumer as chunk tasks."""
        raise NotImplementedError
