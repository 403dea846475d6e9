"""NumPy arrays: par_iter over the first axis, chunk views, writes through, collect into arrays."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi

settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
shapes = st.tuples(st.integers(0, 40), st.integers(1, 3))


@settings_
@given(shape=shapes, n=st.integers(1, 7))
def test_par_iter_and_chunks(pool: pi.ThreadPool, shape: tuple[int, int], n: int) -> None:
    arr = np.arange(shape[0] * shape[1], dtype=np.float64).reshape(shape)
    assert [r.tolist() for r in pi.par_iter(arr).collect()] == [r.tolist() for r in arr]
    assert pi.par_iter(arr).len() == len(arr)
    flat = arr.ravel()
    assert pi.par_iter(flat).collect() == list(flat)
    assert pi.par_iter(flat).rev().collect() == list(flat[::-1])
    got = pi.par_chunks(arr, n).with_max_len(2).collect()
    assert [c.tolist() for c in got] == [arr[i : i + n].tolist() for i in range(0, len(arr), n)]
    assert all(np.shares_memory(c, arr) for c in got if c.size)
    rgot = pi.par_rchunks(flat, n).collect()
    size = len(flat)
    assert [c.tolist() for c in rgot] == [
        flat[max(0, size - i - n) : size - i].tolist() for i in range(0, size, n)
    ]
    assert pi.par_chunks(flat, n).map(lambda c: float(np.sin(c).sum())).sum() == pytest.approx(
        float(np.sin(flat).sum())
    )
    exact = pi.par_chunks_exact(flat, n)
    assert np.array_equal(exact.remainder(), flat[len(flat) // n * n :])


@settings_
@given(shape=shapes, n=st.integers(1, 7))
def test_chunks_mut_writes_through(pool: pi.ThreadPool, shape: tuple[int, int], n: int) -> None:
    arr = np.arange(shape[0] * shape[1], dtype=np.int64).reshape(shape)
    expected = arr * 3
    pi.par_chunks_mut(arr, n).with_max_len(1).for_each(lambda c: np.multiply(c, 3, out=c))
    assert np.array_equal(arr, expected)
    pi.par_chunks_mut(arr, n).enumerate().for_each(lambda p: p[1].fill(p[0]))
    assert arr[:, 0].tolist() == [i // n for i in range(len(arr))]


@settings_
@given(
    xs=st.lists(
        st.one_of(st.integers(-10, 10), st.floats(allow_nan=False), st.booleans()), max_size=80
    )
)
def test_collect_ndarray_equals_np_array(pool: pi.ThreadPool, xs: list[Any]) -> None:
    expected = np.array(xs)
    for target in (np.ndarray, np.array, np.asarray):
        got = pi.par_iter(xs).with_max_len(3).collect(target)
        assert got.dtype == expected.dtype and got.shape == expected.shape
        assert np.array_equal(got, expected)
    # unindexed too
    got = pi.par_iter(xs).filter(lambda x: x is not None).collect(np.ndarray)
    assert got.dtype == expected.dtype and np.array_equal(got, expected)


def test_collect_rows_and_ragged(pool: pi.ThreadPool) -> None:
    arr = np.arange(30).reshape(10, 3)
    got = pi.par_iter(arr).map(lambda r: r * 2).with_max_len(2).collect(np.ndarray)
    assert got.shape == (10, 3) and np.array_equal(got, arr * 2)
    ragged = [[1], [2, 3]] * 5
    with pytest.raises(ValueError):
        np.array(ragged)
    with pytest.raises(ValueError):
        pi.par_iter(ragged).with_max_len(1).collect(np.ndarray)
    assert pi.par_iter([]).collect(np.ndarray).shape == (0,)


def test_errors() -> None:
    with pytest.raises(TypeError, match="source must be iterable, got a 0-d NumPy array"):
        pi.par_iter(np.array(1.0))
    with pytest.raises(TypeError, match="xs must be a sequence, got a 0-d NumPy array"):
        pi.par_chunks(np.array(1), 1)
    ro = np.arange(4)
    ro.flags.writeable = False
    with pytest.raises(TypeError, match="xs must be writable, got a read-only NumPy array"):
        pi.par_chunks_mut(ro, 2)
    with pytest.raises(ValueError, match="chunk_size must be >= 1, got 0"):
        pi.par_chunks(np.arange(3), 0)


def test_pariter_imports_and_works_without_numpy() -> None:
    code = (
        "import sys; sys.modules['numpy'] = None\n"  # makes `import numpy` fail
        "import pariter as pi\n"
        "assert pi.par_chunks([1, 2, 3], 2).collect() == [[1, 2], [3]]\n"
        "assert pi.par_iter([1, 2]).collect(set) == {1, 2}\n"
        "assert pi.par_split_whitespace('a b').collect() == ['a', 'b']\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
