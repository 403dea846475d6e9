"""pariter: Rayon for Python. Change ``iter`` into ``par_iter``; keep the chain; use every core.

>>> import pariter as pi
>>> pi.join(lambda: 1 + 1, lambda: 2 * 2)
(2, 4)
"""

import importlib
from typing import TYPE_CHECKING, Any

# core: the work-stealing pool (rayon-core)
from pariter.core import (
    BroadcastContext,
    JoinContext,
    Pool,
    Scope,
    ThreadPool,
    ThreadPoolBuilder,
    ThreadPoolBuildError,
    broadcast,
    current_num_threads,
    current_pool,
    current_thread_index,
    join,
    join_context,
    scope,
    scope_fifo,
    spawn,
    spawn_fifo,
    yield_local,
    yield_now,
)

# collections: in-place sorting of lists (Rayon's par_sort family)
from pariter.collections.sort import (
    par_sort,
    par_sort_by,
    par_sort_by_cached_key,
    par_sort_by_key,
    par_sort_unstable,
)

# collections: dicts, sets, in-place and draining iteration
from pariter.collections.drain import par_drain
from pariter.collections.extend import par_extend
from pariter.collections.mut import Slot, par_iter_mut

# collections: slices, strings and NumPy arrays
from pariter.collections.slices import (
    ChunkMut,
    par_chunks,
    par_chunks_exact,
    par_chunks_mut,
    par_rchunks,
    par_split,
    par_windows,
)
from pariter.collections.strings import (
    par_bytes,
    par_char_indices,
    par_chars,
    par_lines,
    par_matches,
    par_split_whitespace,
)

# parallel iterators
from pariter.collections import (
    empty,
    into_par_iter,
    once,
    par_bridge,
    par_iter,
    repeat,
    repeat_n,
    split,
    walk_tree,
    walk_tree_postfix,
    walk_tree_prefix,
)
from pariter.iterators import Either, IndexedParallelIterator, Left, ParallelIterator, Right

__version__ = "0.1.0"

# backends: pools beyond this process's threads, imported on first use (they bring
# multiprocessing and cloudpickle along)
if TYPE_CHECKING:
    from pariter.backends import ProcessPool, WorkerLostError
    from pariter.backends.dask import DaskPool

# The public names (type checkers treat only these as pariter's exports).
__all__ = [
    "BroadcastContext",
    "ChunkMut",
    "DaskPool",
    "Either",
    "IndexedParallelIterator",
    "JoinContext",
    "Left",
    "ParallelIterator",
    "Pool",
    "ProcessPool",
    "Right",
    "Scope",
    "Slot",
    "ThreadPool",
    "ThreadPoolBuildError",
    "ThreadPoolBuilder",
    "WorkerLostError",
    "broadcast",
    "current_num_threads",
    "current_pool",
    "current_thread_index",
    "empty",
    "into_par_iter",
    "join",
    "join_context",
    "once",
    "par_bridge",
    "par_bytes",
    "par_char_indices",
    "par_chars",
    "par_chunks",
    "par_chunks_exact",
    "par_chunks_mut",
    "par_drain",
    "par_extend",
    "par_iter",
    "par_iter_mut",
    "par_lines",
    "par_matches",
    "par_rchunks",
    "par_sort",
    "par_sort_by",
    "par_sort_by_cached_key",
    "par_sort_by_key",
    "par_sort_unstable",
    "par_split",
    "par_split_whitespace",
    "par_windows",
    "repeat",
    "repeat_n",
    "scope",
    "scope_fifo",
    "spawn",
    "spawn_fifo",
    "split",
    "walk_tree",
    "walk_tree_postfix",
    "walk_tree_prefix",
    "yield_local",
    "yield_now",
]

_BACKENDS = {
    "ProcessPool": "pariter.backends",
    "WorkerLostError": "pariter.backends",
    "DaskPool": "pariter.backends.dask",
}


def __getattr__(name: str) -> Any:
    module = _BACKENDS.get(name)
    if module is None:
        raise AttributeError(f"module 'pariter' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
