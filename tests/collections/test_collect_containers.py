"""collect(dict/set/frozenset/Counter) equals the sequential constructor: order, winners, keys."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi
from pariter.iterators import collect as collect_module

settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Few distinct keys, so duplicates (and which one wins) are common; 1, 1.0 and True are equal
# keys of different types, so the kept key object is visible.
keys = st.one_of(st.integers(0, 5), st.sampled_from([1.0, True, 0.0, False, "a", "b"]))
pairs = st.lists(st.tuples(keys, st.integers()), max_size=200)


def typed(d: Any) -> list[Any]:
    return [(type(k), k, v) for k, v in d.items()]


@settings_
@given(items=pairs, max_len=st.integers(1, 5))
def test_dict_equals_dict(pool: pi.ThreadPool, items: list[Any], max_len: int) -> None:
    expected = dict(items)
    got = pi.par_iter(items).with_max_len(max_len).collect(dict)
    assert typed(got) == typed(expected)  # same order, same key objects, later values win
    got = pi.par_iter(items).filter(lambda p: True).collect(dict)  # unindexed
    assert typed(got) == typed(expected)


@settings_
@given(xs=st.lists(keys, max_size=200), max_len=st.integers(1, 5))
def test_set_frozenset_counter(pool: pi.ThreadPool, xs: list[Any], max_len: int) -> None:
    got_set = pi.par_iter(xs).with_max_len(max_len).collect(set)
    assert type(got_set) is set and got_set == set(xs)
    assert sorted(map(repr, got_set)) == sorted(map(repr, set(xs)))  # first object kept
    got_frozen = pi.par_iter(xs).with_max_len(max_len).collect(frozenset)
    assert type(got_frozen) is frozenset and got_frozen == frozenset(xs)
    expected = Counter(xs)
    got = pi.par_iter(xs).with_max_len(max_len).collect(Counter)
    assert type(got) is Counter
    assert typed(got) == typed(expected)
    assert got.most_common() == expected.most_common()  # ties in first-seen order


def test_built_per_leaf_not_from_a_list(
    pool: pi.ThreadPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_list(*args: Any) -> Any:
        raise AssertionError("collected through a list")

    monkeypatch.setattr(collect_module, "collect_in_place", no_list)
    monkeypatch.setattr(collect_module, "flatten_chunks", no_list)
    assert pi.into_par_iter(range(1000)).map(lambda x: (x % 7, x)).collect(dict) == dict(
        (x % 7, x) for x in range(1000)
    )
    assert pi.into_par_iter(range(1000)).collect(set) == set(range(1000))


def test_errors_match_the_constructor(pool: pi.ThreadPool) -> None:
    with pytest.raises(ValueError):
        dict([(1, 2), (3,)])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        pi.par_iter([(1, 2), (3,)]).collect(dict)
    with pytest.raises(TypeError):
        pi.par_iter([(1, 2), 5]).collect(dict)
    with pytest.raises(TypeError):
        pi.par_iter([[1], [2]]).collect(set)
    with pytest.raises(TypeError, match="target must be callable, got int"):
        pi.par_iter([1]).collect(3)  # type: ignore[call-overload]


def test_word_count(pool: pi.ThreadPool) -> None:
    text = "the cat and the hat\nand the bat\n" * 2000
    got = pi.par_split_whitespace(text).collect(Counter)
    assert got == Counter(text.split())
    assert list(got) == list(Counter(text.split()))
