"""``collect_vec_list`` (one list per piece, in order) and ``unzip_into_vecs`` (two lists written
in place) against their sequential meaning."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi

from ._support import PROPERTY_SETTINGS, ContractBoom

items = st.lists(st.integers(-100, 100), max_size=200)


@PROPERTY_SETTINGS
@given(xs=items, max_len=st.integers(1, 30), keep=st.integers(1, 5))
def test_collect_vec_list_is_the_items_in_order_in_pieces(
    pool: Any, xs: list[int], max_len: int, keep: int
) -> None:
    with pool:
        pieces = pi.par_iter(xs).with_max_len(max_len).collect_vec_list()
        unindexed = pi.par_iter(xs).with_max_len(max_len).filter(lambda x: x % keep == 0)
        kept = unindexed.collect_vec_list()
    assert [x for piece in pieces for x in piece] == xs
    assert all(1 <= len(piece) <= max_len for piece in pieces)  # no empty pieces (Rayon)
    assert [x for piece in kept for x in piece] == [x for x in xs if x % keep == 0]
    assert all(piece for piece in kept)


def test_collect_vec_list_doc_example(pool: Any) -> None:
    """Rayon's ``collect_vec_list`` doc example: ``(0..=100).filter(even).flat_map(0..x)``
    flattens to 2550 items."""
    with pool:
        result = (
            pi.into_par_iter(range(101))
            .filter(lambda x: x % 2 == 0)
            .flat_map(range)
            .collect_vec_list()
        )
    assert sum(1 for piece in result for _ in piece) == 2550
    assert [x for piece in result for x in piece] == [y for x in range(0, 101, 2) for y in range(x)]


def test_collect_vec_list_of_nothing_is_an_empty_list(pool: Any) -> None:
    """Rayon keeps no empty lists, so an input without items gives none."""
    with pool:
        assert pi.par_iter([]).collect_vec_list() == []
        assert pi.into_par_iter(range(100)).filter(lambda x: x > 1000).collect_vec_list() == []
        pieces = pi.into_par_iter(range(100)).collect_vec_list()
    assert sum(map(len, pieces)) == 100


@PROPERTY_SETTINGS
@given(pairs=st.lists(st.tuples(st.integers(), st.text(max_size=2)), max_size=200))
def test_unzip_into_vecs_equals_sequential_unzip(pool: Any, pairs: list[tuple[int, str]]) -> None:
    left, right = ["old"], ["old", "old"]
    with pool:
        assert pi.par_iter(pairs).with_max_len(7).unzip_into_vecs(left, right) is None
    assert left == [a for a, _ in pairs]
    assert right == [b for _, b in pairs]


def test_unzip_into_vecs_rayon(pool: Any) -> None:
    """Rayon's ``check_unzip_into_vecs`` (src/iter/test.rs)."""
    a: list[int] = []
    b: list[int] = []
    with pool:
        pi.into_par_iter(range(1024)).map(lambda i: i * i).enumerate().unzip_into_vecs(a, b)
    c, d = zip(*enumerate(i * i for i in range(1024)), strict=True)
    assert a == list(c)
    assert b == list(d)


def test_unzip_into_vecs_leaves_both_empty_on_error(pool: Any) -> None:
    left, right = [1], [2]

    def boom(x: int) -> tuple[int, int]:
        if x == 500:
            raise ContractBoom("boom")
        return x, x

    with pool, pytest.raises(ContractBoom):
        pi.into_par_iter(range(1000)).map(boom).unzip_into_vecs(left, right)
    assert left == right == []


def test_unzip_into_vecs_arguments() -> None:
    it = pi.par_iter([(1, 2)])
    with pytest.raises(TypeError, match=r"^left must be a list, got tuple$"):
        it.unzip_into_vecs((), [])
    with pytest.raises(TypeError, match=r"^right must be a list, got dict$"):
        it.unzip_into_vecs([], {})
    same: list[int] = []
    with pytest.raises(ValueError, match="two different lists"):
        it.unzip_into_vecs(same, same)
    with pytest.raises(TypeError, match=r"unzip_into_vecs.*indexed"):
        pi.par_iter([(1, 2)]).filter(bool).unzip_into_vecs([], [])
