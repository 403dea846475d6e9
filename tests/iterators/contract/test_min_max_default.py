"""``min``/``max`` take ``key=`` and ``default=`` as the builtins do."""

from __future__ import annotations

from typing import Any

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
