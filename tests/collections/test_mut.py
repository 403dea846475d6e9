"""par_iter_mut: writable slots over dicts, lists, bytearrays, arrays, deques and NumPy arrays."""

from __future__ import annotations

import array
import collections
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi

settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

dicts = st.dictionaries(st.text(max_size=3), st.integers(-1000, 1000), max_size=200)
ints = st.lists(st.integers(-1000, 1000), max_size=300)
max_lens = st.sampled_from([1, 3, 1000])


def double(v: int) -> int:
    return 2 * v + 1


@settings_
@given(d=dicts, max_len=max_lens, ordered=st.booleans())
def test_dict_slots_write_in_place_and_keep_order(pool: pi.ThreadPool, d, max_len, ordered) -> None:
    m: Any = collections.OrderedDict(d) if ordered else dict(d)
    expected = type(m)((k, double(v)) for k, v in m.items())
    before = id(m)
    pi.par_iter_mut(m).with_max_len(max_len).for_each(lambda s: s.set(double(s.value)))
    assert m == expected
    assert list(m) == list(expected)  # key order kept
    assert id(m) == before
    # keys and values read through slots match the dict
    assert pi.par_iter_mut(m).map(lambda s: (s.key, s.value)).collect() == list(m.items())


@settings_
@given(d=dicts)
def test_map_in_place_on_dicts(pool: pi.ThreadPool, d) -> None:
    m = dict(d)
    pi.par_iter_mut(m).map_in_place(double)
    assert m == {k: double(v) for k, v in d.items()}
    assert list(m) == list(d)


SEQUENCES = {
    "list": list,
    "bytearray": lambda xs: bytearray(x % 256 for x in xs),
    "array": lambda xs: array.array("q", xs),
    "deque": collections.deque,
    "numpy": lambda xs: np.array(xs, dtype=np.int64),
}


def small(v: Any) -> int:
    return (int(v) * 7 + 3) % 256


@settings_
@given(xs=ints, kind=st.sampled_from(sorted(SEQUENCES)), max_len=max_lens)
def test_sequence_slots_have_index_keys(pool: pi.ThreadPool, xs, kind, max_len) -> None:
    target = SEQUENCES[kind](xs)
    expected = [small(v) for v in list(target)]
    it = pi.par_iter_mut(target).with_max_len(max_len)
    assert it.map(lambda s: s.key).collect() == list(range(len(xs)))
    it.for_each(lambda s: setattr(s, "value", small(s.value)))
    assert [int(v) for v in target] == expected


@settings_
@given(xs=ints, kind=st.sampled_from(sorted(SEQUENCES)))
def test_map_in_place_on_sequences(pool: pi.ThreadPool, xs, kind) -> None:
    target = SEQUENCES[kind](xs)
    expected = [small(v) for v in list(target)]
    pi.par_iter_mut(target).map_in_place(small)
    assert [int(v) for v in target] == expected
    assert type(target) is type(SEQUENCES[kind]([]))


@settings_
@given(xs=ints)
def test_indexed_adapters_on_slots(pool: pi.ThreadPool, xs) -> None:
    target = list(xs)
    it = pi.par_iter_mut(target)
    assert it.len() == len(xs)
    assert it.rev().map(lambda s: s.key).collect() == list(range(len(xs)))[::-1]
    # Write only the odd positions, through zip with a plain iterator.
    it.zip(range(len(xs))).filter(lambda p: p[1] % 2).for_each(lambda p: p[0].set(-p[1]))
    assert target == [-i if i % 2 else x for i, x in enumerate(xs)]


def test_numpy_rows_are_slots(pool: pi.ThreadPool) -> None:
    a = np.arange(12).reshape(4, 3)
    pi.par_iter_mut(a).for_each(lambda s: s.set(s.value * s.key))
    assert a.tolist() == (np.arange(12).reshape(4, 3) * np.arange(4)[:, None]).tolist()


def test_large_inputs_cross_many_blocks(pool: pi.ThreadPool) -> None:
    xs = list(range(60_000))
    pi.par_iter_mut(xs).map_in_place(lambda v: v * 3)
    assert xs == [v * 3 for v in range(60_000)]
    d = {i: i for i in range(60_000)}
    pi.par_iter_mut(d).for_each(lambda s: s.set(-s.value))
    assert d == {i: -i for i in range(60_000)}


def test_slot_reads_and_writes_live() -> None:
    d = {"a": 1}
    (slot,) = pi.par_iter_mut(d).collect()
    assert isinstance(slot, pi.Slot)
    assert (slot.key, slot.value) == ("a", 1)
    d["a"] = 5
    assert slot.value == 5
    slot.value = 6
    assert d == {"a": 6}
    assert repr(slot) == "Slot(key='a', value=6)"
    with pytest.raises(AttributeError):
        slot.other = 1  # type: ignore[attr-defined]


def test_an_exception_in_f_propagates(pool: pi.ThreadPool) -> None:
    xs = list(range(5000))

    def f(v: int) -> int:
        if v == 4321:
            raise KeyError("boom")
        return v

    with pytest.raises(KeyError, match="boom"):
        pi.par_iter_mut(xs).map_in_place(f)
    with pytest.raises(KeyError, match="boom"):
        pi.par_iter_mut(xs).for_each(lambda s: s.set(f(s.value)))


def test_dict_size_change_raises(pool: pi.ThreadPool) -> None:
    d = {i: i for i in range(3000)}
    with pytest.raises(RuntimeError, match=r"^dictionary changed size during iteration"):
        pi.par_iter_mut(d).for_each(lambda s: d.__setitem__(-s.key - 1, 0))
    d = {i: i for i in range(3000)}
    with pytest.raises(RuntimeError, match=r"^dictionary changed size during iteration"):
        pi.par_iter_mut(d).map_in_place(lambda v: d.__setitem__(-v - 1, 0) or v)


def test_a_slot_whose_key_was_removed_reports_the_size_change(pool: pi.ThreadPool) -> None:
    # Reading slot k + 1 after slot k removed it: a for loop would have raised at next().
    d = {i: i for i in range(3000)}
    with pytest.raises(RuntimeError, match=r"^dictionary changed size during iteration"):
        pi.par_iter_mut(d).for_each(lambda s: (s.value, d.pop(s.key + 1, None)))


def test_read_only_numpy_array_refuses_writes(pool: pi.ThreadPool) -> None:
    a = np.arange(5)
    a.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        pi.par_iter_mut(a).map_in_place(lambda v: v + 1)


@pytest.mark.parametrize(
    "bad", [(1, 2), "abc", b"abc", frozenset({1}), {1, 2}, range(3), 5, np.int64(3)]
)
def test_bad_types_name_the_argument(bad: Any) -> None:
    with pytest.raises(TypeError, match=r"^xs must "):
        pi.par_iter_mut(bad)


def test_map_in_place_needs_a_callable() -> None:
    with pytest.raises(TypeError, match=r"^f must be callable, got int$"):
        pi.par_iter_mut([1]).map_in_place(3)  # type: ignore[arg-type]
