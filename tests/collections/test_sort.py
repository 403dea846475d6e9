"""par_sort and friends equal list.sort on every input, stability and errors included."""

from __future__ import annotations

import collections
import functools
import itertools
import operator
import random
import threading
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi
from pariter.collections import sort as sort_module


@pytest.fixture(params=[False, True], ids=["as-shipped", "forced-parallel"])
def force_parallel(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[bool]:
    """Also run the parallel algorithm on small inputs, and on GIL builds where it is off.

    Pieces of 4 items give small inputs many pieces, so cuts and batches are exercised too.
    """
    if request.param:
        monkeypatch.setattr(sort_module, "SEQUENTIAL_BELOW", 3)
        monkeypatch.setattr(sort_module, "_threads_help", lambda: True)
        monkeypatch.setattr(sort_module, "PIECE", 4)
    yield request.param


# (key, tag) pairs: few distinct keys, so stability is visible through the tags.
pairs = st.lists(st.tuples(st.integers(-5, 5), st.integers()), max_size=300)
# The pool and the monkeypatch serve every example of a test alike, so sharing them is right.
settings_ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@settings_
@given(xs=st.lists(st.integers(), max_size=400), reverse=st.booleans())
def test_par_sort_equals_list_sort(pool: pi.ThreadPool, force_parallel: bool, xs, reverse) -> None:
    expected = sorted(xs, reverse=reverse)
    got = list(xs)
    pi.par_sort(got, reverse=reverse)
    assert got == expected


@settings_
@given(xs=pairs, reverse=st.booleans())
def test_par_sort_is_stable_with_a_key(
    pool: pi.ThreadPool, force_parallel: bool, xs, reverse
) -> None:
    key = lambda p: p[0]
    expected = sorted(xs, key=key, reverse=reverse)
    got = list(xs)
    pi.par_sort(got, key=key, reverse=reverse)
    assert got == expected


@settings_
@given(xs=pairs, reverse=st.booleans())
def test_sort_by_comparator_key_and_cached_key(
    pool: pi.ThreadPool, force_parallel: bool, xs, reverse
) -> None:
    compare = lambda a, b: (a[0] > b[0]) - (a[0] < b[0])
    expected = sorted(xs, key=functools.cmp_to_key(compare), reverse=reverse)
    for sort in (
        lambda ys: pi.par_sort_by(ys, compare, reverse=reverse),
        lambda ys: pi.par_sort_by_key(ys, lambda p: p[0], reverse=reverse),
        lambda ys: pi.par_sort_by_cached_key(ys, lambda p: p[0], reverse=reverse),
        lambda ys: pi.par_sort_unstable(ys, key=lambda p: p[0], reverse=reverse),
    ):
        got = list(xs)
        sort(got)
        assert sorted(got) == sorted(xs)  # a permutation
        assert [p[0] for p in got] == [p[0] for p in expected]
    got = list(xs)
    pi.par_sort_by_key(got, lambda p: p[0], reverse=reverse)
    assert got == expected  # the stable ones keep ties in input order


@settings_
@given(xs=st.lists(st.text(max_size=4), max_size=200))
def test_strings_and_key_functions(pool: pi.ThreadPool, force_parallel: bool, xs) -> None:
    got = list(xs)
    pi.par_sort(got, key=str.lower)
    assert got == sorted(xs, key=str.lower)


def test_cached_key_calls_the_key_once_per_item(pool: pi.ThreadPool, force_parallel: bool) -> None:
    calls: list[int] = []

    def key(x: int) -> int:
        calls.append(x)
        return -x

    xs = list(range(50))
    pi.par_sort_by_cached_key(xs, key)
    assert xs == list(range(49, -1, -1))
    assert sorted(calls) == list(range(50))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 1000])
def test_sizes_and_already_sorted(pool: pi.ThreadPool, force_parallel: bool, n: int) -> None:
    for xs in (list(range(n)), list(range(n, 0, -1)), [7] * n):
        got = list(xs)
        pi.par_sort(got)
        assert got == sorted(xs)


def test_unorderable_items_raise_type_error_and_keep_a_permutation(
    pool: pi.ThreadPool, force_parallel: bool
) -> None:
    xs: list[object] = [3, "a", 1, 2.5, None, "b", 9] * 20
    before = list(xs)
    with pytest.raises(TypeError, match="not supported"):
        pi.par_sort(xs)
    assert sorted(map(repr, xs)) == sorted(map(repr, before))


def test_user_key_exception_propagates_with_its_type(
    pool: pi.ThreadPool, force_parallel: bool
) -> None:
    class KeyBoom(Exception):
        pass

    def key(x: int) -> int:
        if x == 77:
            raise KeyBoom("bad item")
        return x

    xs = list(range(100))
    with pytest.raises(KeyBoom):
        pi.par_sort(xs, key=key)
    assert sorted(xs) == list(range(100))


def test_a_comparison_failing_at_any_point_leaves_a_permutation(
    pool: pi.ThreadPool, force_parallel: bool
) -> None:
    """Fail the k-th comparison for every k: while sorting runs, cutting pieces or merging."""

    class Boom(Exception):
        pass

    comparisons = itertools.count()
    fail_at = [-1]

    def compare(a: int, b: int) -> int:
        if next(comparisons) == fail_at[0]:
            raise Boom
        return (a > b) - (a < b)

    xs = [(i * 37) % 101 for i in range(101)]
    pi.par_sort_by(list(xs), compare)
    total = next(comparisons)
    for fail_at[0] in range(0, total, max(1, total // 150)):
        comparisons = itertools.count()
        got = list(xs)
        try:
            pi.par_sort_by(got, compare)
        except Boom:
            pass
        assert sorted(got) == sorted(xs)


def test_inconsistent_comparisons_leave_a_permutation(
    pool: pi.ThreadPool, force_parallel: bool
) -> None:
    rng = random.Random(5)
    xs = list(range(300))
    got = list(xs)
    pi.par_sort_by(got, lambda a, b: rng.choice((-1, 0, 1)))
    assert sorted(got) == xs


@pytest.mark.parametrize("reverse", [False, True])
def test_lists_of_many_cache_sized_pieces(
    pool: pi.ThreadPool, monkeypatch: pytest.MonkeyPatch, reverse: bool
) -> None:
    """The real piece size, forced parallel: stable, with runs of equal keys across pieces."""
    monkeypatch.setattr(sort_module, "SEQUENTIAL_BELOW", 3)
    monkeypatch.setattr(sort_module, "_threads_help", lambda: True)
    rng = random.Random(11)
    xs = [(rng.randrange(2_000), i) for i in range(40_000)]
    xs += [(1_000, -i) for i in range(5_000)]  # one key spanning many pieces
    key = operator.itemgetter(0)
    got = list(xs)
    pi.par_sort(got, key=key, reverse=reverse)
    assert got == sorted(xs, key=key, reverse=reverse)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: pi.par_sort((3, 1, 2)), TypeError, "list"),
        (lambda: pi.par_sort("cba"), TypeError, "list"),
        (lambda: pi.par_sort([1], key=3), TypeError, "key"),
        (lambda: pi.par_sort([1], reverse="yes"), TypeError, "reverse"),
        (lambda: pi.par_sort_by([1], None), TypeError, "compare"),
        (lambda: pi.par_sort_by_key([1], 5), TypeError, "key"),
        (lambda: pi.par_sort_by_cached_key([1], 5), TypeError, "key"),
    ],
)
def test_bad_arguments_name_themselves(call, error, words) -> None:
    with pytest.raises(error, match=words):
        call()


def test_other_mutable_sequences_are_sorted_in_place(force_parallel: bool) -> None:
    import array
    from collections import deque

    arr = array.array("i", [5, 2, 8, 1])
    pi.par_sort(arr)
    assert list(arr) == [1, 2, 5, 8]
    ba = bytearray(b"hello")
    pi.par_sort(ba)
    assert bytes(ba) == b"ehllo"
    dq: deque[int] = deque([3, 1, 2])
    pi.par_sort(dq)  # type: ignore[arg-type]
    assert list(dq) == [1, 2, 3]


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("shortcut", [True, False], ids=["presorted-shortcut", "threads"])
def test_presorted_inputs_either_way(
    pool: pi.ThreadPool, monkeypatch: pytest.MonkeyPatch, shortcut: bool, reverse: bool
) -> None:
    """Sorted, reversed, organ-pipe and nearly sorted lists: the shortcut to list.sort and the
    parallel algorithm give list.sort's result."""
    monkeypatch.setattr(sort_module, "SEQUENTIAL_BELOW", 3)
    monkeypatch.setattr(sort_module, "_threads_help", lambda: True)
    monkeypatch.setattr(sort_module, "PIECE", 64)
    if not shortcut:
        monkeypatch.setattr(sort_module, "_looks_presorted", lambda keys: False)
    n = 5000
    nearly = list(range(n))
    nearly[100], nearly[4000] = nearly[4000], nearly[100]
    inputs = [
        list(range(n)),
        list(range(n, 0, -1)),
        list(range(n // 2)) + list(range(n // 2, 0, -1)),
    ]
    inputs += [nearly, [(i // 7, -i) for i in range(n)], [5] * n]
    for xs in inputs:
        for key in (None, operator.itemgetter(0) if isinstance(xs[0], tuple) else abs):
            got = list(xs)
            pi.par_sort(got, key=key, reverse=reverse)
            assert got == sorted(xs, key=key, reverse=reverse)


def test_the_presortedness_sample() -> None:
    looks = sort_module._looks_presorted
    assert looks(list(range(10_000))) and looks(list(range(10_000, 0, -1)))
    assert looks([1, 2]) and looks([])
    assert not looks(random.Random(1).sample(range(10_000), 10_000))
    assert looks([OnlyLess(v) for v in range(10_000)])  # compares with < alone, as list.sort
    with pytest.raises(TypeError, match="not supported"):  # unorderable: the user's error
        looks([1, "a"] * 100)


# -- the key: called once per item, and its exceptions are the caller's --------------------------

# Every sort that takes a key, as (name, call): each must call it exactly once per item.
KEYED_SORTS = [
    ("par_sort", lambda xs, key, reverse=False: pi.par_sort(xs, key=key, reverse=reverse)),
    (
        "par_sort_unstable",
        lambda xs, key, reverse=False: pi.par_sort_unstable(xs, key=key, reverse=reverse),
    ),
    (
        "par_sort_by_key",
        lambda xs, key, reverse=False: pi.par_sort_by_key(xs, key, reverse=reverse),
    ),
    (
        "par_sort_by_cached_key",
        lambda xs, key, reverse=False: pi.par_sort_by_cached_key(xs, key, reverse=reverse),
    ),
]


def _size(force_parallel: bool) -> int:
    """Big enough for the parallel path as shipped (free-threaded builds), small when forced."""
    return 1_000 if force_parallel else sort_module.SEQUENTIAL_BELOW + 1_000


def _innermost_code(exc: BaseException) -> object:
    tb = exc.__traceback__
    assert tb is not None
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize(("name", "sort"), KEYED_SORTS, ids=[name for name, _ in KEYED_SORTS])
def test_the_key_is_called_exactly_once_per_item(
    pool: pi.ThreadPool, force_parallel: bool, name: str, sort, reverse: bool
) -> None:
    """As list.sort: the presortedness sample and the merges reuse the keys, never recompute."""
    n = _size(force_parallel)
    for xs in (random.Random(3).sample(range(n), n), list(range(n))):  # threads / presorted
        calls: list[int] = []

        def key(x: int) -> int:
            calls.append(x)  # list.append is atomic on free-threaded builds too
            return -x

        got = list(xs)
        sort(got, key, reverse)
        assert sorted(calls) == sorted(xs), f"{len(calls)} calls for {n} items"
        assert got == sorted(xs, key=lambda x: -x, reverse=reverse)


def test_a_keyed_deque_calls_the_key_once_per_item(
    pool: pi.ThreadPool, force_parallel: bool
) -> None:
    from collections import deque

    n = _size(force_parallel)
    calls: list[int] = []
    dq = deque(random.Random(4).sample(range(n), n))
    pi.par_sort(dq, key=lambda x: calls.append(x) or x)  # type: ignore[arg-type]
    assert list(dq) == list(range(n)) and sorted(calls) == list(range(n))


class KeyBoom(Exception):
    pass


@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize(("name", "sort"), KEYED_SORTS, ids=[name for name, _ in KEYED_SORTS])
def test_a_raising_key_raises_its_own_exception_and_keeps_the_items(
    pool: pi.ThreadPool, force_parallel: bool, name: str, sort, where: str
) -> None:
    """The very exception the key raised reaches the caller (not a second one from a retry),
    with its traceback down to the key, and the list keeps exactly its items."""
    n = _size(force_parallel)
    xs = random.Random(5).sample(range(n), n)
    bad = xs[{"first": 0, "middle": n // 2, "last": n - 1}[where]]
    raised: list[KeyBoom] = []

    def key(x: int) -> int:
        if x == bad:
            raised.append(KeyBoom(f"bad item {x}"))
            raise raised[-1]
        return x

    got = list(xs)
    with pytest.raises(KeyBoom) as info:
        sort(got, key)
    assert len(raised) == 1 and info.value is raised[0]
    assert _innermost_code(info.value) is key.__code__
    assert collections.Counter(got) == collections.Counter(xs)


@pytest.mark.parametrize(("name", "sort"), KEYED_SORTS, ids=[name for name, _ in KEYED_SORTS])
def test_a_key_failing_once_is_not_retried(
    pool: pi.ThreadPool, force_parallel: bool, name: str, sort
) -> None:
    """list.sort raises a key's first exception; calling the key again could hide it."""
    n = _size(force_parallel)
    xs = random.Random(6).sample(range(n), n)
    lock = threading.Lock()
    raised: list[KeyBoom] = []

    def key(x: int) -> int:
        with lock:
            if not raised:
                raised.append(KeyBoom(f"first call, on {x}"))
                raise raised[0]
        return x

    got = list(xs)
    with pytest.raises(KeyBoom) as info:
        sort(got, key)
    assert info.value is raised[0]
    assert collections.Counter(got) == collections.Counter(xs)


def test_several_raising_keys_raise_the_first_items_exception(
    pool: pi.ThreadPool, force_parallel: bool
) -> None:
    """list.sort keys items in order: the exception is the first failing item's, as there."""
    n = _size(force_parallel)
    xs = list(range(n))
    random.Random(7).shuffle(xs)
    failing = set(xs[n // 3 :: 97])

    def key(x: int) -> int:
        if x in failing:
            raise KeyBoom(x)
        return x

    expected = list(xs)
    with pytest.raises(KeyBoom) as plain:
        expected.sort(key=key)
    got = list(xs)
    with pytest.raises(KeyBoom) as info:
        pi.par_sort(got, key=key)
    assert info.value.args == plain.value.args == (xs[n // 3],)
    assert collections.Counter(got) == collections.Counter(xs)


class OnlyLess:
    """Orderable the way list.sort needs it: ``<`` only (``<=`` and ``>=`` raise TypeError)."""

    __slots__ = ("v",)

    def __init__(self, v: int) -> None:
        self.v = v

    def __lt__(self, other: OnlyLess) -> bool:
        return self.v < other.v


@pytest.mark.parametrize("presorted", [True, False])
def test_items_ordered_by_less_than_alone(
    pool: pi.ThreadPool, force_parallel: bool, presorted: bool
) -> None:
    n = _size(force_parallel)
    values = list(range(n)) if presorted else random.Random(8).sample(range(n), n)
    for key in (None, OnlyLess):
        xs = [OnlyLess(v) for v in values] if key is None else list(values)
        pi.par_sort(xs, key=key)
        assert [getattr(x, "v", x) for x in xs] == list(range(n))


def test_a_comparison_failing_once_is_not_swallowed(
    pool: pi.ThreadPool, force_parallel: bool
) -> None:
    """list.sort raises when its first comparison raises; so must par_sort, whichever it is."""

    class Flaky(OnlyLess):
        """Totally ordered through ``__lt__``, whose first call raises (whoever compares)."""

        __slots__ = ()

        def __lt__(self, other: OnlyLess) -> bool:
            with lock:
                if not raised:
                    raised.append(KeyBoom("first comparison"))
                    raise raised[0]
            return self.v < other.v

        def __le__(self, other: OnlyLess) -> bool:
            return not other < self

        def __ge__(self, other: OnlyLess) -> bool:
            return not self < other

    n = _size(force_parallel)
    lock = threading.Lock()
    for values in (list(range(n)), random.Random(9).sample(range(n), n)):
        raised: list[KeyBoom] = []
        xs = [Flaky(v) for v in values]
        before = list(xs)
        with pytest.raises(KeyBoom) as info:
            pi.par_sort(xs)
        assert info.value is raised[0]
        assert collections.Counter(map(id, xs)) == collections.Counter(map(id, before))


def test_a_key_that_changes_the_list_gets_list_sorts_value_error(
    pool: pi.ThreadPool, force_parallel: bool
) -> None:
    """list.sort sorts its items away from the list: what the key adds is dropped, the sorted
    items are kept and ValueError says so. No item is lost or duplicated."""
    n = _size(force_parallel)
    xs = random.Random(10).sample(range(n), n)
    for sort in (lambda ys, key: ys.sort(key=key), lambda ys, key: pi.par_sort(ys, key=key)):
        got = list(xs)

        def key(x: int) -> int:
            if x % 100 == 0:
                got.append(-1)
            return x

        with pytest.raises(ValueError, match="list modified during sort"):
            sort(got, key)
        assert got == sorted(xs)
