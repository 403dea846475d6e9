"""The ``try_*`` family against its sequential Python meaning (DESIGN.md, "Python mapping").

``try_fold``/``try_reduce`` take ``Option``'s meaning (``None`` stops), ``try_for_each`` takes
``Result``'s (a non-``None`` return is the error).  Where the split of the input could change
the answer (Rayon: "if there are multiple errors in parallel, it is not specified which will be
returned"), the properties use operations whose answer does not depend on it, as Rayon's own
examples do (checked addition of non-negative numbers).
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi

from ._support import (
    PROPERTY_SETTINGS,
    ContractBoom,
    Counter,
    Recorder,
    Sender,
    is_process_pool,
    is_subsequence,
)

small = st.integers(min_value=0, max_value=50)
maybe_small = st.one_of(st.none(), small)


def bounded_add(limit: int, a: int, b: int) -> int | None:
    """Rust's ``checked_add`` with ``limit`` as the largest value."""
    total = a + b
    return total if total <= limit else None


def bounded_concat(limit: int, a: str, b: str) -> str | None:
    joined = a + b
    return joined if len(joined) <= limit else None


def sequential_try_fold(acc: Any, op: Any, xs: list[Any]) -> Any:
    for x in xs:
        acc = op(acc, x)
        if acc is None:
            return None
    return acc


def sequential_try_reduce(identity: Any, op: Any, xs: list[Any]) -> Any:
    acc = identity()
    for x in xs:
        if x is None:
            return None
        acc = op(acc, x)
        if acc is None:
            return None
    return acc


def sequential_try_reduce_with(op: Any, xs: list[Any]) -> Any:
    if not xs:
        return None
    if xs[0] is None:
        return None
    return sequential_try_reduce(lambda: xs[0], op, xs[1:])


def error_for(bad: set[int], x: int) -> str | None:
    return f"bad {x}" if x in bad else None


# ---------- hypothesis: equal to the sequential meaning


@PROPERTY_SETTINGS
@given(
    xs=st.lists(maybe_small, max_size=300), limit=st.integers(0, 3000), max_len=st.integers(1, 50)
)
def test_try_reduce_equals_the_sequential_reduction(
    pool: Any, xs: list[int | None], limit: int, max_len: int
) -> None:
    op = functools.partial(bounded_add, limit)
    expected = sequential_try_reduce(int, op, xs)
    with pool:
        assert pi.par_iter(xs).with_max_len(max_len).try_reduce(int, op) == expected
        assert pi.par_iter(xs).with_max_len(max_len).try_reduce_with(op) == (
            sequential_try_reduce_with(op, xs)
        )


@PROPERTY_SETTINGS
@given(words=st.lists(st.text("abc", max_size=3), max_size=100), limit=st.integers(0, 150))
def test_try_reduce_keeps_sequence_order(pool: Any, words: list[str], limit: int) -> None:
    """A non-commutative ``op``: the pieces combine left to right, as ``reduce`` does."""
    op = functools.partial(bounded_concat, limit)
    with pool:
        got = pi.par_iter(words).with_max_len(3).try_reduce(str, op)
        got_with = pi.par_iter(words).with_max_len(3).try_reduce_with(op)
    assert got == sequential_try_reduce(str, op, words)
    assert got_with == sequential_try_reduce_with(op, words)


@PROPERTY_SETTINGS
@given(xs=st.lists(small, max_size=300), limit=st.integers(0, 3000), max_len=st.integers(1, 50))
def test_try_fold_then_try_reduce_equals_the_sequential_fold(
    pool: Any, xs: list[int], limit: int, max_len: int
) -> None:
    """Rayon's own example: ``try_fold(|| 0, checked_add).try_reduce(|| 0, checked_add)``."""
    op = functools.partial(bounded_add, limit)
    expected = sequential_try_fold(0, op, xs)
    with pool:
        it = pi.par_iter(xs).with_max_len(max_len)
        assert it.try_fold(int, op).try_reduce(int, op) == expected
        assert it.try_fold_with(0, op).try_reduce(int, op) == expected
        # Even an empty input is one piece, whose accumulator is the identity (as in Rayon).
        assert it.try_fold_with(0, op).try_reduce_with(op) == expected


@PROPERTY_SETTINGS
@given(xs=st.lists(small, max_size=200), bad=st.sets(small, max_size=3), max_len=st.integers(1, 20))
def test_try_fold_yields_each_pieces_accumulator_or_none(
    pool: Any, xs: list[int], bad: set[int], max_len: int
) -> None:
    """A piece stops at its first failing item and yields ``None``; the others are whole
    folds: together the whole pieces are the input's runs between the pieces that failed."""

    def keep(acc: list[int], x: int) -> list[int] | None:
        return None if x in bad else [*acc, x]

    with pool:
        pieces = pi.par_iter(xs).with_max_len(max_len).try_fold(list, keep).collect()
    assert (None in pieces) == any(x in bad for x in xs)
    whole = [x for piece in pieces if piece is not None for x in piece]
    assert not set(whole) & bad
    assert all(piece is None or len(piece) <= max_len for piece in pieces)
    assert is_subsequence(whole, xs)
    if None not in pieces:
        assert whole == xs


@PROPERTY_SETTINGS
@given(xs=st.lists(small, max_size=200), bad=st.sets(small, max_size=3))
def test_try_fold_as_one_piece_is_the_sequential_fold(
    pool: Any, xs: list[int], bad: set[int]
) -> None:
    def keep(acc: list[int], x: int) -> list[int] | None:
        return None if x in bad else [*acc, x]

    with pool:
        got = pi.par_iter(xs).with_min_len(max(len(xs), 1)).try_fold(list, keep).collect()
    assert got == [sequential_try_fold([], keep, xs)]


@PROPERTY_SETTINGS
@given(xs=st.lists(small, max_size=300), bad=st.sets(small, max_size=4), max_len=st.integers(1, 50))
def test_try_for_each_returns_an_error_of_some_item_or_none(
    pool: Any, xs: list[int], bad: set[int], max_len: int
) -> None:
    check = functools.partial(error_for, bad)
    errors = {check(x) for x in xs} - {None}
    with pool:
        it = pi.par_iter(xs).with_max_len(max_len)
        results = [
            it.try_for_each(check),
            it.try_for_each_with(bad, lambda b, x: error_for(b, x)),
            it.try_for_each_init(lambda: bad, lambda b, x: error_for(b, x)),
        ]
    for got in results:
        assert (got in errors) if errors else (got is None)


# ---------- ported from Rayon's tests and doc examples


def test_try_fold_try_reduce_doc_example(pool: Any) -> None:
    """Rayon's ``try_fold``/``try_fold_with`` doc examples (``0..22_u8`` checked into ``u32``),
    and ``try_reduce``'s ``sum_squares`` with ``i32`` overflow."""
    u32_add = functools.partial(bounded_add, 2**32 - 1)
    i32_add = functools.partial(bounded_add, 2**31 - 1)

    def i32_square(i: int) -> int | None:
        return i * i if i * i <= 2**31 - 1 else None

    with pool:
        assert pi.into_par_iter(range(22)).try_fold(int, u32_add).try_reduce(int, u32_add) == 231
        assert pi.into_par_iter(range(22)).try_fold_with(0, u32_add).try_reduce(int, u32_add) == 231
        squares = pi.into_par_iter(range(5)).map(i32_square)
        assert squares.try_reduce(int, i32_add) == 0 + 1 + 4 + 9 + 16
        assert pi.into_par_iter(range(10_000)).map(i32_square).try_reduce(int, i32_add) is None
        big = pi.into_par_iter(range(1_000_000, 1_000_001)).map(i32_square)
        assert big.try_reduce(int, i32_add) is None


def test_try_reduce_with_doc_example(pool: Any) -> None:
    """Rayon's ``try_reduce_with`` doc example: empty gives ``None``; a failure gives ``None``
    (Rayon's ``Some(None)``); otherwise the reduction."""
    with pool:
        assert pi.par_iter([]).try_reduce_with(max) is None
        assert pi.par_iter([4, None, 9]).try_reduce_with(max) is None
        assert pi.par_iter([4, 1, 9]).try_reduce_with(max) == 9


def test_try_for_each_with_sender_doc_example(pool: Any) -> None:
    """Rayon's ``try_for_each_with`` doc example: every clone of a channel sender sends to one
    receiver, and no send fails."""
    if is_process_pool(pool):
        pytest.skip("the sink lives in the caller's memory")
    sender = Sender()
    with pool:
        assert pi.into_par_iter(range(5)).try_for_each_with(sender, Sender.send) is None
    assert sorted(sender.sink.items) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("method", ["try_reduce", "try_fold", "try_for_each"])
def test_a_failure_stops_the_other_pieces(pool1: Any, method: str) -> None:
    """Like Rayon's ``check_partial_cmp_short_circuit``: on one thread, with pieces of 1..9
    items, a failure at item 42 of 1024 stops the call long before every item is visited."""
    xs: list[int | None] = [0] * 1024
    xs[42] = None
    for max_len in range(1, 10):
        seen = Counter()
        it = pi.par_iter(xs).with_max_len(max_len).inspect(seen)
        with pool1:
            if method == "try_reduce":
                assert it.try_reduce(int, lambda a, b: a + b) is None
            elif method == "try_fold":
                add = lambda a, x: None if x is None else a + x
                assert it.try_fold(int, add).try_reduce(int, lambda a, b: a + b) is None
            else:
                assert it.try_for_each(lambda x: "stop" if x is None else None) == "stop"
        assert seen.value < len(xs)


def test_a_failure_over_a_huge_range_returns(pool: Any) -> None:
    """Like Rayon's ``find_any`` over ``0..10**12``: only a stop shared by every piece (and every
    worker process) lets these finish."""
    huge = pi.into_par_iter(range(10**12))
    with pool:
        assert huge.try_for_each(functools.partial(error_for, {5})) == "bad 5"
        with_none = huge.map(lambda x: None if x == 5 else x)
        assert with_none.try_reduce(int, functools.partial(bounded_add, 10**30)) is None
        assert huge.try_fold(int, lambda a, x: None if x == 5 else a).try_reduce_with(max) is None


def test_try_for_each_on_one_thread_returns_the_first_error(pool1: Any) -> None:
    """One thread runs the pieces left to right, so the error is the sequential loop's."""
    with pool1:
        got = (
            pi.into_par_iter(range(1000))
            .with_max_len(7)
            .try_for_each(lambda x: x if x % 100 == 99 else None)
        )
    assert got == 99


def test_try_fold_stops_only_its_own_piece(pool1: Any) -> None:
    """Rayon: "The first such failure stops processing the local set of items, without affecting
    other folds in the iterator's subdivisions"."""
    seen = Recorder()
    with pool1:
        pieces = (
            pi.into_par_iter(range(40))
            .with_min_len(10)
            .with_max_len(10)
            .inspect(seen)
            .try_fold(int, lambda a, x: None if x == 12 else a + x)
            .collect()
        )
    assert pieces == [sum(range(10)), None, sum(range(20, 30)), sum(range(30, 40))]
    assert sorted(seen.items) == [*range(13), *range(20, 40)]


def test_try_fold_runs_again_with_the_same_result(pool: Any) -> None:
    """Rayon's ``clone_adaptors`` (tests/clones.rs): ``try_fold`` and ``try_fold_with`` with
    pieces of one item give the same items each time they run."""
    v = list(range(1000))
    with pool:
        for it in (
            pi.par_iter(v).with_max_len(1).try_fold(int, lambda _, x: x),
            pi.par_iter(v).with_max_len(1).try_fold_with(0, lambda _, x: x),
        ):
            first = it.collect()
            assert it.collect() == first == v


def test_try_fold_repr() -> None:
    """Rayon's ``debug_adaptors`` (tests/debug.rs): every adapter describes itself."""

    def step(a: int, x: int) -> int:
        return a

    assert repr(pi.par_iter([1]).try_fold(int, step)) == "par_iter(list[1]).try_fold(int, step)"
    assert repr(pi.par_iter([1]).try_fold_with(0, step)) == (
        "par_iter(list[1]).try_fold_with(0, step)"
    )


# ---------- errors


@pytest.mark.parametrize(
    "call",
    [
        lambda it: it.try_reduce(int, lambda a, b: a + b),
        lambda it: it.try_reduce_with(lambda a, b: a + b),
        lambda it: it.try_fold(int, lambda a, x: a + x).collect(),
        lambda it: it.try_for_each(lambda x: None),
        lambda it: it.try_for_each_with(0, lambda s, x: None),
        lambda it: it.try_for_each_init(int, lambda s, x: None),
    ],
    ids=["try_reduce", "try_reduce_with", "try_fold", "try_for_each", "with", "init"],
)
def test_user_exceptions_propagate_with_their_type(pool: Any, call: Any) -> None:
    def boom(x: int) -> int:
        if x == 777:
            raise ContractBoom("boom")
        return x

    with pool, pytest.raises(ContractBoom, match="boom"):
        call(pi.into_par_iter(range(2000)).map(boom))


@pytest.mark.parametrize(
    ("call", "arg"),
    [
        (lambda it: it.try_reduce(0, max), "identity"),
        (lambda it: it.try_reduce(int, 0), "op"),
        (lambda it: it.try_reduce_with(0), "op"),
        (lambda it: it.try_fold(0, max), "identity"),
        (lambda it: it.try_fold_with(0, 0), "op"),
        (lambda it: it.try_for_each(0), "op"),
        (lambda it: it.try_for_each_with(0, 0), "op"),
        (lambda it: it.try_for_each_init(0, max), "init"),
    ],
)
def test_arguments_that_are_not_callable_are_named(call: Any, arg: str) -> None:
    with pytest.raises(TypeError, match=f"^{arg} must be callable, got int$"):
        call(pi.par_iter([1, 2]))
