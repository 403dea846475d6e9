"""Every kind of source and the common chains give, on worker processes, what threads give and
what sequential Python gives."""

from __future__ import annotations

import array
import collections
import itertools
from collections.abc import Callable
from typing import Any

import pytest

import pariter as pi

Both = Callable[[Callable[[], Any]], Any]
N = 20_000


def sq(x: int) -> int:
    return x * x


# -- ranges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "r",
    [range(0), range(1), range(N), range(-N, N, 7), range(N, -N, -3), range(10, 0), range(5, 6)],
    ids=repr,
)
def test_ranges(same_on_both: Both, r: range) -> None:
    assert same_on_both(lambda: pi.into_par_iter(r).map(sq).collect()) == list(map(sq, r))
    assert same_on_both(lambda: pi.into_par_iter(r).sum()) == sum(r)
    assert same_on_both(lambda: pi.par_iter(r).rev().collect()) == list(reversed(r))


def test_huge_range_find_any_and_find_first(same_on_both: Both) -> None:
    huge = range(10**20)  # far too long to visit: the answers must stop every piece
    assert same_on_both(lambda: pi.into_par_iter(huge).find_any(lambda x: x == 500)) == 500
    assert same_on_both(lambda: pi.into_par_iter(huge).find_first(lambda x: x % 1000 == 999)) == 999
    assert same_on_both(lambda: pi.into_par_iter(huge).any(lambda x: x == 10**6))
    assert same_on_both(lambda: pi.into_par_iter(huge).take(5).collect()) == [0, 1, 2, 3, 4]
    assert same_on_both(lambda: pi.into_par_iter(huge).len()) == 10**20
    with_step = range(-(10**20), 10**20, 7)
    assert same_on_both(lambda: pi.into_par_iter(with_step).find_first(lambda x: x % 5 == 0)) == (
        next(x for x in with_step if x % 5 == 0)
    )


def test_huge_range_find_any_of_many_matches(proc: Any) -> None:
    with proc:
        got = pi.into_par_iter(range(10**20)).find_any(lambda x: x % 1_000_003 == 17)
    assert got is not None and got % 1_000_003 == 17


def test_huge_range_position_enumerate_skip(same_on_both: Both) -> None:
    """Lengths beyond sys.maxsize: what sequential Python computes on ``range(10**20)``."""
    huge = range(10**20)
    assert same_on_both(lambda: pi.into_par_iter(huge).position_first(lambda x: x > 7)) == 8
    found = same_on_both(lambda: pi.into_par_iter(huge).enumerate().find_first(lambda p: p[0] > 8))
    assert found == (9, 9)
    last3 = same_on_both(lambda: pi.into_par_iter(huge).skip(10**20 - 3).collect())
    assert last3 == list(huge[-3:])


# -- sequences, mappings and sets ------------------------------------------------------------------

TEXT = "pariter — Rayon for Python: ünïcode 🎉 text\n" * 300
SOURCES = {
    "list": list(range(N)),
    "tuple": tuple(range(-500, 500)),
    "str": TEXT,
    "bytes": TEXT.encode(),
    "bytearray": bytearray(TEXT.encode()),
    "memoryview": memoryview(TEXT.encode()),
    "memoryview-int32": memoryview(array.array("i", range(3000))),
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_sequences(same_on_both: Both, name: str) -> None:
    xs = SOURCES[name]
    assert same_on_both(lambda: pi.par_iter(xs).collect()) == list(xs)
    kept = same_on_both(lambda: pi.par_iter(xs).enumerate().filter(lambda p: p[0] % 3).collect())
    assert kept == [p for p in enumerate(xs) if p[0] % 3]
    assert same_on_both(lambda: pi.par_iter(xs).rev().take(100).collect()) == list(xs)[::-1][:100]
    assert same_on_both(lambda: pi.par_iter(xs).count()) == len(xs)


def test_dict_set_frozenset_deque(same_on_both: Both) -> None:
    d = {f"k{i}": i for i in range(N)}
    s = set(range(0, 3 * N, 3))
    fs = frozenset(map(str, range(5000)))
    dq = collections.deque(range(N))
    assert same_on_both(lambda: pi.par_iter(d).collect()) == list(d.items())
    assert same_on_both(lambda: pi.par_iter(d).map(lambda kv: kv[1]).sum()) == sum(d.values())
    assert same_on_both(lambda: pi.par_iter(s).collect(set)) == s
    assert sorted(same_on_both(lambda: pi.par_iter(s).collect())) == sorted(s)
    assert same_on_both(lambda: pi.par_iter(fs).map(len).sum()) == sum(map(len, fs))
    assert same_on_both(lambda: pi.par_iter(dq).map(sq).collect()) == list(map(sq, dq))


def generate(n: int) -> Any:
    yield from (i * 3 for i in range(n))


def test_par_bridge_of_a_generator(proc: Any, threads: pi.ThreadPool) -> None:
    expected = sorted(sq(i * 3) for i in range(N))
    on_threads = threads.install(lambda: pi.par_bridge(generate(N)).map(sq).collect())
    with proc:
        on_processes = pi.par_bridge(generate(N)).map(sq).collect()
        total = pi.par_bridge(iter(range(N))).sum()
        empty = pi.par_bridge(generate(0)).collect()
    assert sorted(on_processes) == sorted(on_threads) == expected
    assert total == sum(range(N))
    assert empty == []


# -- strings ---------------------------------------------------------------------------------------

TEXTS = [
    "",
    "one line",
    "a\nb\r\nc\n\nd\n",
    "  the quick\u3000brown\n\tfox  jumps " * 500,
    TEXT,
]


@pytest.mark.parametrize("s", TEXTS, ids=lambda s: f"len{len(s)}")
def test_string_sources(same_on_both: Both, s: str) -> None:
    assert same_on_both(lambda: pi.par_lines(s).collect()) == s.splitlines()
    assert same_on_both(lambda: pi.par_lines(s.encode()).collect()) == s.encode().splitlines()
    assert same_on_both(lambda: pi.par_split_whitespace(s).collect()) == s.split()
    assert same_on_both(lambda: pi.par_chars(s).collect(str)) == s
    assert same_on_both(lambda: pi.par_char_indices(s).collect()) == list(enumerate(s))
    assert same_on_both(lambda: pi.par_matches(s, "o").count()) == s.count("o")
    assert same_on_both(lambda: pi.par_matches(s, "the").collect()) == ["the"] * s.count("the")
    assert same_on_both(lambda: pi.par_matches(s, str.isupper).collect(str)) == "".join(
        filter(str.isupper, s)
    )
    assert same_on_both(lambda: pi.par_split(s, " ").collect()) == s.split(" ")
    assert same_on_both(lambda: pi.par_bytes(s).collect()) == list(s.encode())


# -- slices ----------------------------------------------------------------------------------------


def seq_split(xs: list[int], pred: Callable[[int], bool]) -> list[list[int]]:
    out: list[list[int]] = [[]]
    for x in xs:
        if pred(x):
            out.append([])
        else:
            out[-1].append(x)
    return out


def is_sep(x: int) -> bool:
    return x % 97 == 0


@pytest.mark.parametrize("n", [0, 1, 5, 1000, N])
@pytest.mark.parametrize("size", [1, 3, 64, 5000])
def test_chunks_windows_rchunks(same_on_both: Both, n: int, size: int) -> None:
    xs = list(range(n))
    chunks = [xs[i : i + size] for i in range(0, n, size)]
    rchunks = [xs[max(0, n - i - size) : n - i] for i in range(0, n, size)]
    windows = [xs[i : i + size] for i in range(n - size + 1)]
    assert same_on_both(lambda: pi.par_chunks(xs, size).map(list).collect()) == chunks
    assert same_on_both(lambda: pi.par_rchunks(xs, size).map(list).collect()) == rchunks
    assert same_on_both(lambda: pi.par_windows(xs, size).map(sum).collect()) == list(
        map(sum, windows)
    )
    arrays = [tuple(w) for w in windows]
    assert same_on_both(lambda: pi.par_array_windows(xs, size).collect()) == arrays
    exact = [c for c in chunks if len(c) == size]
    assert same_on_both(lambda: pi.par_chunks_exact(xs, size).map(list).collect()) == exact


@pytest.mark.parametrize("n", [0, 1, 97, 98, N])
def test_par_split_with_a_predicate(same_on_both: Both, n: int) -> None:
    xs = list(range(n))
    assert same_on_both(lambda: pi.par_split(xs, is_sep).map(list).collect()) == seq_split(
        xs, is_sep
    )
    ys = [0, 0, 1, 0]
    assert same_on_both(lambda: pi.par_split(ys, lambda x: x == 0).map(list).collect()) == (
        seq_split(ys, lambda x: x == 0)
    )


def halve(r: range) -> tuple[range, range | None]:
    if len(r) <= 100:
        return r, None
    mid = len(r) // 2
    return r[:mid], r[mid:]


def children(n: int) -> list[int]:
    return [2 * n, 2 * n + 1] if n < 4096 else []


def prefix_order(n: int) -> list[int]:
    return [n, *itertools.chain.from_iterable(map(prefix_order, children(n)))]


def postfix_order(n: int) -> list[int]:
    return [*itertools.chain.from_iterable(map(postfix_order, children(n))), n]


def test_split_and_walk_tree(proc: Any, threads: pi.ThreadPool) -> None:
    # How far `split` cuts depends on the pool; the pieces, joined, are the data in order.
    def pieces() -> list[int]:
        return list(itertools.chain.from_iterable(pi.split(range(N), halve).collect()))

    assert threads.install(pieces) == list(range(N))
    with proc:
        assert pieces() == list(range(N))
        assert pi.split(range(N), halve).map(sum).sum() == sum(range(N))
        nodes = list(range(1, 8192))
        assert sorted(pi.walk_tree(1, children).collect()) == nodes
        assert pi.walk_tree_prefix(1, children).sum() == sum(nodes)
        assert pi.walk_tree_prefix(1, children).collect() == prefix_order(1)
        assert pi.walk_tree_postfix(1, children).collect() == postfix_order(1)
        assert pi.walk_tree_prefix(1, children).count() == len(nodes)


def test_repeat_and_repeat_n(same_on_both: Both) -> None:
    assert same_on_both(lambda: pi.repeat("x").take_any(1234).collect()) == ["x"] * 1234
    assert same_on_both(lambda: pi.repeat_n((1, 2), 3000).collect()) == [(1, 2)] * 3000
    assert same_on_both(lambda: pi.once(5).chain(pi.empty()).collect()) == [5]
    assert same_on_both(lambda: pi.repeat(1).take_any(0).collect()) == []


# -- adapters --------------------------------------------------------------------------------------


def test_zip_chain_enumerate_rev_skip_take_step_by(same_on_both: Both) -> None:
    a = list(range(N))
    b = [str(i) for i in range(N // 2)]
    got = same_on_both(
        lambda: (
            pi.par_iter(a)
            .zip(b)
            .chain(pi.par_iter([(-1, "z")] * 10))
            .enumerate()
            .rev()
            .skip(7)
            .take(9000)
            .step_by(3)
            .map(lambda p: (p[0], p[1][0] * 2, p[1][1]))
            .collect()
        )
    )
    pairs = itertools.chain(zip(a, b, strict=False), [(-1, "z")] * 10)
    seq = list(enumerate(pairs))[::-1][7:][:9000][::3]
    assert got == [(i, x * 2, s) for i, (x, s) in seq]


@pytest.mark.parametrize("target", [dict, set, collections.Counter, tuple, sorted])
def test_collect_into_containers(same_on_both: Both, target: Any) -> None:
    items = [(i % 100, i) for i in range(N)]
    assert same_on_both(lambda: pi.par_iter(items).collect(target)) == target(items)


def test_find_and_position_first_last_on_large_inputs(same_on_both: Both) -> None:
    xs = [i % 1000 for i in range(10 * N)]
    assert same_on_both(lambda: pi.par_iter(xs).find_first(lambda x: x == 500)) == 500
    assert same_on_both(lambda: pi.par_iter(xs).position_first(lambda x: x == 500)) == 500
    last = len(xs) - 1 - xs[::-1].index(1)
    assert same_on_both(lambda: pi.par_iter(xs).position_last(lambda x: x == 1)) == last
    assert same_on_both(lambda: pi.par_iter(xs).enumerate().find_last(lambda p: p[1] == 1)) == (
        last,
        1,
    )
    assert same_on_both(lambda: pi.par_iter(xs).find_first(lambda x: x < 0)) is None
    assert same_on_both(lambda: pi.par_iter(xs).position_first(lambda x: x < 0)) is None
    assert same_on_both(lambda: pi.into_par_iter(range(10 * N)).find_last(is_sep)) == max(
        i for i in range(10 * N) if is_sep(i)
    )


@pytest.mark.parametrize("k", [0, 1, 999, N - 1, N, N + 5])
def test_take_any_skip_any_exact_counts(proc: Any, k: int) -> None:
    xs = list(range(N))
    with proc:
        took = pi.par_iter(xs).take_any(k).collect()
        skipped = pi.par_iter(xs).skip_any(k).collect()
        filtered = pi.par_iter(xs).filter(lambda x: x % 2).take_any(k).count()
    assert len(took) == min(k, N) and len(set(took)) == len(took) and set(took) <= set(xs)
    assert len(skipped) == max(0, N - k) and len(set(skipped)) == len(skipped)
    assert filtered == min(k, N // 2)


def test_while_some(same_on_both: Both, proc: Any) -> None:
    full = same_on_both(lambda: pi.par_iter(list(range(N))).map(lambda x: x).while_some().sum())
    assert full == sum(range(N))
    xs: list[int | None] = list(range(N))
    xs[N // 2] = None
    with proc:
        got = pi.par_iter(xs).while_some().collect()
        none_first = pi.par_iter([None, *range(10)]).while_some().count()
    # it stops at the None: what it yields are distinct non-None items (which ones may vary)
    assert None not in got and len(set(got)) == len(got) and set(got) <= set(range(N))
    assert none_first <= 10


def test_reduce_with_a_non_commutative_op_keeps_order(same_on_both: Both) -> None:
    words = [str(i) for i in range(N)]
    expected = "".join(words)
    assert same_on_both(lambda: pi.par_iter(words).reduce(str, lambda a, b: a + b)) == expected
    assert same_on_both(lambda: pi.par_iter(words).reduce_with(lambda a, b: a + b)) == expected
    assert (
        same_on_both(
            lambda: pi.par_iter(words).fold(str, lambda a, b: a + b).reduce(str, lambda a, b: a + b)
        )
        == expected
    )
    assert same_on_both(lambda: pi.par_iter(words).collect("".join)) == expected


def test_min_max_ties_return_an_equal_item(same_on_both: Both) -> None:
    items = [(i % 7, i) for i in range(N)]
    key = lambda p: p[0]
    lo = same_on_both(lambda: pi.par_iter(items).min(key=key))
    hi = same_on_both(lambda: pi.par_iter(items).max(key=key))
    assert lo[0] == 0 and lo in items and lo == min(items, key=key)
    assert hi[0] == 6 and hi in items and hi == max(items, key=key)
    assert same_on_both(lambda: pi.par_iter(items).min_by_key(key)) in items
    assert same_on_both(lambda: pi.par_iter([]).min()) is None


def test_iterating_a_chain_on_processes(proc: Any) -> None:
    with proc:
        seen = []
        for x in pi.into_par_iter(range(N)).map(sq):
            if x % 1000 == 0:  # a parallel call from the loop body, on the same pool
                seen.append((x, pi.into_par_iter(range(10)).map(sq).sum()))
        nested = [
            b for a in pi.par_iter([0, 10, 20]) for b in pi.into_par_iter(range(3)).map(a.__add__)
        ]
        for x in pi.into_par_iter(range(10**12)).map(sq):  # leaving early stops the rest
            if x > 100:
                break
        after = pi.into_par_iter(range(100)).sum()
    assert seen == [(x, 285) for x in map(sq, range(N)) if x % 1000 == 0]
    assert nested == [0, 1, 2, 10, 11, 12, 20, 21, 22]
    assert after == 4950
