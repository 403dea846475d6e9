"""Writes made on worker processes come back to the caller's collections, as on threads."""

from __future__ import annotations

import array
import collections
from typing import Any

import pytest

import pariter as pi
from tests.conftest import Current

N = 5_000  # several chunk tasks per worker (the first chunks hold 64 items)


def bump(v: int) -> int:
    return v * 3 + 1


DICT_KINDS = {
    "dict": dict,
    "Counter": lambda pairs: collections.Counter(dict(pairs)),
    "OrderedDict": collections.OrderedDict,
    "defaultdict": lambda pairs: collections.defaultdict(int, pairs),
}


@pytest.mark.parametrize("kind", sorted(DICT_KINDS))
@pytest.mark.parametrize("n", [0, 1, 7, N])
def test_dict_slot_writes_land_in_order(proc: Current, kind: str, n: int) -> None:
    pairs = [(f"k{(i * 7919) % (n or 1)}-{i}", i - n // 2) for i in range(n)]
    d: Any = DICT_KINDS[kind](pairs)
    expected = {k: bump(v) for k, v in pairs}
    order = list(d)
    before = id(d)
    with proc:
        pi.par_iter_mut(d).for_each(lambda s: s.set(bump(s.value)))
    assert id(d) == before
    assert type(d) is type(DICT_KINDS[kind](()))
    assert dict(d) == expected
    assert list(d) == order  # no key moved, none added


def test_counter_writes_assign_not_add(proc: Current) -> None:
    c = collections.Counter("abracadabra" * 50)
    expected = collections.Counter({k: v * 10 for k, v in c.items()})
    with proc:
        pi.par_iter_mut(c).for_each(lambda s: s.set(s.value * 10))
    assert c == expected


def test_slot_keys_on_a_dict_are_its_keys(proc: Current) -> None:
    d = {f"x{i}": i for i in range(N)}
    with proc:
        got = pi.par_iter_mut(d).map(lambda s: (s.key, s.value)).collect()
    assert got == list(d.items())


SEQUENCE_KINDS = {
    "list": list,
    "bytearray": lambda xs: bytearray(x % 256 for x in xs),
    "array": lambda xs: array.array("q", xs),
    "deque": collections.deque,
}


def small(v: int) -> int:
    return (v * 7 + 3) % 256


@pytest.mark.parametrize("kind", sorted(SEQUENCE_KINDS))
@pytest.mark.parametrize("n", [0, 1, 100, N])
def test_sequence_slots_have_absolute_keys_and_writes_land(
    proc: Current, kind: str, n: int
) -> None:
    target = SEQUENCE_KINDS[kind](range(n))
    before = id(target)
    expected = [small(v + i) for i, v in enumerate(target)]
    with proc:
        keys = pi.par_iter_mut(target).map(lambda s: s.key).collect()
        pi.par_iter_mut(target).for_each(lambda s: s.set(small(s.value + s.key)))
    assert keys == list(range(n))
    assert id(target) == before
    assert list(target) == expected


def test_slot_value_augmented_assignment(proc: Current) -> None:
    xs = list(range(N))
    with proc:
        pi.par_iter_mut(xs).enumerate().for_each(lambda p: setattr(p[1], "value", p[0] * 2))
    assert xs == [i * 2 for i in range(N)]


def test_map_in_place_on_dict_and_list(proc: Current) -> None:
    d = {i: str(i) for i in range(N)}
    xs = list(range(N))
    with proc:
        pi.par_iter_mut(d).map_in_place(lambda v: v + "!")
        pi.par_iter_mut(xs).map_in_place(bump)
    assert d == {i: f"{i}!" for i in range(N)}
    assert list(d) == list(range(N))
    assert xs == [bump(i) for i in range(N)]


@pytest.mark.parametrize("size", [1, 3, 64, 1000, N + 1])
def test_par_chunks_mut_list_rewrites_chunks(proc: Current, size: int) -> None:
    xs = list(range(N))
    expected = []
    for i in range(0, N, size):
        expected.extend(reversed(xs[i : i + size]))
    with proc:
        pi.par_chunks_mut(xs, size).for_each(lambda c: c.reverse())
    assert xs == expected
    with proc:
        pi.par_chunks_mut(xs, size).enumerate().for_each(
            lambda p: p[1].__setitem__(slice(None), [p[0]] * len(p[1]))
        )
    assert xs == [i // size for i in range(N)]


def test_par_chunks_mut_bytearray(proc: Current) -> None:
    buf = bytearray(range(256)) * 8
    expected = bytearray(buf)
    for i in range(0, len(expected), 100):
        expected[i : i + 100] = bytes(sorted(expected[i : i + 100], reverse=True))
    with proc:
        pi.par_chunks_mut(buf, 100).for_each(lambda c: c.sort(reverse=True))
    assert buf == expected


@pytest.mark.parametrize("n", [0, 1, N])
def test_collect_and_collect_into_vec(proc: Current, n: int) -> None:
    out = ["stale"] * 3
    with proc:
        got = pi.into_par_iter(range(n)).map(bump).collect()
        pi.into_par_iter(range(n)).map(bump).collect_into_vec(out)
        as_tuple = pi.par_iter(list(range(n))).map(str).collect(tuple)
    assert got == [bump(i) for i in range(n)]
    assert out == got
    assert as_tuple == tuple(map(str, range(n)))


def test_collect_into_vec_is_cleared_when_a_task_fails(proc: Current) -> None:
    out = [1, 2, 3]

    def boom(i: int) -> int:
        if i == N // 2:
            raise ValueError("boom")
        return i

    with proc, pytest.raises(ValueError, match="boom"):
        pi.into_par_iter(range(N)).map(boom).collect_into_vec(out)
    assert out == []


def test_par_drain_dict_list_set_deque(proc: Current) -> None:
    d = {i: -i for i in range(N)}
    xs = list(range(N))
    s = set(range(N))
    dq = collections.deque(range(N))
    expected_d = list(d.items())
    with proc:
        got_d = pi.par_drain(d).collect()
        got_xs = pi.par_drain(xs).map(bump).collect()
        got_s = pi.par_drain(s).collect(set)
        got_dq = pi.par_drain(dq).collect()
    assert got_d == expected_d and d == {}
    assert got_xs == [bump(i) for i in range(N)] and xs == []
    assert got_s == set(range(N)) and s == set()
    assert got_dq == list(range(N)) and len(dq) == 0


@pytest.mark.parametrize(("a", "b"), [(0, 0), (0, N), (10, 4000), (N - 1, N), (N, N)])
def test_par_drain_range_of_a_list(proc: Current, a: int, b: int) -> None:
    xs = list(range(N))
    expected_rest = xs[:a] + xs[b:]
    with proc:
        got = pi.par_drain(xs, range(a, b)).map(lambda v: -v).collect()
    assert got == [-v for v in range(a, b)]
    assert xs == expected_rest


def test_par_drain_leaves_the_list_empty_on_error(proc: Current) -> None:
    xs = list(range(N))

    def fail(v: int) -> int:
        if v == 1234:
            raise KeyError(v)
        return v

    with proc, pytest.raises(KeyError):
        pi.par_drain(xs, range(1000, 3000)).map(fail).collect()
    assert xs == list(range(1000)) + list(range(3000, N))
