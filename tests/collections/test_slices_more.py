"""Issue 16's slice functions against their sequential meaning (Rust's slice methods):
``par_rchunks_exact``, the writable chunk forms, ``par_chunk_by`` (and ``_mut``), the
``par_split`` forms and ``par_sort_unstable_by``/``_by_key``; on 1, 2 and 7 threads and on a
process pool (the contract suite's pools)."""

from __future__ import annotations

import functools
import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi
from pariter.collections.slices import ChunkByProducer, SplitSliceProducer
from tests.collections.test_slices import chunks, rchunks, split_slices, variants
from tests.iterators.contract import conftest as contract
from tests.iterators.contract._support import PROPERTY_SETTINGS, is_process_pool

# The contract suite's pools (1, 2, 7 threads and a process pool), found here by name.
contract_pools, pool = contract.contract_pools, contract.pool

lists = st.lists(st.integers(-3, 3), max_size=80)
sizes = st.integers(1, 9)


# ---------- sequential references (Rust's slice methods, one item at a time)


def rchunks_exact_ref(xs: Any, n: int) -> tuple[list[Any], Any]:
    full = [c for c in rchunks(xs, n) if len(c) == n]
    return full, xs[: len(xs) % n]


def chunk_by_ref(xs: Any, pred: Any) -> list[Any]:
    """Rust's ``slice.chunk_by(pred)``."""
    runs, start = [], 0
    for i in range(1, len(xs)):
        if not pred(xs[i - 1], xs[i]):
            runs.append(xs[start:i])
            start = i
    if len(xs):
        runs.append(xs[start:])
    return runs


def split_inclusive_ref(xs: Any, pred: Any) -> list[Any]:
    """Rust's ``slice.split_inclusive(pred)``: no piece after a final separator."""
    out, start = [], 0
    for i, x in enumerate(xs):
        if pred(x):
            out.append(xs[start : i + 1])
            start = i + 1
    if start < len(xs):
        out.append(xs[start:])
    return out


def is_zero(x: int) -> bool:
    return x == 0


def ordered(a: int, b: int) -> bool:
    return a <= b


def same(a: int, b: int) -> bool:
    return a == b


def as_lists(items: list[Any]) -> list[list[Any]]:
    return [list(c) for c in items]


def leaves(producer: Any) -> list[Any]:
    """Split ``producer`` until it cannot split, and fold every leaf, in order."""
    left, right = producer.split()
    if right is None:
        out: list[Any] = []

        class Collect:
            def consume_iter(self, it: Any) -> None:
                out.extend(it)

            def full(self) -> bool:
                return False

        producer.fold_with(Collect())
        return out
    return leaves(left) + leaves(right)


# ---------- chunks


@PROPERTY_SETTINGS
@given(xs=lists, n=sizes)
def test_rchunks_exact_equals_the_sequential_chunks(pool: Any, xs: list[int], n: int) -> None:
    with pool:
        for v in variants(xs):
            full, rest = rchunks_exact_ref(v, n)
            it = pi.par_rchunks_exact(v, n)
            assert it.len() == len(full)
            assert it.collect() == full
            assert it.remainder() == rest


@PROPERTY_SETTINGS
@given(xs=lists, n=sizes)
def test_writable_chunks_write_into_the_list(pool: Any, xs: list[int], n: int) -> None:
    """Every writable form reverses each of its chunks in place, as a loop over the
    sequential chunks would."""
    k = len(xs) % n
    expected = {
        "par_chunks_exact_mut": [y for c in chunks(xs[: len(xs) - k], n) for y in c[::-1]]
        + xs[len(xs) - k :],
        "par_rchunks_mut": [y for c in rchunks(xs, n)[::-1] for y in c[::-1]],
        "par_rchunks_exact_mut": xs[:k] + [y for c in rchunks(xs[k:], n)[::-1] for y in c[::-1]],
    }
    with pool:
        for name, want in expected.items():
            target = list(xs)
            getattr(pi, name)(target, n).for_each(lambda c: c.reverse())
            assert target == want, name


def test_exact_remainders(pool: Any) -> None:
    """Rayon's ``test_par_chunks_exact_remainder``, ``test_par_chunks_exact_mut_remainder``,
    ``test_par_rchunks_exact_remainder`` and ``test_par_rchunks_exact_mut_remainder``; the
    ``_mut`` remainders are writable (``into_remainder``)."""
    v = [0, 1, 2, 3, 4]
    with pool:
        assert pi.par_chunks_exact(v, 2).remainder() == [4]
        assert pi.par_chunks_exact(v, 2).len() == 2
        assert pi.par_rchunks_exact(v, 2).remainder() == [0]
        assert pi.par_rchunks_exact(v, 2).len() == 2
        c = pi.par_chunks_exact_mut(v, 2)
        assert c.remainder() == [4] and c.len() == 2
        r = pi.par_rchunks_exact_mut(v, 2)
        assert r.remainder() == [0] and r.len() == 2
        c.remainder()[0] = 40
        r.remainder()[0] = -10
        assert v == [-10, 1, 2, 3, 40]
        assert pi.par_rchunks_exact_mut(v, 2).collect() == [[3, 40], [1, 2]]


def test_writable_numpy_chunks_are_views(pool: Any) -> None:
    np = pytest.importorskip("numpy")
    a = np.arange(10)
    with pool:
        pi.par_rchunks_exact_mut(a, 3).for_each(lambda c: c.__imul__(-1))
    assert a.tolist() == [0, -1, -2, -3, -4, -5, -6, -7, -8, -9]


# ---------- chunk_by


@PROPERTY_SETTINGS
@given(xs=st.lists(st.integers(0, 3), max_size=300))
def test_chunk_by_equals_the_sequential_runs(pool: Any, xs: list[int]) -> None:
    with pool:
        for pred in (ordered, same):
            for v in variants(xs):
                assert pi.par_chunk_by(v, pred).collect() == chunk_by_ref(v, pred)


@PROPERTY_SETTINGS
@given(xs=st.lists(st.integers(0, 3), max_size=120))
def test_chunk_by_every_split_gives_the_runs(xs: list[int]) -> None:
    """Splitting the producer down to the smallest pieces keeps every run whole."""
    for pred in (ordered, same):
        n = len(xs)
        assert leaves(ChunkByProducer(xs, pred, 0, n, n, False)) == chunk_by_ref(xs, pred)


def test_chunk_by_rayon(pool: Any) -> None:
    """Rayon's ``slice_chunk_by`` (src/slice/test.rs): the counts on short slices, and the
    predicate called exactly once per pair of neighbours."""
    v = list(range(1000))

    def never(a: int, b: int) -> bool:
        raise AssertionError("not called on fewer than two items")

    with pool:
        assert pi.par_chunk_by(v[:0], never).count() == 0
        assert pi.par_chunk_by(v[:1], never).count() == 1
        assert pi.par_chunk_by(v[:2], lambda a, b: True).count() == 1
        assert pi.par_chunk_by(v[:2], lambda a, b: False).count() == 2
        par = pi.par_chunk_by(v, lambda x, y: (x % 10 < 3) == (y % 10 < 3)).collect()
    assert par == chunk_by_ref(v, lambda x, y: (x % 10 < 3) == (y % 10 < 3))
    if is_process_pool(pool):
        return  # the count below is kept in this process
    calls = 0
    lock = threading.Lock()

    def counted(x: int, y: int) -> bool:
        nonlocal calls
        with lock:
            calls += 1
        return (x % 10 < 3) == (y % 10 < 3)

    with pool:
        pi.par_chunk_by(v, counted).collect()
    assert calls == len(v) - 1


def test_chunk_by_mut_rayon(pool: Any) -> None:
    """Rayon's ``slice_chunk_by_mut``: the same runs, as writable views; writes land in ``v``."""
    v = list(range(1000))
    pred = lambda x, y: (x % 10 < 3) == (y % 10 < 3)
    with pool:
        par = pi.par_chunk_by_mut(v, pred).collect()
        assert as_lists(par) == chunk_by_ref(v, pred)
        pi.par_chunk_by_mut(v, pred).for_each(lambda c: c.reverse())
    assert v == [y for run in chunk_by_ref(list(range(1000)), pred) for y in run[::-1]]


# ---------- split forms


@PROPERTY_SETTINGS
@given(xs=lists)
def test_split_inclusive_equals_the_sequential_split(pool: Any, xs: list[int]) -> None:
    with pool:
        for v in variants(xs)[:2] + variants(xs)[4:]:  # str/bytes take text patterns instead
            assert pi.par_split_inclusive(v, is_zero).collect() == split_inclusive_ref(v, is_zero)


@PROPERTY_SETTINGS
@given(xs=st.lists(st.integers(0, 3), max_size=120), inclusive=st.booleans())
def test_split_every_split_gives_the_pieces(xs: list[int], inclusive: bool) -> None:
    n = len(xs)
    producer = SplitSliceProducer(xs, is_zero, 0, n, n, inclusive=inclusive)
    ref = split_inclusive_ref if inclusive else split_slices
    assert leaves(producer) == ref(xs, is_zero)


@PROPERTY_SETTINGS
@given(xs=lists)
def test_split_mut_forms_write_into_the_list(pool: Any, xs: list[int]) -> None:
    with pool:
        target = list(xs)
        assert as_lists(pi.par_split_mut(target, is_zero).collect()) == split_slices(xs, is_zero)
        pi.par_split_mut(target, is_zero).for_each(lambda c: c.sort(reverse=True))
        want = []
        for i, piece in enumerate(split_slices(xs, is_zero)):
            want += ([0] if i else []) + sorted(piece, reverse=True)
        assert target == want

        target = list(xs)
        pieces = pi.par_split_inclusive_mut(target, is_zero).collect()
        assert as_lists(pieces) == split_inclusive_ref(xs, is_zero)
        pi.par_split_inclusive_mut(target, is_zero).for_each(lambda c: c.reverse())
        assert target == [y for p in split_inclusive_ref(xs, is_zero) for y in p[::-1]]


def test_split_inclusive_rayon_cases(pool: Any) -> None:
    """Rust's ``split_inclusive`` examples: the separator ends its piece; nothing follows a
    final separator; an empty slice has no piece."""
    with pool:
        assert pi.par_split_inclusive([10, 40, 33, 20], lambda n: n % 3 == 0).collect() == [
            [10, 40, 33],
            [20],
        ]
        assert pi.par_split_inclusive([3, 10, 40, 33], lambda n: n % 3 == 0).collect() == [
            [3],
            [10, 40, 33],
        ]
        assert pi.par_split_inclusive([], is_zero).collect() == []
        assert pi.par_split_inclusive([0, 0], is_zero).collect() == [[0], [0]]


def test_errors_name_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^xs must be a mutable sequence"):
        pi.par_split_mut((1, 2), is_zero)
    with pytest.raises(TypeError, match=r"^xs must be a mutable sequence"):
        pi.par_chunk_by_mut("ab", same)
    with pytest.raises(TypeError, match=r"^xs must be a mutable sequence"):
        pi.par_rchunks_exact_mut(b"ab", 1)
    with pytest.raises(TypeError, match=r"^pred must be callable, got int"):
        pi.par_chunk_by([1], 3)
    with pytest.raises(TypeError, match=r"^sep must be callable"):
        pi.par_split_inclusive([1], 3)
    with pytest.raises(ValueError, match=r"^chunk_size must be >= 1, got 0"):
        pi.par_chunks_exact_mut([1], 0)


# ---------- sorting


@PROPERTY_SETTINGS
@given(
    xs=st.lists(st.tuples(st.integers(0, 5), st.integers()), max_size=200), reverse=st.booleans()
)
def test_sort_unstable_by_and_by_key_equal_sorted(xs: list[tuple[int, int]], reverse: bool) -> None:
    """Unstable in Rayon, stable here: the result equals ``sorted`` (stability included)."""
    by_first = functools.partial(lambda p, q: p[0] - q[0])
    a, b = list(xs), list(xs)
    pi.par_sort_unstable_by(a, by_first, reverse=reverse)
    pi.par_sort_unstable_by_key(b, lambda p: p[0], reverse=reverse)
    want = sorted(xs, key=lambda p: p[0], reverse=reverse)
    assert a == want
    assert b == want


def test_sort_unstable_by_big_input_on_threads() -> None:
    """Past the sequential threshold, on a pool of threads."""
    xs = [(i * 7919) % 100_003 for i in range(100_003)]
    with pi.ThreadPoolBuilder().num_threads(4).build():
        a = list(xs)
        pi.par_sort_unstable_by(a, lambda p, q: q - p)
        b = list(xs)
        pi.par_sort_unstable_by_key(b, lambda x: -x)
    assert a == b == sorted(xs, reverse=True)
