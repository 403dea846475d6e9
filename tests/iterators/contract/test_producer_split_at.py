"""Port of Rayon's tests/producer_split_at.rs, black-box.

Rayon splits each indexed producer at every (i <= j <= k) and iterates the pieces forwards
and backwards. From the outside, `skip(i).take(j - i)` cuts a window at any two positions,
`rev()` walks it backwards and `with_max_len(1)` forces a split between every item, so every
indexed adapter is checked on every window of a small input.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest

import pariter as pi

from ._support import chunks_ref, interleave_ref, interleave_shortest_ref, intersperse_ref

N = 10
XS = list(range(100, 100 + N))
OTHER_SHORT = list(range(-1, -7, -1))
OTHER_LONG = list(range(-1, -15, -1))

# name -> (indexed parallel iterator factory, its sequential list)
INDEXED: dict[str, tuple[Callable[[], Any], list[Any]]] = {
    "list": (lambda: pi.par_iter(XS), XS),
    "range_step": (lambda: pi.into_par_iter(range(3, 60, 6)), list(range(3, 60, 6))),
    "range_neg_step": (lambda: pi.into_par_iter(range(20, -9, -3)), list(range(20, -9, -3))),
    "repeat_n": (lambda: pi.repeat_n("r", 7), ["r"] * 7),
    "once": (lambda: pi.once(1), [1]),
    "empty": (lambda: pi.empty(), []),
    "repeat_take": (lambda: pi.repeat(5).take(6), [5] * 6),
    "map": (lambda: pi.par_iter(XS).map(lambda x: x * 2), [x * 2 for x in XS]),
    "map_with": (lambda: pi.par_iter(XS).map_with(1, lambda s, x: x + s), [x + 1 for x in XS]),
    "map_init": (
        lambda: pi.par_iter(XS).map_init(lambda: 2, lambda s, x: x * s),
        [x * 2 for x in XS],
    ),
    "inspect": (lambda: pi.par_iter(XS).inspect(lambda x: None), XS),
    "update": (
        lambda: pi.par_iter([[x] for x in XS]).update(lambda v: v.append(0)),
        [[x, 0] for x in XS],
    ),
    "copied": (lambda: pi.par_iter(XS).copied(), XS),
    "cloned": (lambda: pi.par_iter(XS).cloned(), XS),
    "panic_fuse": (lambda: pi.par_iter(XS).panic_fuse(), XS),
    "enumerate": (lambda: pi.par_iter(XS).enumerate(), list(enumerate(XS))),
    "zip_short": (
        lambda: pi.par_iter(XS).zip(OTHER_SHORT),
        list(zip(XS, OTHER_SHORT, strict=False)),
    ),
    "zip_long": (lambda: pi.par_iter(XS).zip(OTHER_LONG), list(zip(XS, OTHER_LONG, strict=False))),
    "zip_short_rev": (
        lambda: pi.par_iter(XS).zip(OTHER_SHORT).rev(),
        list(zip(XS, OTHER_SHORT, strict=False))[::-1],
    ),
    "zip_eq": (
        lambda: pi.par_iter(XS).zip_eq(pi.par_iter(XS).rev()),
        list(zip(XS, XS[::-1], strict=False)),
    ),
    "rev": (lambda: pi.par_iter(XS).rev(), XS[::-1]),
    "skip": (lambda: pi.par_iter(XS).skip(3), XS[3:]),
    "take": (lambda: pi.par_iter(XS).take(7), XS[:7]),
    "step_by_2": (lambda: pi.par_iter(XS).step_by(2), XS[::2]),
    "step_by_3": (lambda: pi.par_iter(XS).step_by(3), XS[::3]),
    "step_by_3_rev": (lambda: pi.par_iter(XS).step_by(3).rev(), XS[::3][::-1]),
    "rev_step_by_4": (lambda: pi.par_iter(XS).rev().step_by(4), XS[::-1][::4]),
    "chunks_3": (lambda: pi.par_iter(XS).chunks(3), chunks_ref(XS, 3)),
    "fold_chunks_4": (
        lambda: pi.par_iter(XS).fold_chunks(4, list, lambda a, x: [*a, x]),
        chunks_ref(XS, 4),
    ),
    "chain": (lambda: pi.par_iter(XS).chain(OTHER_SHORT), XS + OTHER_SHORT),
    "chain_empty_left": (lambda: pi.par_iter([]).chain(XS), XS),
    "interleave": (
        lambda: pi.par_iter(XS).interleave(OTHER_SHORT),
        interleave_ref(XS, OTHER_SHORT),
    ),
    "interleave_long": (
        lambda: pi.par_iter(OTHER_SHORT).interleave(XS),
        interleave_ref(OTHER_SHORT, XS),
    ),
    "interleave_shortest": (
        lambda: pi.par_iter(XS).interleave_shortest(OTHER_SHORT),
        interleave_shortest_ref(XS, OTHER_SHORT),
    ),
    "interleave_shortest_other": (
        lambda: pi.par_iter(OTHER_SHORT).interleave_shortest(XS),
        interleave_shortest_ref(OTHER_SHORT, XS),
    ),
    "intersperse": (lambda: pi.par_iter(XS).intersperse(0), intersperse_ref(XS, 0)),
    "with_min_len": (lambda: pi.par_iter(XS).with_min_len(3), XS),
    "with_max_len": (lambda: pi.par_iter(XS).with_max_len(2), XS),
    "nested": (
        lambda: pi.par_iter(XS).enumerate().skip(1).rev().step_by(2).zip(range(100)).take(4),
        list(zip(list(enumerate(XS))[1:][::-1][::2], range(100), strict=False))[:4],
    ),
}


def _norm(v: Any) -> Any:
    # Chunks may be lists (the contract) - compare them as lists either way.
    return [list(c) if isinstance(c, (list, tuple)) and not isinstance(c, str) else c for c in v]


@pytest.mark.parametrize("name", sorted(INDEXED))
def test_every_window_forward_and_reversed(pool: Any, name: str) -> None:
    make, seq = INDEXED[name]
    n = len(seq)
    with pool:
        assert make().len() == n, f"{name}: len()"
        assert _norm(make().collect()) == _norm(seq)
        assert _norm(make().rev().collect()) == _norm(seq[::-1])
        for i in range(n + 1):
            for j in range(i, n + 1):
                want = _norm(seq[i:j])
                window = functools.partial(lambda i, j: make().skip(i).take(j - i), i, j)
                got = _norm(window().collect())
                assert got == want, f"{name}[{i}:{j}]: {got!r} != {want!r}"
                assert window().len() == j - i
                got_rev = _norm(window().rev().collect())
                assert got_rev == want[::-1], f"{name}[{i}:{j}] reversed: {got_rev!r}"
                got_split = _norm(window().with_max_len(1).collect())
                assert got_split == want, f"{name}[{i}:{j}] max_len 1: {got_split!r}"
                got_list = _norm(list(window().with_max_len(1).rev()))
                assert got_list == want[::-1], f"{name}[{i}:{j}] iterated reversed: {got_list!r}"
