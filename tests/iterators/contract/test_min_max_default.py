"""``min``/``max`` take ``key=`` and ``default=`` as the builtins do."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi
from tests.iterators.contract._support import PROPERTY_SETTINGS

SENTINEL = object()


@PROPERTY_SETTINGS
@given(xs=st.lists(st.integers(-5, 5), max_size=40))
def test_min_max_with_a_default_are_the_builtins(pool: Any, xs: list[int]) -> None:
    with pool:
        assert pi.par_iter(xs).min(default=SENTINEL) is min(xs, default=SENTINEL) or xs
        assert pi.par_iter(xs).min(default=-99) == min(xs, default=-99)
        assert pi.par_iter(xs).max(key=abs, default=None) == max(xs, key=abs, default=None)
        assert pi.par_iter(xs).min(key=lambda x: -x, default="empty") == min(
            xs, key=lambda x: -x, default="empty"
        )


def test_without_a_default_an_empty_input_gives_none(pool: Any) -> None:
    with pool:
        assert pi.par_iter([]).min() is None and pi.par_iter([]).max(key=abs) is None
        assert pi.par_iter([None]).max(default=7) is None  # an item None is not "empty"


NAN = float("nan")
#: Sets ordered by inclusion, and floats with NaNs: orders where the builtins' left fold, not
#: any combination of pieces' bests, decides which item is the answer.
PARTIAL = st.one_of(
    st.lists(st.frozensets(st.integers(0, 3), max_size=3), max_size=60),
    st.lists(st.sampled_from([NAN, 0.5, 1.0, 2.0, 3.0]), max_size=60),
)


def same(got: Any, expected: Any) -> bool:
    """The same item: NaN is not equal to itself, and processes send back copies."""
    return got is expected or got == expected or (got != got and expected != expected)


@PROPERTY_SETTINGS
@given(xs=PARTIAL)
def test_min_max_over_a_partial_order_are_the_builtins(pool: Any, xs: list[Any]) -> None:
    with pool:
        for ours, builtin in ((pi.par_iter(xs).min, min), (pi.par_iter(xs).max, max)):
            expected = builtin(xs, default=SENTINEL)
            got = ours(default=SENTINEL)
            assert same(got, expected), (got, expected)
            assert same(ours(key=lambda x: x, default=SENTINEL), expected)


def test_min_of_nan_and_floats_is_the_builtins(pool: Any) -> None:
    """The issue's example; on many pieces the NaN leads one of them."""
    with pool:
        assert pi.par_iter([1.0, NAN, 0.5]).min() == 0.5
        xs = [1.0, NAN, 0.5] * 500 + [0.25]
        assert pi.par_iter(xs).min() == 0.25 and pi.par_iter(xs).max() == 1.0
        assert pi.par_iter([NAN, 1.0]).min() is not None  # NaN first: the fold never leaves it
        assert repr(pi.par_iter([NAN, 1.0, 0.5]).min()) == "nan"


def test_a_partial_order_over_a_one_shot_source_is_refused_with_a_clear_error() -> None:
    with pi.ThreadPool(2), pytest.raises(ValueError, match=r"min: .*one-shot"):
        pi.par_iter(x for x in [1.0, NAN, 0.5] * 2000).min()
    assert pi.par_iter(x for x in [1.0, 2.0, 0.5] * 2000).min() == 0.5  # ordered: no rerun
