"""Issue 16's iterator methods on ``DaskPool`` (the contract tests run them on threads and on
``ProcessPool``): the ``try_*`` family, ``multizip``, ``partial_cmp`` and the ordering of
partial orders, ``collect_vec_list`` and ``unzip_into_vecs`` give the sequential answer, and a
failure stops the other pieces through the scheduler's shared flags.

The cluster fixtures are test_dask's (one more ~5 s cluster for this module).
"""

from __future__ import annotations

import functools

import pytest

pytest.importorskip("distributed")

import pariter as pi
from tests.backends import test_dask
from tests.conftest import Current

# test_dask's fixtures, found here by name.
cluster, client, dask_pool, dask = (
    test_dask.cluster,
    test_dask.client,
    test_dask.dask_pool,
    test_dask.dask,
)

NAN = float("nan")


def bounded_add(limit: int, a: int, b: int) -> int | None:
    return a + b if a + b <= limit else None


def error_at(bad: int, x: int) -> str | None:
    return f"bad {x}" if x == bad else None


def test_try_fold_and_try_reduce(dask: Current) -> None:
    add = functools.partial(bounded_add, 10**9)
    tight = functools.partial(bounded_add, 1000)
    with dask:
        assert pi.into_par_iter(range(5000)).try_fold(int, add).try_reduce(int, add) == sum(
            range(5000)
        )
        assert pi.into_par_iter(range(5000)).try_fold_with(0, tight).try_reduce(int, tight) is None
        assert pi.into_par_iter(range(5000)).try_reduce_with(add) == sum(range(5000))
        assert pi.par_iter([1, None, 3] * 1000).try_reduce(int, add) is None


def test_try_for_each_family(dask: Current) -> None:
    with dask:
        it = pi.into_par_iter(range(5000))
        assert it.try_for_each(functools.partial(error_at, -1)) is None
        assert it.try_for_each(functools.partial(error_at, 4321)) == "bad 4321"
        assert it.try_for_each_with(4321, error_at) == "bad 4321"
        assert it.try_for_each_init(lambda: 17, error_at) == "bad 17"


def test_a_failure_over_a_huge_range_returns(dask: Current) -> None:
    """Only a stop shared through the scheduler lets this finish: 10**12 items."""
    with dask:
        got = pi.into_par_iter(range(10**12)).try_for_each(functools.partial(error_at, 5))
        assert got == "bad 5"
        squares = pi.into_par_iter(range(10**12)).map(lambda x: None if x == 5 else x)
        assert squares.try_reduce(int, functools.partial(bounded_add, 10**30)) is None


def test_multizip_and_collections(dask: Current) -> None:
    a, b, c = list(range(3000)), "xyz" * 700, range(5000, 9000)
    with dask:
        assert pi.multizip(a, b, c).collect() == list(zip(a, b, c, strict=False))
        pieces = pi.into_par_iter(range(3000)).collect_vec_list()
        left: list[int] = []
        right: list[int] = []
        pi.into_par_iter(range(3000)).map(lambda x: (x, -x)).unzip_into_vecs(left, right)
    assert [x for piece in pieces for x in piece] == list(range(3000))
    assert left == list(range(3000))
    assert right == [-x for x in range(3000)]


def test_partial_orders(dask: Current) -> None:
    a = [0.0] * 3000
    b = [*a[:2000], NAN, *a[2001:]]
    with dask:
        assert pi.par_iter(a).partial_cmp(b) is None
        assert pi.par_iter(a).gt(b) is False
        assert pi.par_iter(a).le(b) is False
        assert pi.par_iter(a).partial_cmp([*a[:2000], 1.0]) == -1
        with pytest.raises(ValueError, match="cannot be ordered"):
            pi.par_iter(a).cmp(b)
