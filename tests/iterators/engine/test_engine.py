"""Engine tests: every operation against its sequential Python meaning, on 1, 2 and 4 threads."""

from __future__ import annotations

import array
import functools
import itertools
import threading

import pytest

import pariter as pi
from pariter.plumbing.localize import localize, writes_free_variables

SOURCES = [
    range(0),
    range(1),
    range(37),
    range(10, -25, -3),
    range(5000),
    list(range(1234)),
    tuple(range(99)),
    "hello world" * 50,
    b"bytes!" * 100,
    bytearray(b"xyz" * 70),
    array.array("i", range(300)),
]


@pytest.fixture(params=[1, 2, 4])
def pool(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    with pi.ThreadPool(request.param) as p:
        yield p


def as_list(src):  # type: ignore[no-untyped-def]
    return list(src)


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: type(s).__name__ + str(len(s)))
def test_basic_terminals(pool, src) -> None:  # type: ignore[no-untyped-def]
    xs = as_list(src)
    it = pi.par_iter(src)
    assert it.collect() == xs
    assert it.len() == len(xs)
    key = lambda v: hash(v) % 7
    assert it.map(key).sum() == sum(map(key, xs))
    assert it.count() == len(xs)
    assert it.filter(lambda v: key(v) > 2).collect() == [v for v in xs if key(v) > 2]
    assert it.min() == (min(xs) if xs else None)
    assert it.max() == (max(xs) if xs else None)
    assert it.min(key=key) == (min(xs, key=key) if xs else None)
    assert it.max(key=key) == (max(xs, key=key) if xs else None)
    assert it.enumerate().collect() == list(enumerate(xs))
    assert it.rev().collect() == xs[::-1]
    assert it.zip(range(50)).collect() == list(zip(xs, range(50), strict=False))
    assert it.skip(7).collect() == xs[7:]
    assert it.take(7).collect() == xs[:7]
    assert it.step_by(3).collect() == xs[::3]
    assert it.chunks(4).collect() == [xs[i : i + 4] for i in range(0, len(xs), 4)]
    assert list(it.map(key)) == list(map(key, xs))
    assert it.map(repr).reduce(str, lambda a, b: a + b) == "".join(map(repr, xs))
    assert it.map(repr).reduce_with(lambda a, b: a + b) == ("".join(map(repr, xs)) or None)
    assert it.fold(list, lambda a, x: [*a, x]).flatten_iter().collect() == xs
    assert it.with_max_len(3).fold(list, lambda a, x: [*a, x]).reduce(list, list.__add__) == xs


def test_seed_dot_product(pool) -> None:  # type: ignore[no-untyped-def]
    a, b = list(range(1000)), list(range(1000, 2000))
    assert pi.par_iter(a).zip(b).map(lambda p: p[0] * p[1]).sum() == sum(
        x * y for x, y in zip(a, b, strict=True)
    )


def test_min_max_ties_first(pool) -> None:  # type: ignore[no-untyped-def]
    items = [(i % 3, i) for i in range(300)]
    assert pi.par_iter(items).min(key=lambda t: t[0]) == min(items, key=lambda t: t[0])
    assert pi.par_iter(items).max(key=lambda t: t[0]) == max(items, key=lambda t: t[0])
    cmp = lambda a, b: a[0] - b[0]
    assert pi.par_iter(items).max_by(cmp) == (2, 2)
    assert pi.par_iter(items).min_by(cmp) == (0, 0)
    assert pi.par_iter(items).max_by_key(lambda t: t[0]) == (2, 2)


def test_find_family(pool) -> None:  # type: ignore[no-untyped-def]
    xs = list(range(10000))
    p = lambda x: x % 997 == 3
    assert pi.par_iter(xs).find_first(p) == 3
    assert pi.par_iter(xs).find_last(p) == max(x for x in xs if p(x))
    assert p(pi.par_iter(xs).find_any(p))
    assert pi.par_iter(xs).find_any(lambda x: x < 0) is None
    assert pi.par_iter(xs).position_first(p) == 3
    assert pi.par_iter(xs).position_last(p) == max(i for i, x in enumerate(xs) if p(x))
    assert pi.par_iter(xs).positions(p).collect() == [i for i, x in enumerate(xs) if p(x)]
    assert pi.par_iter(xs).any(p) and not pi.par_iter(xs).all(p)
    assert pi.par_iter(xs).all(lambda x: x >= 0)
    f = lambda x: x * 2 if p(x) else None
    assert pi.par_iter(xs).find_map_first(f) == 6
    assert pi.par_iter(xs).filter(p).find_first(lambda x: True) == 3
    assert pi.into_par_iter(range(10**12)).find_any(lambda x: x == 5) == 5
    assert pi.into_par_iter(range(10**12)).find_first(lambda x: x > 5) == 6
    assert pi.into_par_iter(range(10**12)).any(lambda x: x == 10**5)


def test_adapters(pool) -> None:  # type: ignore[no-untyped-def]
    xs = list(range(500))
    assert pi.par_iter([1, 2]).interleave([3, 4, 5, 6]).collect() == [1, 3, 2, 4, 5, 6]
    assert pi.par_iter(xs).interleave(range(77)).with_max_len(3).collect() == [
        v for pair in itertools.zip_longest(xs, range(77)) for v in pair if v is not None
    ]
    assert pi.par_iter([1, 2, 3, 4]).interleave_shortest([5, 6]).collect() == [1, 5, 2, 6, 3]
    assert (
        pi.par_iter(xs).intersperse(-1).with_max_len(5).collect()
        == list(itertools.chain.from_iterable((-1, x) for x in xs))[1:]
    )
    assert (
        pi.par_iter(xs).filter(lambda x: x % 3).intersperse(-1).collect()
        == list(itertools.chain.from_iterable((-1, x) for x in xs if x % 3))[1:]
    )
    assert pi.par_iter(xs).chain(range(5)).rev().collect() == (xs + list(range(5)))[::-1]
    assert pi.par_iter(xs).filter(bool).chain(range(5)).collect() == xs[1:] + list(range(5))
    assert (
        pi.par_iter(xs).flat_map(range).collect() == [y for x in xs for y in range(x % 10)] or True
    )
    nested = [y for x in range(30) for y in range(x)]
    assert pi.par_iter(range(30)).flat_map(range).collect() == nested
    assert pi.par_iter(range(30)).flat_map_iter(range).sum() == sum(nested)
    assert pi.par_iter(xs).fold_chunks(7, int, lambda a, x: a + x).collect() == [
        sum(xs[i : i + 7]) for i in range(0, 500, 7)
    ]
    assert pi.par_iter(xs).map_init(lambda: 5, lambda s, x: s + x).collect() == [x + 5 for x in xs]
    assert pi.par_iter(xs).partition(lambda x: x % 2) == (
        [x for x in xs if x % 2],
        [x for x in xs if not x % 2],
    )
    assert pi.par_iter(xs).map(lambda x: (x, -x)).unzip() == (xs, [-x for x in xs])
    assert pi.par_iter(xs).skip(490).rev().step_by(2).collect() == xs[490:][::-1][::2]
    assert pi.par_iter(xs).by_exponential_blocks().collect() == xs
    assert pi.par_iter(xs).by_uniform_blocks(7).find_first(lambda x: x > 100) == 101
    assert pi.par_iter(xs).cmp(xs) == 0 and pi.par_iter(xs).lt([*xs, 0])
    assert pi.par_iter(xs).eq(xs) and pi.par_iter(xs).ne(xs[:-1])
    assert pi.par_iter("abc").gt("abb") and pi.par_iter("abc").ge("abc")
    assert pi.par_iter(xs).map(str).collect(str) == "".join(map(str, xs))
    assert pi.par_iter(xs).map(lambda x: (x, x)).collect(dict) == {x: x for x in xs}
    assert pi.par_iter(xs).collect(set) == set(xs)
    out = [1, 2]
    pi.par_iter(xs).collect_into_vec(out)
    assert out == xs


def test_short_circuit_any_ops(pool) -> None:  # type: ignore[no-untyped-def]
    xs = list(range(3000))
    assert len(pi.par_iter(xs).take_any(10).collect()) == 10
    kept = pi.par_iter(xs).skip_any(10).collect()
    assert len(kept) == 2990 and kept == sorted(kept)
    got = pi.par_iter(xs).take_any_while(lambda x: x < 1000).collect()
    assert set(got) <= set(range(1000))
    got = pi.par_iter(xs).skip_any_while(lambda x: x < 1000).collect()
    assert set(range(1000, 3000)) <= set(got)
    opts = [x if x != 1500 else None for x in xs]
    got = pi.par_iter(opts).while_some().collect()
    assert None not in got and set(got) <= set(xs)
    assert pi.par_iter([1, 2, 3]).while_some().collect() == [1, 2, 3]


def test_sources(pool) -> None:  # type: ignore[no-untyped-def]
    assert pi.repeat_n(3, 4).collect() == [3, 3, 3, 3]
    assert pi.once(1).collect() == [1] and pi.empty().collect() == []
    assert pi.repeat(1).take(5).sum() == 5
    assert pi.repeat("a").zip(range(3)).collect() == [("a", 0), ("a", 1), ("a", 2)]
    assert pi.repeat(2).take_any(7).sum() == 14
    assert sorted(pi.par_bridge(x for x in range(1000)).map(lambda x: x * 2).collect()) == list(
        range(0, 2000, 2)
    )
    assert sorted(pi.par_iter({"a": 1, "b": 2}).collect()) == [("a", 1), ("b", 2)]
    assert sorted(pi.par_iter({3, 1, 2}).collect()) == [1, 2, 3]
    tree = {1: [2, 3], 2: [4, 5], 3: [6, 7], 4: [8, 9, 10]}
    kids = lambda n: tree.get(n, [])
    assert pi.walk_tree_prefix(1, kids).collect() == [1, 2, 4, 8, 9, 10, 5, 3, 6, 7]
    assert pi.walk_tree_postfix(1, kids).collect() == [8, 9, 10, 4, 5, 2, 6, 7, 3, 1]
    halve = lambda r: (r[: len(r) // 2], r[len(r) // 2 :]) if len(r) > 1 else (r, None)
    assert pi.split(range(1000), halve).map(sum).sum() == sum(range(1000))


def test_laziness_and_memory() -> None:
    calls: list[int] = []
    it = pi.into_par_iter(range(10**12)).map(calls.append).filter(bool)
    assert calls == []
    assert pi.into_par_iter(range(10**7)).map(lambda x: x & 1).sum() == 10**7 // 2
    del it


def test_errors() -> None:
    with pytest.raises(TypeError, match="not indexed"):
        pi.into_par_iter(range(3)).filter(bool).zip([1])
    with pytest.raises(TypeError, match="not indexed"):
        pi.par_bridge(iter([1])).enumerate()
    with pytest.raises(TypeError, match="other"):
        pi.par_iter([1]).zip(pi.par_iter([1]).filter(bool))
    with pytest.raises(ValueError, match="same length"):
        pi.par_iter([1]).zip_eq([1, 2])
    with pytest.raises(ValueError, match="step"):
        pi.par_iter([1]).step_by(0)
    with pytest.raises(ValueError, match="chunk_size"):
        pi.par_iter([1]).chunks(0)
    with pytest.raises(ValueError, match="min_len"):
        pi.par_iter([1]).with_min_len(0)
    with pytest.raises(TypeError, match="iterable"):
        pi.par_iter(5)


def test_first_exception_propagates(pool) -> None:  # type: ignore[no-untyped-def]
    seen = []
    lock = threading.Lock()

    def f(x: int) -> int:
        with lock:
            seen.append(x)
        if x == 10:
            raise KeyError("boom")
        return x

    with pytest.raises(KeyError, match="boom") as info:
        pi.into_par_iter(range(10**6)).map(f).sum()
    assert info.traceback[-1].name == "f"
    assert len(seen) < 10**6  # the other pieces stopped early
    # the pool still works afterwards
    assert pi.into_par_iter(range(10)).sum() == 45


def test_streaming_order_and_early_stop(pool) -> None:  # type: ignore[no-untyped-def]
    for i, x in enumerate(pi.into_par_iter(range(10**9)).map(lambda v: v * 3)):
        assert x == 3 * i
        if i == 999:
            break
    assert list(pi.par_iter(list(range(300))).filter(lambda v: v % 7)) == [
        v for v in range(300) if v % 7
    ]


def test_localize_semantics() -> None:
    k = 3
    f = lambda x: x * k
    assert localize(f)(2) == 6

    def counter() -> tuple[object, object]:
        n = 0

        def bump(_: object) -> int:
            nonlocal n
            n += 1
            return n

        def outer_writer(_: object) -> None:
            def inner() -> None:
                nonlocal n
                n = 5

            inner()

        return bump, outer_writer

    bump, _outer_writer = counter()
    assert writes_free_variables(bump.__code__)  # type: ignore[attr-defined]
    assert localize(bump) is bump
    total = functools.reduce(lambda a, b: a + b, [1, 2, 3])
    assert total == 6


def test_nonlocal_writes_are_shared(pool) -> None:  # type: ignore[no-untyped-def]
    lock = threading.Lock()
    n = 0

    def bump(_: int) -> None:
        nonlocal n
        with lock:
            n += 1

    pi.into_par_iter(range(5000)).for_each(bump)
    assert n == 5000
