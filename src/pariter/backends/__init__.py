"""Backends: pools that run parallel iterator chains somewhere other than this process's threads.

Threads (:class:`pariter.ThreadPool`) are the default and the semantics of record.  A
:class:`ProcessPool` runs the same chains on worker processes: calls are cut into chunk tasks
in the caller (:mod:`.pieces`), shipped with cloudpickle (:mod:`.shipping`), and reduced in
order in the caller; short-circuit state lives in shared memory (:mod:`.shared_state`).
:class:`~pariter.backends.dask.DaskPool` does the same on a Dask cluster; both derive from
:class:`.chunked.ChunkedPool`.
"""

from pariter.backends.errors import WorkerLostError
from pariter.backends.process import ProcessPool

__all__ = ["ProcessPool", "WorkerLostError"]
