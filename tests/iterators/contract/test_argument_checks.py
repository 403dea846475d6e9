"""Size and callable arguments: checked when the chain is built, or taken exactly.

Rayon's sizes are ``usize``: any value from the lowest legal one up is valid, and a huge one
means "everything" (``chunks(usize::MAX)`` is one chunk, ``step_by(huge)`` the first item,
``take(huge)`` all).  So every size from its minimum up, also past ``sys.maxsize`` (what
``itertools.islice`` takes), must give the sequential Python result, also on ranges longer than
``sys.maxsize``; anything else (below the minimum, a bool, a float, a str) must raise a
``ValueError``/``TypeError`` that names the argument, before any item runs.  Every callable
argument given a non-callable raises ``TypeError: <name> must be callable, got <type>`` at once.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

import pytest

import pariter as pi

XS = list(range(23))
#: Valid sizes: small, around len(XS), and past what islice takes.
SIZES = (1, 3, 22, 23, 24, 10**30, sys.maxsize, sys.maxsize + 1)
#: Wrong types, with the name ``TypeError`` messages give them.
BAD_TYPES = ((True, "bool"), (2.5, "float"), ("3", "str"))


def chunks_ref(xs: Any, n: int) -> list[Any]:
    return [xs[i : i + n] for i in range(0, len(xs), n)]


def rchunks_ref(xs: Any, n: int) -> list[Any]:
    return [xs[max(i - n, 0) : i] for i in range(len(xs), 0, -n)]


def windows_ref(xs: Any, n: int) -> list[Any]:
    return [xs[i : i + n] for i in range(len(xs) - n + 1)]


def chunks_exact_ref(xs: Any, n: int) -> tuple[list[Any], Any]:
    full = len(xs) // n * n
    return [xs[i : i + n] for i in range(0, full, n)], xs[full:]


class Case(NamedTuple):
    """``build(source, n)`` makes the chain (where a bad ``n`` must raise), ``run`` gets its
    result, ``ref(xs, n)`` is the sequential meaning; ``arg`` is the argument's name and
    ``least`` its smallest legal value."""

    arg: str
    least: int
    build: Callable[[Any, Any], Any]
    run: Callable[[Any], Any]
    ref: Callable[[Any, int], Any]


def collect(it: Any) -> Any:
    return it.collect()


# Methods, run on each of SOURCES.
METHODS: dict[str, Case] = {
    "chunks": Case("chunk_size", 1, lambda s, n: s.chunks(n), collect, chunks_ref),
    "chunks_iterated": Case("chunk_size", 1, lambda s, n: s.chunks(n), list, chunks_ref),
    "chunks_rev": Case(
        "chunk_size",
        1,
        lambda s, n: s.chunks(n).rev(),
        collect,
        lambda xs, n: chunks_ref(xs, n)[::-1],
    ),
    "fold_chunks": Case(
        "chunk_size",
        1,
        lambda s, n: s.fold_chunks(n, int, operator.add),
        collect,
        lambda xs, n: [sum(c) for c in chunks_ref(xs, n)],
    ),
    "fold_chunks_with": Case(
        "chunk_size",
        1,
        lambda s, n: s.fold_chunks_with(n, 0, operator.add),
        collect,
        lambda xs, n: [sum(c) for c in chunks_ref(xs, n)],
    ),
    "step_by": Case("step", 1, lambda s, n: s.step_by(n), collect, lambda xs, n: xs[::n]),
    "step_by_iterated": Case("step", 1, lambda s, n: s.step_by(n), list, lambda xs, n: xs[::n]),
    "step_by_rev": Case(
        "step", 1, lambda s, n: s.step_by(n).rev(), collect, lambda xs, n: xs[::n][::-1]
    ),
    "skip_step_by": Case(
        "step", 1, lambda s, n: s.skip(2).step_by(n), collect, lambda xs, n: xs[2:][::n]
    ),
    "skip": Case("n", 0, lambda s, n: s.skip(n), collect, lambda xs, n: xs[n:]),
    "take": Case("n", 0, lambda s, n: s.take(n), collect, lambda xs, n: xs[:n]),
    "skip_any": Case(
        "n",
        0,
        lambda s, n: s.skip_any(n),
        operator.methodcaller("count"),
        lambda xs, n: len(xs[n:]),
    ),
    "take_any": Case(
        "n",
        0,
        lambda s, n: s.take_any(n),
        operator.methodcaller("count"),
        lambda xs, n: len(xs[:n]),
    ),
    "with_min_len": Case("min_len", 1, lambda s, n: s.with_min_len(n), collect, lambda xs, n: xs),
    "with_max_len": Case("max_len", 1, lambda s, n: s.with_max_len(n), collect, lambda xs, n: xs),
    "by_uniform_blocks": Case(
        "block_size", 1, lambda s, n: s.by_uniform_blocks(n), collect, lambda xs, n: xs
    ),
}

SOURCES: dict[str, Callable[[], Any]] = {
    "list": lambda: pi.par_iter(XS),  # an inert sequence
    "range": lambda: pi.into_par_iter(range(len(XS))),  # steps by arithmetic
    "mapped": lambda: pi.into_par_iter(range(len(XS))).map(operator.pos),  # runs user code
}

# Free functions, run on a list and on a range (whose slices are ranges).
FUNCTIONS: dict[str, Case] = {
    "par_chunks": Case("chunk_size", 1, pi.par_chunks, collect, chunks_ref),
    "par_chunks_exact": Case(
        "chunk_size",
        1,
        pi.par_chunks_exact,
        lambda it: (it.collect(), it.remainder()),
        chunks_exact_ref,
    ),
    "par_rchunks": Case("chunk_size", 1, pi.par_rchunks, collect, rchunks_ref),
    "par_windows": Case("window_size", 1, pi.par_windows, collect, windows_ref),
    "par_array_windows": Case(
        "window_size",
        1,
        pi.par_array_windows,
        collect,
        lambda xs, n: [tuple(w) for w in windows_ref(xs, n)],
    ),
    "par_chunks_mut": Case(
        "chunk_size",
        1,
        lambda xs, n: pi.par_chunks_mut(list(xs), n).map(list),
        collect,
        lambda xs, n: [list(c) for c in chunks_ref(xs, n)],
    ),
    "repeat_n": Case(
        "n", 0, lambda _, n: pi.repeat_n("x", n).take(5), collect, lambda _, n: ["x"] * min(n, 5)
    ),
    "repeat_take": Case(
        "n",
        0,
        lambda _, n: pi.repeat("x").take(n).take(5),
        collect,
        lambda _, n: ["x"] * min(n, 5),
    ),
}

ALL_CASES = [
    *((f"{name}-{src}", case, SOURCES[src]) for name, case in METHODS.items() for src in SOURCES),
    *((f"{name}-list", case, lambda: XS) for name, case in FUNCTIONS.items()),
    *(
        (f"{name}-range", case, lambda: range(len(XS)))
        for name, case in FUNCTIONS.items()
        if name != "par_chunks_mut"
    ),
]
CASE_IDS = [name for name, _, _ in ALL_CASES]
LEGAL = [
    pytest.param(case, source, n, id=f"{name}-{n!r}")
    for name, case, source in ALL_CASES
    for n in (0, *SIZES)
    if n >= case.least
]


@pytest.mark.parametrize(("case", "source", "n"), LEGAL)
def test_every_legal_size_gives_the_sequential_result(
    pool: pi.ThreadPool, case: Case, source: Callable[[], Any], n: int
) -> None:
    xs = source()
    expected = case.ref(XS if isinstance(xs, pi.ParallelIterator) else xs, n)
    with pool:
        assert case.run(case.build(xs, n)) == expected


@pytest.mark.parametrize(("case", "source"), [c[1:] for c in ALL_CASES], ids=CASE_IDS)
def test_sizes_below_the_minimum_raise_a_value_error_naming_the_argument(
    case: Case, source: Callable[[], Any]
) -> None:
    for n in (case.least - 1, -1, -(10**30)):
        with pytest.raises(ValueError, match=rf"^{case.arg} must be >= {case.least}, got {n}$"):
            case.build(source(), n)


@pytest.mark.parametrize(("bad", "kind"), BAD_TYPES, ids=[k for _, k in BAD_TYPES])
@pytest.mark.parametrize(("case", "source"), [c[1:] for c in ALL_CASES], ids=CASE_IDS)
def test_sizes_of_another_type_raise_a_type_error_naming_the_argument(
    case: Case, source: Callable[[], Any], bad: Any, kind: str
) -> None:
    with pytest.raises(TypeError, match=rf"^{case.arg} must be an int, got {kind}$"):
        case.build(source(), bad)


# -- sources longer than sys.maxsize ----------------------------------------------------------

BIG = range(10**30)


def big() -> Any:
    return pi.into_par_iter(BIG)


HUGE: dict[str, tuple[Callable[[], Any], Any]] = {
    "step_by_past_maxsize": (lambda: big().step_by(10**29).collect(), list(BIG[:: 10**29])),
    "step_by_past_maxsize_rev": (
        lambda: big().step_by(10**29).rev().collect(),
        list(BIG[:: 10**29])[::-1],
    ),
    "step_by_maxsize_take": (
        lambda: big().step_by(sys.maxsize).take(3).collect(),
        list(BIG[:: sys.maxsize][:3]),
    ),
    "step_by_huge_gives_the_first": (
        lambda: pi.into_par_iter(range(10**20)).step_by(10**30).collect(),
        [0],
    ),
    "step_by_find_first": (
        lambda: big().step_by(10**29).find_first(lambda x: x > 0),
        10**29,
    ),
    "skip_step_by": (
        lambda: big().skip(7).step_by(3 * 10**29).collect(),
        list(BIG[7:][:: 3 * 10**29]),
    ),
    "repeat_n_step_by": (
        lambda: pi.repeat_n("x", 10**30).step_by(4 * 10**29).collect(),
        ["x"] * 3,
    ),
    "chunks_len": (lambda: pi.into_par_iter(range(10**20)).chunks(10**30).len(), 1),
    "chunks_maxsize_len": (
        lambda: pi.into_par_iter(range(10**20)).chunks(sys.maxsize).len(),
        -(-(10**20) // sys.maxsize),
    ),
    "fold_chunks_take": (
        lambda: big().fold_chunks(3, int, operator.add).take(2).collect(),
        [0 + 1 + 2, 3 + 4 + 5],
    ),
    "zip_take": (lambda: big().zip(BIG).take(2).collect(), [(0, 0), (1, 1)]),
    "zip_find_any": (lambda: big().zip(BIG).find_any(lambda p: p[0] == 3), (3, 3)),
    "interleave_take": (lambda: big().interleave(BIG).take(3).collect(), [0, 0, 1]),
    "interleave_find_first": (
        lambda: big().interleave(BIG).find_first(lambda x: x > 3),
        4,
    ),
    "chain_rev_take": (
        lambda: big().chain(range(2)).rev().take(3).collect(),
        [1, 0, 10**30 - 1],
    ),
    "par_chunks_range": (
        lambda: pi.par_chunks(range(10**20), 10**19).collect(),
        [range(10**20)[i : i + 10**19] for i in range(0, 10**20, 10**19)],
    ),
    "par_rchunks_range": (
        lambda: pi.par_rchunks(range(10**20), 3).take(1).collect(),
        [range(10**20 - 3, 10**20)],
    ),
    "par_windows_range_skip": (
        lambda: pi.par_windows(range(10**20), 2).skip(10**19).take(1).collect(),
        [range(10**19, 10**19 + 2)],
    ),
    "par_chunks_exact_range": (
        lambda: (lambda it: (it.len(), it.remainder()))(pi.par_chunks_exact(BIG, 7)),
        (10**30 // 7, BIG[10**30 // 7 * 7 :]),
    ),
}


@pytest.mark.timeout(60, method="thread")  # a regression may spin in C, deaf to signals
@pytest.mark.parametrize(("call", "expected"), HUGE.values(), ids=HUGE.keys())
def test_sources_longer_than_maxsize(pool: pi.ThreadPool, call: Any, expected: Any) -> None:
    with pool:
        assert call() == expected


def test_a_chunk_longer_than_a_list_can_be_says_which_argument() -> None:
    # Rayon would fail to allocate that Vec; a list cannot hold it either.
    with pytest.raises(OverflowError, match=r"^chunk_size 10+: a chunk of 10+ items"):
        big().chunks(10**30).find_first(lambda c: True)


# -- callables ----------------------------------------------------------------------------------

OK1: Callable[[Any], Any] = operator.pos
OK2: Callable[[Any, Any], Any] = operator.add

#: name -> (the argument's name, a call with ``bad`` in that argument's place on ``it``).
CALLABLES: dict[str, tuple[str, Callable[[Any, Any], Any]]] = {
    "map": ("f", lambda it, bad: it.map(bad)),
    "map_with": ("f", lambda it, bad: it.map_with(0, bad)),
    "map_init.init": ("init", lambda it, bad: it.map_init(bad, OK2)),
    "map_init.f": ("f", lambda it, bad: it.map_init(int, bad)),
    "inspect": ("f", lambda it, bad: it.inspect(bad)),
    "update": ("f", lambda it, bad: it.update(bad)),
    "filter": ("pred", lambda it, bad: it.filter(bad)),
    "filter_map": ("f", lambda it, bad: it.filter_map(bad)),
    "flat_map": ("f", lambda it, bad: it.flat_map(bad)),
    "flat_map_iter": ("f", lambda it, bad: it.flat_map_iter(bad)),
    "fold.identity": ("identity", lambda it, bad: it.fold(bad, OK2)),
    "fold.op": ("op", lambda it, bad: it.fold(int, bad)),
    "fold_with": ("op", lambda it, bad: it.fold_with(0, bad)),
    "fold_chunks.identity": ("identity", lambda it, bad: it.fold_chunks(2, bad, OK2)),
    "fold_chunks.op": ("op", lambda it, bad: it.fold_chunks(2, int, bad)),
    "fold_chunks_with": ("op", lambda it, bad: it.fold_chunks_with(2, 0, bad)),
    "take_any_while": ("pred", lambda it, bad: it.take_any_while(bad)),
    "skip_any_while": ("pred", lambda it, bad: it.skip_any_while(bad)),
    "for_each": ("op", lambda it, bad: it.for_each(bad)),
    "for_each_with": ("op", lambda it, bad: it.for_each_with(0, bad)),
    "for_each_init.init": ("init", lambda it, bad: it.for_each_init(bad, OK2)),
    "for_each_init.op": ("op", lambda it, bad: it.for_each_init(int, bad)),
    "reduce.identity": ("identity", lambda it, bad: it.reduce(bad, OK2)),
    "reduce.op": ("op", lambda it, bad: it.reduce(int, bad)),
    "reduce_with": ("op", lambda it, bad: it.reduce_with(bad)),
    "min.key": ("key", lambda it, bad: it.min(key=bad)),
    "max.key": ("key", lambda it, bad: it.max(key=bad)),
    "min_by": ("cmp", lambda it, bad: it.min_by(bad)),
    "max_by": ("cmp", lambda it, bad: it.max_by(bad)),
    "min_by_key": ("f", lambda it, bad: it.min_by_key(bad)),
    "max_by_key": ("f", lambda it, bad: it.max_by_key(bad)),
    "find_any": ("pred", lambda it, bad: it.find_any(bad)),
    "find_first": ("pred", lambda it, bad: it.find_first(bad)),
    "find_last": ("pred", lambda it, bad: it.find_last(bad)),
    "find_map_any": ("f", lambda it, bad: it.find_map_any(bad)),
    "find_map_first": ("f", lambda it, bad: it.find_map_first(bad)),
    "find_map_last": ("f", lambda it, bad: it.find_map_last(bad)),
    "any": ("pred", lambda it, bad: it.any(bad)),
    "all": ("pred", lambda it, bad: it.all(bad)),
    "collect": ("target", lambda it, bad: it.collect(bad)),
    "partition": ("pred", lambda it, bad: it.partition(bad)),
    "partition_map": ("f", lambda it, bad: it.partition_map(bad)),
    "position_any": ("pred", lambda it, bad: it.position_any(bad)),
    "position_first": ("pred", lambda it, bad: it.position_first(bad)),
    "position_last": ("pred", lambda it, bad: it.position_last(bad)),
    "positions": ("pred", lambda it, bad: it.positions(bad)),
    "par_split": ("sep", lambda it, bad: pi.par_split(XS, bad)),
    "split": ("splitter", lambda it, bad: pi.split(it, bad)),
    "walk_tree": ("children_of", lambda it, bad: pi.walk_tree(it, bad)),
    "walk_tree_prefix": ("children_of", lambda it, bad: pi.walk_tree_prefix(it, bad)),
    "walk_tree_postfix": ("children_of", lambda it, bad: pi.walk_tree_postfix(it, bad)),
    "par_iter_mut.map_in_place": ("f", lambda it, bad: pi.par_iter_mut([1]).map_in_place(bad)),
    "ChunkMut.sort": ("key", lambda it, bad: pi.ChunkMut([2, 1], 0, 2).sort(key=bad)),
}


NOT_CALLABLE = [
    pytest.param(arg, call, bad, id=f"{name}-{type(bad).__name__}")
    for name, (arg, call) in CALLABLES.items()
    for bad in (5, "f", None)
    if not (bad is None and arg in ("key", "target"))  # None is their default
]


@pytest.mark.parametrize(("arg", "call", "bad"), NOT_CALLABLE)
def test_non_callables_raise_a_type_error_naming_the_argument_before_anything_runs(
    arg: str, call: Callable[[Any, Any], Any], bad: Any
) -> None:
    seen: list[int] = []
    it = pi.into_par_iter(range(50)).inspect(seen.append)
    kind = type(bad).__name__
    with pytest.raises(TypeError, match=rf"^{arg} must be callable\b.*, got {kind}$"):
        call(it, bad)
    assert seen == []  # raised while building the call, not from inside a leaf
