"""The errors of a typo or a wrong argument name the method, the argument and the public type."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import pariter as pi

ITERABLE = (
    r"must be iterable \(a range, sequence, dict, set, iterator or parallel iterator\), got int"
)


@pytest.mark.parametrize(
    ("call", "names"),
    [
        (lambda: pi.par_iter([1]).zip(5), "zip(): other"),
        (lambda: pi.par_iter([1]).zip_eq(5), "zip_eq(): other"),
        (lambda: pi.par_iter([1]).chain(5), "chain(): other"),
        (lambda: pi.par_iter([1]).filter(bool).chain(5), "chain(): other"),
        (lambda: pi.par_iter([1]).interleave(5), "interleave(): other"),
        (lambda: pi.par_iter([1]).interleave_shortest(5), "interleave_shortest(): other"),
        (lambda: pi.par_iter([1]).cmp(5), "cmp(): other"),
        (lambda: pi.par_iter([1]).eq(5), "eq(): other"),
        (lambda: pi.multizip([1], 5), "multizip(): source 1"),
    ],
)
def test_a_non_iterable_argument_names_the_method_and_the_argument(
    call: Callable[[], Any], names: str
) -> None:
    with pytest.raises(TypeError, match="^" + re.escape(names) + " " + ITERABLE + "$"):
        call()


def test_unzip_of_items_that_are_not_pairs_says_so() -> None:
    with pytest.raises(TypeError, match=r"^unzip\(\) needs items that are pairs, got int 1$"):
        pi.par_iter([(0, 0), 1]).unzip()  # one item that is not a pair
    with pytest.raises(
        ValueError, match=r"^unzip\(\) needs items that are pairs, got a tuple of 3"
    ):
        pi.par_iter([(1, 2), (1, 2, 3)]).unzip()
    assert pi.par_iter([(1, 2), [3, 4]]).unzip() == ([1, 3], [2, 4])  # any 2-item sequence


@pytest.mark.parametrize(
    ("chain", "public"),
    [
        (lambda: pi.par_iter([1]), "IndexedParallelIterator"),
        (lambda: pi.into_par_iter(range(3)).map(str), "IndexedParallelIterator"),
        (lambda: pi.par_iter([1]).filter(bool), "ParallelIterator"),
        (lambda: pi.par_iter({1: 2}), "IndexedParallelIterator"),
    ],
)
def test_a_misspelt_method_names_the_public_type_and_the_nearest_method(
    chain: Callable[[], Any], public: str
) -> None:
    with pytest.raises(AttributeError, match=rf"^'{public}' object has no attribute 'mapp'$"):
        chain().mapp(str)


def test_the_printed_error_of_a_misspelt_method_suggests_the_nearest_one() -> None:
    """The interpreter adds it, from ``dir()`` of the object, when it prints the error."""
    code = "import pariter as pi\npi.par_iter([1]).mapp(str)\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stderr.rstrip().endswith(
        "AttributeError: 'IndexedParallelIterator' object has no attribute 'mapp'. "
        "Did you mean: 'map'?"
    ), run.stderr
