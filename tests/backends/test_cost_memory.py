"""What a pool remembers of a chain's cost between calls (backends/cost_memory.py): the key must
tell chains apart by their classes and functions' code, never by their data, and stay cheap."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Hashable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi
from pariter.backends.chunked import ChunkedPool
from pariter.backends.cost_memory import KEY_OBJECTS, CostMemory, chain_key


class _Captured(Exception):
    pass


class KeyOf(ChunkedPool):
    """A pool that only takes the key of the first call its chain makes, then stops it."""

    def __init__(self) -> None:
        super().__init__()
        self.key: tuple[Hashable, ...] | None = None

    def current_num_threads(self) -> int:
        return 2

    def shutdown(self, wait: bool = True, timeout: float | None = None) -> None:
        pass

    def run_pieces(self, producer: Any, consumer: Any) -> Any:
        self.key = chain_key(producer, consumer)
        raise _Captured


def key_of(chain: Callable[[], Any]) -> tuple[Hashable, ...]:
    pool = KeyOf()
    with pytest.raises(_Captured):
        pool.install(chain)
    assert pool.key is not None
    return pool.key


def scaled(k: int) -> Callable[[int], int]:
    return lambda x: x * k  # a new closure per call, the same code


def square(x: int) -> int:
    return x * x


def cube(x: int) -> int:
    return x * x * x


class Costly:
    def __call__(self, x: int) -> int:
        return x

    def method(self, x: int) -> int:
        return x


# -- the key -----------------------------------------------------------------------------------


@given(st.lists(st.integers()), st.lists(st.integers()), st.integers(), st.integers())
def test_the_same_chain_over_other_data_has_the_same_key(
    a: list[int], b: list[int], k: int, j: int
) -> None:
    def chain(data: list[int], m: int) -> Callable[[], Any]:
        return lambda: pi.par_iter(data).map(scaled(m)).filter(bool).sum()

    assert key_of(chain(a, k)) == key_of(chain(b, j))


@pytest.mark.parametrize(
    "other",
    [
        lambda: pi.into_par_iter(range(9)).map(cube).sum(),  # another function
        lambda: pi.par_iter(list(range(9))).map(square).sum(),  # another source
        lambda: pi.into_par_iter(range(9)).map(square).collect(),  # another consumer
        lambda: pi.into_par_iter(range(9)).map(square).map(square).sum(),  # another shape
        lambda: pi.into_par_iter(range(9)).map(abs).sum(),  # a builtin
        lambda: pi.into_par_iter(range(9)).map(Costly()).sum(),  # a callable object
        lambda: pi.into_par_iter(range(9)).map(Costly().method).sum(),  # a bound method
        lambda: pi.into_par_iter(range(9)).map(functools.partial(pow, 2)).sum(),
    ],
)
def test_other_chains_have_other_keys(other: Callable[[], Any]) -> None:
    assert key_of(other) != key_of(lambda: pi.into_par_iter(range(9)).map(square).sum())


def test_builtins_partials_and_methods_are_named_in_the_key() -> None:
    assert key_of(lambda: pi.into_par_iter(range(9)).map(abs).sum()) != key_of(
        lambda: pi.into_par_iter(range(9)).map(operator.neg).sum()
    )
    assert key_of(lambda: pi.into_par_iter(range(9)).map(functools.partial(pow, 2)).sum()) != (
        key_of(lambda: pi.into_par_iter(range(9)).map(functools.partial(max, 2)).sum())
    )
    assert key_of(lambda: pi.into_par_iter(range(9)).map(Costly().method).sum()) == key_of(
        lambda: pi.into_par_iter(range(9)).map(Costly().method).sum()
    )


def test_the_key_never_reads_the_data() -> None:
    # Items that are functions would enter the key if the walk looked into the source.
    squares, cubes = (square,) * 100, (cube,) * 100
    assert key_of(lambda: pi.par_iter(squares).map(repr).sum()) == key_of(
        lambda: pi.par_iter(cubes).map(repr).sum()
    )
    assert key_of(lambda: pi.par_iter([square]).map(repr).sum()) == key_of(
        lambda: pi.par_iter([cube]).map(repr).sum()
    )


def test_a_cycle_ends_the_walk() -> None:
    class Loop:
        pass

    Loop.__module__ = "pariter.fake"
    node = Loop()
    node.__dict__["me"] = node
    assert len(chain_key(node)) == KEY_OBJECTS


# -- the memory --------------------------------------------------------------------------------


def test_memory_recalls_the_last_cost_per_item() -> None:
    memory = CostMemory()
    assert memory.recall("a") is None
    memory.learn("a", 100, 1.0)
    memory.learn("a", 100, 2.0)
    assert memory.recall("a") == pytest.approx(0.02)
    memory.learn("b", 0, 1.0)  # nothing timed (an unindexed call): nothing learnt
    memory.learn("c", 5, 0.0)
    assert memory.recall("b") is None and memory.recall("c") is None


def test_memory_forgets_the_least_recently_used() -> None:
    memory = CostMemory(size=2)
    memory.learn("a", 1, 1.0)
    memory.learn("b", 1, 1.0)
    memory.recall("a")  # used: "b" is now the oldest
    memory.learn("c", 1, 1.0)
    assert memory.recall("b") is None
    assert memory.recall("a") == memory.recall("c") == 1.0


class Touchy:
    """A callable that raises on every attribute lookup it does not define."""

    def __call__(self, x: int) -> int:
        return x

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"no attribute {name} here")


def test_a_callable_that_raises_on_attribute_lookups_still_has_a_key() -> None:
    chain = lambda: pi.into_par_iter(range(9)).map(Touchy()).sum()
    assert key_of(chain) == key_of(chain)
    assert key_of(chain) != key_of(lambda: pi.into_par_iter(range(9)).map(Costly()).sum())
