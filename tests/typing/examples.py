"""What type checkers infer for everyday chains: checked with ``mypy --strict`` (and pyright) by
``scripts/lint.sh``, and run by ``test_examples.py`` so that every example is also valid code.

``typing.assert_type`` fails the type check when the inferred type differs; a
``# type: ignore[...]`` marks code that must *not* type-check (``--strict`` reports an unused
ignore, so the check fails if such code starts to pass).
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import assert_type

import pariter as pi
from pariter import IndexedParallelIterator, ParallelIterator


def sources() -> None:
    """Every collection gives an indexed iterator of what iterating it gives."""
    xs: list[int] = [1, 2, 3]
    assert_type(pi.par_iter(xs), IndexedParallelIterator[int])
    assert_type(pi.into_par_iter(xs), IndexedParallelIterator[int])
    assert_type(pi.par_iter((1.0, 2.0)), IndexedParallelIterator[float])
    assert_type(pi.into_par_iter(range(10)), IndexedParallelIterator[int])
    assert_type(pi.par_iter("abc"), IndexedParallelIterator[str])
    assert_type(pi.par_iter(b"abc"), IndexedParallelIterator[int])
    assert_type(pi.par_iter(bytearray(b"abc")), IndexedParallelIterator[int])
    assert_type(pi.par_iter({1, 2}), IndexedParallelIterator[int])
    assert_type(pi.par_iter(frozenset({"a"})), IndexedParallelIterator[str])
    assert_type(pi.par_iter(collections.deque([1])), IndexedParallelIterator[int])
    d: dict[str, int] = {"a": 1}
    assert_type(pi.par_iter(d), IndexedParallelIterator[tuple[str, int]])
    assert_type(
        pi.into_par_iter(collections.Counter("ab")), IndexedParallelIterator[tuple[str, int]]
    )
    assert_type(pi.par_iter(d.keys()), IndexedParallelIterator[str])
    assert_type(pi.par_iter(d.values()), IndexedParallelIterator[int])
    assert_type(pi.par_iter(d.items()), IndexedParallelIterator[tuple[str, int]])
    assert_type(pi.par_iter(x * 2 for x in xs), ParallelIterator[int])  # ordered, lazy
    assert_type(pi.par_bridge(x * 2 for x in xs), ParallelIterator[int])
    assert_type(pi.repeat_n("x", 3), IndexedParallelIterator[str])
    assert_type(pi.once(1.5), IndexedParallelIterator[float])
    assert_type(pi.par_chars("abc"), IndexedParallelIterator[str])
    assert_type(pi.par_bytes("abc"), IndexedParallelIterator[int])
    it = pi.par_iter(xs)
    assert_type(pi.par_iter(it), IndexedParallelIterator[int])  # already parallel: itself
    assert_type(pi.par_iter(it.filter(bool)), ParallelIterator[int])


def adapters() -> None:
    """Item types flow through the chain; indexed stays indexed where Rayon's does."""
    xs: list[int] = [1, 2, 3]
    assert_type(pi.par_iter(xs).map(str), IndexedParallelIterator[str])
    assert_type(pi.par_iter(xs).map(str).collect(), list[str])
    assert_type(pi.par_iter(xs).filter(lambda x: x > 1), ParallelIterator[int])
    assert_type(pi.par_iter(xs).filter(lambda x: x > 1).map(float), ParallelIterator[float])
    assert_type(pi.par_iter(xs).filter_map(lambda x: str(x) if x else None), ParallelIterator[str])
    assert_type(pi.par_iter(xs).flat_map_iter(range), ParallelIterator[int])
    assert_type(pi.par_iter(xs).map_with(10, lambda s, x: s + x), IndexedParallelIterator[int])
    assert_type(
        pi.par_iter(xs).map_init(lambda: 10, lambda s, x: s + x), IndexedParallelIterator[int]
    )
    assert_type(pi.par_iter(xs).enumerate(), IndexedParallelIterator[tuple[int, int]])
    assert_type(pi.par_iter(xs).zip("abc"), IndexedParallelIterator[tuple[int, str]])
    assert_type(pi.par_iter(xs).zip([1.0]), IndexedParallelIterator[tuple[int, float]])
    d: dict[str, bytes] = {}
    assert_type(pi.par_iter(xs).zip(d), IndexedParallelIterator[tuple[int, tuple[str, bytes]]])
    assert_type(
        pi.par_iter(xs).zip_eq(pi.par_iter("abc")), IndexedParallelIterator[tuple[int, str]]
    )
    assert_type(pi.par_iter(xs).rev().skip(1).take(1).step_by(2), IndexedParallelIterator[int])
    assert_type(pi.par_iter(xs).chunks(2), IndexedParallelIterator[list[int]])
    assert_type(pi.par_iter(xs).chain(pi.par_iter([4])), IndexedParallelIterator[int])
    assert_type(pi.par_iter(xs).chain([4]), ParallelIterator[int])
    assert_type(pi.par_iter(xs).fold(lambda: 0, lambda acc, x: acc + x), ParallelIterator[int])
    assert_type(pi.par_iter(xs).fold_with(0, lambda acc, x: acc + x), ParallelIterator[int])
    assert_type(pi.par_iter(xs).with_min_len(2).with_max_len(4), IndexedParallelIterator[int])
    assert_type(pi.par_iter(xs).intersperse(0), IndexedParallelIterator[int])
    assert_type(pi.par_iter(xs).progress(), IndexedParallelIterator[int])
    assert_type(pi.par_iter(xs).progress("ints", total=3), IndexedParallelIterator[int])
    assert_type(pi.par_iter(xs).filter(bool).progress(), ParallelIterator[int])
    assert_type(pi.par_iter(xs).positions(bool), ParallelIterator[int])
    assert_type(pi.par_iter(xs).take_any(2), ParallelIterator[int])


def terminals() -> None:
    """Terminal operations return the item type (``None`` where Rust has ``Option``)."""
    xs: list[int] = [3, 1, 2]
    assert_type(pi.par_iter(xs).sum(), int)
    assert_type(pi.par_iter(xs).count(), int)
    assert_type(pi.par_iter(xs).min(), int | None)
    assert_type(pi.par_iter(xs).min(default=0), int)
    assert_type(pi.par_iter(xs).max(key=abs, default="none"), int | str)
    assert_type(pi.par_iter(xs).max_by_key(abs), int | None)
    assert_type(pi.par_iter(xs).find_first(lambda x: x > 1), int | None)
    assert_type(pi.par_iter(xs).find_map_any(lambda x: str(x) if x else None), str | None)
    assert_type(pi.par_iter(xs).reduce(lambda: 0, lambda a, b: a + b), int)
    assert_type(pi.par_iter(xs).reduce_with(max), int | None)
    assert_type(pi.par_iter(xs).any(lambda x: x > 2), bool)
    assert_type(pi.par_iter(xs).map(str).collect(set), set[str])
    assert_type(pi.par_iter(xs).partition(lambda x: x > 1), tuple[list[int], list[int]])
    assert_type(pi.par_iter(xs).position_first(lambda x: x > 1), int | None)
    assert_type(pi.par_iter(xs).len(), int)
    assert_type(pi.par_iter(xs).filter(bool).opt_len(), int | None)
    assert_type(pi.par_iter([1.5]).sum(), float)
    assert_type(pi.par_iter([True, False]).sum(), int)
    assert_type(pi.par_iter(xs).product(), int)
    assert_type(pi.par_iter([2j]).product(), complex)
    # The seed's dot product: the pair's items keep their types, so the sum is an int.
    a, b = [1, 2, 3], [4, 5, 6]
    assert_type(pi.par_iter(a).zip(b).map(lambda p: p[0] * p[1]).sum(), int)
    for s in pi.par_iter(xs).map(str):
        assert_type(s, str)


def indexed_only() -> None:
    """Indexed-only methods do not exist on unindexed iterators (a type error, and at run time
    a ``TypeError`` that says why)."""
    it = pi.par_iter([1, 2, 3]).filter(bool)
    calls: list[Callable[[], object]] = [
        lambda: it.zip([1]),  # type: ignore[attr-defined]
        lambda: it.enumerate(),  # type: ignore[attr-defined]
        lambda: it.rev(),  # type: ignore[attr-defined]
        lambda: it.len(),  # type: ignore[attr-defined]
        lambda: it.take(1),  # type: ignore[attr-defined]
        lambda: it.position_first(bool),  # type: ignore[attr-defined]
    ]
    for call in calls:
        try:
            call()
        except TypeError as exc:
            assert "is not indexed" in str(exc)
        else:
            raise AssertionError("an indexed-only method ran on an unindexed iterator")


def sums_of_numbers_only() -> None:
    """As with the builtin ``sum``, strings and lists do not type-check: they cannot be added to
    the 0 a sum starts from (at run time, the same ``TypeError`` as the builtin's)."""
    calls: list[Callable[[], object]] = [
        lambda: pi.par_iter([1, 2]).map(str).sum(),  # type: ignore[arg-type]
        lambda: pi.par_iter([[1]]).sum(),  # type: ignore[arg-type]
    ]
    for call in calls:
        try:
            call()
        except TypeError as exc:
            assert "unsupported operand" in str(exc)
        else:
            raise AssertionError("a sum of non-numbers ran")


EXAMPLES = (sources, adapters, terminals, indexed_only, sums_of_numbers_only)
