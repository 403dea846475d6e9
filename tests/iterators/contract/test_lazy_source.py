"""A one-shot iterator given to ``par_iter`` is an ordered lazy source (DESIGN.md).

It is never copied whole: it is pulled in growing blocks, in sequence, so ``collect``,
``find_first``, ``reduce`` and ``for`` keep the source's order, memory stays bounded, and an
endless iterator works with short-circuits. Checked against the sequential meaning on every pool.
"""

from __future__ import annotations

import functools
import itertools
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi

from ._support import PROPERTY_SETTINGS, ContractBoom, raise_at

SRC = str(Path(__file__).resolve().parents[3] / "src")


def gen(xs: list[Any]) -> Any:
    return (x for x in xs)


@PROPERTY_SETTINGS
@given(xs=st.lists(st.integers(-1000, 1000), max_size=3000))
def test_order_is_kept_as_in_the_sequential_loop(pool: Any, xs: list[int]) -> None:
    with pool:
        assert pi.par_iter(gen(xs)).map(lambda x: x * 2).collect() == [x * 2 for x in xs]
        assert pi.par_iter(gen(xs)).filter(lambda x: x % 3).collect() == [x for x in xs if x % 3]
        words = [str(x) for x in xs]
        assert pi.par_iter(gen(words)).reduce(lambda: "", str.__add__) == "".join(words)
        assert pi.par_iter(gen(xs)).find_first(lambda x: x > 500) == next(
            (x for x in xs if x > 500), None
        )
        assert pi.par_iter(gen(xs)).find_last(lambda x: x < 0) == next(
            (x for x in reversed(xs) if x < 0), None
        )
        assert list(pi.par_iter(gen(xs)).map(str)) == words
        assert pi.par_iter(gen(xs)).count() == len(xs)
        assert pi.par_iter(gen(xs)).sum() == sum(xs)
        assert pi.par_iter(gen(xs)).min() == min(xs, default=None)
        folded = pi.par_iter(iter(xs)).fold(list, lambda acc, x: [*acc, x])
        assert folded.flatten_iter().collect() == xs


def test_an_endless_iterator_works_with_short_circuits(pool: Any) -> None:
    with pool:
        assert pi.par_iter(itertools.count()).find_first(lambda x: x * x > 10**6) == 1001
        assert pi.par_iter(itertools.count()).map(lambda x: x % 1000).any(lambda x: x == 999)
        found = pi.par_iter(itertools.count()).find_any(lambda x: x > 10**5)
        assert found is not None and found > 10**5
        assert len(pi.par_iter(itertools.count()).take_any(7).collect()) == 7
        assert next(iter(pi.par_iter(itertools.count()).map(lambda x: -x))) == 0


def test_pulls_are_bounded_by_two_blocks(pool1: Any) -> None:
    pulled = [0]

    def naturals() -> Any:
        for i in itertools.count():
            pulled[0] += 1
            yield i

    with pool1:
        assert pi.par_iter(naturals()).find_first(lambda x: x == 100_000) == 100_000
    # Blocks double up to 65,536 items: the block holding the answer and the next one, pulled
    # meanwhile, at most (never the endless rest).
    assert 100_001 <= pulled[0] <= 100_001 + 2 * 65_536


def test_the_source_is_pulled_only_when_the_call_runs(pool: Any) -> None:
    items = iter(range(10))
    with pool:
        chain = pi.par_iter(items).map(lambda x: x + 1)
        assert next(items) == 0  # building the chain pulled nothing
        assert chain.collect() == list(range(2, 11))
        assert chain.collect() == []  # used up, as any iterator


def test_an_exception_of_the_iterator_itself_reaches_the_caller(pool: Any) -> None:
    def failing() -> Any:
        yield from range(1000)
        raise ContractBoom("the source failed")

    with pool, pytest.raises(ContractBoom, match="source failed"):
        pi.par_iter(failing()).map(lambda x: x).sum()


def test_a_user_exception_in_the_chain_reaches_the_caller(pool: Any) -> None:
    with pool, pytest.raises(ContractBoom, match="boom at 777"):
        pi.par_iter(iter(range(5000))).map(raise_at(777)).collect()


def test_the_source_is_not_indexed_and_says_why() -> None:
    it = pi.par_iter(x for x in range(3))
    assert not isinstance(it, pi.IndexedParallelIterator)
    assert it.opt_len() is None
    with pytest.raises(TypeError, match="not indexed"):
        it.enumerate()


def test_indexed_partners_read_only_what_they_pair(pool: Any) -> None:
    source = itertools.count()
    with pool:
        assert pi.par_iter([1, 2, 3]).zip(source).collect() == [(1, 0), (2, 1), (3, 2)]
        assert next(source) == 3  # zip read three items, as the builtin zip does
        assert pi.par_iter([1, 2]).eq(iter([1, 2]))
        assert not pi.par_iter([1, 2]).eq(iter([1, 2, 3]))
        assert pi.par_iter([1, 2]).zip_eq(iter("ab")).collect() == [(1, "a"), (2, "b")]


def test_files_are_read_lazily_in_order(tmp_path: Path, pool: Any) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("".join(f"{i}\n" for i in range(20_000)))
    with pool, path.open() as lines:
        assert pi.par_iter(lines).map(int).collect() == list(range(20_000))


@pytest.mark.timeout(300)
def test_memory_stays_bounded_on_a_hundred_million_items() -> None:
    script = textwrap.dedent(
        """
        import resource
        import pariter as pi

        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        n = 10**8
        assert pi.par_iter(iter(range(n))).count() == n
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(grown)  # KiB
        """
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=280, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # A list of 10**8 ints alone would take 800 MB of pointers (3.6 GB with the ints).
    assert int(done.stdout.split()[-1]) < 100 * 1024, done.stdout


def test_the_reducer_sees_blocks_in_order(pool: Any) -> None:
    concat = functools.partial(lambda a, b: a + b)
    with pool:
        got = pi.par_iter(iter(range(50_000))).map(lambda x: [x]).reduce(list, concat)
    assert got == list(range(50_000))
