"""The package's public names: all listed, all reachable, and loaded only when first used."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pariter


def test_every_public_name_is_listed_by_dir_and_reachable() -> None:
    listed = dir(pariter)
    for name in pariter.__all__:
        assert name in listed, name
        assert getattr(pariter, name) is not None, name
    assert "ProcessPool" in listed and "DaskPool" in listed and "WorkerLostError" in listed


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="par_iterr"):
        pariter.par_iterr  # noqa: B018


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_import_loads_no_layer_until_a_name_is_used() -> None:
    loaded = run(
        "import sys, pariter; "
        "print(sorted(m for m in sys.modules if m.startswith('pariter.') or m in "
        "('numpy', 'cloudpickle', 'multiprocessing', 'dask', 'tqdm', 'threadpoolctl')))"
    )
    assert loaded == "[]"
    after_use = run(
        "import sys, pariter as pi; pi.par_iter([1, 2]).sum(); "
        "print(all(m not in sys.modules for m in "
        "('numpy', 'cloudpickle', 'multiprocessing', 'dask', 'tqdm', 'pariter.backends')))"
    )
    assert after_use == "True"


def test_from_import_of_every_name_works() -> None:
    names = ", ".join(pariter.__all__)
    assert run(f"from pariter import {names}; print('ok')") == "ok"
