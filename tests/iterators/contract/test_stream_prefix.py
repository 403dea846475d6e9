"""A ``for`` loop over a chain keeps the sequential loop's meaning (DESIGN.md, "Python additions").

Every item before the first failing one is yielded, in order, then that exception is raised;
the reference is the same chain run lazily, item by item, as Python (and Rust) iterators run it:
user functions are called when an item is pulled; ``take``, ``rev`` and ``enumerate`` pick
positions without calling anything on the items they drop; ``skip`` runs the items it skips
first, for their side effects (Rust's ``nth``, Rayon's ``skip``); ``step_by`` runs the items it
steps over too, so the chains put it before any ``map`` (where items have no effects).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import pariter as pi

from ._support import PROPERTY_SETTINGS, ContractBoom


def failing_at(target: int) -> Callable[[Any], int]:
    def g(x: Any) -> int:
        v = x
        while isinstance(v, tuple):  # (index, item) after enumerate
            v = v[-1]
        if v == target:
            raise ContractBoom(f"boom at {v}")
        return v * 3 + 1

    return g


def keep(x: Any) -> bool:
    return hash(x) % 3 != 0


def twice(x: Any) -> list[Any]:
    return [x, x]


def pair_up(x: Any) -> Any:
    return pi.par_iter([x, -1])  # a nested parallel iterator (flat_map, not flat_map_iter)


# (name, indexed steps only?, pariter step, reference step on a list of thunks or an iterator)
INDEXED_STEPS = ("rev", "skip", "take", "step_by", "enumerate", "map")
UNINDEXED_STEPS = ("filter", "flat_map_iter", "flat_map", "map")


def run_loop(iterator: Iterator[Any]) -> tuple[list[Any], BaseException | None]:
    out: list[Any] = []
    try:
        for item in iterator:
            out.append(item)
    except ContractBoom as exc:
        return out, exc
    return out, None


def reference(
    xs: list[int], steps: list[tuple[str, int]], g: Callable[[Any], int]
) -> Iterator[Any]:
    """The chain's sequential meaning: thunks while indexed, a lazy iterator afterwards."""
    thunks: list[Callable[[], Any]] = [lambda x=x: x for x in xs]
    skipped: list[Callable[[], Any]] = []  # run before the first item, as skip's nth does
    items: Iterator[Any] | None = None
    for name, arg in steps:
        if items is None and name in ("filter", "flat_map_iter", "flat_map"):
            items = (t() for t in thunks)
        if items is None:
            if name == "rev":
                thunks = thunks[::-1]
            elif name == "skip":
                skipped += thunks[:arg]
                thunks = thunks[arg:]
            elif name == "take":
                thunks = thunks[:arg]
            elif name == "step_by":
                thunks = thunks[:: arg + 1]
            elif name == "enumerate":
                thunks = [lambda i=i, t=t: (i, t()) for i, t in enumerate(thunks)]
            elif name == "map":
                thunks = [lambda t=t: g(t()) for t in thunks]
        elif name == "filter":
            items = filter(keep, items)
        elif name in ("flat_map_iter", "flat_map"):
            items = itertools.chain.from_iterable(
                map(twice if name == "flat_map_iter" else (lambda x: [x, -1]), items)
            )
        elif name == "map":
            items = map(g, items)
    if items is None:
        items = (t() for t in thunks)
    return _after(skipped, items)


def _after(skipped: list[Callable[[], Any]], items: Iterator[Any]) -> Iterator[Any]:
    for t in skipped:
        t()
    yield from items


def build(xs: list[int], steps: list[tuple[str, int]], g: Callable[[Any], int]) -> Any:
    it: Any = pi.par_iter(xs)
    for name, arg in steps:
        if name in ("skip", "take"):
            it = getattr(it, name)(arg)
        elif name == "step_by":
            it = it.step_by(arg + 1)
        elif name in ("rev", "enumerate"):
            it = getattr(it, name)()
        elif name == "map":
            it = it.map(g)
        elif name == "filter":
            it = it.filter(keep)
        elif name == "flat_map_iter":
            it = it.flat_map_iter(twice)
        elif name == "flat_map":
            it = it.flat_map(pair_up)
    return it


@st.composite
def chains(draw: st.DrawFn) -> tuple[list[int], list[tuple[str, int]], int]:
    xs = draw(st.lists(st.integers(-50, 50), max_size=400))
    steps: list[tuple[str, int]] = []
    indexed = True
    mapped = False
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(INDEXED_STEPS if indexed else UNINDEXED_STEPS))
        if indexed and draw(st.booleans()):
            name = draw(st.sampled_from(UNINDEXED_STEPS))
        if name == "step_by" and mapped:
            name = "take"
        mapped = mapped or name == "map"
        if name in ("filter", "flat_map_iter", "flat_map"):
            indexed = False
        steps.append((name, draw(st.integers(0, 30))))
    if not any(name == "map" for name, _ in steps):
        after = max((i + 1 for i, (name, _) in enumerate(steps) if name == "step_by"), default=0)
        steps.insert(draw(st.integers(after, len(steps))), ("map", 0))
    target = draw(st.one_of(st.sampled_from(xs or [0]), st.integers(-50, 50)))
    return xs, steps, target


@PROPERTY_SETTINGS
@given(case=chains())
def test_a_for_loop_yields_the_sequential_prefix_then_raises(pool: Any, case: Any) -> None:
    xs, steps, target = case
    g = failing_at(target)
    expected, expected_exc = run_loop(reference(xs, steps, g))
    with pool:
        got, exc = run_loop(iter(build(xs, steps, g)))
    assert got == expected, f"steps {steps}"
    assert (type(exc), str(exc)) == (type(expected_exc), str(expected_exc))


def test_the_prefix_of_a_long_chain_and_its_traceback(pool: Any) -> None:
    with pool:
        got, exc = run_loop(iter(pi.into_par_iter(range(10**5)).map(failing_at(70_001))))
    assert got == [x * 3 + 1 for x in range(70_001)]
    assert isinstance(exc, ContractBoom) and "70001" in str(exc)
    frames = [f.name for f in __import__("traceback").extract_tb(exc.__traceback__)]
    assert "g" in frames or exc.__cause__ is not None  # processes: the worker's traceback


def test_a_generator_source_streams_its_prefix(pool: Any) -> None:
    with pool:
        got, exc = run_loop(iter(pi.par_iter(x for x in range(5000)).map(failing_at(4321))))
    assert got == [x * 3 + 1 for x in range(4321)]
    assert isinstance(exc, ContractBoom)
