"""Sources: repeat/repeat_n/once/empty, par_bridge, split, walk_tree*, ranges, buffers."""

from __future__ import annotations

import array
import collections
import threading
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pariter as pi

from ._support import PROPERTY_SETTINGS, ContractBoom, Counter

# ---------- repeat & friends


@pytest.mark.parametrize("n", [0, 1, 2, 7, 1001])
def test_repeat_n(pool: Any, n: int) -> None:
    with pool:
        assert pi.repeat_n("x", n).collect() == ["x"] * n
        assert pi.repeat_n("x", n).len() == n
        assert pi.repeat_n(3, n).sum() == 3 * n
        assert pi.repeat_n(1, n).zip(range(5)).collect() == list(
            zip([1] * n, range(5), strict=False)
        )
        assert pi.into_par_iter(range(5)).zip(pi.repeat_n(1, n)).collect() == list(
            zip(range(5), [1] * n, strict=False)
        )
        assert pi.repeat_n(2, n).enumerate().rev().collect() == list(enumerate([2] * n))[::-1]
        assert pi.repeat_n(9, n).with_max_len(1).collect() == [9] * n


def test_once_and_empty(pool: Any) -> None:
    with pool:
        assert pi.once(5).collect() == [5]
        assert pi.once(5).len() == 1
        assert pi.once(5).map(lambda x: x + 1).rev().collect() == [6]
        assert pi.once([1, 2]).flatten().collect() == [1, 2]
        assert pi.empty().collect() == []
        assert pi.empty().len() == 0
        assert pi.empty().sum() == 0
        assert pi.empty().max() is None
        assert pi.empty().chain(pi.once(1)).chain([2]).collect() == [1, 2]
        assert pi.once(0).zip(pi.empty()).collect() == []
        assert pi.empty().for_each(lambda x: 1 / 0) is None


def test_repeat_with_take_and_zip(pool: Any) -> None:
    with pool:
        assert pi.repeat(7).take(4).collect() == [7, 7, 7, 7]
        assert pi.repeat(7).take(0).collect() == []
        assert pi.repeat(4).zip([1, 2, 3]).collect() == [(4, 1), (4, 2), (4, 3)]
        assert (
            pi.repeat("a").zip(pi.into_par_iter(range(1000))).map(lambda p: p[0] * 2).collect()
            == ["aa"] * 1000
        )
        assert pi.repeat(1).take(10**6).sum() == 10**6
        # An infinite source short-circuits like any other.
        assert pi.repeat(3).find_any(lambda x: x == 3) == 3
        assert pi.repeat(3).any(lambda x: x == 3) is True


# ---------- par_bridge


@pytest.mark.parametrize("n", [0, 1, 2, 7, 1000])
def test_par_bridge_on_a_generator(pool: Any, n: int) -> None:
    def gen() -> Any:
        yield from range(n)

    with pool:
        got = pi.par_bridge(gen()).map(lambda x: x * 2).collect()
        assert sorted(got) == [x * 2 for x in range(n)]
        assert pi.par_bridge(gen()).filter(lambda x: x % 3 == 0).count() == len(range(0, n, 3))
        assert pi.par_bridge(gen()).sum() == sum(range(n))
        assert pi.par_bridge(iter(range(n))).max() == (n - 1 if n else None)
        assert sorted(pi.par_bridge(x for x in "abc" * n).collect(str)) == sorted("abc" * n)


def test_par_bridge_pulls_lazily(pool: Any) -> None:
    pulled = Counter()

    def gen() -> Any:
        for i in range(10**9):
            pulled.incr()
            yield i

    with pool:
        it = pi.par_bridge(gen())
        assert pulled.value == 0, "building a par_bridge must not pull items"
        assert it.any(lambda x: x == 100) is True
    assert pulled.value < 10**6


def test_par_bridge_generator_exception(pool: Any) -> None:
    def gen() -> Any:
        yield from range(50)
        raise ContractBoom("from the generator")

    with pool, pytest.raises(ContractBoom):
        pi.par_bridge(gen()).map(lambda x: x).collect()


def test_par_bridge_on_a_plain_iterable(pool: Any) -> None:
    with pool:
        assert sorted(pi.par_bridge([3, 1, 2]).collect()) == [1, 2, 3]
        assert sorted(pi.par_bridge({1, 2, 3}).collect()) == [1, 2, 3]


# ---------- split


def test_split_ranges(pool: Any) -> None:
    # Rayon's check_split.
    def splitter(r: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int] | None]:
        a, b = r
        mid = (b - a) // 2 + a
        if mid == a:
            return (a, b), None
        return (a, mid), (mid, b)

    with pool:
        total = pi.split((0, 1024), splitter).map(lambda r: sum(range(*r))).sum()
        pieces = pi.split((0, 1024), splitter).collect()
        single = pi.split((5, 6), splitter).collect()
    assert total == sum(range(1024))
    covered = sorted(x for a, b in pieces for x in range(a, b))
    assert covered == list(range(1024))
    assert single == [(5, 6)]


def test_split_never_splits_when_the_splitter_refuses(pool: Any) -> None:
    with pool:
        assert pi.split("whole", lambda d: (d, None)).collect() == ["whole"]


# ---------- walk_tree

# The perfect tree a(b(d, e), c(f, g)) from Rayon's docs.
TREE = {"a": ["b", "c"], "b": ["d", "e"], "c": ["f", "g"]}


def kids(n: str) -> list[str]:
    return TREE.get(n, [])


def test_walk_tree_prefix_and_postfix_orders(pool: Any) -> None:
    with pool:
        assert pi.walk_tree_prefix("a", kids).collect() == list("abdecfg")
        assert pi.walk_tree_postfix("a", kids).collect() == list("debfgca")
        assert sorted(pi.walk_tree("a", kids).collect()) == list("abcdefg")


def range_children(r: tuple[int, int]) -> list[tuple[int, int]]:
    a, b = r
    if b - a <= 1:
        return []
    mid = (a + b) // 2
    return [(a, mid), (mid, b)]


def prefix_ref(node: Any, children: Any) -> list[Any]:
    out = [node]
    for c in children(node):
        out += prefix_ref(c, children)
    return out


def postfix_ref(node: Any, children: Any) -> list[Any]:
    out: list[Any] = []
    for c in children(node):
        out += postfix_ref(c, children)
    return [*out, node]


@pytest.mark.parametrize("size", [1, 2, 3, 100, 1000])
def test_walk_tree_range_tree(pool: Any, size: int) -> None:
    # Rayon's walk_tree tests on a range tree, a flat tree and a degree-5 tree.
    root = (0, size)
    with pool:
        pre = pi.walk_tree_prefix(root, range_children).collect()
        post = pi.walk_tree_postfix(root, range_children).collect()
        anyorder = pi.walk_tree(root, range_children).collect()
        leaves_sum = (
            pi.walk_tree_prefix(root, range_children)
            .filter(lambda r: r[1] - r[0] == 1)
            .map(lambda r: r[0])
            .sum()
        )
    assert pre == prefix_ref(root, range_children)
    assert post == postfix_ref(root, range_children)
    assert sorted(anyorder) == sorted(pre)
    assert leaves_sum == sum(range(size))


def test_walk_tree_flat_and_degree_5(pool: Any) -> None:
    flat = lambda n: list(range(1, 1001)) if n == 0 else []
    deg5 = lambda n: [n * 5 + i for i in range(1, 6)] if n < 200 else []
    with pool:
        assert pi.walk_tree_prefix(0, flat).collect() == list(range(1001))
        assert pi.walk_tree_postfix(0, flat).collect() == [*range(1, 1001), 0]
        assert pi.walk_tree_prefix(0, deg5).collect() == prefix_ref(0, deg5)
        assert pi.walk_tree_postfix(0, deg5).collect() == postfix_ref(0, deg5)
        assert pi.walk_tree(0, deg5).sum() == sum(prefix_ref(0, deg5))


def test_walk_tree_docs_example(pool: Any) -> None:
    # rayon::iter::walk_tree docs: 4 -> [2, 3], 3 -> [1, 2]; sum of all nodes is 12.
    with pool:
        total = pi.walk_tree(4, lambda e: [] if e <= 2 else [e // 2, e // 2 + 1]).sum()
    assert total == 12


# ---------- ranges


@PROPERTY_SETTINGS
@given(
    start=st.integers(-(10**6), 10**6),
    stop=st.integers(-(10**6), 10**6),
    step=st.integers(-(10**5), 10**5).filter(bool),
)
def test_range_with_any_step(pool: Any, start: int, stop: int, step: int) -> None:
    r = range(start, stop, step)
    with pool:
        assert pi.into_par_iter(r).collect() == list(r)
        assert pi.par_iter(r).sum() == sum(r)
        assert pi.into_par_iter(r).len() == len(r)
        assert pi.into_par_iter(r).rev().take(3).collect() == list(r[::-1][:3])
        assert pi.into_par_iter(r).skip(2).step_by(3).collect() == list(r[2::3])


def test_big_ranges(pool: Any) -> None:
    with pool:
        assert pi.into_par_iter(range(10**15, 10**15 + 5)).collect() == list(
            range(10**15, 10**15 + 5)
        )
        assert pi.into_par_iter(range(-5, 5)).sum() == -5
        assert pi.into_par_iter(range(10**18, 0, -(10**17))).collect() == list(
            range(10**18, 0, -(10**17))
        )
        assert pi.into_par_iter(range(10**6)).sum() == sum(range(10**6))


# ---------- buffers, sequences


class Squares(Sequence):  # type: ignore[type-arg]
    """A custom collections.abc.Sequence: only __len__ and __getitem__."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.getitem_calls = Counter()

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        self.getitem_calls.incr()
        return i * i


@pytest.mark.parametrize("n", [0, 1, 7, 1001])
def test_buffer_and_sequence_sources(pool: Any, n: int) -> None:
    raw = bytes(range(256)) * (n // 256 + 1)
    raw = raw[:n]
    ints = array.array("i", range(-n, n, 2))
    doubles = array.array("d", [x / 4 for x in range(n)])
    with pool:
        assert pi.par_iter(memoryview(raw)).collect() == list(raw)
        assert pi.par_iter(memoryview(ints)).collect() == list(ints)
        assert pi.par_iter(ints).map(lambda x: x * 2).collect() == [x * 2 for x in ints]
        assert pi.par_iter(doubles).sum() == pytest.approx(sum(doubles))
        assert pi.par_iter(bytearray(raw)).collect() == list(raw)
        assert pi.par_iter(raw).collect() == list(raw)
        assert pi.par_iter(bytearray(raw)).zip(raw).count() == n
        sq = Squares(n)
        assert pi.par_iter(sq).collect() == [i * i for i in range(n)]
        assert (
            pi.par_iter(sq).zip(range(n)).rev().collect()
            == list(zip(sq, range(n), strict=False))[::-1]
        )
        assert pi.par_iter(sq).len() == n
        assert pi.par_iter(sq).enumerate().find_last(lambda p: p[1] % 3 == 1) == next(
            ((i, v) for i, v in reversed(list(enumerate(sq))) if v % 3 == 1), None
        )


def test_strings_and_collections(pool: Any) -> None:
    text = "pariter: Rayon für Python 🐍" * 20
    d = {f"k{i}": i for i in range(300)}
    with pool:
        assert pi.par_iter(text).collect() == list(text)
        assert pi.par_iter(text).map(str.upper).collect(str) == text.upper()
        assert pi.par_iter(text).len() == len(text)
        assert pi.par_iter(d).collect(dict) == d
        assert sorted(pi.par_iter(d).collect()) == sorted(d.items())
        assert pi.par_iter(set(range(100))).collect(set) == set(range(100))
        assert pi.par_iter(frozenset("abc")).collect(set) == set("abc")
        dq = collections.deque(range(500))
        assert pi.par_iter(dq).collect() == list(dq)
        assert pi.par_iter((1, 2, 3)).zip("xyz").collect() == [(1, "x"), (2, "y"), (3, "z")]


def test_par_iter_is_read_only_and_sees_the_items(pool: Any) -> None:
    items = [[i] for i in range(100)]
    with pool:
        same = pi.par_iter(items).collect()
    assert all(a is b for a, b in zip(same, items, strict=False))
    assert items == [[i] for i in range(100)]


def test_into_par_iter_of_a_parallel_iterator_is_identity(pool: Any) -> None:
    with pool:
        it = pi.par_iter([1, 2, 3]).map(lambda x: x * 10)
        assert pi.into_par_iter(it).collect() == [10, 20, 30]
        assert pi.par_iter([1, 2]).zip(pi.par_iter([3, 4]).rev()).collect() == [(1, 4), (2, 3)]


def test_source_iterated_from_many_threads_is_safe(pool: Any) -> None:
    # Many threads reading the same list while the caller holds no lock.
    data = list(range(10000))
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with pool:
                assert pi.par_iter(data).map(lambda x: x + 1).sum() == sum(data) + len(data)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def test_walk_tree_on_a_deep_degenerate_tree(pool: Any) -> None:
    # Rayon explores with an explicit stack: a 5000-deep path must not overflow anything.
    depth = 5000
    chain = lambda n: [n + 1] if n < depth else []
    with pool:
        assert pi.walk_tree_prefix(0, chain).collect() == list(range(depth + 1))
        assert pi.walk_tree_postfix(0, chain).collect() == list(range(depth, -1, -1))
        assert pi.walk_tree(0, chain).sum() == sum(range(depth + 1))


def test_walk_tree_children_may_be_any_iterable(pool: Any) -> None:
    gen_children = lambda n: (c for c in kids(n))
    with pool:
        assert pi.walk_tree_prefix("a", gen_children).collect() == list("abdecfg")
        assert pi.walk_tree_postfix("a", lambda n: tuple(kids(n))).collect() == list("debfgca")


def test_huge_integer_ranges_with_steps(pool: Any) -> None:
    r = range(2**70, 2**70 + 1000, 3)
    with pool:
        assert pi.into_par_iter(r).collect() == list(r)
        assert pi.into_par_iter(r).rev().step_by(7).collect() == list(r[::-1][::7])
        assert pi.into_par_iter(r).len() == len(r)


def test_par_bridge_is_unindexed(pool: Any) -> None:
    with pool:
        assert pi.par_bridge(iter(range(10))).opt_len() is None
