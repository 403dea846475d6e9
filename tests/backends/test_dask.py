"""``DaskPool`` on a real ``distributed.LocalCluster`` (2 worker processes of 1 thread each):
every chain, source and dict iterator gives what sequential Python gives, short-circuits stop,
errors keep their type, a killed worker never hangs a call nor corrupts its answer, tasks carry
the operation's name, and ``DaskPool()`` owns (and closes) its own cluster.

The cluster is started once for the module (~5 s); the whole file takes well under a minute.
Functions defined at module level travel by reference: the workers import this module.
"""

from __future__ import annotations

import collections
import concurrent.futures
import multiprocessing
import operator
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

from dask import config as dask_config  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import pariter as pi  # noqa: E402
from pariter.backends.dask import cluster_config  # noqa: E402
from pariter.backends.errors import RemoteTraceback  # noqa: E402
from tests.conftest import Current, wait_for  # noqa: E402

# -- the cluster ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
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
    with distributed.Client(cluster) as c:
        c.wait_for_workers(2)
        yield c


@pytest.fixture(scope="module")
def dask_pool(client: Any) -> Iterator[Any]:
    pool = pi.DaskPool(client)
    yield pool
    pool.shutdown()  # a given client stays open


@pytest.fixture(scope="module")
def dask(dask_pool: Any) -> Current:
    """The module's pool, current inside ``with dask:`` (module scope: hypothesis reuses it)."""
    return Current(dask_pool)


def worker_addresses(client: Any) -> set[str]:
    return set(client.scheduler_info(n_workers=-1)["workers"])


# -- module-level functions (the workers import them by reference) --------------------------------


def square(x: int) -> int:
    return x * x


def slow_square(x: int) -> int:
    time.sleep(0.05)
    return x * x


class Oops(Exception):
    """A user exception type the caller must get back as itself."""


def explode_at_777(x: int) -> int:
    if x == 777:
        raise Oops(f"item {x} is cursed")
    return x


def evens_from(n: int) -> Iterator[int]:
    yield from range(0, 2 * n, 2)


# -- hypothesis: chains against their sequential meaning ------------------------------------------

# Each adapter: (parallel chain, list) -> both with the adapter applied; items stay ints.
ADAPTERS: dict[str, Callable[[Any, list[int]], tuple[Any, list[int]]]] = {
    "map": lambda p, s: (p.map(lambda x: x * 3 - 7), [x * 3 - 7 for x in s]),
    "filter": lambda p, s: (p.filter(lambda x: x % 3 != 1), [x for x in s if x % 3 != 1]),
    "flat_map_iter": lambda p, s: (
        p.flat_map_iter(lambda x: range(x % 4)),
        [y for x in s for y in range(x % 4)],
    ),
    "enumerate": lambda p, s: (
        p.enumerate().map(lambda t: t[0] * 1000 + t[1]),
        [i * 1000 + x for i, x in enumerate(s)],
    ),
    "rev": lambda p, s: (p.rev(), s[::-1]),
}
UNINDEXING = {"filter", "flat_map_iter"}
INDEXED_ONLY = {"enumerate", "rev", "zip", "skip", "take", "step_by", "chunks"}
PARAMETRIC = {"zip", "skip", "take", "step_by", "chunks"}


def apply_parametric(name: str, par: Any, seq: list[int], data: st.DataObject) -> Any:
    if name == "zip":
        other = data.draw(st.lists(st.integers(-100, 100), max_size=400), label="zip with")
        pairs = zip(seq, other, strict=False)
        return par.zip(other).map(lambda t: t[0] - t[1]), [a - b for a, b in pairs]
    k = data.draw(st.integers(0 if name in ("skip", "take") else 1, 70), label=name)
    if name == "skip":
        return par.skip(k), seq[k:]
    if name == "take":
        return par.take(k), seq[:k]
    if name == "step_by":
        return par.step_by(k), seq[::k]
    return par.chunks(k).map(sum), [sum(seq[i : i + k]) for i in range(0, len(seq), k)]


def is_hit(x: int) -> bool:
    return x % 5 == 2


TERMINALS = [
    "sum",
    "collect",
    "reduce",
    "min",
    "max",
    "count",
    "find_first",
    "position_any",
    "collect_dict",
]


def run_terminal(name: str, par: Any, seq: list[int], dask: Current) -> None:
    with dask:
        if name == "sum":
            assert par.sum() == sum(seq)
        elif name == "collect":
            assert par.collect() == seq
        elif name == "reduce":  # associative, not commutative: the order must be kept
            assert par.map(lambda x: [x]).reduce(list, operator.add) == seq
        elif name == "min":
            assert par.min() == min(seq, default=None)
        elif name == "max":
            assert par.max() == max(seq, default=None)
        elif name == "count":
            assert par.count() == len(seq)
        elif name == "find_first":
            assert par.find_first(is_hit) == next(filter(is_hit, seq), None)
        elif name == "position_any":
            pos = par.position_any(is_hit)
            if any(map(is_hit, seq)):
                assert pos is not None and is_hit(seq[pos])
            else:
                assert pos is None
        else:
            got = par.map(lambda x: (x % 7, x)).collect(dict)
            assert got == {x % 7: x for x in seq}  # the last of each key, as dict() keeps


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_chains_equal_sequential(dask: Current, data: st.DataObject) -> None:
    if data.draw(st.booleans(), label="range source"):
        r = range(data.draw(st.integers(-20, 20)), data.draw(st.integers(-20, 600)))
        par, seq = pi.into_par_iter(r), list(r)
    else:
        xs = data.draw(st.lists(st.integers(-1000, 1000), max_size=600), label="list source")
        par, seq = pi.par_iter(xs), list(xs)
    indexed = True
    for _ in range(data.draw(st.integers(0, 4), label="adapters")):
        names = sorted(set(ADAPTERS) | PARAMETRIC)
        if not indexed:
            names = [n for n in names if n not in INDEXED_ONLY]
        name = data.draw(st.sampled_from(names), label="adapter")
        if name in PARAMETRIC:
            par, seq = apply_parametric(name, par, seq, data)
        else:
            par, seq = ADAPTERS[name](par, seq)
        indexed = indexed and name not in UNINDEXING
    terminals = TERMINALS if indexed else [t for t in TERMINALS if t != "position_any"]
    run_terminal(data.draw(st.sampled_from(terminals), label="terminal"), par, seq, dask)


# -- sources ---------------------------------------------------------------------------------------

TEXT = "the quick  brown\tfox\njumps over the lazy dog\r\n\nthé ünïcode 🎉 fox the\n" * 400


def test_ranges_and_lists(dask: Current) -> None:
    xs = list(range(-3000, 9000, 7))
    with dask:
        assert pi.into_par_iter(range(20_000)).map(square).sum() == sum(map(square, range(20_000)))
        assert pi.into_par_iter(range(5000, -5000, -3)).collect() == list(range(5000, -5000, -3))
        assert pi.par_iter(xs).map(square).collect() == list(map(square, xs))
        assert pi.par_iter(xs).rev().enumerate().collect() == list(enumerate(reversed(xs)))
        assert pi.into_par_iter(range(0)).sum() == 0


def test_strings(dask: Current) -> None:
    with dask:
        assert pi.par_lines(TEXT).collect() == TEXT.splitlines()
        assert pi.par_split_whitespace(TEXT).collect() == TEXT.split()
        counts = pi.par_split_whitespace(TEXT).collect(collections.Counter)
        lines = pi.par_lines(TEXT).map(len).collect()
    assert counts == collections.Counter(TEXT.split())
    assert lines == list(map(len, TEXT.splitlines()))


def test_par_bridge_of_a_generator(dask: Current) -> None:
    with dask:
        got = pi.par_bridge(evens_from(5000)).map(square).collect()
        total = pi.par_bridge(evens_from(5000)).sum()
        empty = pi.par_bridge(evens_from(0)).collect()
    assert sorted(got) == sorted(map(square, range(0, 10_000, 2)))
    assert total == sum(range(0, 10_000, 2))
    assert empty == []


def test_set_and_deque(dask: Current) -> None:
    s = {f"w{i}" for i in range(3000)}
    dq = collections.deque(range(-2000, 2000))
    with dask:
        assert pi.par_iter(s).collect(set) == s
        assert sorted(pi.par_iter(s).collect()) == sorted(s)
        assert pi.par_iter(s).map(len).sum() == sum(map(len, s))
        assert pi.par_iter(dq).map(square).collect() == list(map(square, dq))
        assert pi.par_iter(dq).rev().take(10).collect() == list(reversed(dq))[:10]


# -- the dict iterators ----------------------------------------------------------------------------


def test_par_iter_of_a_dict_gives_its_pairs_in_order(dask: Current) -> None:
    d = {f"k{i}": i * i for i in range(5000)}
    with dask:
        assert pi.par_iter(d).collect() == list(d.items())
        assert pi.par_iter(d).map(lambda kv: kv[1]).sum() == sum(d.values())
        assert pi.par_iter(d).filter(lambda kv: kv[1] % 2).collect(dict) == {
            k: v for k, v in d.items() if v % 2
        }


@pytest.mark.parametrize("kind", [dict, collections.Counter, collections.OrderedDict])
def test_par_iter_mut_writes_land_in_the_dict(dask: Current, kind: type) -> None:
    d = kind({f"key{i}": i for i in range(3000)})
    expected = kind({k: v * 10 + len(k) for k, v in d.items()})
    target = d
    with dask:
        pi.par_iter_mut(d).for_each(lambda slot: slot.set(slot.value * 10 + len(slot.key)))
    assert d is target and type(d) is kind
    assert list(d.items()) == list(expected.items())  # values and key order


def test_map_in_place(dask: Current) -> None:
    d = {i: i for i in range(4000)}
    xs = list(range(4000))
    with dask:
        pi.par_iter_mut(d).map_in_place(lambda v: v * 3 + 1)
        pi.par_iter_mut(xs).map_in_place(square)
    assert list(d.items()) == [(i, i * 3 + 1) for i in range(4000)]
    assert xs == list(map(square, range(4000)))


def test_par_iter_mut_of_a_list_sees_absolute_keys(dask: Current) -> None:
    xs = list(range(5000, 0, -1))
    expected = [i * 100_000 + v for i, v in enumerate(xs)]
    with dask:
        pi.par_iter_mut(xs).for_each(lambda slot: slot.set(slot.key * 100_000 + slot.value))
        keys = pi.par_iter_mut(xs).map(lambda slot: slot.key).collect()
    assert xs == expected
    assert keys == list(range(5000))


def test_par_drain_empties_the_dict(dask: Current) -> None:
    d = {f"k{i}": i for i in range(3000)}
    pairs = list(d.items())
    with dask:
        got = pi.par_drain(d).collect()
    assert got == pairs and d == {}


def fail_on_k1500(kv: tuple[str, int]) -> int:
    if kv[0] == "k1500":
        raise KeyError("k1500 refused")
    return kv[1]


def test_par_drain_empties_the_dict_when_the_consumer_raises(dask: Current) -> None:
    d = {f"k{i}": i for i in range(3000)}
    with dask, pytest.raises(KeyError, match="k1500 refused"):
        pi.par_drain(d).map(fail_on_k1500).sum()
    assert d == {}


# -- short-circuits --------------------------------------------------------------------------------

HUGE = range(10**12)


@pytest.mark.timeout(60)
def test_find_any_and_any_over_a_huge_range_return(dask: Current) -> None:
    with dask:
        assert pi.into_par_iter(HUGE).find_any(lambda x: x == 123_456) == 123_456
        hit = pi.into_par_iter(HUGE).find_any(lambda x: x % 100_003 == 17)
        assert pi.into_par_iter(HUGE).any(lambda x: x > 200_000) is True
        assert pi.into_par_iter(HUGE).all(lambda x: x < 200_000) is False
    assert hit is not None and hit % 100_003 == 17


@pytest.mark.timeout(60)
@pytest.mark.parametrize("n", [0, 1, 500])
def test_take_any_takes_exactly_n(dask: Current, n: int) -> None:
    with dask:
        got = pi.into_par_iter(HUGE).filter(lambda x: x % 3 == 0).take_any(n).collect()
        small = pi.into_par_iter(range(2000)).take_any(n).collect()
    assert len(got) == n and len(set(got)) == n and all(x % 3 == 0 for x in got)
    assert len(small) == n and len(set(small)) == n and set(small) <= set(range(2000))
    assert small == sorted(small)  # relative order is kept


@pytest.mark.timeout(60)
def test_find_first_equals_sequential(dask: Current) -> None:
    def pred(x: int) -> bool:
        return x % 1009 == 1008 and x > 50_000

    with dask:
        assert pi.into_par_iter(HUGE).find_first(pred) == next(filter(pred, HUGE))
        xs = [x % 97 for x in range(20_000)]
        assert pi.par_iter(xs).find_first(lambda x: x == 96) == 96
        assert pi.par_iter(xs).position_first(lambda x: x == 50) == xs.index(50)
        assert pi.par_iter(xs).find_first(lambda x: x > 1000) is None


# -- errors ----------------------------------------------------------------------------------------


def test_an_exception_keeps_its_type_and_the_next_call_works(dask: Current) -> None:
    with dask:
        with pytest.raises(Oops, match="item 777 is cursed") as info:
            pi.into_par_iter(range(5000)).map(explode_at_777).sum()
        cause = info.value.__cause__
        assert isinstance(cause, RemoteTraceback)
        assert "explode_at_777" in str(cause)
        assert "Oops: item 777 is cursed" in str(cause)
        # The pool is fine afterwards.
        assert pi.into_par_iter(range(5000)).map(square).sum() == sum(map(square, range(5000)))


def test_an_unpicklable_closure_raises_type_error_naming_it(dask: Current) -> None:
    lock = threading.Lock()

    def guarded_square(x: int) -> int:
        with lock:
            return x * x

    with dask:
        with pytest.raises(TypeError, match="guarded_square"):
            pi.into_par_iter(range(1000)).map(guarded_square).sum()
        assert pi.into_par_iter(range(1000)).map(square).sum() == sum(map(square, range(1000)))


# -- a worker killed mid-call ----------------------------------------------------------------------


def pariter_tasks_running(client: Any, operation: str = "sum") -> bool:
    """Whether a worker is running (or has queued) a piece of a pariter ``operation`` call
    (of any call, with ``operation=""``)."""
    prefix = f"pariter-{operation}-" if operation else "pariter-"
    return any(str(key).startswith(prefix) for keys in client.processing().values() for key in keys)


def kill_worker_during(client: Any, future: Any, addr: str, pid: int) -> Any:
    """SIGKILL the worker at ``addr`` while ``future``'s call runs: the call's result (None for
    WorkerLostError), once the nanny has started a fresh worker (at a new address)."""
    os.kill(pid, signal.SIGKILL)
    try:
        return future.result(timeout=120)
    except pi.WorkerLostError:
        return None
    finally:
        assert wait_for(
            lambda: addr not in worker_addresses(client) and len(worker_addresses(client)) == 2,
            60,
        )
        client.wait_for_workers(2)


@pytest.mark.timeout(150)
@pytest.mark.parametrize("victim", ["holds-scattered-data", "other"])
def test_a_worker_killed_mid_call(client: Any, dask_pool: Any, dask: Current, victim: str) -> None:
    """SIGKILL a worker while a ~2 s call runs: the right answer or WorkerLostError, no hang.

    ``holds-scattered-data`` kills the worker holding the data the call scattered to the
    cluster (its function table): Dask cannot recompute scattered data, so the pool has to.
    """
    client.wait_for_workers(2)
    n = 80
    expected = sum(map(square, range(n)))
    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        future = executor.submit(
            dask_pool.install, lambda: pi.into_par_iter(range(n)).map(slow_square).sum()
        )
        assert wait_for(lambda: pariter_tasks_running(client), 30), "the call never started"
        time.sleep(0.3)
        pids = client.run(os.getpid)
        holders = {
            addr
            for key, addrs in client.who_has().items()
            if not str(key).startswith("pariter-")
            for addr in addrs
        }
        if victim == "holds-scattered-data":
            candidates = [a for a in pids if a in holders]
        else:
            candidates = [a for a in pids if a not in holders]
        addr = (candidates or sorted(pids))[0]
        result = kill_worker_during(client, future, addr, pids[addr])
    if result is not None:
        assert result == expected
    with dask:
        assert pi.into_par_iter(range(3000)).map(square).sum() == sum(map(square, range(3000)))


@pytest.mark.timeout(150)
def test_a_worker_killed_mid_take_any_never_gives_a_wrong_count(
    client: Any, dask_pool: Any, dask: Current
) -> None:
    """A piece that took from take_any's countdown dies with its worker: Dask would run it
    again, but the countdown it took from is gone, and the second run would collect nothing.
    The call must give exactly n items or raise WorkerLostError, never fewer items."""
    client.wait_for_workers(2)
    n = 40
    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        future = executor.submit(
            dask_pool.install,
            # The slow map runs after the take: a piece holds its share for ~2 s.
            lambda: pi.into_par_iter(range(400)).take_any(n).map(slow_square).collect(),
        )
        assert wait_for(lambda: pariter_tasks_running(client, ""), 30), "the call never started"
        time.sleep(0.5)
        running = {
            addr
            for addr, keys in client.processing().items()
            if any(str(key).startswith("pariter-") for key in keys)
        }
        pids = client.run(os.getpid)
        addr = sorted(running & set(pids) or pids)[0]
        result = kill_worker_during(client, future, addr, pids[addr])
    if result is not None:
        assert len(result) == n and len(set(result)) == n
        assert set(result) <= {x * x for x in range(400)}


class Interrupted(Exception):
    pass


def executing(dask_worker: Any) -> int:
    """How many tasks a worker's threads are running (cancelled ones included)."""
    return int(dask_worker.state.executing_count)


@pytest.mark.timeout(120)
def test_pieces_stop_when_the_caller_is_interrupted(client: Any, dask: Current) -> None:
    """An exception in the caller (Ctrl-C, a timeout) ends the call: its pieces over a huge
    range stop within moments instead of keeping the workers busy for hours."""

    def interrupt(signum: int, frame: Any) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGUSR1, interrupt)
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGUSR1))
    try:
        with dask, pytest.raises(Interrupted):
            timer.start()
            pi.into_par_iter(HUGE).map(square).sum()
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    # Cancelled tasks leave the scheduler's books at once: ask the workers' threads.
    assert wait_for(lambda: not any(client.run(executing).values()), 20), "pieces kept running"
    with dask:
        assert pi.into_par_iter(range(3000)).map(square).sum() == sum(map(square, range(3000)))


def exit_at_13(x: int) -> int:
    if x == 13:
        os._exit(1)  # the worker process dies, every time this item runs
    return x


@pytest.mark.timeout(150)
def test_a_piece_that_always_kills_its_worker_raises_worker_lost_error(
    client: Any, dask: Current
) -> None:
    """Dask retries the piece on fresh workers, then gives up (KilledWorker): WorkerLostError."""
    client.wait_for_workers(2)
    try:
        with dask, pytest.raises(pi.WorkerLostError):
            pi.into_par_iter(range(100)).map(exit_at_13).sum()
    finally:
        assert wait_for(lambda: len(worker_addresses(client)) == 2, 60)
        client.wait_for_workers(2)
    with dask:
        assert pi.into_par_iter(range(100)).map(square).sum() == sum(map(square, range(100)))


# -- task names ------------------------------------------------------------------------------------


def test_tasks_are_named_after_the_operation(client: Any, cluster: Any, dask: Current) -> None:
    with distributed.get_task_stream(client) as stream, dask:
        total = pi.into_par_iter(range(20_000)).map(square).sum()
    assert total == sum(map(square, range(20_000)))
    keys = [str(task["key"]) for task in stream.data]
    assert keys, "no task ran"
    assert all(re.fullmatch(r"pariter-sum-[0-9a-f]+-\d+", key) for key in keys), keys
    assert len(set(keys)) == len(keys)
    assert "pariter-sum" in cluster.scheduler.task_prefixes


# -- constructing a DaskPool -----------------------------------------------------------------------


def forget_pariter_handler(dask_scheduler: Any) -> bool:
    """What a restarted scheduler knows of pariter: nothing."""
    return dask_scheduler.handlers.pop("pariter_slots", None) is not None


def test_a_scheduler_that_lost_the_slot_handler_gets_it_again(client: Any, dask: Current) -> None:
    with dask:
        assert pi.into_par_iter(range(100)).find_first(lambda x: x > 41) == 42
    assert client.run_on_scheduler(forget_pariter_handler)  # as after a scheduler restart
    with dask:
        assert pi.into_par_iter(range(100)).find_first(lambda x: x > 41) == 42
        assert pi.into_par_iter(range(100)).take_any(7).count() == 7


def test_a_scheduler_lost_while_a_piece_is_pickled_is_not_an_unpicklable_chain(
    dask: Current, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed.comm.core import CommClosedError

    from pariter.backends.dask import DaskSlots

    def unreachable(self: Any, action: str, *args: Any, **kwargs: Any) -> int:
        raise CommClosedError(f"in this test the scheduler cannot be reached ({action})")

    # take_any writes its countdown's first value to the scheduler as its piece is pickled;
    # ending the call (forget) fails too, and must not hide the call's own error.
    monkeypatch.setattr(DaskSlots, "_ask", unreachable)
    with dask, pytest.raises(CommClosedError, match=r"cannot be reached \(write\)"):
        pi.into_par_iter(range(100)).take_any(7).count()
    monkeypatch.undo()
    with dask:
        assert pi.into_par_iter(range(100)).take_any(7).count() == 7


def test_daskpool_rejects_other_arguments() -> None:
    with pytest.raises(TypeError, match="int"):
        pi.DaskPool(123)  # type: ignore[arg-type]


def test_a_scheduler_address_works(cluster: Any, client: Any) -> None:
    pool = pi.DaskPool(cluster.scheduler_address)
    try:
        with Current(pool):
            assert pi.into_par_iter(range(3000)).map(square).sum() == sum(map(square, range(3000)))
        own = pool.client
        assert own is not client and own.scheduler.address == cluster.scheduler_address
        assert pool.current_num_threads() == 2
    finally:
        pool.shutdown()
    assert own.status == "closed"
    # The cluster (and the module's client) outlive the pool.
    assert client.status == "running" and len(worker_addresses(client)) == 2


@pytest.mark.timeout(120)
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")  # the module's cluster has it
def test_daskpool_without_arguments_starts_and_closes_its_own_cluster(client: Any) -> None:
    before = {p.pid for p in multiprocessing.active_children()}
    pool = pi.DaskPool()
    with pool:
        assert pi.into_par_iter(range(3000)).map(square).sum() == sum(map(square, range(3000)))
        own = pool.client
        assert own is not client
        cluster = own.cluster
        assert isinstance(cluster, distributed.LocalCluster)
        pids = set(own.run(os.getpid).values())
        assert len(pids) == 2  # its own workers, children of this process
        assert pids <= {p.pid for p in multiprocessing.active_children()} - before
    # Leaving `with` shut the pool down: its cluster is closed and its processes are gone.
    assert str(cluster.status) in ("Status.closed", "closed")
    assert own.status == "closed"
    assert wait_for(
        lambda: not ({p.pid for p in multiprocessing.active_children()} - before), 30
    ), [p for p in multiprocessing.active_children() if p.pid not in before]
    assert wait_for(lambda: not any(map(_alive, pids)), 30)
    # The module's cluster was not touched.
    assert len(worker_addresses(client)) == 2


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes (its parent has not reaped it yet).
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return False


def test_results_are_tracked_on_the_pools_own_event_loop(
    cluster: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two clients in one process, as_completed() would take the default client's loop
    and write to this pool's connections from that loop's thread (tornado's write-buffer
    assertion, about one call in 40): the pool passes its own client's loop."""
    loops: list[Any] = []
    real = distributed.as_completed

    def recording(*args: Any, **kwargs: Any) -> Any:
        loops.append(kwargs.get("loop"))
        return real(*args, **kwargs)

    monkeypatch.setattr(distributed, "as_completed", recording)
    pool = pi.DaskPool(cluster.scheduler_address)
    try:
        with Current(pool):
            for _ in range(5):
                assert pi.into_par_iter(range(300)).map(square).sum() == sum(
                    map(square, range(300))
                )
        assert loops and all(loop is pool.client.loop for loop in loops)
        assert pool.current_num_threads() == 2
    finally:
        pool.shutdown()
