"""Lexicographic order on partial orders, and size arguments that are integer-like.

``lt``/``le``/``gt``/``ge`` answer as Python compares two lists (the first unequal pair decides,
with the operator itself), which is Rayon's answer for every ``PartialOrd``; ``partial_cmp`` is
``None`` where that pair cannot be ordered (NaN, sets), and ``cmp`` (Rayon's ``Ord``) refuses
it.  Size arguments take whatever ``operator.index`` takes, as ``range()`` does.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi

from ._support import PROPERTY_SETTINGS, Counter, cmp_ref

NAN = float("nan")
OPERATORS = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge}


def partial_cmp_ref(a: list[Any], b: list[Any]) -> int | None:
    """Rust's ``Iterator::partial_cmp`` with Python's equality (``is`` or ``==``)."""
    for x, y in zip(a, b, strict=False):
        if x is y or x == y:
            continue
        if x < y:
            return -1
        if x > y:
            return 1
        return None
    return (len(a) > len(b)) - (len(a) < len(b))


def fresh(xs: list[float]) -> list[float]:
    # New float objects: hypothesis may reuse one NaN object, and Python's list comparison
    # treats an object as equal to itself, which items copied to worker processes are not.
    return [x + 0.0 for x in xs]


floats = st.lists(st.sampled_from([0.0, 1.0, 2.0, NAN]), max_size=12)
sets = st.lists(st.frozensets(st.integers(0, 2), max_size=2), max_size=8)
ints = st.lists(st.integers(-3, 3), max_size=12)


def check_against_python(pool: Any, a: list[Any], b: list[Any]) -> None:
    with pool:
        for name, op in OPERATORS.items():
            assert getattr(pi.par_iter(a).with_max_len(2), name)(b) == op(a, b), name
        order = pi.par_iter(a).with_max_len(2).partial_cmp(b)
        assert order == partial_cmp_ref(a, b)
        if order is None:
            with pytest.raises(ValueError, match=r"^cmp\(\): .* cannot be ordered"):
                pi.par_iter(a).with_max_len(2).cmp(b)
        else:
            assert pi.par_iter(a).with_max_len(2).cmp(b) == order
        assert pi.par_iter(a).eq(b) == (a == b)
        assert pi.par_iter(a).ne(b) == (a != b)


@PROPERTY_SETTINGS
@given(a=floats, b=floats)
def test_float_lists_with_nan_compare_as_python_lists(
    pool: Any, a: list[float], b: list[float]
) -> None:
    check_against_python(pool, fresh(a), fresh(b))


@PROPERTY_SETTINGS
@given(a=sets, b=sets)
def test_lists_of_sets_compare_as_python_lists(
    pool: Any, a: list[frozenset[int]], b: list[frozenset[int]]
) -> None:
    check_against_python(pool, a, b)


@PROPERTY_SETTINGS
@given(a=ints, b=ints)
def test_totally_ordered_items_have_partial_cmp_equal_to_cmp(
    pool: Any, a: list[int], b: list[int]
) -> None:
    with pool:
        assert pi.par_iter(a).partial_cmp(b) == pi.par_iter(a).cmp(b) == cmp_ref(a, b)
    check_against_python(pool, a, b)


def test_the_issue_examples(pool: Any) -> None:
    """Issue 16, "Wrong today": ``[nan] > [1.0]`` is False in Python and Rayon; ``[{1}]`` and
    ``[{2}]`` cannot be ordered."""
    with pool:
        assert pi.par_iter([NAN]).gt([1.0]) is False
        assert pi.par_iter([NAN]).ge([1.0]) is False
        assert pi.par_iter([NAN]).lt([1.0]) is False
        assert pi.par_iter([NAN]).partial_cmp([1.0]) is None
        assert pi.par_iter([{1}]).partial_cmp([{2}]) is None
        assert pi.par_iter([{1}]).le([{1, 2}]) is True  # a subset: Python's answer
        with pytest.raises(ValueError, match=r"^cmp\(\): \{1\} and \{2\} cannot be ordered"):
            pi.par_iter([{1}]).cmp([{2}])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (range(1024), range(1024), 0),  # check_partial_cmp_direct, _to_seq
        (range(1024), range(1, 1024), -1),  # check_partial_cmp_lt_direct, _lt_to_seq
        (range(1, 1024), range(1024), 1),  # check_partial_cmp_gt_direct, _gt_to_seq
        ([NAN, 0.0], [0.0, 1.0], None),  # check_partial_cmp_none_direct, _none_to_seq
        ([0.0, NAN], [1.0, 1.0], -1),  # check_partial_cmp_late_nan_direct, _late_nan_to_seq
    ],
)
def test_partial_cmp_rayon_cases(pool: Any, a: Any, b: Any, expected: int | None) -> None:
    """Rayon's ``check_partial_cmp_*`` tests (src/iter/test.rs), named per case."""
    with pool:
        assert pi.into_par_iter(a).partial_cmp(b) == expected
        assert pi.into_par_iter(a).partial_cmp(b) == partial_cmp_ref(list(a), list(b))


@pytest.mark.parametrize("late", [1, NAN], ids=["less", "nan"])
def test_partial_cmp_short_circuits(pool1: Any, late: float) -> None:
    """Rayon's ``check_partial_cmp_short_circuit`` and ``check_partial_cmp_nan_short_circuit``:
    on one thread, a difference at item 42 of 1024 is found without visiting every item."""
    a = [0.0] * 1024
    b = list(a)
    b[42] = late
    expected = -1 if late == 1 else None
    with pool1:
        assert pi.par_iter(a).partial_cmp(b) == expected
        for max_len in range(1, 10):
            seen = Counter()
            assert pi.par_iter(a).with_max_len(max_len).inspect(seen).partial_cmp(b) == expected
            assert seen.value < len(a)


# ---------- size arguments


class Index:
    """An integer-like object that is not an ``int`` (``operator.index`` takes it)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __index__(self) -> int:
        return self.n


XS = list(range(23))
SIZED: dict[str, Callable[[Any], Any]] = {
    "take": lambda n: pi.par_iter(XS).take(n).collect(),
    "skip": lambda n: pi.par_iter(XS).skip(n).collect(),
    "step_by": lambda n: pi.par_iter(XS).step_by(n).collect(),
    "chunks": lambda n: pi.par_iter(XS).chunks(n).collect(),
    "fold_chunks": lambda n: pi.par_iter(XS).fold_chunks(n, int, operator.add).collect(),
    "fold_chunks_with": lambda n: pi.par_iter(XS).fold_chunks_with(n, 0, operator.add).collect(),
    "with_min_len": lambda n: pi.par_iter(XS).with_min_len(n).collect(),
    "with_max_len": lambda n: pi.par_iter(XS).with_max_len(n).collect(),
    "by_uniform_blocks": lambda n: pi.par_iter(XS).by_uniform_blocks(n).collect(),
    "take_any": lambda n: len(pi.par_iter(XS).take_any(n).collect()),
    "skip_any": lambda n: len(pi.par_iter(XS).skip_any(n).collect()),
    "repeat_n": lambda n: pi.repeat_n("x", n).collect(),
    "repeat_take": lambda n: pi.repeat("x").take(n).collect(),
    "par_chunks": lambda n: pi.par_chunks(XS, n).collect(),
    "par_chunks_exact": lambda n: pi.par_chunks_exact(XS, n).collect(),
    "par_rchunks": lambda n: pi.par_rchunks(XS, n).collect(),
    "par_windows": lambda n: pi.par_windows(XS, n).collect(),
    "par_chunks_mut": lambda n: [list(c) for c in pi.par_chunks_mut(list(XS), n).collect()],
}
INTEGER_LIKE = [np.int64(3), np.int32(3), np.uint8(3), Index(3)]


@pytest.mark.parametrize("size", INTEGER_LIKE, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("name", sorted(SIZED))
def test_integer_like_sizes_work_as_ints(pool: Any, name: str, size: Any) -> None:
    """Issue 16: ``take(np.int64(3))`` raised "n must be an int, got int64"."""
    with pool:
        assert SIZED[name](size) == SIZED[name](3)


@pytest.mark.parametrize(
    "bad", [2.0, np.float64(2.0), True, np.True_, "3"], ids=lambda v: type(v).__name__
)
@pytest.mark.parametrize("name", sorted(SIZED))
def test_floats_and_bools_are_still_refused(name: str, bad: Any) -> None:
    with pytest.raises(TypeError, match=r"must be an int, got "):
        SIZED[name](bad)


def test_the_converted_size_is_a_plain_int() -> None:
    assert type(pi.par_iter(XS).take(np.int64(3)).len()) is int
    assert type(pi.repeat_n(0, np.int64(2)).len()) is int


def test_num_threads_accepts_integer_likes() -> None:
    pool = pi.ThreadPoolBuilder().num_threads(np.int64(2)).build()
    try:
        assert pool.current_num_threads() == 2
    finally:
        pool.shutdown()
