"""par_drain yields every item and leaves the collection without them, whatever happens next."""

from __future__ import annotations

import array
import collections
import gc
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi

settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

ints = st.lists(st.integers(-1000, 1000), max_size=300)
dicts = st.dictionaries(st.integers(-1000, 1000), st.integers(), max_size=300)

SEQUENCES = {
    "list": list,
    "deque": collections.deque,
    "bytearray": lambda xs: bytearray(x % 256 for x in xs),
    "array": lambda xs: array.array("q", xs),
}
sequence_kinds = st.sampled_from(sorted(SEQUENCES))


def make_all(xs: list[int], d: dict[int, int]) -> dict[str, Any]:
    """One collection of every drainable kind, from the same data."""
    made: dict[str, Any] = {kind: make(xs) for kind, make in SEQUENCES.items()}
    made["set"] = set(xs)
    made["dict"] = dict(d)
    made["OrderedDict"] = collections.OrderedDict(d)
    made["Counter"] = collections.Counter(d)
    made["defaultdict"] = collections.defaultdict(int, d)
    return made


def sequential(source: Any) -> list[Any]:
    """What draining means sequentially: the items in iteration order (pairs for mappings)."""
    return list(source.items()) if isinstance(source, dict) else list(source)


@settings_
@given(xs=ints, d=dicts)
def test_full_drain_yields_everything_in_order(pool: pi.ThreadPool, xs, d) -> None:
    for kind, source in make_all(xs, d).items():
        expected = sequential(source)
        ident = id(source)
        it = pi.par_drain(source)
        assert isinstance(it, pi.IndexedParallelIterator)
        assert it.len() == len(expected), kind
        assert it.with_max_len(7).collect() == expected, kind
        assert len(source) == 0, kind
        assert id(source) == ident  # the same object, emptied: reusable


@settings_
@given(xs=ints, kind=sequence_kinds, data=st.data())
def test_range_drain_removes_only_that_range(pool: pi.ThreadPool, xs, kind, data) -> None:
    source = SEQUENCES[kind](xs)
    n = len(source)
    start = data.draw(st.integers(0, n))
    stop = data.draw(st.integers(start, n))
    before = list(source)
    got = pi.par_drain(source, range(start, stop)).map(lambda x: x).collect()
    assert got == before[start:stop]
    assert list(source) == before[:start] + before[stop:]
    assert type(source) is type(SEQUENCES[kind]([]))


@settings_
@given(
    xs=ints,
    kind=sequence_kinds,
    start=st.none() | st.integers(-400, 400),
    stop=st.none() | st.integers(-400, 400),
)
def test_slice_drain_is_python_slicing_when_in_bounds(
    pool: pi.ThreadPool, xs, kind, start, stop
) -> None:
    source = SEQUENCES[kind](xs)
    before = list(source)
    n = len(before)
    lo = 0 if start is None else (start + n if start < 0 else start)
    hi = n if stop is None else (stop + n if stop < 0 else stop)
    if 0 <= lo <= hi <= n:
        assert pi.par_drain(source, slice(start, stop)).collect() == before[start:stop]
        assert list(source) == before[:lo] + before[hi:]
    else:
        with pytest.raises(ValueError, match=r"^range_ "):
            pi.par_drain(source, slice(start, stop))
        assert list(source) == before  # a rejected range drains nothing


# -- empty whatever happens to the iterator ---------------------------------------------------


class Boom(Exception):
    pass


def raise_on(bad: Any) -> Any:
    def f(item: Any) -> Any:
        if item == bad:
            raise Boom(item)
        return item

    return f


@settings_
@given(xs=st.lists(st.integers(0, 100), min_size=1, max_size=300), d=dicts, data=st.data())
def test_empty_after_a_raising_consumer(pool: pi.ThreadPool, xs, d, data) -> None:
    for kind, source in make_all(xs, d).items():
        items = sequential(source)
        if not items:
            continue
        bad = data.draw(st.sampled_from(items))
        with pytest.raises(Boom):
            pi.par_drain(source).for_each(raise_on(bad))
        assert len(source) == 0, kind


@settings_
@given(xs=st.lists(st.integers(0, 100), min_size=1, max_size=300), d=dicts)
def test_empty_after_an_early_stop(pool: pi.ThreadPool, xs, d) -> None:
    for kind, source in make_all(xs, d).items():
        items = sequential(source)
        assert pi.par_drain(source).find_any(lambda _: True) in [*items, None], kind
        assert len(source) == 0, kind
    for kind, source in make_all(xs, d).items():
        items = sequential(source)
        taken = pi.par_drain(source).take_any(2).collect()
        assert len(taken) == min(2, len(items)), kind
        assert len(source) == 0, kind
    for kind, source in make_all(xs, d).items():
        first = next(iter(pi.par_drain(source)), None)
        assert first == (sequential(make_all(xs, d)[kind]) or [None])[0], kind
        assert len(source) == 0, kind


@pytest.mark.parametrize("kind", ["list", "deque", "set", "dict", "bytearray"])
def test_empty_after_a_dropped_unconsumed_iterator(kind: str) -> None:
    source = make_all(list(range(100)), {i: -i for i in range(100)})[kind]
    it = pi.par_drain(source)
    del it
    gc.collect()
    assert len(source) == 0


def test_range_drain_with_an_early_stop_and_a_dropped_iterator(pool: pi.ThreadPool) -> None:
    xs = list(range(20))
    assert pi.par_drain(xs, range(5, 15)).find_first(lambda x: x > 7) == 8
    assert xs == list(range(5)) + list(range(15, 20))
    ys = list(range(20))
    pi.par_drain(ys, slice(2, 4))  # never run
    assert ys == [0, 1, *range(4, 20)]


def test_large_drain(pool: pi.ThreadPool) -> None:
    d = {i: str(i) for i in range(50_000)}
    expected = list(d.items())
    assert pi.par_drain(d).collect() == expected
    assert d == {}


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("range_", "message"),
    [
        (range(0, 11), "range_ range(0, 11) is out of bounds for a collection of length 10"),
        (range(-1, 3), "range_ range(-1, 3) is out of bounds for a collection of length 10"),
        (range(0, 6, 2), "range_ must have step 1, got range(0, 6, 2)"),
        (range(5, 3), "range_ range(5, 3) starts after it ends"),
        (slice(0, 4, 2), "range_ must have step 1, got slice(0, 4, 2)"),
        (slice(3, 12), "range_ slice(3, 12, None) is out of bounds for a collection of length 10"),
        (slice(-11, None), "range_ slice(-11, None, None) is out of bounds for a collection of "
         "length 10"),
        (slice(6, 2), "range_ slice(6, 2, None) starts after it ends"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("kind", sorted(SEQUENCES))
def test_bad_ranges_raise_value_error_and_drain_nothing(
    kind: str, range_: Any, message: str
) -> None:
    source = SEQUENCES[kind](range(10))
    with pytest.raises(ValueError) as info:
        pi.par_drain(source, range_)
    assert str(info.value) == message
    assert list(source) == list(range(10))


@pytest.mark.parametrize("range_", [(1, 2), 3, "1:2", slice("a", None)])
def test_range_of_a_wrong_type(range_: Any) -> None:
    xs = [1, 2, 3]
    with pytest.raises(TypeError, match=r"^range_ must "):
        pi.par_drain(xs, range_)
    assert xs == [1, 2, 3]


@pytest.mark.parametrize("source", [{1: 2}, {1, 2}])
def test_range_on_a_mapping_or_set(source: Any) -> None:
    before = source.copy()
    with pytest.raises(TypeError, match=r"^range_ applies to sequences"):
        pi.par_drain(source, range(0, 1))
    assert source == before


@pytest.mark.parametrize("bad", [(1, 2), "abc", b"ab", frozenset({1}), range(3), 3, {}.keys()])
def test_bad_types_name_the_argument(bad: Any) -> None:
    with pytest.raises(TypeError) as info:
        pi.par_drain(bad)
    assert str(info.value) == (
        "xs must be a list, dict, set, deque, bytearray or array.array to drain; "
        f"got {type(bad).__name__}"
    )
