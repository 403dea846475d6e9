"""Python ports of the behaviours Rayon's own tests check (src/iter/test.rs, tests/*.rs).

Written from Rayon's semantics and pariter's DESIGN.md; where DESIGN.md differs from Rayon
(min *and* max return the first of equal items, like Python's builtins) DESIGN.md wins.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import time
from fractions import Fraction
from typing import Any

import pytest

import pariter as pi

from ._support import (
    ContractBoom,
    Counter,
    Recorder,
    chunks_ref,
    cmp_ref,
    interleave_ref,
    interleave_shortest_ref,
    intersperse_ref,
    is_subsequence,
)

BIG = 10**12
OCTILLION = 10**27


# ---------- ordering


@pytest.mark.parametrize("max_len", [1, 2, 3, 10, 1000])
def test_collect_and_reduce_keep_sequence_order_with_non_commutative_ops(
    pool: Any, max_len: int
) -> None:
    words = [f"w{i}" for i in range(1000)]
    with pool:
        it = pi.par_iter(words).with_max_len(max_len)
        assert it.collect() == words
        assert pi.par_iter(words).with_max_len(max_len).reduce(str, operator.add) == "".join(words)
        assert (
            pi.par_iter(words).with_max_len(max_len).map(lambda w: [w]).reduce(list, operator.add)
        ) == words
        assert pi.par_iter(words).with_max_len(max_len).reduce_with(
            lambda a, b: a + "-" + b
        ) == "-".join(words)
        # Unindexed chains keep the order of the items they keep, too.
        assert (
            pi.par_iter(words)
            .with_max_len(max_len)
            .filter(lambda w: w.endswith("7"))
            .reduce(str, operator.add)
        ) == "".join(w for w in words if w.endswith("7"))
        assert (
            pi.par_iter(words).with_max_len(max_len).flat_map(lambda w: [w, w.upper()]).collect()
        ) == [v for w in words for v in (w, w.upper())]


def test_fold_then_reduce(pool: Any) -> None:
    xs = list(range(5000))
    with pool:
        assert pi.par_iter(xs).fold(lambda: 0, operator.add).reduce(lambda: 0, operator.add) == sum(
            xs
        )
        assert pi.par_iter(xs).fold(lambda: 0, operator.add).sum() == sum(xs)
        assert pi.par_iter(xs).fold_with(0, operator.add).reduce_with(operator.add) == sum(xs)
        concatenated = (
            pi.par_iter(xs).fold(list, lambda acc, x: [*acc, x]).reduce(list, operator.add)
        )
        assert concatenated == xs
        strings = (
            pi.par_iter(xs)
            .map(str)
            .fold(str, lambda acc, s: acc + s + ".")
            .reduce(str, operator.add)
        )
        assert strings == "".join(f"{x}." for x in xs)


def test_fold_with_max_len_1_is_map(pool: Any) -> None:
    # Rayon's fold_map_reduce: with_max_len(1).fold() yields one accumulator per item.
    with pool:
        r = (
            pi.into_par_iter(range(32))
            .with_max_len(1)
            .fold(list, lambda v, e: [*v, e])
            .map(lambda v: [v])
            .reduce_with(lambda a, b: a + b)
        )
    assert r == [[i] for i in range(32)]


@pytest.mark.parametrize("min_len", [1, 10, 100, 1000, 2000])
@pytest.mark.parametrize("max_len", [1, 10, 100, 1000, 2**62])
def test_check_lengths(pool: Any, min_len: int, max_len: int) -> None:
    # Rayon's check_lengths: every fold piece respects with_min_len/with_max_len.
    n = 1000 if max_len > 1 else 300
    min_check = min(max(min_len, 1), n)
    max_check = max(max_len, 2 * min_check - 1)
    with pool:
        sizes = (
            pi.into_par_iter(range(n))
            .with_min_len(min_len)
            .with_max_len(max_len)
            .fold(lambda: 0, lambda c, _: c + 1)
            .collect()
        )
    assert sum(sizes) == n
    assert all(min_check <= c <= max_check for c in sizes if c), (min_len, max_len, sizes)


def test_map_init_and_for_each_init_once_per_leaf_not_per_item(pool: Any) -> None:
    inits = Counter()

    def init() -> list[int]:
        inits.incr()
        return []

    with pool:
        out = (
            pi.into_par_iter(range(100)).with_min_len(100).map_init(init, lambda s, x: x).collect()
        )
    assert out == list(range(100))
    assert inits.value == 1, "one leaf (min_len = len) must call init exactly once"
    inits.value = 0
    with pool:
        pi.into_par_iter(range(1000)).for_each_init(init, lambda s, x: s.append(x))
    assert 1 <= inits.value < 1000


# ---------- short-circuit


@pytest.mark.timeout(30)
def test_short_circuit_on_huge_range_is_prompt(pool: Any) -> None:
    start = time.monotonic()
    with pool:
        r = pi.into_par_iter(range(BIG))
        assert r.any(lambda x: x > 1000) is True
        assert r.any(lambda x: x == 12345) is True
        assert r.all(lambda x: x < 1000) is False
        found = r.find_any(lambda x: x % 1000 == 999)
        assert found is not None and found % 1000 == 999
        assert r.find_first(lambda x: x % 1000 == 999) == 999
        assert r.position_first(lambda x: x == 77) == 77
        assert r.find_map_first(lambda x: -x if x == 5 else None) == -5
        assert r.map(lambda x: x * 2).find_first(lambda y: y > 100) == 102
        assert r.rev().find_first(lambda x: x % 10 == 0) == BIG - 10
        assert r.rev().position_first(lambda x: x % 10 == 3) == 6
    assert time.monotonic() - start < 20


@pytest.mark.timeout(30)
def test_octillion_ranges(pool: Any) -> None:
    # Rayon's tests/octillion.rs: 0..10**27 does not fit a machine word but still works.
    with pool:
        r = pi.into_par_iter(range(OCTILLION))
        assert r.find_first(lambda x: True) == 0
        assert r.find_first(lambda x: x % 3 == 2) == 2
        assert r.find_any(lambda x: x > 5) is not None
        assert r.any(lambda x: x == 3) is True
        flat = pi.into_par_iter(range(OCTILLION)).flat_map(lambda x: range(x, x + 10))
        assert flat.find_first(lambda y: y == 7) == 7


@pytest.mark.parametrize(
    "terminal", ["any", "find_any", "find_first", "position_first", "find_map_first", "all"]
)
def test_early_match_visits_far_fewer_items(pool: Any, terminal: str) -> None:
    n = 10**6
    visited = Counter()
    it = pi.into_par_iter(range(n)).inspect(visited.incr)
    with pool:
        if terminal == "any":
            assert it.any(lambda x: x == 10)
        elif terminal == "all":
            assert not it.all(lambda x: x != 10)
        elif terminal == "find_any":
            assert it.find_any(lambda x: x == 10) == 10
        elif terminal == "find_first":
            assert it.find_first(lambda x: x == 10) == 10
        elif terminal == "position_first":
            assert it.position_first(lambda x: x == 10) == 10
        else:
            assert it.find_map_first(lambda x: "ten" if x == 10 else None) == "ten"
    assert visited.value < n // 4, f"{terminal} visited {visited.value} of {n} items"


def test_find_not_present_visits_everything(pool: Any) -> None:
    n = 5000
    for terminal in ("find_any", "find_first", "find_last", "any"):
        visited = Counter()
        with pool:
            r = getattr(pi.into_par_iter(range(n)).inspect(visited.incr), terminal)(lambda x: x < 0)
        assert r in (None, False)
        assert visited.value == n, f"{terminal}: proving the negative visits all items"
    visited = Counter()
    with pool:
        assert pi.into_par_iter(range(n)).inspect(visited.incr).all(lambda x: x >= 0)
    assert visited.value == n


def test_cmp_and_eq_short_circuit_on_one_thread(pool1: Any) -> None:
    # Rayon's check_cmp_short_circuit / check_eq_short_circuit.
    a = [0] * 1024
    b = list(a)
    b[42] = 1
    with pool1:
        assert pi.par_iter(a).cmp(b) == -1
        for max_len in range(1, 10):
            visited = Counter()
            assert pi.par_iter(a).with_max_len(max_len).inspect(visited.incr).cmp(b) == -1
            assert visited.value < len(a), f"cmp visited everything with max_len {max_len}"
            visited = Counter()
            assert pi.par_iter(a).with_max_len(max_len).inspect(visited.incr).eq(b) is False
            assert visited.value < len(a), f"eq visited everything with max_len {max_len}"


def test_by_exponential_and_uniform_blocks_stop_between_blocks(pool: Any) -> None:
    n = 10**6
    for make in (lambda it: it.by_exponential_blocks(), lambda it: it.by_uniform_blocks(100)):
        visited = Counter()
        with pool:
            r = make(pi.into_par_iter(range(n)).inspect(visited.incr)).find_first(lambda x: x == 3)
        assert r == 3
        assert visited.value < 1000, visited.value


# ---------- find/position exactness


@pytest.mark.parametrize("max_len", [None, 1, 7, 100])
def test_find_first_last_exact(pool: Any, max_len: int | None) -> None:
    a = list(range(1024))

    def it() -> Any:
        p = pi.par_iter(a)
        return p if max_len is None else p.with_max_len(max_len)

    with pool:
        assert it().find_first(lambda x: x % 42 == 41) == 41
        assert it().find_first(lambda x: x % 19 == 1 and x % 53 == 0) == 742
        assert it().find_first(lambda x: x < 0) is None
        assert it().position_first(lambda x: x % 42 == 41) == 41
        assert it().position_first(lambda x: x % 19 == 1 and x % 53 == 0) == 742
        assert it().position_first(lambda x: x < 0) is None
        assert it().find_last(lambda x: x % 42 == 41) == 1007
        assert it().find_last(lambda x: x % 19 == 1 and x % 53 == 0) == 742
        assert it().find_last(lambda x: x < 0) is None
        assert it().position_last(lambda x: x % 42 == 41) == 1007
        assert it().position_last(lambda x: x % 19 == 1 and x % 53 == 0) == 742
        assert it().position_last(lambda x: x < 0) is None
        assert it().find_map_first(lambda x: x * 2 if x % 42 == 41 else None) == 82
        assert it().find_map_last(lambda x: x * 2 if x % 42 == 41 else None) == 2014


def test_find_first_last_return_the_positional_object(pool: Any) -> None:
    # Equal items are distinguished by identity: the first/last *position* must win.
    items = [[i % 3] for i in range(999)]
    with pool:
        assert pi.par_iter(items).find_first(lambda v: v == [2]) is items[2]
        assert pi.par_iter(items).find_last(lambda v: v == [0]) is items[996]
        found = pi.par_iter(items).find_any(lambda v: v == [1])
        assert found is not None and any(found is x for x in items[1::3])


# ---------- min/max ties


class Tagged:
    """Compares by key only; the tag tells equal items apart."""

    def __init__(self, key: int, tag: int) -> None:
        self.key, self.tag = key, tag

    def __lt__(self, other: Tagged) -> bool:
        return self.key < other.key

    def __gt__(self, other: Tagged) -> bool:
        return self.key > other.key

    def __le__(self, other: Tagged) -> bool:
        return self.key <= other.key

    def __ge__(self, other: Tagged) -> bool:
        return self.key >= other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagged) and self.key == other.key

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Tagged({self.key}, tag={self.tag})"


def cmp_keys(a: Tagged, b: Tagged) -> int:
    return (a.key > b.key) - (a.key < b.key)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 1000, 1001])
@pytest.mark.parametrize("max_len", [None, 1, 3])
def test_min_max_ties_return_the_first_like_builtins(
    pool: Any, n: int, max_len: int | None
) -> None:
    items = [Tagged(i % 4 if i % 5 else 2, i) for i in range(n)]

    def it() -> Any:
        p = pi.par_iter(items)
        return p if max_len is None else p.with_max_len(max_len)

    with pool:
        got = {
            "min": it().min(),
            "max": it().max(),
            "min_key": it().min(key=lambda t: t.key % 2),
            "max_key": it().max(key=lambda t: t.key % 2),
            "min_by_key": it().min_by_key(lambda t: t.key % 2),
            "max_by_key": it().max_by_key(lambda t: t.key % 2),
            "min_by": it().min_by(cmp_keys),
            "max_by": it().max_by(cmp_keys),
        }
    want = {
        "min": min(items),
        "max": max(items),
        "min_key": min(items, key=lambda t: t.key % 2),
        "max_key": max(items, key=lambda t: t.key % 2),
        "min_by_key": min(items, key=lambda t: t.key % 2),
        "max_by_key": max(items, key=lambda t: t.key % 2),
        "min_by": min(items, key=functools.cmp_to_key(cmp_keys)),
        "max_by": max(items, key=functools.cmp_to_key(cmp_keys)),
    }
    for name, w in want.items():
        assert got[name] is w, f"{name}: got {got[name]!r}, want the first tie {w!r}"


# ---------- empty inputs


def test_empty_input_results(pool: Any) -> None:
    with pool:
        e = lambda: pi.par_iter([])
        assert e().sum() == 0
        assert e().product() == 1
        assert e().count() == 0
        assert e().collect() == []
        for name in ("min", "max"):
            assert getattr(e(), name)() is None
        assert e().min(key=abs) is None and e().max(key=abs) is None
        assert e().min_by_key(abs) is None and e().max_by_key(abs) is None
        assert e().min_by(cmp_keys) is None and e().max_by(cmp_keys) is None
        assert e().reduce_with(operator.add) is None
        assert e().reduce(lambda: "id", operator.add) == "id"
        for name in (
            "find_any",
            "find_first",
            "find_last",
            "position_any",
            "position_first",
            "position_last",
        ):
            assert getattr(e(), name)(lambda x: True) is None, name
        for name in ("find_map_any", "find_map_first", "find_map_last"):
            assert getattr(e(), name)(lambda x: x) is None, name
        assert e().any(lambda x: True) is False
        assert e().all(lambda x: False) is True
        assert e().filter(lambda x: True).sum() == 0
        assert pi.par_iter([1, 2]).filter(lambda x: False).max() is None
        assert e().len() == 0 and e().opt_len() == 0
        assert list(e()) == []
        assert e().chunks(3).collect() == []
        assert e().fold(lambda: 0, operator.add).sum() == 0
        assert tuple(map(list, e().unzip())) == ([], [])
        assert tuple(map(list, e().partition(bool))) == ([], [])
        assert e().eq([]) is True and e().cmp([]) == 0 and e().lt([1]) is True


def test_sum_product_of_other_numbers(pool: Any) -> None:
    with pool:
        assert math.isclose(pi.par_iter([0.1] * 1000).sum(), 100.0, rel_tol=1e-9)
        fr = [Fraction(1, k) for k in range(1, 200)]
        assert pi.par_iter(fr).sum() == sum(fr)
        assert pi.par_iter(fr[:20]).product() == functools.reduce(operator.mul, fr[:20], 1)
        assert pi.par_iter([2] * 100).product() == 2**100
        assert pi.par_iter(range(1, 30)).map(lambda x: x * 1j).sum() == sum(
            x * 1j for x in range(1, 30)
        )


# ---------- skip/take side effects


def test_skip_runs_the_skipped_side_effects_take_does_not(pool: Any) -> None:
    # Rayon's check_skip: the skipped prefix still runs; take drops its tail unexecuted.
    a = list(range(1024))
    seen = Recorder()
    with pool:
        assert pi.par_iter(a).map(lambda x: (seen(x), x)[1]).skip(512).count() == 512
    assert sorted(seen.items) == a
    calls = Counter()
    with pool:
        out = pi.into_par_iter(range(BIG)).map(lambda x: (calls.incr(), x)[1]).take(5).collect()
    assert out == [0, 1, 2, 3, 4]
    assert calls.value == 5, f"take(5) ran the user function {calls.value} times"


def test_collect_into_vec_clears_its_target(pool: Any) -> None:
    with pool:
        target = list(range(5000))
        pi.into_par_iter(range(10)).map(lambda x: -x).collect_into_vec(target)
        assert target == [-x for x in range(10)]
        same = target
        pi.par_iter([]).collect_into_vec(target)
        assert target == [] and target is same
        target.extend("abc")
        pi.into_par_iter(range(3000)).collect_into_vec(target)
        assert target == list(range(3000))


def test_collect_into_vec_target_is_empty_after_an_error(pool: Any) -> None:
    target = ["old"] * 10

    def fail_late(x: int) -> int:
        if x == 740:
            raise ContractBoom
        return x

    with pool, pytest.raises(ContractBoom):
        pi.into_par_iter(range(1024)).map(fail_late).collect_into_vec(target)
    assert target == []


# ---------- comparisons


CMP_CASES = [
    ([], []),
    ([], [1]),
    ([1], []),
    ([1, 2, 3], [1, 2, 3]),
    ([1, 2, 3], [1, 2]),
    ([1, 2], [1, 2, 3]),
    ([0, 2, 3], [1, 2, 3]),
    ([1, 2, 4], [1, 2, 3]),
    (list(range(1000)), list(range(1000))),
    (list(range(1000)), [*range(999), 0]),
    (list(range(1000)), [*range(500), 9999]),
    (list(range(1000)), list(range(1001))),
]


@pytest.mark.parametrize(("a", "b"), CMP_CASES, ids=lambda v: f"len{len(v)}")
def test_cmp_family_matches_python_sequence_comparison(
    pool: Any, a: list[int], b: list[int]
) -> None:
    with pool:
        assert pi.par_iter(a).cmp(b) == cmp_ref(a, b)
        assert pi.par_iter(a).cmp(pi.par_iter(b)) == cmp_ref(a, b)
        assert pi.par_iter(a).eq(b) is (a == b)
        assert pi.par_iter(a).ne(b) is (a != b)
        assert pi.par_iter(a).lt(b) is (a < b)
        assert pi.par_iter(a).le(b) is (a <= b)
        assert pi.par_iter(a).gt(b) is (a > b)
        assert pi.par_iter(a).ge(b) is (a >= b)
        assert pi.par_iter(a).with_max_len(3).map(lambda x: x).cmp(b) == cmp_ref(a, b)


def test_cmp_on_strings_and_tuples(pool: Any) -> None:
    with pool:
        assert pi.par_iter("abc").cmp("abd") == -1
        assert pi.par_iter("abc").eq(list("abc")) is True
        assert pi.par_iter([(1, "b"), (1, "a")]).gt([(1, "a"), (2, "a")]) is True


# ---------- chunks, step_by


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 12, 13, 1000, 1001])
@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 1000, 5000])
def test_chunks_at_boundaries(pool: Any, n: int, k: int) -> None:
    xs = list(range(n))
    want = chunks_ref(xs, k)
    with pool:
        got = [list(c) for c in pi.par_iter(xs).chunks(k).collect()]
        assert got == want
        assert pi.par_iter(xs).chunks(k).len() == len(want)
        assert [list(c) for c in pi.par_iter(xs).chunks(k).rev().collect()] == want[::-1]
        assert [(i, list(c)) for i, c in pi.par_iter(xs).chunks(k).enumerate().collect()] == list(
            enumerate(want)
        )
        assert [list(c) for c in pi.par_iter(xs).with_max_len(1).chunks(k).collect()] == want
        assert [list(c) for c in pi.par_iter(xs).skip(1).chunks(k).collect()] == chunks_ref(
            xs[1:], k
        )
    if want:
        assert all(len(c) == k for c in want[:-1]) and 1 <= len(want[-1]) <= k


def test_chunks_are_lists(pool: Any) -> None:
    with pool:
        chunks = pi.par_iter(range(10)).chunks(4).collect()
    assert chunks == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


@pytest.mark.parametrize("n", [0, 1, 5, 1024, 1027])
@pytest.mark.parametrize("k", [1, 2, 3, 7, 100, 2000])
def test_step_by(pool: Any, n: int, k: int) -> None:
    xs = list(range(n))
    with pool:
        assert pi.par_iter(xs).step_by(k).collect() == xs[::k]
        assert pi.par_iter(xs).step_by(k).rev().collect() == xs[::k][::-1]
        assert pi.par_iter(xs).skip(1).step_by(k).collect() == xs[1:][::k]  # unaligned
        assert pi.par_iter(xs).step_by(k).len() == len(xs[::k])
        assert pi.par_iter(xs).step_by(k).zip(xs).collect() == list(zip(xs[::k], xs, strict=False))
        assert pi.par_iter(xs).with_max_len(1).step_by(k).sum() == sum(xs[::k])


# ---------- interleave, intersperse


@pytest.mark.parametrize(
    ("la", "lb"),
    [(0, 0), (0, 5), (5, 0), (10, 10), (5, 10), (10, 5), (1, 1000), (1001, 3), (2, 4), (4, 2)],
)
def test_interleave_and_interleave_shortest(pool: Any, la: int, lb: int) -> None:
    a, b = list(range(la)), list(range(100, 100 + lb))
    with pool:
        assert pi.par_iter(a).interleave(b).collect() == interleave_ref(a, b)
        assert pi.par_iter(a).interleave(b).len() == la + lb
        assert pi.par_iter(a).interleave(b).rev().collect() == interleave_ref(a, b)[::-1]
        assert (
            pi.par_iter(a).with_max_len(1).interleave(pi.par_iter(b).with_max_len(2)).collect()
        ) == interleave_ref(a, b)
        assert pi.par_iter(a).interleave_shortest(b).collect() == interleave_shortest_ref(a, b)
        assert pi.par_iter(a).interleave_shortest(b).len() == len(interleave_shortest_ref(a, b))
        assert (
            pi.par_iter(a).interleave_shortest(b).rev().collect()
            == interleave_shortest_ref(a, b)[::-1]
        )


def test_interleave_examples_from_rayon_docs(pool: Any) -> None:
    with pool:
        assert pi.par_iter([1, 2]).interleave([3, 4, 5, 6]).collect() == [1, 3, 2, 4, 5, 6]
        assert pi.par_iter([1, 2, 3, 4]).interleave_shortest([5, 6]).collect() == [1, 5, 2, 6, 3]


def test_intersperse(pool: Any) -> None:
    # tests/intersperse.rs
    with pool:
        v = pi.into_par_iter(range(1000)).intersperse(-1).collect()
        assert len(v) == 1999
        assert all(x == (i // 2 if i % 2 == 0 else -1) for i, x in enumerate(v))
        again = pi.into_par_iter(range(1000)).intersperse(-1).intersperse(-2).collect()
        assert again == intersperse_ref(intersperse_ref(range(1000), -1), -2)
        words = [str(i) for i in range(1000)]
        joined = pi.par_iter(words).filter(lambda w: True).intersperse(", ").collect(str)
        assert joined == ", ".join(words)
        pairs = pi.into_par_iter(range(1000)).intersperse(-1).zip_eq(range(1999)).collect()
        assert pairs == list(zip(intersperse_ref(range(1000), -1), range(1999), strict=False))
        rev = pi.into_par_iter(range(1000)).intersperse(-1).zip_eq(range(1999)).rev().collect()
        assert rev == pairs[::-1]
        assert pi.par_iter([7]).intersperse(0).collect() == [7]
        assert pi.par_iter([]).intersperse(0).collect() == []
        assert pi.into_par_iter(range(10)).intersperse(-1).len() == 19


# ---------- while_some, *_any


def test_while_some(pool: Any) -> None:
    # Rayon's check_while_some.
    with pool:
        assert pi.into_par_iter(range(2048)).map(lambda x: x).while_some().max() == 2047
        visited = Counter()

        def some_below_1024(x: int) -> int | None:
            visited.incr()
            return x if x < 1024 else None

        value = pi.into_par_iter(range(2048)).map(some_below_1024).while_some().max()
    assert value is None or value < 1024
    assert visited.value < 2048, "while_some should not have visited every item"


def test_while_some_stops_inside_one_leaf(pool: Any) -> None:
    # One leaf (as a small call its caller runs whole): the map upstream must not run to the
    # end of a 4096-item block past the first None.
    visited = Counter()

    def some_below_100(x: int) -> int | None:
        visited.incr()
        return x if x < 100 else None

    with pool:
        value = pi.into_par_iter(range(2048)).with_min_len(4096).map(some_below_100).while_some()
        assert value.max() == 99
    assert visited.value <= 2 * 101


def test_while_some_yields_a_valid_subset(pool: Any) -> None:
    xs = [None if x % 97 == 96 else x for x in range(3000)]
    with pool:
        got = pi.par_iter(xs).while_some().collect()
    assert None not in got
    assert is_subsequence(got, [x for x in xs if x is not None])


def test_take_any_while_and_skip_any_while_docs(pool: Any) -> None:
    with pool:
        taken = pi.into_par_iter(range(100)).take_any_while(lambda x: x < 50).collect()
        skipped = pi.into_par_iter(range(100)).skip_any_while(lambda x: x < 50).collect()
    assert len(taken) <= 50 and all(x < 50 for x in taken)
    assert all(a < b for a, b in itertools.pairwise(taken))
    assert len(skipped) >= 50 and set(range(50, 100)) <= set(skipped)
    assert all(a < b for a, b in itertools.pairwise(skipped))


def test_take_any_while_and_skip_any_while_without_splits_are_sequential(pool1: Any) -> None:
    import itertools

    xs = [3, 5, 1, 8, 2, 9, 4]
    with pool1:
        taken = pi.par_iter(xs).with_min_len(len(xs)).take_any_while(lambda x: x < 6).collect()
        skipped = pi.par_iter(xs).with_min_len(len(xs)).skip_any_while(lambda x: x < 6).collect()
    assert taken == list(itertools.takewhile(lambda x: x < 6, xs))
    assert skipped == list(itertools.dropwhile(lambda x: x < 6, xs))


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_take_any_skip_any(pool: Any, n: int) -> None:
    xs = list(range(n))
    for k in (0, 1, n // 2, n, n + 5):
        with pool:
            t = pi.par_iter(xs).take_any(k).collect()
            s = pi.par_iter(xs).skip_any(k).collect()
        assert len(t) == min(k, n) and is_subsequence(t, xs)
        assert len(s) == max(0, n - k) and is_subsequence(s, xs)


def test_positions(pool: Any) -> None:
    xs = [x % 7 for x in range(1001)]
    with pool:
        assert pi.par_iter(xs).positions(lambda x: x == 3).collect() == [
            i for i, x in enumerate(xs) if x == 3
        ]
        assert pi.par_iter(xs).with_max_len(1).positions(lambda x: x > 5).count() == xs.count(6)
        assert pi.par_iter(xs).positions(lambda x: x > 9).collect() == []


# ---------- unzip, partition


def test_unzip_and_partition(pool: Any) -> None:
    xs = list(range(1001))
    with pool:
        a, b = pi.par_iter(xs).map(lambda x: (x, x * x)).unzip()
        fa, fb = pi.par_iter(xs).filter(lambda x: x % 3).map(lambda x: (x, str(x))).unzip()
        ev, od = pi.par_iter(xs).partition(lambda x: x % 2 == 0)
        uev, uod = pi.par_iter(xs).filter(lambda x: x % 3).partition(lambda x: x % 2 == 0)
    assert (list(a), list(b)) == (xs, [x * x for x in xs])
    kept = [x for x in xs if x % 3]
    assert (list(fa), list(fb)) == (kept, [str(x) for x in kept])
    assert (list(ev), list(od)) == (xs[::2], xs[1::2])
    assert (list(uev), list(uod)) == ([x for x in kept if x % 2 == 0], [x for x in kept if x % 2])


def test_partition_map(pool: Any) -> None:
    # Rayon's check_partition_map: parse what parses to the left, keep the rest to the right.
    words = ["a=1", " b=2", " 3", " c", " 4", " 55", " d=", " 6"] * 50
    with pool:
        nums, rest = pi.par_iter(words).partition_map(
            lambda w: pi.Left(int(w)) if w.strip().isdigit() else pi.Right(w)
        )
        unindexed = (
            pi.par_iter(words)
            .filter(lambda w: "=" in w)
            .partition_map(lambda w: pi.Left(w) if w.endswith("=") else pi.Right(w[-1]))
        )
        nested = pi.into_par_iter(range(30)).partition_map(
            lambda x: pi.Left(pi.Left(x)) if x % 3 == 0 else pi.Right(x)
        )
        empty = pi.par_iter([]).partition_map(pi.Left)
    assert list(nums) == [int(w) for w in words if w.strip().isdigit()]
    assert list(rest) == [w for w in words if not w.strip().isdigit()]
    eq_words = [w for w in words if "=" in w]
    assert tuple(map(list, unindexed)) == (
        [w for w in eq_words if w.endswith("=")],
        [w[-1] for w in eq_words if not w.endswith("=")],
    )
    assert [v.value for v in nested[0]] == list(range(0, 30, 3))
    assert list(nested[1]) == [x for x in range(30) if x % 3]
    assert tuple(map(list, empty)) == ([], [])


# ---------- len / opt_len


def test_len_and_opt_len(pool: Any) -> None:
    xs = list(range(100))
    with pool:
        assert pi.par_iter(xs).len() == 100
        assert pi.par_iter(xs).map(str).len() == 100
        assert pi.par_iter(xs).zip(range(30)).len() == 30
        assert pi.par_iter(xs).chain(xs).len() == 200
        assert pi.par_iter(xs).chunks(7).len() == 15
        assert pi.par_iter(xs).enumerate().skip(10).take(50).rev().len() == 50
        assert pi.par_iter(xs).step_by(3).len() == 34
        assert pi.par_iter(xs).skip(200).len() == 0
        assert pi.par_iter(xs).interleave(range(5)).len() == 105
        assert pi.par_iter(xs).intersperse(0).len() == 199
        assert pi.into_par_iter(range(BIG)).len() == BIG
        assert pi.into_par_iter(range(0, BIG, 7)).map(str).len() == len(range(0, BIG, 7))
        assert pi.par_iter(xs).opt_len() == 100
        assert pi.par_iter(xs).filter(bool).opt_len() is None
        assert pi.par_iter(xs).flat_map(lambda x: [x]).opt_len() is None


def test_panic_fuse_reduces_work_after_an_exception(pool1: Any) -> None:
    # tests/iter_panic.rs: with panic_fuse anywhere in the chain, fewer items are reached.
    n, bad = 0x1000, 0xC00
    expected_without_fuse = n - 1

    def check(i: int) -> None:
        if i == bad:
            raise ContractBoom

    def count(make: Any) -> int:
        c = Counter()
        with pool1, pytest.raises(ContractBoom):
            make().for_each(c.incr)
        return c.value

    base = lambda: pi.into_par_iter(range(n)).with_max_len(1)
    assert count(lambda: base().inspect(check).panic_fuse()) < expected_without_fuse
    assert count(lambda: base().panic_fuse().inspect(check)) < expected_without_fuse
    assert count(lambda: base().panic_fuse().inspect(check).rev()) < expected_without_fuse
