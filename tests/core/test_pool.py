"""ThreadPoolBuilder, ThreadPool, the global pool, `with pool:` and install."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest

import pariter as pi
from tests.conftest import thread_count_settles


def run_python(code: str, env: dict[str, str] | None = None) -> str:
    """Run ``code`` in a fresh interpreter (global-pool state is per process)."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=full_env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_num_threads_and_thread_index() -> None:
    with pi.ThreadPoolBuilder().num_threads(3).build() as pool:
        assert pool.current_num_threads() == 3
        assert pool.install(pi.current_num_threads) == 3
        indexes = pool.broadcast(lambda ctx: pi.current_thread_index())
        assert indexes == [0, 1, 2]
        assert pool.current_thread_index() is None  # the test thread is not a pool thread
    assert pi.current_thread_index() is None


def test_with_block_makes_the_pool_current_and_restores_the_outer_one() -> None:
    outer = pi.ThreadPool(2)
    inner = pi.ThreadPool(3)
    with outer:
        assert pi.current_pool() is outer
        assert pi.current_num_threads() == 2
        with inner:
            assert pi.current_pool() is inner
            assert pi.current_num_threads() == 3
            assert pi.join(pi.current_num_threads, pi.current_num_threads) == (3, 3)
        assert pi.current_pool() is outer
    assert pi.current_pool() is not outer


def test_install_of_one_pool_inside_another() -> None:
    with pi.ThreadPool(2) as outer, pi.ThreadPool(3) as inner:

        def in_outer() -> tuple[int, int, int]:
            nested = inner.install(lambda: (pi.current_num_threads(), inner.current_thread_index()))
            return pi.current_num_threads(), nested[0], nested[1]

        outer_n, inner_n, inner_index = outer.install(in_outer)
        assert (outer_n, inner_n) == (2, 3)
        assert inner_index in range(3)


def test_nested_install_of_the_same_pool_runs_inline() -> None:
    with pi.ThreadPool(1) as pool:
        assert pool.install(lambda: pool.install(lambda: pool.install(lambda: 7))) == 7


def test_thread_name_start_and_exit_handlers() -> None:
    started: list[int] = []
    exited: list[int] = []
    lock = threading.Lock()

    def on_start(i: int) -> None:
        with lock:
            started.append(i)

    def on_exit(i: int) -> None:
        with lock:
            exited.append(i)

    pool = (
        pi.ThreadPoolBuilder()
        .num_threads(2)
        .thread_name(lambda i: f"my-worker-{i}")
        .start_handler(on_start)
        .exit_handler(on_exit)
        .build()
    )
    assert sorted(started) == [0, 1]
    names = pool.broadcast(lambda: threading.current_thread().name)
    assert names == ["my-worker-0", "my-worker-1"]
    pool.shutdown()
    assert sorted(exited) == [0, 1]


def test_thread_name_as_a_string_template() -> None:
    with pi.ThreadPoolBuilder().num_threads(2).thread_name("calc").build() as pool:
        assert pool.broadcast(lambda: threading.current_thread().name) == ["calc-0", "calc-1"]


def test_stack_size_is_applied_to_worker_threads() -> None:
    def depth(n: int) -> int:
        return 0 if n == 0 else 1 + depth(n - 1)

    with pi.ThreadPoolBuilder().num_threads(1).stack_size(16 * 1024 * 1024).build() as pool:
        assert pool.install(lambda: depth(500)) == 500
    assert threading.stack_size() == 0  # the process-wide default is restored


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda b: b.num_threads(-1), ValueError, "num_threads"),
        (lambda b: b.num_threads("4"), TypeError, "num_threads"),
        (lambda b: b.num_threads(2.0), TypeError, "num_threads"),
        (lambda b: b.stack_size(-5), ValueError, "stack_size"),
        (lambda b: b.start_handler(3), TypeError, "start_handler"),
        (lambda b: b.exit_handler("x"), TypeError, "exit_handler"),
        (lambda b: b.panic_handler(1), TypeError, "panic_handler"),
        (lambda b: b.thread_name(5), TypeError, "thread_name"),
    ],
)
def test_builder_rejects_bad_arguments_naming_them(call, error, words) -> None:
    with pytest.raises(error, match=words):
        call(pi.ThreadPoolBuilder())


def test_five_hundred_pools_built_and_shut_down_leave_no_thread_behind() -> None:
    start = threading.active_count()
    for i in range(500):
        with pi.ThreadPoolBuilder().num_threads(1 + i % 3).build() as pool:
            assert pool.install(lambda: 1) == 1
    assert threading.active_count() == start
    for _ in range(50):
        pool = pi.ThreadPool(2)
        pool.join(lambda: 1, lambda: 2)
        pool.shutdown()
    assert threading.active_count() == start


def test_a_pool_is_usable_again_after_its_with_block() -> None:
    pool = pi.ThreadPool(2)
    with pool:
        assert pi.join(lambda: 1, lambda: 2) == (1, 2)
    with pool:
        assert pi.join(lambda: 3, lambda: 4) == (3, 4)
    assert pool.install(lambda: 5) == 5
    pool.shutdown()


def test_dropping_a_pool_stops_its_threads() -> None:
    start = threading.active_count()
    pool = pi.ThreadPool(3)
    pool.install(lambda: None)
    del pool
    assert thread_count_settles(start)


def test_build_global_twice_raises_a_clear_error() -> None:
    out = run_python(
        """
        import pariter as pi
        pi.ThreadPoolBuilder().num_threads(3).build_global()
        print(pi.current_num_threads())
        try:
            pi.ThreadPoolBuilder().num_threads(2).build_global()
        except pi.ThreadPoolBuildError as e:
            print("error:", e)
        """
    )
    first, second = out.splitlines()
    assert first == "3"
    assert second.startswith("error:") and "already" in second


def test_build_global_after_the_global_pool_started_raises() -> None:
    out = run_python(
        """
        import pariter as pi
        pi.join(lambda: 1, lambda: 2)
        try:
            pi.ThreadPoolBuilder().num_threads(2).build_global()
        except pi.ThreadPoolBuildError as e:
            print("error:", e)
        """
    )
    assert out.startswith("error:") and "started" in out


@pytest.mark.parametrize(("value", "expected"), [("3", "3"), ("0", "cpus"), ("", "cpus")])
def test_env_var_sets_the_global_pool_size(value: str, expected: str) -> None:
    out = run_python(
        """
        import pariter as pi
        from pariter.core.pool import available_cpus
        n = pi.join(pi.current_num_threads, lambda: None)[0]
        print(n, available_cpus())
        """,
        env={"PARITER_NUM_THREADS": value},
    )
    n, cpus = out.split()
    assert n == (cpus if expected == "cpus" else expected)


def test_bad_env_var_raises_a_value_error_naming_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import pariter as pi; pi.join(lambda: 1, lambda: 2)"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PARITER_NUM_THREADS": "many"},
    )
    assert done.returncode != 0
    assert "ValueError" in done.stderr and "PARITER_NUM_THREADS" in done.stderr


def test_global_pool_does_not_keep_the_interpreter_alive() -> None:
    out = run_python(
        """
        import pariter as pi
        pi.spawn(lambda: None)
        print(pi.join(lambda: 1, lambda: 2))
        """
    )
    assert out == "(1, 2)"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_child_of_fork_gets_a_fresh_global_pool() -> None:
    out = run_python(
        """
        import os, warnings
        import pariter as pi
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: we handle it
        pi.join(lambda: 1, lambda: 2)
        pid = os.fork()
        if pid == 0:
            ok = pi.join(lambda: 3, lambda: 4) == (3, 4)
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status))
        """
    )
    assert out == "0"


def test_yield_now_outside_and_inside_the_pool() -> None:
    assert pi.yield_now() is None
    assert pi.yield_local() is None
    with pi.ThreadPool(1) as pool:
        assert pool.install(pi.yield_now) is False
        assert pool.install(pi.yield_local) is False

        def spawn_then_yield() -> tuple[bool | None, list[int]]:
            ran: list[int] = []
            pi.spawn(lambda: ran.append(1))
            return pi.yield_now(), ran

        executed, ran = pool.install(spawn_then_yield)
        assert executed is True and ran == [1]


def test_leaving_with_on_an_exception_does_not_wait_forever_for_a_stuck_task(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pariter.core import current

    monkeypatch.setattr(current, "EXIT_ON_ERROR_TIMEOUT", 0.2)
    release = threading.Event()
    with pytest.raises(KeyError), pi.ThreadPool(1) as pool:
        pool.spawn(release.wait)  # stuck until released
        raise KeyError("the user's error")
    release.set()  # let the daemon thread end
