"""``collect((A, B))``: Rayon's ``(FromA, FromB)`` collection of an iterator of pairs."""

from __future__ import annotations

import collections
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import pariter as pi
from tests.iterators.contract._support import PROPERTY_SETTINGS

PAIRS = st.lists(st.tuples(st.integers(-9, 9), st.text(max_size=2)), max_size=80)
TARGETS = [(list, set), (tuple, list), (collections.Counter, str), (sorted, frozenset)]


@PROPERTY_SETTINGS
@given(pairs=PAIRS, targets=st.sampled_from(TARGETS), unindexed=st.booleans())
def test_collect_into_a_pair_is_unzip_then_each_target(
    pool: Any, pairs: list[tuple[int, str]], targets: Any, unindexed: bool
) -> None:
    make_left, make_right = targets
    it = pi.par_iter(pairs).map(lambda p: (p[0] * 2, p[1]))
    if unindexed:
        it = it.filter(lambda p: p[0] != 0)
    expected = [(a * 2, b) for a, b in pairs if not unindexed or a != 0]
    with pool:
        got = it.collect((make_left, make_right))
    assert got == (
        made(make_left, [a for a, _ in expected]),
        made(make_right, [b for _, b in expected]),
    )


def made(target: Any, items: list[Any]) -> Any:
    """What ``collect(target)`` gives: ``str`` joins, as everywhere in ``collect``."""
    return "".join(items) if target is str else target(items)
