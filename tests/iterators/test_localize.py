"""Per-leaf copies of user functions on free-threaded builds keep the meaning exactly."""

from __future__ import annotations

import marshal
import pathlib
import subprocess
import sys
import textwrap
import types

import pytest

import pariter as pi
from pariter.plumbing.localize import gil_enabled, localize

free_threaded = pytest.mark.skipif(gil_enabled(), reason="copies are made only without the GIL")


def loaded_from_pyc(fn: types.FunctionType) -> types.FunctionType:
    """``fn`` as if imported from a .pyc: its code object went through marshal."""
    code = marshal.loads(marshal.dumps(fn.__code__))
    return types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)


def test_with_the_gil_functions_are_used_as_they_are() -> None:
    if not gil_enabled():
        pytest.skip("this build runs without the GIL")
    f = lambda x: x * x % 1000
    assert localize(f) is f


@free_threaded
def test_constants_of_code_imported_before_threads_become_immortal_in_the_copy(
    tmp_path: pathlib.Path,
) -> None:
    # On 3.13t, modules imported before the first thread starts (a user's own modules, normally)
    # keep ordinary constants, whose shared reference count threads contend on.
    (tmp_path / "user_module.py").write_text("def make():\n    return lambda x: x * x % 1000\n")
    code = textwrap.dedent(
        """
        import sys
        import user_module
        from pariter.plumbing.localize import localize
        f = user_module.make()
        const = next(c for c in f.__code__.co_consts if c == 1000)
        g = localize(f)
        fresh = next(c for c in g.__code__.co_consts if c == 1000)
        print(sys.getrefcount(const) < 1 << 30, sys.getrefcount(fresh) >= 1 << 30, g(37) == f(37))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]


@free_threaded
def test_nonlocal_writers_keep_their_shared_cells() -> None:
    count = 0

    def bump(x: int) -> int:
        nonlocal count
        count += 1
        return x

    assert localize(bump) is bump


def test_results_equal_sequential_for_marshalled_functions(pool: pi.ThreadPool) -> None:
    k = 7
    f = loaded_from_pyc(lambda x: x * k % 1000)
    assert pi.into_par_iter(range(10_000)).map(f).sum() == sum(map(f, range(10_000)))


@free_threaded
def test_a_partial_gets_a_copy_of_the_function_inside(tmp_path: pathlib.Path) -> None:
    # The demo's partial(row, width, height): the function inside runs per item, so its
    # constants must become immortal too; the partial's arguments stay the same objects.
    (tmp_path / "user_module.py").write_text("def scale(k, x):\n    return x * 2.5 + k\n")
    code = textwrap.dedent(
        """
        import functools, sys
        import user_module
        from pariter.plumbing.localize import localize
        k = [1.0]
        f = functools.partial(user_module.scale, 3.0)
        g = localize(f)
        const = next(c for c in g.func.__code__.co_consts if c == 2.5)
        print(type(g) is functools.partial, g.func is not f.func, g.args[0] is f.args[0],
              sys.getrefcount(const) >= 1 << 30, g(2.0) == f(2.0) == 8.0)
        plain = functools.partial(print, "x")
        print(localize(plain) is plain)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"] * 6


def test_partials_of_user_functions_give_sequential_results(pool: pi.ThreadPool) -> None:
    import functools

    f = functools.partial(loaded_from_pyc(lambda k, x: x * k % 1000), 7)
    assert pi.into_par_iter(range(10_000)).map(f).sum() == sum(map(f, range(10_000)))


@free_threaded
def test_captured_numbers_get_equal_objects_of_the_copys_own() -> None:
    # made at run time: constants of compiled code may be immortal (never copied)
    k, scale, neg, name = int("1000003"), float("3.5"), -float("0.0"), "kept"

    def f(x: float) -> tuple[float, float, float, str]:
        return x * k, x * scale, neg, name

    g = localize(f)
    assert g(2.0) == f(2.0)
    cells = {c.cell_contents for c in f.__closure__ or ()}
    copies = [c.cell_contents for c in g.__closure__ or ()]
    assert [type(c) for c in copies] == [type(c.cell_contents) for c in f.__closure__ or ()]
    by_value = {repr(c): c for c in copies}
    assert by_value[repr(k)] is not k and by_value[repr(scale)] is not scale
    assert repr(by_value["-0.0"]) == "-0.0"
    assert by_value["'kept'"] is name  # anything but a number is the same object
    assert len(cells) == 4


@free_threaded
def test_a_caller_running_its_own_call_keeps_its_function() -> None:
    # The caller owns the reference counts of the function it made: a copy would only cost.
    from pariter.core.registry import thread_state

    k = int("1000003")
    f = lambda x: x * k
    assert localize(f) is not f
    thread_state.sharing = 1
    try:
        assert localize(f) is f
    finally:
        thread_state.sharing = 0
