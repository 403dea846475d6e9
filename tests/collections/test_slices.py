"""The slice iterators equal their sequential meaning (Rayon's slice methods) on many inputs."""

from __future__ import annotations

import array
from collections import deque
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import pariter as pi
from pariter.collections.slices import SplitSliceProducer

settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
lists = st.lists(st.integers(-3, 3), max_size=60)
sizes = st.integers(1, 9)


def chunks(xs: Any, n: int) -> list[Any]:
    return [xs[i : i + n] for i in range(0, len(xs), n)]


def rchunks(xs: Any, n: int) -> list[Any]:
    size = len(xs)
    return [xs[max(0, size - i - n) : size - i] for i in range(0, size, n)]


def windows(xs: Any, n: int) -> list[Any]:
    return [xs[i : i + n] for i in range(len(xs) - n + 1)]


def split_slices(xs: Any, pred: Any) -> list[Any]:
    """Rust's ``slice.split(pred)``, one item at a time."""
    out, start = [], 0
    for i, x in enumerate(xs):
        if pred(x):
            out.append(xs[start:i])
            start = i + 1
    out.append(xs[start:])
    return out


def variants(xs: list[int]) -> list[Any]:
    """The same items as several sequence types."""
    small = [x % 256 for x in xs]
    return [
        xs,
        tuple(xs),
        "".join(chr(97 + x % 26) for x in xs),
        bytes(small),
        array.array("i", xs),
    ]


@settings_
@given(xs=lists, n=sizes, max_len=st.integers(1, 4))
def test_chunks_rchunks_windows_exact(
    pool: pi.ThreadPool, xs: list[int], n: int, max_len: int
) -> None:
    for seq in variants(xs):
        # with_max_len forces pieces this small, so every split point is exercised.
        assert pi.par_chunks(seq, n).with_max_len(max_len).collect() == chunks(seq, n)
        assert pi.par_chunks(seq, n).len() == len(chunks(seq, n))
        assert pi.par_chunks(seq, n).rev().collect() == chunks(seq, n)[::-1]
        assert pi.par_rchunks(seq, n).with_max_len(max_len).collect() == rchunks(seq, n)
        assert pi.par_rchunks(seq, n).rev().collect() == rchunks(seq, n)[::-1]
        assert pi.par_windows(seq, n).with_max_len(max_len).collect() == windows(seq, n)
        assert pi.par_windows(seq, n).len() == len(windows(seq, n))
        arrays = [tuple(w) for w in windows(seq, n)]
        assert pi.par_array_windows(seq, n).with_max_len(max_len).collect() == arrays
        assert pi.par_array_windows(seq, n).rev().collect() == arrays[::-1]
        exact = pi.par_chunks_exact(seq, n)
        full = [c for c in chunks(seq, n) if len(c) == n]
        assert exact.with_max_len(max_len).collect() == full
        assert exact.len() == len(full)
        assert exact.remainder() == seq[len(full) * n :]
        assert type(exact.remainder()) is type(seq)


@settings_
@given(xs=lists, n=sizes)
def test_memoryview_chunks_are_lists_of_items(pool: pi.ThreadPool, xs: list[int], n: int) -> None:
    # Not views: slicing a memoryview on several threads is not thread-safe on 3.13t.
    buf = bytearray(x % 256 for x in xs)
    got = pi.par_chunks(memoryview(buf), n).collect()
    assert got == chunks(list(buf), n)
    assert all(isinstance(c, list) for c in got)


@settings_
@given(xs=lists, n=sizes)
def test_user_sequences_give_lists(pool: pi.ThreadPool, xs: list[int], n: int) -> None:
    d = deque(xs)  # a sequence that cannot slice
    assert pi.par_chunks(d, n).collect() == chunks(xs, n)
    assert pi.par_windows(d, n).collect() == windows(xs, n)


@settings_
@given(xs=lists, n=sizes, max_len=st.integers(1, 4))
def test_chunks_mut_write_through(pool: pi.ThreadPool, xs: list[int], n: int, max_len: int) -> None:
    expected = [x for c in chunks(xs, n) for x in sorted(c, reverse=True)]
    got = list(xs)
    pi.par_chunks_mut(got, n).with_max_len(max_len).for_each(lambda c: c.sort(reverse=True))
    assert got == expected

    got = list(xs)
    pi.par_chunks_mut(got, n).enumerate().for_each(
        lambda p: p[1].__setitem__(slice(None), [p[0]] * len(p[1]))
    )
    assert got == [i for i, c in enumerate(chunks(xs, n)) for _ in c]

    got_b = bytearray(x % 256 for x in xs)

    def bump(c: Any) -> None:
        for i in range(len(c)):
            c[i] = (c[i] + 1) % 256

    pi.par_chunks_mut(got_b, n).for_each(bump)
    assert got_b == bytearray((x + 1) % 256 for x in xs)
    mv = bytearray(x % 256 for x in xs)
    pi.par_chunks_mut(memoryview(mv), n).for_each(
        lambda c: c.__setitem__(slice(None), bytes(len(c)))
    )
    assert mv == bytearray(len(xs))


def test_chunk_mut_view() -> None:
    xs = [0, 1, 2, 3, 4, 5]
    c = pi.par_chunks_mut(xs, 4).collect()[0]
    assert isinstance(c, pi.ChunkMut)
    assert len(c) == 4 and list(c) == [0, 1, 2, 3] and c[-1] == 3 and c[1:3] == [1, 2]
    assert c[::2] == [0, 2] and 2 in c and c.index(3) == 3
    c[::2] = [10, 12]
    c[-1] = 13
    assert xs == [10, 1, 12, 13, 4, 5] and c == [10, 1, 12, 13]
    with pytest.raises(ValueError, match="a chunk cannot change its length"):
        c[0:2] = [1]
    with pytest.raises(IndexError):
        c[4]
    with pytest.raises(IndexError):
        c[-5] = 0
    assert repr(c) == "ChunkMut([10, 1, 12, 13])"


@settings_
@given(xs=lists, target=st.integers(-3, 3))
@example(xs=[], target=0)
@example(xs=[0, 0], target=0)
def test_split_by_predicate(pool: pi.ThreadPool, xs: list[int], target: int) -> None:
    pred = lambda x: x == target
    for seq in [*variants(xs)[:2], array.array("i", xs)]:
        assert pi.par_split(seq, pred).collect() == split_slices(seq, pred)
    text = "".join(chr(97 + x % 26) for x in xs)
    is_t = lambda c: c == chr(97 + target % 26)
    assert pi.par_split(text, is_t).collect() == split_slices(text, is_t)


def all_split_leaves(p: SplitSliceProducer) -> list[Any]:
    left, right = p.split()
    if right is None:
        out: list[Any] = []

        class Sink:
            def consume_iter(self, it: Any) -> None:
                out.extend(it)

        p.fold_with(Sink())  # type: ignore[arg-type]
        return out
    assert isinstance(left, SplitSliceProducer) and isinstance(right, SplitSliceProducer)
    return all_split_leaves(left) + all_split_leaves(right)


@settings(max_examples=300, deadline=None)
@given(xs=st.lists(st.integers(0, 2), max_size=40))
def test_every_split_cut_is_safe(xs: list[int]) -> None:
    pred = lambda x: x == 0
    n = len(xs)
    assert all_split_leaves(SplitSliceProducer(xs, pred, 0, n, n)) == split_slices(xs, pred)


def test_split_runs_in_more_than_one_leaf(pool: pi.ThreadPool) -> None:
    xs = [i % 5 for i in range(10_000)]
    leaves = pi.par_split(xs, lambda x: x == 0).fold(int, lambda n, _: n + 1).collect()
    assert len(leaves) > 1 and sum(leaves) == 2001


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: pi.par_chunks([1], 0), ValueError, "chunk_size must be >= 1, got 0"),
        (lambda: pi.par_chunks_exact([1], 0), ValueError, "chunk_size must be >= 1, got 0"),
        (lambda: pi.par_rchunks([1], -2), ValueError, "chunk_size must be >= 1, got -2"),
        (lambda: pi.par_windows([1], 0), ValueError, "window_size must be >= 1, got 0"),
        (lambda: pi.par_chunks_mut([1], 0), ValueError, "chunk_size must be >= 1, got 0"),
        (lambda: pi.par_chunks([1], 1.5), TypeError, "chunk_size must be an int, got float"),
        (lambda: pi.par_chunks({1, 2}, 1), TypeError, "xs must be a sequence"),
        (lambda: pi.par_windows(iter([1]), 1), TypeError, "xs must be a sequence"),
        (lambda: pi.par_rchunks(5, 1), TypeError, "xs must be a sequence"),
        (lambda: pi.par_chunks_exact({"a": 1}, 1), TypeError, "xs must be a sequence"),
        (lambda: pi.par_chunks_mut((1, 2), 1), TypeError, "xs must be a mutable sequence"),
        (lambda: pi.par_chunks_mut("ab", 1), TypeError, "xs must be a mutable sequence"),
        (lambda: pi.par_chunks_mut(memoryview(b"ab"), 1), TypeError, "xs must be writable"),
        (lambda: pi.par_split({1}, bool), TypeError, "xs must be a sequence"),
        (lambda: pi.par_split([1, 2], 0), TypeError, "sep must be callable"),
    ],
)
def test_errors_name_the_argument(call: Any, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc) as info:
        call()
    assert str(info.value).startswith(message)


def test_predicate_exception_propagates(pool: pi.ThreadPool) -> None:
    def boom(x: int) -> bool:
        if x == 777:
            raise KeyError("boom")
        return x == 0

    with pytest.raises(KeyError, match="boom"):
        pi.par_split(list(range(5000)), boom).collect()
