"""Keep docs/rayon.md true: every public Rayon item has a row, and every pariter name exists.

``RAYON_ITEMS`` is Rayon's public API (rayon 1.12, rayon-core 1.13), read off its source: a trait
method or a free function by its bare name, a method of a type as ``Type::method``. The table's
Rayon cells name an item the same way; a trait prefix (``ParallelIterator::find``) names the bare
method, and a code span holding only a method name after a ``Type::...`` span in the same cell
(``ThreadPool::join``, ``scope``) is that type's method.
"""

from __future__ import annotations

import re
from pathlib import Path

import pariter as pi

TABLE = Path(__file__).resolve().parents[1] / "docs" / "rayon.md"

# rayon src/iter/mod.rs: trait ParallelIterator.
PARALLEL_ITERATOR = (
    "for_each", "for_each_with", "for_each_init",
    "try_for_each", "try_for_each_with", "try_for_each_init",
    "count", "map", "map_with", "map_init", "cloned", "copied", "inspect", "update",
    "filter", "filter_map", "flat_map", "flat_map_iter", "flatten", "flatten_iter",
    "reduce", "reduce_with", "try_reduce", "try_reduce_with",
    "fold", "fold_with", "try_fold", "try_fold_with",
    "sum", "product", "min", "min_by", "min_by_key", "max", "max_by", "max_by_key",
    "chain", "find_any", "find_first", "find_last",
    "find_map_any", "find_map_first", "find_map_last", "find",
    "any", "all", "while_some", "panic_fuse",
    "collect", "unzip", "partition", "partition_map", "intersperse",
    "take_any", "skip_any", "take_any_while", "skip_any_while",
    "collect_vec_list", "drive_unindexed", "opt_len",
)  # fmt: skip

# rayon src/iter/mod.rs: trait IndexedParallelIterator.
INDEXED_PARALLEL_ITERATOR = (
    "by_exponential_blocks", "by_uniform_blocks", "collect_into_vec", "unzip_into_vecs",
    "zip", "zip_eq", "interleave", "interleave_shortest",
    "chunks", "fold_chunks", "fold_chunks_with",
    "cmp", "partial_cmp", "eq", "ne", "lt", "le", "gt", "ge",
    "enumerate", "step_by", "skip", "take",
    "position_any", "position_first", "position_last", "position", "positions",
    "rev", "with_min_len", "with_max_len", "len", "drive", "with_producer",
)  # fmt: skip

# rayon src/iter/mod.rs: the conversion traits (IntoParallelIterator, IntoParallelRefIterator,
# IntoParallelRefMutIterator, FromParallelIterator, ParallelExtend, ParallelDrainFull,
# ParallelDrainRange), iter/par_bridge.rs (ParallelBridge), the traits themselves as types,
# and the re-exported types that users name (Either, MultiZip).
ITER_TRAITS_AND_TYPES = (
    "into_par_iter", "par_iter", "par_iter_mut", "from_par_iter", "par_extend", "par_drain",
    "par_bridge", "ParallelIterator", "IndexedParallelIterator", "Either", "MultiZip",
)  # fmt: skip

# rayon src/iter/mod.rs `pub use`: the iter module's free functions (repeatn is deprecated).
ITER_FUNCTIONS = (
    "repeat", "repeat_n", "repeatn", "once", "empty", "split",
    "walk_tree", "walk_tree_prefix", "walk_tree_postfix",
)  # fmt: skip

# rayon src/slice/mod.rs: trait ParallelSlice.
PARALLEL_SLICE = (
    "as_parallel_slice", "par_split", "par_split_inclusive", "par_windows", "par_array_windows",
    "par_chunks", "par_chunks_exact", "par_rchunks", "par_rchunks_exact", "par_chunk_by",
)  # fmt: skip

# rayon src/slice/mod.rs: trait ParallelSliceMut.
PARALLEL_SLICE_MUT = (
    "as_parallel_slice_mut", "par_split_mut", "par_split_inclusive_mut",
    "par_chunks_mut", "par_chunks_exact_mut", "par_rchunks_mut", "par_rchunks_exact_mut",
    "par_sort", "par_sort_by", "par_sort_by_key", "par_sort_by_cached_key",
    "par_sort_unstable", "par_sort_unstable_by", "par_sort_unstable_by_key", "par_chunk_by_mut",
)  # fmt: skip

# rayon src/slice/chunks.rs and rchunks.rs: the remainder of the exact-chunk iterators.
SLICE_REMAINDERS = (
    "ChunksExact::remainder", "RChunksExact::remainder",
    "ChunksExactMut::remainder", "ChunksExactMut::into_remainder",
    "ChunksExactMut::take_remainder",
    "RChunksExactMut::remainder", "RChunksExactMut::into_remainder",
    "RChunksExactMut::take_remainder",
)  # fmt: skip

# rayon src/str.rs: trait ParallelString (par_split and par_split_inclusive are the slice names).
PARALLEL_STRING = (
    "as_parallel_string", "par_chars", "par_char_indices", "par_bytes", "par_encode_utf16",
    "par_split", "par_split_inclusive", "par_split_terminator", "par_lines",
    "par_split_whitespace", "par_split_ascii_whitespace", "par_matches", "par_match_indices",
)  # fmt: skip

# rayon-core src/lib.rs and its join, scope, spawn, broadcast, thread_pool modules: free
# functions (initialize is deprecated).
CORE_FUNCTIONS = (
    "join", "join_context", "scope", "scope_fifo", "in_place_scope", "in_place_scope_fifo",
    "spawn", "spawn_fifo", "broadcast", "spawn_broadcast",
    "current_num_threads", "current_thread_index", "current_thread_has_pending_tasks",
    "yield_now", "yield_local", "max_num_threads", "initialize",
)  # fmt: skip

# rayon-core src/lib.rs, registry.rs, scope/mod.rs, broadcast/mod.rs, thread_pool/mod.rs: the
# public types (Configuration is deprecated).
CORE_TYPES = (
    "ThreadPool", "ThreadPoolBuilder", "ThreadBuilder", "ThreadPoolBuildError",
    "Scope", "ScopeFifo", "FnContext", "BroadcastContext",
    "Yield", "Yield::Executed", "Yield::Idle", "Configuration",
)  # fmt: skip

# rayon-core src/lib.rs: impl ThreadPoolBuilder (and Default; breadth_first is deprecated).
THREAD_POOL_BUILDER = (
    "ThreadPoolBuilder::new", "ThreadPoolBuilder::default",
    "ThreadPoolBuilder::num_threads", "ThreadPoolBuilder::thread_name",
    "ThreadPoolBuilder::stack_size", "ThreadPoolBuilder::start_handler",
    "ThreadPoolBuilder::exit_handler", "ThreadPoolBuilder::panic_handler",
    "ThreadPoolBuilder::use_current_thread", "ThreadPoolBuilder::spawn_handler",
    "ThreadPoolBuilder::breadth_first",
    "ThreadPoolBuilder::build", "ThreadPoolBuilder::build_scoped",
    "ThreadPoolBuilder::build_global",
)  # fmt: skip

# rayon-core src/thread_pool/mod.rs: impl ThreadPool (new is deprecated).
THREAD_POOL = (
    "ThreadPool::new", "ThreadPool::install", "ThreadPool::broadcast",
    "ThreadPool::current_num_threads", "ThreadPool::current_thread_index",
    "ThreadPool::current_thread_has_pending_tasks",
    "ThreadPool::join", "ThreadPool::scope", "ThreadPool::scope_fifo",
    "ThreadPool::in_place_scope", "ThreadPool::in_place_scope_fifo",
    "ThreadPool::spawn", "ThreadPool::spawn_fifo", "ThreadPool::spawn_broadcast",
    "ThreadPool::yield_now", "ThreadPool::yield_local",
)  # fmt: skip

# rayon-core src/scope/mod.rs, registry.rs, broadcast/mod.rs, lib.rs: methods of the handles.
CORE_HANDLES = (
    "Scope::spawn", "Scope::spawn_broadcast",
    "ScopeFifo::spawn_fifo", "ScopeFifo::spawn_broadcast",
    "ThreadBuilder::index", "ThreadBuilder::name", "ThreadBuilder::stack_size",
    "ThreadBuilder::run",
    "BroadcastContext::index", "BroadcastContext::num_threads",
    "FnContext::migrated",
)  # fmt: skip

RAYON_ITEMS = frozenset(
    PARALLEL_ITERATOR
    + INDEXED_PARALLEL_ITERATOR
    + ITER_TRAITS_AND_TYPES
    + ITER_FUNCTIONS
    + PARALLEL_SLICE
    + PARALLEL_SLICE_MUT
    + SLICE_REMAINDERS
    + PARALLEL_STRING
    + CORE_FUNCTIONS
    + CORE_TYPES
    + THREAD_POOL_BUILDER
    + THREAD_POOL
    + CORE_HANDLES
)

# The traits whose methods RAYON_ITEMS names bare: a `Trait::method` cell names `method`.
TRAITS = frozenset({
    "ParallelIterator", "IndexedParallelIterator", "IntoParallelIterator",
    "IntoParallelRefIterator", "IntoParallelRefMutIterator", "FromParallelIterator",
    "ParallelExtend", "ParallelDrainFull", "ParallelDrainRange", "ParallelBridge",
    "ParallelSlice", "ParallelSliceMut", "ParallelString",
})  # fmt: skip

NO_PYTHON_MEANING = {
    "as_parallel_slice": "a trait's borrowing helper: any sequence is already a slice",
    "as_parallel_slice_mut": "a trait's borrowing helper: any sequence is already a slice",
    "as_parallel_string": "a trait's borrowing helper: a string is already a string",
    "ChunksExactMut::take_remainder": "moves out of a borrowed iterator: no ownership in Python",
    "RChunksExactMut::take_remainder": "moves out of a borrowed iterator: no ownership in Python",
    "find": "deprecated in Rayon: find_any",
    "position": "deprecated in Rayon: position_any",
    "repeatn": "deprecated in Rayon: repeat_n",
    "ThreadPoolBuilder::breadth_first": "deprecated in Rayon: scope_fifo, spawn_fifo",
    "Configuration": "deprecated in Rayon: ThreadPoolBuilder",
    "initialize": "deprecated in Rayon: ThreadPoolBuilder::build_global",
    "ThreadPool::new": "deprecated in Rayon (takes a Configuration): ThreadPoolBuilder::build",
}

# What a lowercase name before a dot stands for in the pariter column.
RECEIVERS: dict[str, tuple[object, ...]] = {
    "pool": (pi.ThreadPool,),
    "s": (pi.Scope,),
    "ctx": (pi.JoinContext, pi.BroadcastContext),
    "thread": (pi.ThreadBuilder,),
    "slot": (pi.Slot,),
    "chunks": tuple(
        type(make([0, 1, 2], 2))
        for make in (
            pi.par_chunks_exact,
            pi.par_rchunks_exact,
            pi.par_chunks_exact_mut,
            pi.par_rchunks_exact_mut,
        )
    ),
}

CODE_SPAN = re.compile(r"`([^`]+)`")
PATH = re.compile(r"((?:[A-Za-z_]\w*::)*)([A-Za-z_]\w*)")
TYPE_PREFIX = re.compile(r"([A-Z]\w*)::")
BARE_METHOD = re.compile(r"[a-z_]\w*(\(.*\))?")


def split_row(line: str) -> list[str]:
    """The cells of a table row; a `|` inside a code span (`|x| ...`) does not split."""
    cells, cell, in_code = [], "", False
    for ch in line.strip().strip("|"):
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    cells.append(cell.strip())
    return cells


def table_rows() -> list[tuple[str, str, str, bool]]:
    """Each 3-column row as (rayon, pariter, note, under the "Not provided" heading)."""
    rows, section = [], ""
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        if not line.startswith("|"):
            continue
        cells = split_row(line)
        if len(cells) != 3 or set(cells[0]) <= set("-: ") or cells[0] == "Rayon":
            continue
        rows.append((cells[0], cells[1], cells[2], section == "Not provided"))
    return rows


def rayon_names(cell: str) -> set[str]:
    """The items a Rayon cell names (see the module docstring)."""
    names, prefix = set(), None
    for span in CODE_SPAN.findall(cell):
        head = TYPE_PREFIX.match(span)
        if head:
            prefix = head.group(1)
        elif prefix and BARE_METHOD.fullmatch(span):
            span = f"{prefix}::{span}"
        for m in PATH.finditer(span):
            owners = [q for q in m.group(1).split("::") if q]
            if owners and owners[-1][0].isupper() and owners[-1] not in TRAITS:
                names.add(f"{owners[-1]}::{m.group(2)}")
            else:
                names.add(m.group(2))
    return names


def missing_pariter_names(cell: str) -> list[str]:
    """The names a pariter cell mentions that pariter does not have."""
    missing = []
    for span in CODE_SPAN.findall(cell):
        for m in re.finditer(r"(?<![\w.])pi\.(\w+(?:\.\w+)*)", span):
            obj: object = pi
            for attr in m.group(1).split("."):
                if not hasattr(obj, attr):
                    missing.append(f"pi.{m.group(1)}")
                    break
                obj = getattr(obj, attr)
        for m in re.finditer(r"pi\.ThreadPoolBuilder\(\)\.(\w+)", span):
            if not hasattr(pi.ThreadPoolBuilder, m.group(1)):
                missing.append(f"pi.ThreadPoolBuilder().{m.group(1)}")
        head = re.match(r"\.(\w+)", span)
        if head and not any(
            hasattr(cls, head.group(1)) for cls in (pi.IndexedParallelIterator, pi.ParallelIterator)
        ):
            missing.append(f".{head.group(1)}")
        for m in re.finditer(r"(?<![\w.])(\w+)\.(\w+)", span):
            classes = RECEIVERS.get(m.group(1))
            if classes and not any(hasattr(cls, m.group(2)) for cls in classes):
                missing.append(f"{m.group(1)}.{m.group(2)}")
    return missing


def test_the_table_has_rows() -> None:
    assert len(table_rows()) > 150


def test_every_rayon_item_has_a_row() -> None:
    named = set().union(*(rayon_names(rayon) for rayon, _, _, _ in table_rows()))
    missing = sorted(RAYON_ITEMS - named)
    assert not missing, f"Rayon items with no row in docs/rayon.md: {missing}"


def test_not_provided_is_exactly_the_items_with_no_python_meaning() -> None:
    unknown = sorted(set(NO_PYTHON_MEANING) - RAYON_ITEMS)
    assert not unknown, f"NO_PYTHON_MEANING names that are not Rayon items: {unknown}"
    rows = table_rows()
    named = [rayon for rayon, pariter, _, not_provided in rows if not_provided and pariter != "—"]
    assert not named, f"rows of the 'Not provided' table that name a pariter counterpart: {named}"
    absent, present, empty_rows = set(), set(), []
    for rayon, pariter, _, not_provided in rows:
        names = rayon_names(rayon) & RAYON_ITEMS
        if not_provided or pariter == "—":
            absent |= names
            if not names:
                empty_rows.append(rayon)
        else:
            present |= names
    assert not empty_rows, f"'not provided' rows naming no Rayon item: {empty_rows}"
    both = sorted(absent & present)
    assert not both, f"Rayon items both provided and not provided in the table: {both}"
    hidden = sorted(absent - set(NO_PYTHON_MEANING))
    assert not hidden, f"Rayon items marked not provided that have a Python meaning: {hidden}"
    unmarked = sorted(set(NO_PYTHON_MEANING) - absent)
    assert not unmarked, f"items with no Python meaning not marked '—' in the table: {unmarked}"


def test_every_pariter_name_in_the_table_exists() -> None:
    cells = [pariter for _, pariter, _, _ in table_rows()]
    missing = sorted({name for cell in cells for name in missing_pariter_names(cell)})
    assert not missing, f"pariter names in docs/rayon.md that pariter does not have: {missing}"
