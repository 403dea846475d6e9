"""``.progress()``: a tqdm bar counting the items that pass the step, on every pool size.

Every test compares the chain's result with its sequential meaning and checks what the bar saw:
its total, its final count, and that it was closed when the terminal operation ended.
"""

from __future__ import annotations

import io
import pickle
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import pariter as pi
from pariter.iterators.progress import ProgressStep, progress_steps
from pariter.plumbing.state import Progress

tqdm_auto = pytest.importorskip("tqdm.auto")
tqdm_std = pytest.importorskip("tqdm.std")

LENGTHS = (0, 1, 7, 1000, 100_003)


class Bars:
    """Every bar made while the test runs (real tqdm bars, writing to a private buffer)."""

    def __init__(self) -> None:
        self.made: list[Any] = []

    @property
    def last(self) -> Any:
        assert self.made, "no bar was made"
        return self.made[-1]


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> Iterator[Bars]:
    record = Bars()
    lock = threading.Lock()

    class RecordingBar(tqdm_auto.tqdm):  # type: ignore[misc, name-defined]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("file", io.StringIO())
            super().__init__(*args, **kwargs)
            with lock:
                record.made.append(self)

    # No monitor thread: tests elsewhere count the process's threads.
    monkeypatch.setattr(tqdm_std.tqdm, "monitor_interval", 0)
    monkeypatch.setattr(tqdm_auto, "tqdm", RecordingBar)
    yield record


def closed(bar: Any) -> bool:
    return bool(bar.disable)  # tqdm.close() disables the bar


def step_of(it: pi.ParallelIterator[Any]) -> ProgressStep:
    (step,) = progress_steps(it)
    return step


@pytest.mark.parametrize("n", LENGTHS)
def test_indexed_counts_every_item(pool: pi.ThreadPool, bars: Bars, n: int) -> None:
    it = pi.into_par_iter(range(n)).map(lambda x: x * 3).progress(desc="triple")
    assert isinstance(it, pi.IndexedParallelIterator)
    assert it.sum() == sum(x * 3 for x in range(n))
    bar = bars.last
    assert (bar.total, bar.n, bar.desc) == (n, n, "triple")
    assert closed(bar)
    assert step_of(it).tally.bar is None


@pytest.mark.parametrize("n", LENGTHS)
def test_unindexed_counts_items_that_pass(pool: pi.ThreadPool, bars: Bars, n: int) -> None:
    it = pi.into_par_iter(range(n)).filter(lambda x: x % 3 == 0).progress()
    assert not isinstance(it, pi.IndexedParallelIterator)
    assert it.collect() == [x for x in range(n) if x % 3 == 0]
    bar = bars.last
    assert bar.total is None  # unknown length: tqdm shows a count and a rate
    assert bar.n == len(range(0, n, 3))
    assert closed(bar)


def test_total_and_options_go_to_tqdm(bars: Bars) -> None:
    buffer = io.StringIO()
    it = pi.par_iter(list(range(50))).filter(bool).progress("scan", total=49, file=buffer)
    assert it.count() == 49
    assert (bars.last.total, bars.last.n) == (49, 49)
    assert "scan" in buffer.getvalue() and "49/49" in buffer.getvalue()


def test_every_terminal_operation_closes_its_bar(pool: pi.ThreadPool, bars: Bars) -> None:
    xs = list(range(2000))
    it = pi.par_iter(xs).progress()
    runs = [
        (lambda: it.sum(), sum(xs)),
        (lambda: it.count(), len(xs)),
        (lambda: it.collect(), xs),
        (lambda: it.collect(set), set(xs)),
        (lambda: it.min(), 0),
        (lambda: it.max(key=lambda x: -x), 0),
        (lambda: it.reduce(lambda: 0, lambda a, b: a + b), sum(xs)),
        (lambda: it.all(lambda x: x >= 0), True),
        (lambda: it.partition(lambda x: x % 2), ([x for x in xs if x % 2], xs[::2])),
        (lambda: it.map(lambda x: (x, -x)).unzip(), (xs, [-x for x in xs])),
        (lambda: it.eq(xs), True),
        (lambda: it.for_each(lambda x: None), None),
        (lambda: list(it), xs),
    ]
    for run, expected in runs:
        before = len(bars.made)
        assert run() == expected
        assert len(bars.made) == before + 1  # one bar per terminal operation
        assert bars.last.n == len(xs) and closed(bars.last)


def test_short_circuit_stops_early_and_closes(pool: pi.ThreadPool, bars: Bars) -> None:
    it = pi.into_par_iter(range(10**12)).progress()
    assert it.find_first(lambda x: x == 5000) == 5000
    assert bars.last.total == 10**12
    assert 0 < bars.last.n < 10**12  # what ran (the blocks handed out), not 10**12
    assert closed(bars.last)
    assert pi.into_par_iter(range(10**6)).filter(bool).progress().any(lambda x: x > 10)
    assert closed(bars.last)


def test_an_error_closes_the_bar_and_the_next_run_starts_afresh(
    pool: pi.ThreadPool, bars: Bars
) -> None:
    def boom(x: int) -> int:
        if x == 777:
            raise KeyError(x)
        return x

    failing = pi.into_par_iter(range(5000)).progress().map(boom)
    with pytest.raises(KeyError):
        failing.sum()
    assert closed(bars.last)
    step = step_of(failing)
    assert step.tally.bar is None and step.tally.depth == 0
    ok = pi.into_par_iter(range(5000)).progress()
    assert ok.sum() == sum(range(5000))
    assert ok.sum() == sum(range(5000))  # run twice: the count restarts
    assert bars.last.n == 5000 and step_of(ok).tally.count == 5000


def test_step_in_the_middle_of_a_chain(pool: pi.ThreadPool, bars: Bars) -> None:
    xs = list(range(3000))
    got = pi.par_iter(xs).progress().map(lambda x: x + 1).filter(lambda x: x % 2).collect()
    assert got == [x + 1 for x in xs if (x + 1) % 2]
    assert (bars.last.total, bars.last.n) == (3000, 3000)
    rev = pi.par_iter(xs).progress().rev().enumerate().skip(10).take(100).collect()
    assert rev == list(enumerate(reversed(xs)))[10:110]
    assert closed(bars.last)


def test_steps_in_arguments_are_tracked(pool: pi.ThreadPool, bars: Bars) -> None:
    a = list(range(1000))
    b = pi.par_iter([x * 2 for x in a]).progress(desc="b")
    assert pi.par_iter(a).progress(desc="a").zip(b).map(lambda p: p[0] * p[1]).sum() == sum(
        x * x * 2 for x in a
    )
    assert sorted(bar.desc for bar in bars.made) == ["a", "b"]
    assert all(bar.n == 1000 and closed(bar) for bar in bars.made)
    assert pi.par_iter(a).eq(pi.par_iter(a).progress(desc="c"))  # passed to a terminal op
    assert bars.last.desc == "c" and closed(bars.last)


@pytest.mark.parametrize("n", (0, 5, 40_000))
def test_iterating_advances_the_bar(pool: pi.ThreadPool, bars: Bars, n: int) -> None:
    it = pi.into_par_iter(range(n)).map(lambda x: -x).progress()
    assert [x for x in it] == [-x for x in range(n)]
    assert (bars.last.total, bars.last.n) == (n, n)
    assert closed(bars.last)
    unindexed = pi.into_par_iter(range(n)).filter(lambda x: x % 2).progress()
    assert list(unindexed) == list(range(1, n, 2))
    assert bars.last.n == n // 2 and closed(bars.last)


def test_leaving_a_loop_early_closes_the_bar(pool: pi.ThreadPool, bars: Bars) -> None:
    loop = iter(pi.into_par_iter(range(10**6)).progress())
    assert [next(loop) for _ in range(3)] == [0, 1, 2]
    assert not closed(bars.last)
    loop.close()  # what leaving a for loop does (or dropping the iterator)
    assert closed(bars.last)


def test_pieces_still_running_after_a_loop_open_no_bar(bars: Bars) -> None:
    with pi.ThreadPoolBuilder().num_threads(2).build():
        it = pi.into_par_iter(range(10**6)).filter(lambda x: x % 2).progress()
        loop = iter(it)
        assert next(loop) == 1
        loop.close()
    # The pool's threads are joined: every piece that was running has finished.
    assert len(bars.made) == 1 and closed(bars.last)
    assert step_of(it).tally.depth == 0


def test_par_bridge_and_other_unindexed_sources(pool: pi.ThreadPool, bars: Bars) -> None:
    got = pi.par_bridge(x for x in range(5000)).progress().map(lambda x: x % 7).sum()
    assert got == sum(x % 7 for x in range(5000))
    assert bars.last.n == 5000 and closed(bars.last)
    tree = pi.walk_tree_prefix(1, lambda n: [2 * n, 2 * n + 1] if n < 512 else [])
    assert sorted(tree.progress().collect()) == list(range(1, 1024))
    assert bars.last.n == 1023
    words = pi.par_split_whitespace("a bb ccc " * 1000).progress().map(len).sum()
    assert words == 6000 and bars.last.n == 3000


def test_slow_items_move_the_bar_before_the_end(bars: Bars) -> None:
    seen: list[int] = []

    def slow(x: int) -> int:
        time.sleep(0.005)
        return x

    with pi.ThreadPoolBuilder().num_threads(1).build():
        it = pi.into_par_iter(range(60)).map(slow).progress()
        step = step_of(it)
        it.for_each(lambda x: seen.append(step.tally.count))
        assert bars.last.n == 60
        # Counted in small sub-pieces: the bar moved while the leaves were still running.
        assert any(0 < c < 50 for c in seen)
        unindexed = pi.into_par_iter(range(60)).filter(bool).map(slow).progress()
        ustep = step_of(unindexed)
        seen.clear()
        unindexed.for_each(lambda x: seen.append(ustep.tally.count))
        assert any(0 < c < 50 for c in seen)


def test_stays_indexed_and_keeps_every_method(bars: Bars) -> None:
    it = pi.par_iter("abcdef").progress()
    assert isinstance(it, pi.IndexedParallelIterator) and it.len() == 6
    assert it.zip(range(6)).enumerate().collect()[2] == (2, ("c", 2))
    assert it.chunks(4).map("".join).collect() == ["abcd", "ef"]
    assert it.progress().collect(str) == "abcdef"  # two steps: two bars
    assert it.with_max_len(1).position_first(lambda c: c == "e") == 4


def test_arguments_are_checked(bars: Bars) -> None:
    it = pi.par_iter([1])
    with pytest.raises(TypeError, match="total"):
        it.progress(total=-1)
    with pytest.raises(TypeError, match="total"):
        it.progress(total=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="desc"):
        it.progress(desc=3)  # type: ignore[arg-type]


def test_without_tqdm_progress_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # makes `import tqdm.auto` fail
    with pytest.raises(ImportError, match=r"pip install 'pariter\[progress\]'"):
        pi.par_iter([1, 2]).progress()


def test_counter_pickles_without_its_bar(bars: Bars) -> None:
    it = pi.into_par_iter(range(100)).map(abs).progress()
    step = step_of(it)
    step.tally.open(step.make_bar)
    try:
        step.tally.add(5)
        clone = pickle.loads(pickle.dumps(step.tally))
        assert isinstance(clone, Progress) and clone.bar is None and clone.count == 5
        clone.add(1)  # counts where it lands
        assert clone.count == 6 and step.tally.count == 5
        # The pieces a process backend ships hold only the counter, never the bar.
        assert isinstance(it, pi.IndexedParallelIterator)
        _, right = it.producer().split_at(50)
        assert list(pickle.loads(pickle.dumps(right)).into_iter()) == list(range(50, 100))
    finally:
        step.tally.close()
    assert closed(bars.last)


def test_counts_are_exact_under_contention(bars: Bars) -> None:
    with pi.ThreadPoolBuilder().num_threads(7).build():
        it = pi.into_par_iter(range(200_000)).with_max_len(512).progress()
        assert it.map(lambda x: x & 1).sum() == 100_000
        unindexed = pi.into_par_iter(range(200_000)).filter(lambda x: x & 1).progress()
        assert unindexed.count() == 100_000
    assert [bar.n for bar in bars.made] == [200_000, 100_000]
