"""pariter: Rayon for Python. Change ``iter`` into ``par_iter``; keep the chain; use every core.

>>> import pariter as pi
>>> pi.join(lambda: 1 + 1, lambda: 2 * 2)
(2, 4)
"""

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
