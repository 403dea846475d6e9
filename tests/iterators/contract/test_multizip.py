"""``pi.multizip(a, b, c, ...)``: Rayon's tuple ``into_par_iter()`` (``MultiZip``) equals the
builtin ``zip(a, b, c, ...)``: indexed, tuples, as long as the shortest source."""

from __future__ import annotations

import functools
import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi

from ._support import PROPERTY_SETTINGS

int_lists = st.lists(st.integers(-50, 50), max_size=60)


@PROPERTY_SETTINGS
@given(sources=st.lists(int_lists, min_size=1, max_size=6), max_len=st.integers(1, 20))
def test_multizip_equals_the_builtin_zip(pool: Any, sources: list[list[int]], max_len: int) -> None:
    expected = list(zip(*sources, strict=False))
    with pool:
        it = pi.multizip(*sources)
        assert it.len() == len(expected)
        assert it.with_max_len(max_len).collect() == expected
        assert it.rev().with_max_len(max_len).collect() == expected[::-1]
        assert it.map(sum).with_max_len(max_len).collect() == [sum(t) for t in expected]


@PROPERTY_SETTINGS
@given(a=int_lists, b=st.text(max_size=40), n=st.integers(0, 80), k=st.integers(0, 30))
def test_multizip_of_mixed_sources_keeps_the_index(
    pool: Any, a: list[int], b: str, n: int, k: int
) -> None:
    """Lists, strings, ranges and indexed chains, then the index-keeping adapters."""
    expected = list(zip(a, b, range(n), [x * 2 for x in a], strict=False))
    with pool:
        it = pi.multizip(a, b, range(n), pi.par_iter(a).map(lambda x: x * 2))
        assert it.skip(k).collect() == expected[k:]
        assert it.take(k).collect() == expected[:k]
        assert it.enumerate().collect() == list(enumerate(expected))
        assert it.zip(range(5)).collect() == list(zip(expected, range(5), strict=False))


def test_every_split_gives_the_two_halves(pool: Any) -> None:
    """As Rayon's tests/producer_split_at.rs checks every producer: every window of the
    producer, forward and reversed, in pieces of one item."""
    a, b, c = list(range(9)), "abcdefghijk", range(100, 110)
    seq = list(zip(a, b, c, strict=False))
    n = len(seq)
    with pool:
        for i in range(n + 1):
            for j in range(i, n + 1):
                window = functools.partial(
                    lambda i, j: pi.multizip(a, b, c).skip(i).take(j - i), i, j
                )
                assert window().with_max_len(1).collect() == seq[i:j]
                assert window().rev().with_max_len(1).collect() == seq[i:j][::-1]


def test_multizip_doc_example_by_reference(pool: Any) -> None:
    """Rayon's ``MultiZip`` doc example: ``(&xs, &ys, &zs).into_par_iter().map(x * y + z)``."""
    xs, ys, zs = list(range(1, 10)), list(range(10, 100)), list(range(100, 1000))
    with pool:
        got = pi.multizip(xs, ys, zs).map(lambda t: t[0] * t[1] + t[2]).collect()
    assert got == [x * y + z for x, y, z in zip(xs, ys, zs, strict=False)]


def test_multizip_doc_example_mutable(pool: Any) -> None:
    """Rayon's ``MultiZip`` doc example with ``&mut r``: writes land in ``r``, as long as the
    shortest input (``r`` has 3 items); also from worker processes (writes travel back)."""
    r = [0, 0, 0]

    def write(t: tuple[Any, int, int, int]) -> None:
        slot, x, y, z = t
        slot.value = x * y + z

    with pool:
        pi.multizip(pi.par_iter_mut(r), range(1, 10), range(10, 100), range(100, 1000)).for_each(
            write
        )
    assert r == [1 * 10 + 100, 2 * 11 + 101, 3 * 12 + 102]


@pytest.mark.parametrize("arity", range(1, 13))
def test_multizip_runs_again_with_the_same_result(pool: Any, arity: int) -> None:
    """Rayon's ``clone_multizip`` (tests/clones.rs): tuples of 1 to 12 sources, run twice."""
    v = list(range(1000))
    it = pi.multizip(*([v] * arity))
    with pool:
        first = it.collect()
        assert it.collect() == first == [(x,) * arity for x in v]


def test_multizip_repr() -> None:
    """Rayon's ``debug_multizip`` (tests/debug.rs): the pipeline describes itself."""
    assert repr(pi.multizip([1, 2], "ab")) == "multizip(par_iter(list[2]), par_iter(str[2]))"


def test_one_shot_sources_are_read_only_as_far_as_the_others_reach(pool: Any) -> None:
    """As the builtin ``zip`` reads an endless iterator only as far as it pairs."""
    counter = itertools.count()
    with pool:
        assert pi.multizip(counter, "abc").collect() == [(0, "a"), (1, "b"), (2, "c")]
    assert next(counter) == 3
    gen_a, gen_b = (x for x in range(10)), (x * x for x in range(4))
    with pool:
        assert pi.multizip(gen_a, gen_b).collect() == list(
            zip(range(10), [0, 1, 4, 9], strict=False)
        )


def test_multizip_needs_indexed_sources() -> None:
    with pytest.raises(TypeError, match="at least one source"):
        pi.multizip()
    with pytest.raises(TypeError, match=r"^source 1 of multizip\(\): .*is not indexed"):
        pi.multizip([1], pi.par_iter([1, 2]).filter(bool))
    # (The message should also name the argument, as the filter's above does: issue 16's
    # "Error messages" item, in collections/entry.py.)
    with pytest.raises(TypeError, match=r"must be iterable.*got int$"):
        pi.multizip(5, [1])
