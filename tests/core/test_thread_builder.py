"""The builder's ``use_current_thread``, ``spawn_handler``, ``build_scoped`` and
``max_num_threads``, and ``ThreadPool.yield_now`` / ``current_thread_has_pending_tasks``."""

from __future__ import annotations

import queue
import threading

import pytest

import pariter as pi
from tests.conftest import wait_for


def test_use_current_thread_basic() -> None:
    """Rayon's ``use_current_thread_basic``: the caller is worker 0, one thread is started, a
    second pool cannot adopt it, and a task runs while the caller blocks."""
    handles: list[threading.Thread] = []

    def handler(thread: pi.ThreadBuilder) -> None:
        handle = threading.Thread(target=thread.run, daemon=True)
        handle.start()
        handles.append(handle)

    pool = pi.ThreadPoolBuilder().num_threads(2).use_current_thread().spawn_handler(handler).build()
    try:
        assert pi.current_thread_index() == 0
        assert len(handles) == 1
        with pytest.raises(pi.ThreadPoolBuildError, match="already belongs to a pool"):
            pi.ThreadPoolBuilder().num_threads(2).use_current_thread().build()
        started = threading.Event()
        index: list[int | None] = []
        pool.spawn(lambda: (index.append(pi.current_thread_index()), started.set()))
        assert started.wait(30)  # ran while this thread blocked: on the other worker
        assert index == [1]
    finally:
        pool.shutdown()
    assert pi.current_thread_index() is None  # the caller left the pool with it
    for handle in handles:
        handle.join(30)
        assert not handle.is_alive()


def test_the_adopted_thread_runs_calls_inline_and_shares_work() -> None:
    caller = threading.get_ident()
    with pi.ThreadPoolBuilder().num_threads(2).use_current_thread().build() as pool:
        assert pool.install(threading.get_ident) == caller  # one of the pool's own threads
        assert pool.current_thread_index() == 0
        assert pi.into_par_iter(range(10_000)).map(lambda x: x * 2).sum() == 9999 * 10_000
        assert pi.join(lambda: 1, lambda: 2) == (1, 2)
    assert pi.current_thread_index() is None


def test_use_current_thread_with_one_thread_runs_everything_on_the_caller() -> None:
    caller = threading.get_ident()
    with pi.ThreadPoolBuilder().num_threads(1).use_current_thread().build():
        idents = pi.into_par_iter(range(100)).map(lambda _: threading.get_ident()).collect(set)
        assert idents == {caller}
        out: list[int] = []
        with pi.scope() as s:  # the scope's wait runs its tasks on the caller
            for i in range(5):
                s.spawn(lambda i=i: out.append(i))
        assert sorted(out) == list(range(5))


def test_no_start_or_exit_handler_for_the_adopted_thread() -> None:
    started: list[int] = []
    exited: list[int] = []
    pool = (
        pi.ThreadPoolBuilder()
        .num_threads(3)
        .use_current_thread()
        .start_handler(started.append)
        .exit_handler(exited.append)
        .build()
    )
    assert sorted(started) == [1, 2]
    pool.shutdown()
    assert sorted(exited) == [1, 2]


def test_a_restarted_pool_adopts_no_thread() -> None:
    pool = pi.ThreadPoolBuilder().num_threads(2).use_current_thread().build()
    pool.shutdown()
    assert pi.current_thread_index() is None
    assert sorted(pool.broadcast(lambda ctx: ctx.index)) == [0, 1]  # two started threads
    assert pi.current_thread_index() is None
    pool.shutdown()


def test_spawn_handler_gets_index_name_and_stack_size() -> None:
    seen: list[tuple[int, str, int | None]] = []
    names: list[str] = []

    def handler(thread: pi.ThreadBuilder) -> None:
        seen.append((thread.index, thread.name, thread.stack_size))
        threading.Thread(target=thread.run, name=thread.name, daemon=True).start()

    pool = (
        pi.ThreadPoolBuilder()
        .num_threads(3)
        .thread_name("custom")
        .stack_size(1 << 24)
        .spawn_handler(handler)
        .build()
    )
    try:
        assert seen == [(i, f"custom-{i}", 1 << 24) for i in range(3)]
        names = pool.broadcast(lambda: threading.current_thread().name)
        assert sorted(names) == [f"custom-{i}" for i in range(3)]
        assert pool.install(lambda: pi.into_par_iter(range(1000)).sum()) == 499_500
    finally:
        pool.shutdown()


class Boom(Exception):
    pass


def test_a_failing_spawn_handler_fails_build_and_stops_the_started_threads() -> None:
    exited: list[int] = []
    before = threading.active_count()

    def handler(thread: pi.ThreadBuilder) -> None:
        if thread.index == 2:
            raise Boom("no thread for you")
        threading.Thread(target=thread.run, daemon=True).start()

    with pytest.raises(Boom, match="no thread for you"):
        pi.ThreadPoolBuilder().num_threads(4).spawn_handler(handler).exit_handler(
            exited.append
        ).build()
    assert wait_for(lambda: sorted(exited) == [0, 1])
    assert wait_for(lambda: threading.active_count() <= before)


def test_thread_builder_run_twice_or_on_a_pool_thread_raises() -> None:
    builders: list[pi.ThreadBuilder] = []

    def handler(thread: pi.ThreadBuilder) -> None:
        builders.append(thread)
        threading.Thread(target=thread.run, daemon=True).start()

    with pi.ThreadPoolBuilder().num_threads(1).spawn_handler(handler).build() as pool:
        assert pool.install(lambda: 1) == 1
        with pytest.raises(RuntimeError, match="already called"):
            builders[0].run()
        with pytest.raises(RuntimeError, match="thread of no pool"):
            pool.install(builders[0].run)
    assert repr(builders[0]) == "ThreadBuilder(index=0, name='pariter-0')"


def test_build_scoped_wraps_every_thread_and_joins_them() -> None:
    """Rayon's ``scoped_threadpool`` tests: state the wrapper sets up is seen by the pool's
    work, and every thread has exited when build_scoped returns."""
    local = threading.local()
    threads: list[threading.Thread] = []
    lock = threading.Lock()

    def wrapper(thread: pi.ThreadBuilder) -> None:
        local.data = [1, 2, 3]
        with lock:
            threads.append(threading.current_thread())
        thread.run()

    def with_pool(pool: pi.ThreadPool) -> list[object]:
        return pool.broadcast(lambda: getattr(local, "data", None))

    result = pi.ThreadPoolBuilder().num_threads(3).build_scoped(wrapper, with_pool)
    assert result == [[1, 2, 3]] * 3
    assert len(threads) == 3
    assert not any(thread.is_alive() for thread in threads)


def test_build_scoped_pool_cannot_be_used_after_it_returns() -> None:
    kept: list[pi.ThreadPool] = []
    pi.ThreadPoolBuilder().num_threads(2).build_scoped(lambda t: t.run(), kept.append)
    with pytest.raises(RuntimeError, match="build_scoped"):
        kept[0].install(lambda: 1)


def test_build_scoped_reraises_and_still_joins() -> None:
    threads: list[threading.Thread] = []

    def wrapper(thread: pi.ThreadBuilder) -> None:
        threads.append(threading.current_thread())
        thread.run()

    def with_pool(pool: pi.ThreadPool) -> None:
        pool.install(lambda: None)
        raise Boom("in with_pool")

    with pytest.raises(Boom, match="in with_pool"):
        pi.ThreadPoolBuilder().num_threads(2).build_scoped(wrapper, with_pool)
    assert threads and not any(thread.is_alive() for thread in threads)


def test_build_scoped_checks_its_arguments() -> None:
    builder = pi.ThreadPoolBuilder().num_threads(1)
    with pytest.raises(TypeError, match="wrapper must be callable"):
        builder.build_scoped(3, lambda pool: None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="wrapper must be callable"):
        builder.build_scoped(None, lambda pool: None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="with_pool must be callable"):
        builder.build_scoped(lambda t: t.run(), None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="spawn_handler must be callable"):
        builder.spawn_handler("nope")  # type: ignore[arg-type]


def test_max_num_threads_bounds_the_pool_size() -> None:
    assert pi.max_num_threads() == 65535
    assert pi.ThreadPool(10**6).current_num_threads() == pi.max_num_threads()


def test_yield_now_on_a_pool_only_for_its_own_threads() -> None:
    """Rayon's ``yield_now_to_spawn``: a yield on a pool thread runs the queued spawn."""
    with pi.ThreadPool(1) as pool, pi.ThreadPool(1) as other:
        assert pool.yield_now() is None and pool.yield_local() is None
        assert other.install(pool.yield_now) is None  # another pool's thread
        channel: queue.Queue[int] = queue.Queue()

        def body() -> tuple[bool | None, bool | None]:
            pi.spawn(lambda: channel.put(22))
            return pool.yield_now(), pool.yield_now()

        assert pool.install(body) == (True, False)
        assert channel.get(timeout=30) == 22

        def local_body() -> bool | None:
            pi.spawn(lambda: channel.put(23))
            return pool.yield_local()

        assert pool.install(local_body) is True
        assert channel.get(timeout=30) == 23


def test_current_thread_has_pending_tasks() -> None:
    assert pi.current_thread_has_pending_tasks() is None
    with pi.ThreadPool(1) as pool, pi.ThreadPool(1) as other:
        assert pool.current_thread_has_pending_tasks() is None
        assert other.install(pool.current_thread_has_pending_tasks) is None

        def body() -> tuple[bool | None, ...]:
            before = pi.current_thread_has_pending_tasks()
            pi.spawn(lambda: None)  # queued on this thread's own deque: nobody else can take it
            during = (
                pi.current_thread_has_pending_tasks(),
                pool.current_thread_has_pending_tasks(),
            )
            pi.yield_local()
            return (before, *during, pi.current_thread_has_pending_tasks())

        assert pool.install(body) == (False, True, True, False)
