"""Misuse raises clear Python errors instead of Rust's compile errors and panics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import pariter as pi


def unindexed() -> Any:
    return pi.par_iter(list(range(20))).filter(lambda x: x % 2 == 0)


# Indexed-only methods (IndexedParallelIterator in Rayon) called on an unindexed chain.
INDEXED_ONLY: dict[str, Callable[[Any], Any]] = {
    "zip": lambda it: it.zip([1, 2, 3]).collect(),
    "zip_eq": lambda it: it.zip_eq(list(range(10))).collect(),
    "enumerate": lambda it: it.enumerate().collect(),
    "rev": lambda it: it.rev().collect(),
    "skip": lambda it: it.skip(1).collect(),
    "take": lambda it: it.take(1).collect(),
    "step_by": lambda it: it.step_by(2).collect(),
    "chunks": lambda it: it.chunks(2).collect(),
    "len": lambda it: it.len(),
    "interleave": lambda it: it.interleave([1]).collect(),
    "interleave_shortest": lambda it: it.interleave_shortest([1]).collect(),
    "fold_chunks": lambda it: it.fold_chunks(2, lambda: 0, lambda a, b: a + b).collect(),
    "with_min_len": lambda it: it.with_min_len(2).collect(),
    "with_max_len": lambda it: it.with_max_len(2).collect(),
    "position_first": lambda it: it.position_first(lambda x: True),
    "position_last": lambda it: it.position_last(lambda x: True),
    "positions": lambda it: it.positions(lambda x: True).collect(),
    "collect_into_vec": lambda it: it.collect_into_vec([]),
    "cmp": lambda it: it.cmp([0, 2]),
    "eq": lambda it: it.eq([0, 2]),
    "by_exponential_blocks": lambda it: it.by_exponential_blocks().collect(),
}


@pytest.mark.parametrize("method", sorted(INDEXED_ONLY))
def test_indexed_only_method_on_unindexed_iterator(pool: Any, method: str) -> None:
    with pool, pytest.raises((TypeError, AttributeError)) as info:
        INDEXED_ONLY[method](unindexed())
    assert "index" in str(info.value).lower(), f"{method}: message {str(info.value)!r}"


@pytest.mark.parametrize(
    "make",
    [
        lambda: pi.par_iter([1, 2]).flat_map(lambda x: [x]),
        lambda: pi.par_iter([1, 2]).filter_map(lambda x: x),
        lambda: pi.par_iter([[1], [2]]).flatten(),
        lambda: pi.par_iter([1, 2]).chain(pi.par_iter([3]).filter(bool)),
        lambda: pi.par_bridge(iter([1, 2])),
        lambda: pi.par_iter([1, 2]).fold(lambda: 0, lambda a, b: a + b),
    ],
    ids=["flat_map", "filter_map", "flatten", "chain_unindexed", "par_bridge", "fold"],
)
def test_unindexed_kinds_reject_zip_and_enumerate(pool: Any, make: Callable[[], Any]) -> None:
    with pool:
        for use in (lambda it: it.zip([1, 2]).collect(), lambda it: it.enumerate().collect()):
            with pytest.raises((TypeError, AttributeError)) as info:
                use(make())
            assert "index" in str(info.value).lower(), str(info.value)


def test_zip_with_an_unindexed_argument(pool: Any) -> None:
    with pool, pytest.raises((TypeError, AttributeError)) as info:
        pi.par_iter([1, 2, 3]).zip(pi.par_iter([1, 2, 3]).filter(bool)).collect()
    assert "index" in str(info.value).lower(), str(info.value)


def test_zip_eq_unequal_lengths(pool: Any) -> None:
    with pool:
        with pytest.raises((ValueError, TypeError)) as info:
            pi.par_iter([1, 2, 3]).zip_eq([1, 2]).collect()
        assert "length" in str(info.value).lower(), str(info.value)
        with pytest.raises((ValueError, TypeError)):
            pi.par_iter([]).zip_eq([1]).collect()
        # Equal lengths are fine.
        assert pi.par_iter([1, 2]).zip_eq(pi.par_iter("ab")).collect() == [(1, "a"), (2, "b")]


@pytest.mark.parametrize(
    ("call", "word"),
    [
        (lambda: pi.par_iter([1, 2, 3]).step_by(0).collect(), "step"),
        (lambda: pi.par_iter([1, 2, 3]).chunks(0).collect(), "chunk"),
        (lambda: pi.par_iter([1, 2, 3]).with_min_len(0).collect(), "min"),
        (lambda: pi.par_iter([1, 2, 3]).fold_chunks(0, lambda: 0, max).collect(), "chunk"),
        (lambda: pi.par_iter([1, 2, 3]).by_uniform_blocks(0).collect(), "block"),
        (lambda: pi.par_iter([1, 2, 3]).step_by(-1).collect(), "step"),
        (lambda: pi.par_iter([1, 2, 3]).chunks(-2).collect(), "chunk"),
    ],
    ids=[
        "step_by0",
        "chunks0",
        "with_min_len0",
        "fold_chunks0",
        "by_uniform_blocks0",
        "step_by_negative",
        "chunks_negative",
    ],
)
def test_bad_argument_values_name_the_argument(
    pool: Any, call: Callable[[], Any], word: str
) -> None:
    with pool, pytest.raises((ValueError, TypeError)) as info:
        call()
    assert word in str(info.value).lower(), str(info.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda: pi.par_iter([1]).skip(-1).collect(),
        lambda: pi.par_iter([1]).take(-1).collect(),
        lambda: pi.repeat_n(1, -1).collect(),
    ],
    ids=["skip", "take", "repeat_n"],
)
def test_negative_counts_are_rejected(pool: Any, make: Callable[[], Any]) -> None:
    with pool, pytest.raises((ValueError, TypeError)):
        make()


@pytest.mark.parametrize("entry", ["par_iter", "into_par_iter"])
@pytest.mark.parametrize("bad", [42, 3.5, None, object()], ids=["int", "float", "None", "object"])
def test_non_iterable_source_raises_type_error(entry: str, bad: Any) -> None:
    with pytest.raises(TypeError) as info:
        getattr(pi, entry)(bad)
    msg = str(info.value).lower()
    assert type(bad).__name__.lower() in msg or "iterable" in msg, msg


def test_non_iterable_arguments_to_adapters(pool: Any) -> None:
    with pool:
        for call in (
            lambda: pi.par_iter([1]).zip(5).collect(),
            lambda: pi.par_iter([1]).chain(5).collect(),
            lambda: pi.par_iter([1]).interleave(5).collect(),
            lambda: pi.par_iter([1, 2]).flat_map(lambda x: x).collect(),
            lambda: pi.par_iter([1, 2]).flatten().collect(),
        ):
            with pytest.raises(TypeError):
                call()


def test_non_callable_user_functions(pool: Any) -> None:
    with pool:
        for call in (
            lambda: pi.par_iter([1]).map(3).collect(),
            lambda: pi.par_iter([1]).filter("x").collect(),
            lambda: pi.par_iter([1]).reduce(0, max),
        ):
            with pytest.raises(TypeError):
                call()
