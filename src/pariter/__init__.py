"""pariter: Rayon for Python. Change ``iter`` into ``par_iter``; keep the chain; use every core.

>>> import pariter as pi
>>> pi.join(lambda: 1 + 1, lambda: 2 * 2)
(2, 4)
"""

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Every public name and the module it lives in. They are imported on first use (PEP 562), so
# that `import pariter` loads almost nothing: a program pays for the iterator layer, the
# slices, strings and sorting, the process and Dask backends only once it uses them.
_WHERE = {
    "AtomicCounter": "pariter.core.atomic",
    "AtomicFlag": "pariter.core.atomic",
    "AtomicMax": "pariter.core.atomic",
    "AtomicMin": "pariter.core.atomic",
    "broadcast": "pariter.core",
    "BroadcastContext": "pariter.core",
    "ChunkMut": "pariter.collections.slices",
    "current_num_threads": "pariter.core",
    "current_pool": "pariter.core",
    "current_thread_index": "pariter.core",
    "DaskPool": "pariter.backends.dask",
    "Either": "pariter.iterators",
    "empty": "pariter.collections",
    "GILWarning": "pariter.plumbing.gil_warning",
    "IndexedParallelIterator": "pariter.iterators",
    "into_par_iter": "pariter.collections",
    "join": "pariter.core",
    "join_context": "pariter.core",
    "JoinContext": "pariter.core",
    "Left": "pariter.iterators",
    "multizip": "pariter.iterators.zip",
    "once": "pariter.collections",
    "par_bridge": "pariter.collections",
    "par_bytes": "pariter.collections.strings",
    "par_char_indices": "pariter.collections.strings",
    "par_chars": "pariter.collections.strings",
    "par_chunk_by": "pariter.collections.slices",
    "par_chunk_by_mut": "pariter.collections.slices",
    "par_chunks": "pariter.collections.slices",
    "par_chunks_exact": "pariter.collections.slices",
    "par_chunks_exact_mut": "pariter.collections.slices",
    "par_chunks_mut": "pariter.collections.slices",
    "par_drain": "pariter.collections.drain",
    "par_encode_utf16": "pariter.collections.strings",
    "par_extend": "pariter.collections.extend",
    "par_iter": "pariter.collections",
    "par_iter_mut": "pariter.collections.mut",
    "par_lines": "pariter.collections.strings",
    "par_match_indices": "pariter.collections.strings",
    "par_matches": "pariter.collections.strings",
    "par_rchunks": "pariter.collections.slices",
    "par_rchunks_exact": "pariter.collections.slices",
    "par_rchunks_exact_mut": "pariter.collections.slices",
    "par_rchunks_mut": "pariter.collections.slices",
    "par_sort": "pariter.collections.sort",
    "par_sort_by": "pariter.collections.sort",
    "par_sort_by_cached_key": "pariter.collections.sort",
    "par_sort_by_key": "pariter.collections.sort",
    "par_sort_unstable": "pariter.collections.sort",
    "par_sort_unstable_by": "pariter.collections.sort",
    "par_sort_unstable_by_key": "pariter.collections.sort",
    "par_split": "pariter.collections.slices",
    "par_split_ascii_whitespace": "pariter.collections.strings",
    "par_split_inclusive": "pariter.collections.slices",
    "par_split_inclusive_mut": "pariter.collections.slices",
    "par_split_mut": "pariter.collections.slices",
    "par_split_terminator": "pariter.collections.strings",
    "par_split_whitespace": "pariter.collections.strings",
    "par_windows": "pariter.collections.slices",
    "par_array_windows": "pariter.collections.slices",
    "ParallelIterator": "pariter.iterators",
    "Pool": "pariter.core",
    "ProcessPool": "pariter.backends",
    "repeat": "pariter.collections",
    "repeat_n": "pariter.collections",
    "Right": "pariter.iterators",
    "Scope": "pariter.core",
    "scope": "pariter.core",
    "scope_fifo": "pariter.core",
    "set_global_pool": "pariter.core",
    "Slot": "pariter.collections.mut",
    "spawn": "pariter.core",
    "spawn_fifo": "pariter.core",
    "split": "pariter.collections",
    "ThreadPool": "pariter.core",
    "ThreadPoolBuilder": "pariter.core",
    "ThreadPoolBuildError": "pariter.core",
    "walk_tree": "pariter.collections",
    "walk_tree_postfix": "pariter.collections",
    "walk_tree_prefix": "pariter.collections",
    "WorkerLostError": "pariter.backends",
    "yield_local": "pariter.core",
    "yield_now": "pariter.core",
}

# The public names (type checkers treat only these as pariter's exports).
__all__ = [
    "AtomicCounter",
    "AtomicFlag",
    "AtomicMax",
    "AtomicMin",
    "BroadcastContext",
    "ChunkMut",
    "DaskPool",
    "Either",
    "GILWarning",
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
    "multizip",
    "once",
    "par_array_windows",
    "par_bridge",
    "par_bytes",
    "par_char_indices",
    "par_chars",
    "par_chunk_by",
    "par_chunk_by_mut",
    "par_chunks",
    "par_chunks_exact",
    "par_chunks_exact_mut",
    "par_chunks_mut",
    "par_drain",
    "par_encode_utf16",
    "par_extend",
    "par_iter",
    "par_iter_mut",
    "par_lines",
    "par_match_indices",
    "par_matches",
    "par_rchunks",
    "par_rchunks_exact",
    "par_rchunks_exact_mut",
    "par_rchunks_mut",
    "par_sort",
    "par_sort_by",
    "par_sort_by_cached_key",
    "par_sort_by_key",
    "par_sort_unstable",
    "par_sort_unstable_by",
    "par_sort_unstable_by_key",
    "par_split",
    "par_split_ascii_whitespace",
    "par_split_inclusive",
    "par_split_inclusive_mut",
    "par_split_mut",
    "par_split_terminator",
    "par_split_whitespace",
    "par_windows",
    "repeat",
    "repeat_n",
    "scope",
    "scope_fifo",
    "set_global_pool",
    "spawn",
    "spawn_fifo",
    "split",
    "walk_tree",
    "walk_tree_postfix",
    "walk_tree_prefix",
    "yield_local",
    "yield_now",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'pariter' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


if TYPE_CHECKING:
    from pariter.backends import (
        ProcessPool,
        WorkerLostError,
    )
    from pariter.backends.dask import (
        DaskPool,
    )
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
    from pariter.collections.drain import (
        par_drain,
    )
    from pariter.collections.extend import (
        par_extend,
    )
    from pariter.collections.mut import (
        par_iter_mut,
        Slot,
    )
    from pariter.collections.slices import (
        ChunkMut,
        par_chunk_by,
        par_chunk_by_mut,
        par_chunks,
        par_chunks_exact,
        par_chunks_exact_mut,
        par_chunks_mut,
        par_rchunks,
        par_rchunks_exact,
        par_rchunks_exact_mut,
        par_rchunks_mut,
        par_split,
        par_split_inclusive,
        par_split_inclusive_mut,
        par_split_mut,
        par_windows,
        par_array_windows,
    )
    from pariter.collections.sort import (
        par_sort,
        par_sort_by,
        par_sort_by_cached_key,
        par_sort_by_key,
        par_sort_unstable,
        par_sort_unstable_by,
        par_sort_unstable_by_key,
    )
    from pariter.collections.strings import (
        par_bytes,
        par_char_indices,
        par_chars,
        par_encode_utf16,
        par_lines,
        par_match_indices,
        par_matches,
        par_split_ascii_whitespace,
        par_split_terminator,
        par_split_whitespace,
    )
    from pariter.core.atomic import AtomicCounter, AtomicFlag, AtomicMax, AtomicMin
    from pariter.core import (
        broadcast,
        BroadcastContext,
        current_num_threads,
        current_pool,
        current_thread_index,
        join,
        join_context,
        JoinContext,
        Pool,
        Scope,
        scope,
        scope_fifo,
        set_global_pool,
        spawn,
        spawn_fifo,
        ThreadPool,
        ThreadPoolBuilder,
        ThreadPoolBuildError,
        yield_local,
        yield_now,
    )
    from pariter.iterators import (
        Either,
        IndexedParallelIterator,
        Left,
        ParallelIterator,
        Right,
    )
    from pariter.iterators.zip import (
        multizip,
    )
    from pariter.plumbing.gil_warning import (
        GILWarning,
    )
