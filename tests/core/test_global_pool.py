"""``set_global_pool`` and ``PARITER_POOL``: the program-wide default pool, of any kind.

Real worker processes and a real ``distributed.LocalCluster``; the environment variable is read
at first use, so it is tested in fresh interpreters. Every test restores the global default.
"""

from __future__ import annotations

import importlib
import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import pariter as pi
from tests.conftest import wait_for

pool_module: Any = importlib.import_module("pariter.core.pool")


@pytest.fixture(autouse=True)
def restore_default() -> Iterator[None]:
    """Put the global default back as it was, whatever the test did to it."""
    saved = pool_module._default_pool, pool_module._default_chosen
    try:
        yield
    finally:
        pool_module._default_pool, pool_module._default_chosen = saved


@pytest.fixture
def fresh_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """As before the first parallel call of a program: nothing set, PARITER_POOL not read."""
    monkeypatch.delenv("PARITER_POOL", raising=False)
    pool_module._default_pool, pool_module._default_chosen = None, False


def run_python(code: str, timeout: float = 120, **env: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("PARITER_POOL",)}
    full_env.update(env)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["stderr"] = done.stderr
    return result


def all_gone(pids: list[int], timeout: float = 20.0) -> bool:
    """Whether every process in ``pids`` has exited (a zombie left to init counts as exited)."""
    psutil = pytest.importorskip("psutil")

    def gone(pid: int) -> bool:
        try:
            return bool(psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)
        except psutil.NoSuchProcess:
            return True

    return wait_for(lambda: all(gone(pid) for pid in pids), timeout)


def on_threads_here() -> dict[str, bool]:
    """Where join, scope, spawn and par_sort ran: in this process, on pool threads."""
    me = os.getpid()
    joined = pi.join(
        lambda: (os.getpid(), pi.current_thread_index()),
        lambda: (os.getpid(), pi.current_thread_index()),
    )
    in_scope: queue.Queue[int] = queue.Queue()
    with pi.scope() as s:
        s.spawn(lambda: in_scope.put(os.getpid()))
    spawned: queue.Queue[tuple[int, str]] = queue.Queue()
    pi.spawn(lambda: spawned.put((os.getpid(), threading.current_thread().name)))
    spawn_pid, spawn_thread = spawned.get(timeout=10)
    sorted_in: set[int] = set()
    xs = list(range(5000, 0, -1))
    pi.par_sort_by_key(xs, lambda x: (sorted_in.add(os.getpid()), x)[1])
    return {
        "join": all(pid == me and index is not None for pid, index in joined),
        "scope": in_scope.get(timeout=10) == me,
        "spawn": spawn_pid == me and spawn_thread != threading.main_thread().name,
        "par_sort": sorted_in == {me} and xs == sorted(xs),
    }


def pids_of_a_call(n: int = 2000) -> set[int]:
    return set(pi.into_par_iter(range(n)).map(lambda _: os.getpid()).collect())


# -- set_global_pool, in this process -------------------------------------------------------------


def test_a_thread_pool_becomes_the_default_and_runs_join_too() -> None:
    pool = pi.ThreadPoolBuilder().num_threads(2).thread_name("global-test").build()
    try:
        previous = pi.set_global_pool(pool)
        assert isinstance(previous, pi.ThreadPool) and previous is not pool
        assert pi.current_pool() is pool
        assert pi.current_num_threads() == 2
        names = set(
            pi.into_par_iter(range(64))
            .with_max_len(1)
            .map(lambda _: (time.sleep(0.001), threading.current_thread().name)[1])
            .collect()
        )
        assert any(name.startswith("global-test") for name in names), names
        joined = pi.join(
            lambda: threading.current_thread().name, lambda: threading.current_thread().name
        )
        assert all(name.startswith("global-test") for name in joined), joined
        assert pi.set_global_pool(previous) is pool
        assert pi.current_pool() is previous
    finally:
        pool.shutdown()


def test_it_returns_the_pool_it_replaced_and_none_restores_the_default() -> None:
    default = pi.set_global_pool(None)
    assert isinstance(default, pi.ThreadPool)
    assert pi.current_pool() is default is pool_module.global_pool()
    a, b = pi.ThreadPool(2), pi.ThreadPool(3)
    try:
        assert pi.set_global_pool(a) is default
        assert pi.set_global_pool(b) is a
        assert pi.current_num_threads() == 3
        assert pi.set_global_pool(None) is b
        assert pi.current_pool() is default
        assert pi.current_num_threads() == default.current_num_threads()
        assert pi.set_global_pool(None) is default
    finally:
        a.shutdown()
        b.shutdown()


@pytest.mark.parametrize("bad", ["processes", 4, pi.ThreadPoolBuilder(), pi.ThreadPool])
def test_a_bad_argument_is_a_type_error_naming_pool(bad: Any) -> None:
    before = pi.current_pool()
    with pytest.raises(TypeError, match=r"^pool must be a pariter pool .* got "):
        pi.set_global_pool(bad)
    assert pi.current_pool() is before


def test_concurrent_calls_replace_each_pool_exactly_once() -> None:
    pools = [pi.ThreadPool(1) for _ in range(16)]
    start = pi.set_global_pool(None)
    barrier = threading.Barrier(len(pools))
    replaced: list[Any] = [None] * len(pools)

    def set_one(i: int) -> None:
        barrier.wait()
        replaced[i] = pi.set_global_pool(pools[i])

    threads = [threading.Thread(target=set_one, args=(i,)) for i in range(len(pools))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    last = pi.set_global_pool(None)
    # The replacements form one chain: start -> ... -> last, every pool replaced once.
    assert sorted(map(id, [*replaced, last])) == sorted(map(id, [start, *pools]))


def test_with_blocks_nest_inside_a_global_process_pool() -> None:
    procs = pi.ProcessPool(2)
    try:
        pi.set_global_pool(procs)
        me = os.getpid()
        remote = pids_of_a_call()
        assert me not in remote
        assert remote <= {w.process.pid for w in procs._workers}
        with pi.ThreadPool(2) as threads:
            assert pi.current_pool() is threads
            assert pids_of_a_call() == {me}
            with pi.ProcessPool(1) as inner:
                assert pi.current_pool() is inner
                inner_pids = pids_of_a_call()
                assert me not in inner_pids and not inner_pids & remote
            assert pi.current_pool() is threads
            assert pids_of_a_call() == {me}
        assert pi.current_pool() is procs
        assert pids_of_a_call() <= {w.process.pid for w in procs._workers}
        assert pi.into_par_iter(range(100)).map(lambda x: x * x).sum() == sum(
            x * x for x in range(100)
        )
    finally:
        pi.set_global_pool(None)
        procs.shutdown()


def test_join_scope_spawn_and_par_sort_stay_on_threads_under_a_process_default() -> None:
    procs = pi.ProcessPool(2)
    try:
        pi.set_global_pool(procs)
        assert pi.current_num_threads() == pool_module.global_pool().current_num_threads()
        assert on_threads_here() == dict.fromkeys(["join", "scope", "spawn", "par_sort"], True)
        # inside a join the nested call runs on the thread pool it is on
        me = os.getpid()
        inside = pi.join(pids_of_a_call, lambda: None)[0]
        assert inside == {me}
    finally:
        pi.set_global_pool(None)
        procs.shutdown()


def test_shutting_down_the_global_process_pool_leaves_no_worker() -> None:
    procs = pi.ProcessPool(2)
    try:
        pi.set_global_pool(procs)
        pids_of_a_call()
        workers = [w.process for w in procs._workers]
        assert len(workers) == 2 and all(p.is_alive() for p in workers)
        pi.current_pool().shutdown()
        assert not any(p.is_alive() for p in workers)
        assert not procs._workers
        # still the default: the next call starts fresh workers
        again = pids_of_a_call()
        assert not again & {p.pid for p in workers} and os.getpid() not in again
    finally:
        pi.set_global_pool(None)
        procs.shutdown()


# -- a real LocalCluster -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    from dask import config as dask_config

    from pariter.backends.dask import cluster_config

    with (
        dask_config.set(cluster_config()),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.Client(cluster) as c:
        c.wait_for_workers(2)
        yield c


def test_a_dask_pool_as_the_global_default(client: Any) -> None:
    dask_pool = pi.DaskPool(client)
    worker_pids = set(client.run(os.getpid).values())
    try:
        pi.set_global_pool(dask_pool)
        assert pi.current_pool() is dask_pool
        assert pids_of_a_call(200) <= worker_pids
        assert pi.par_iter([3, 1, 2]).map(lambda x: -x).collect() == [-3, -1, -2]
        with pi.ThreadPool(2):
            assert pids_of_a_call(200) == {os.getpid()}
        assert on_threads_here() == dict.fromkeys(["join", "scope", "spawn", "par_sort"], True)
        assert pi.set_global_pool(None) is dask_pool
    finally:
        pi.set_global_pool(None)
        dask_pool.shutdown()  # a given client stays open


def test_dask_address_in_the_environment(cluster: Any, client: Any) -> None:
    out = run_python(
        """
        import json, os, pariter as pi
        pids = sorted(set(pi.into_par_iter(range(200)).map(lambda _: os.getpid()).collect()))
        pool = pi.current_pool()
        print(json.dumps({"kind": type(pool).__name__, "pids": pids,
                          "given": pool._given, "own_cluster": pool._cluster is not None}))
        """,
        PARITER_POOL=f"dask:{cluster.scheduler_address}",
    )
    assert out["kind"] == "DaskPool"
    assert out["given"] == cluster.scheduler_address and not out["own_cluster"]
    assert set(out["pids"]) <= set(client.run(os.getpid).values())
    assert len(client.scheduler_info(n_workers=-1)["workers"]) == 2  # the cluster is untouched


# -- PARITER_POOL, in fresh interpreters ---------------------------------------------------------

REPORT = """
import json, os, sys
import pariter as pi
lazy = not any(m in sys.modules for m in ("pariter.backends.process", "cloudpickle", "dask"))
me = os.getpid()
pids = set(pi.into_par_iter(range(2000)).map(lambda _: os.getpid()).collect())
pool = pi.current_pool()
joined = pi.join(lambda: (os.getpid(), pi.current_thread_index()), lambda: os.getpid())
import psutil
children = [p.pid for p in psutil.Process().children(recursive=True)]
print(json.dumps({
    "kind": type(pool).__name__, "size": pool.current_num_threads(), "lazy": lazy,
    "remote": me not in pids, "join_here": joined[0][0] == me and joined[0][1] is not None,
    "children": children, "loaded": "pariter.backends.process" in sys.modules,
}))
"""


def test_pariter_pool_processes_switches_the_backend_and_leaves_no_process() -> None:
    pytest.importorskip("psutil")
    out = run_python(REPORT, PARITER_POOL="processes", PARITER_NUM_THREADS="2")
    assert out["kind"] == "ProcessPool" and out["size"] == 2
    assert out["lazy"] and out["loaded"]
    assert out["remote"] and out["join_here"]
    assert len(out["children"]) >= 2  # the workers (and the forkserver)
    assert all_gone(out["children"])


@pytest.mark.parametrize("value", ["", "threads", " Threads "])
def test_pariter_pool_threads_is_the_thread_pool(value: str) -> None:
    pytest.importorskip("psutil")
    out = run_python(REPORT, PARITER_POOL=value, PARITER_NUM_THREADS="3")
    assert out["kind"] == "ThreadPool" and out["size"] == 3
    assert out["lazy"] and not out["loaded"]  # no backend imported for threads
    assert not out["remote"] and out["join_here"]


def test_pariter_pool_dask_starts_a_local_cluster_sized_and_closed() -> None:
    pytest.importorskip("distributed")
    out = run_python(REPORT, timeout=180, PARITER_POOL="dask", PARITER_NUM_THREADS="2")
    assert out["kind"] == "DaskPool" and out["size"] == 2
    assert out["remote"] and out["join_here"]
    assert len(out["children"]) >= 2  # the nannies and their workers
    assert all_gone(out["children"], timeout=30)


def test_a_global_process_pool_set_in_code_leaves_no_process_at_exit() -> None:
    pytest.importorskip("psutil")
    out = run_python(
        """
        import json, os, psutil, pariter as pi
        pi.set_global_pool(pi.ProcessPool(2))
        pids = set(pi.into_par_iter(range(2000)).map(lambda _: os.getpid()).collect())
        children = [p.pid for p in psutil.Process().children(recursive=True)]
        print(json.dumps({"remote": os.getpid() not in pids, "children": children}))
        """
    )
    assert out["remote"] and len(out["children"]) >= 2
    assert all_gone(out["children"])


def test_a_with_block_wins_over_the_environment() -> None:
    out = run_python(
        """
        import json, os, pariter as pi
        with pi.ThreadPool(2) as pool:
            here = set(pi.into_par_iter(range(500)).map(lambda _: os.getpid()).collect())
            current = pi.current_pool() is pool
        away = set(pi.into_par_iter(range(500)).map(lambda _: os.getpid()).collect())
        print(json.dumps({"here": here == {os.getpid()}, "current": current,
                          "away": os.getpid() not in away}))
        """,
        PARITER_POOL="processes",
        PARITER_NUM_THREADS="2",
    )
    assert out == {"here": True, "current": True, "away": True, "stderr": out["stderr"]}


# -- bad values -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["fibers", "process", "dask:", "threads:4", "processes:2", ":x"])
@pytest.mark.usefixtures("fresh_default")
def test_a_bad_value_is_a_value_error_at_first_use(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("PARITER_POOL", value)
    message = r"PARITER_POOL must be threads, processes, dask or dask:ADDRESS, got "
    with pytest.raises(ValueError, match=message + repr(value.strip())):
        pi.into_par_iter(range(10)).sum()
    with pytest.raises(ValueError, match=message):  # and again, until it is fixed
        pi.current_pool()
    monkeypatch.setenv("PARITER_POOL", "threads")
    assert pi.into_par_iter(range(10)).sum() == 45
    assert pi.current_pool() is pool_module.global_pool()


def test_a_bad_value_fails_only_at_first_use_in_a_fresh_interpreter() -> None:
    full_env = {**os.environ, "PARITER_POOL": "gpu"}
    code = "import pariter as pi; print('imported', flush=True); pi.into_par_iter(range(3)).sum()"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=full_env
    )
    assert done.returncode == 1 and done.stdout.strip() == "imported"
    assert "ValueError: PARITER_POOL must be threads, processes, dask or dask:ADDRESS" in (
        done.stderr
    )
    assert "got 'gpu'" in done.stderr


@pytest.mark.usefixtures("fresh_default")
def test_set_global_pool_returns_the_pool_the_environment_chose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PARITER_POOL", "processes")
    monkeypatch.setenv("PARITER_NUM_THREADS", "2")
    threads = pi.ThreadPool(2)
    try:
        chosen = pi.set_global_pool(threads)
        assert type(chosen).__name__ == "ProcessPool" and chosen.current_num_threads() == 2
        assert not chosen._workers  # chosen, never started
        assert pi.current_pool() is threads
        assert pi.set_global_pool(chosen) is threads
        assert pi.current_pool() is chosen
    finally:
        pi.set_global_pool(None)
        threads.shutdown()


@pytest.mark.usefixtures("fresh_default")
def test_set_global_pool_overrides_a_bad_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITER_POOL", "nonsense")
    threads = pi.ThreadPool(1)
    try:
        replaced = pi.set_global_pool(threads)  # an explicit choice: no error
        assert isinstance(replaced, pi.ThreadPool) and replaced is not threads
        assert pi.into_par_iter(range(4)).sum() == 6
        assert pi.current_pool() is threads
    finally:
        pi.set_global_pool(None)
        threads.shutdown()
