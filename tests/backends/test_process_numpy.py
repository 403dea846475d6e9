"""NumPy arrays on worker processes: rows and chunks read, writes land in the caller's array."""

from __future__ import annotations

from typing import Any

import pytest

import pariter as pi
from tests.conftest import Current

np = pytest.importorskip("numpy")

DTYPES = ["float64", "int64", "int32", "uint8"]


def array_of(dtype: str, shape: tuple[int, ...]) -> Any:
    n = int(np.prod(shape))
    return (np.arange(n) % 97).astype(dtype).reshape(shape)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(0,), (1,), (3000,), (0, 3), (500, 4)])
def test_par_iter_rows(proc: Current, dtype: str, shape: tuple[int, ...]) -> None:
    arr = array_of(dtype, shape)
    with proc:
        rows = pi.par_iter(arr).collect()
        sums = pi.par_iter(arr).map(lambda r: np.sum(r).item()).collect()
    assert len(rows) == len(arr)
    assert all(np.array_equal(r, e) for r, e in zip(rows, arr, strict=True))
    assert sums == [np.sum(r).item() for r in arr]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [1, 7, 1000])
def test_par_chunks_sum(proc: Current, dtype: str, n: int) -> None:
    arr = array_of(dtype, (3001,))
    with proc:
        got = pi.par_chunks(arr, n).map(np.sum).collect()
    assert [g.item() for g in got] == [np.sum(arr[i : i + n]).item() for i in range(0, 3001, n)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(0,), (5,), (3001,), (0, 2), (700, 3)])
@pytest.mark.parametrize("n", [1, 64, 5000])
def test_par_chunks_mut_writes_land(
    proc: Current, dtype: str, shape: tuple[int, ...], n: int
) -> None:
    arr = array_of(dtype, shape)
    expected = arr * 2
    with proc:
        pi.par_chunks_mut(arr, n).for_each(lambda c: c.__imul__(2))
    assert arr.dtype == np.dtype(dtype)
    assert np.array_equal(arr, expected)


def test_par_chunks_mut_2d_rows_filled_by_index(proc: Current) -> None:
    arr = np.zeros((1000, 3), dtype=np.int64)
    with proc:
        pi.par_chunks_mut(arr, 7).enumerate().for_each(lambda p: p[1].fill(p[0]))
    assert arr[:, 0].tolist() == [i // 7 for i in range(1000)]
    assert (arr[:, 0] == arr[:, 2]).all()


@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_par_iter_mut_slots_on_1d(proc: Current, dtype: str) -> None:
    arr = array_of(dtype, (4000,))
    expected = np.array([v * 3 + i for i, v in enumerate(arr.tolist())], dtype=dtype)
    with proc:
        keys = pi.par_iter_mut(arr).map(lambda s: s.key).collect()
        pi.par_iter_mut(arr).for_each(lambda s: s.set(s.value * 3 + s.key))
    assert keys == list(range(4000))
    assert np.array_equal(arr, expected)


def test_par_iter_mut_rows_of_2d(proc: Current) -> None:
    arr = array_of("float64", (600, 4))
    expected = arr[:, ::-1] + np.arange(600)[:, None]
    with proc:
        pi.par_iter_mut(arr).for_each(lambda s: s.set(s.value[::-1] + s.key))
    assert np.array_equal(arr, expected)


def test_map_in_place_on_an_array(proc: Current) -> None:
    arr = np.arange(5000, dtype=np.float64)
    with proc:
        pi.par_iter_mut(arr).map_in_place(lambda v: v / 2)
    assert np.array_equal(arr, np.arange(5000) / 2)


def test_empty_arrays(proc: Current) -> None:
    for arr in (np.empty(0), np.empty((0, 4), dtype=np.int32)):
        with proc:
            assert pi.par_iter(arr).collect() == []
            assert pi.par_chunks(arr, 3).collect() == []
            pi.par_chunks_mut(arr, 3).for_each(lambda c: c.fill(1))
            pi.par_iter_mut(arr).for_each(lambda s: s.set(s.value))
        assert arr.size == 0


def test_object_arrays_are_pickled_and_writes_land(proc: Current) -> None:
    arr = np.empty(3000, dtype=object)
    arr[:] = [(i, str(i)) for i in range(3000)]
    with proc:
        firsts = pi.par_iter(arr).map(lambda t: t[0]).collect()
        pi.par_chunks_mut(arr, 100).for_each(lambda c: c.__setitem__(slice(None), c[::-1]))
    assert firsts == list(range(3000))
    expected = [(i, str(i)) for i in range(3000)]
    expected = [t for k in range(0, 3000, 100) for t in reversed(expected[k : k + 100])]
    assert arr.tolist() == expected
    with proc:
        pi.par_iter_mut(arr).for_each(lambda s: s.set([s.key]))
    assert arr.tolist() == [[i] for i in range(3000)]


def test_writes_are_visible_to_the_next_call(proc: Current) -> None:
    arr = np.ones(2000)
    with proc:
        pi.par_chunks_mut(arr, 50).for_each(lambda c: c.__iadd__(1))
        total = pi.par_chunks(arr, 50).map(lambda c: float(c.sum())).sum()
    assert total == 4000.0
    assert (arr == 2).all()


def test_read_only_calls_leave_the_array_alone(proc: Current) -> None:
    arr = np.arange(3000, dtype=np.int64)
    arr.flags.writeable = False
    with proc:
        assert pi.par_chunks(arr, 10).map(lambda c: int(c.sum())).sum() == int(arr.sum())
    assert np.array_equal(arr, np.arange(3000))


def test_structured_dtype_keeps_its_fields(proc: Current) -> None:
    arr = np.zeros(300, dtype=[("x", "i4"), ("y", "f8")])
    arr["x"] = np.arange(300)
    with proc:
        xs = pi.par_iter(arr).map(lambda r: int(r["x"])).collect()
        pi.par_chunks_mut(arr, 7).for_each(lambda c: c["y"].__iadd__(c["x"] * 2))
    assert xs == list(range(300))
    assert arr["y"].tolist() == [2.0 * i for i in range(300)]
    assert arr.dtype.names == ("x", "y")


@pytest.mark.parametrize("dtype", ["datetime64[s]", "complex128", "U5", "S3", ">i4", "float16"])
def test_other_fixed_size_dtypes(proc: Current, dtype: str) -> None:
    arr = np.arange(500).astype(dtype)
    with proc:
        got = pi.par_iter(arr).map(str).collect()
        pi.par_chunks_mut(arr, 9).for_each(lambda c: c.__setitem__(slice(None), c[::-1]))
    assert got == [str(v) for v in np.arange(500).astype(dtype)]
    expected = np.concatenate(
        [np.arange(500).astype(dtype)[i : i + 9][::-1] for i in range(0, 500, 9)]
    )
    assert np.array_equal(arr, expected)
    assert arr.dtype == np.dtype(dtype)
