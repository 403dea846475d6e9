"""Cutting a call into chunk tasks for process or cluster backends, and reducing their results.

The thread pool splits on demand (when a piece is stolen).  A backend that ships pieces to other
processes cuts the call in the caller instead, with the same ``split_at`` of producer and
consumer together: first in halves, one lane per worker (as the thread bridge starts with about
one piece per thread), then piece by piece off the front of each lane, so pieces come out in
sequence order and every reducer joins neighbours.  How big a piece is is decided as pieces come
back: the :class:`Sizer` aims for tasks of about :data:`TASK_SECONDS` (as joblib's auto
batching does), and never more than a share of what is left, so a skewed tail still balances.

A :class:`Plan` hands out :class:`Leaf` pieces lazily and, when all have their results, reduces
them in order (``result()``).  Pieces whose consumer is already full (an answer was found) are
completed in the caller without being shipped, as the thread bridge completes them.
"""

from __future__ import annotations

import collections
import itertools
import math
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from pariter.collections.bridge import BridgeProducer
from pariter.collections.sequence import SequenceProducer
from pariter.plumbing.protocols import Consumer, Producer, Reducer, UnindexedProducer, length_of

#: The duration a chunk task aims for.  Short-circuits and errors stop a piece between its
#: blocks, not between pieces, so a piece can be long: long enough that its dispatch (~0.1 ms
#: in the caller and as much in the worker, on the same cores) is noise, short enough that the
#: first pieces of a call and a workload whose cost changes are measured again soon.
TASK_SECONDS = 0.1
#: Near the end of a call pieces shrink to a share of what is left, for balance, but not below
#: this duration (SLIVER_SECONDS once the tail is balanced by finish times).
TAIL_SECONDS = 0.005
#: Items in the first chunks of a call, before any has been timed: few, so that a coarse
#: workload (50 ms an item) is not committed to workers in big pieces before it is measured.
FIRST_CHUNK = 2
#: The estimate is trusted to balance the tail by finish times once this many measurements in
#: a row agreed with it within STEADY_SPREAD (a skewed workload's do not: it keeps the
#: quarter-of-what-is-left rule, which needs no estimate).
STEADY_PIECES = 2
STEADY_SPREAD = 0.15
#: A lane's end is cut off as a piece of its own, for another worker to balance the finish,
#: unless it is less work than this: ~5 dispatches (~0.2 ms each, caller and worker).
SLIVER_SECONDS = 0.001
#: A worker's own speed is taken from pieces at least this long (shorter ones are mostly the
#: fixed cost of running a piece).
RATE_MIN_SECONDS = 0.001
#: An unindexed source (par_split, walk_tree, strings...) is cut into about this many pieces
#: per worker (it cannot say how long it is, so it is not re-cut adaptively).
UNINDEXED_PIECES_PER_WORKER = 4


class Sizer:
    """How many items the next chunk should hold, from the time per item measured so far.

    >>> s = Sizer(workers=2, task_seconds=0.1, tail_seconds=0.005)
    >>> s.target(10_000)
    2
    >>> s.record(1000, 0.001); s.target(10**9)      # 1 us per item: 0.1 s is 100000 items
    100000
    >>> s.target(40_000)                            # the tail: at most 1/4 of what is left
    10000
    >>> s.target(1000)                              # ... but 5 ms of work at the least
    5000

    A pool that says which worker each piece goes to (``sent``/``returned``) gets a shorter
    tail once the measurements agree with each other: each worker's next piece is then what
    makes every worker finish together, by the estimate, instead of a quarter of what is left.

    A ``guess`` (what the chain cost per item last time: :mod:`.cost_memory`) sizes the first
    pieces instead of the 2-item probes; the first measurement replaces it:

    >>> s = Sizer(workers=2, guess=1e-6); s.target(10**9)
    100000
    >>> s.record(1000, 0.01); s.target(10**9)       # 10 us per item, not 1 us
    10000
    """

    def __init__(
        self,
        workers: int,
        task_seconds: float = TASK_SECONDS,
        first_chunk: int | None = FIRST_CHUNK,
        tail_seconds: float = TAIL_SECONDS,
        guess: float | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.task_seconds = task_seconds
        self.tail_seconds = tail_seconds
        self.first_chunk = first_chunk
        self.seconds_per_item: float | None = guess
        self._guessed = guess is not None  # the estimate is a guess, not yet a measurement
        self.steady = 0  # measurements in a row that agreed with the estimate
        self.items_timed = 0  # the call's measured pieces, in all (what the pool remembers)
        self.seconds_timed = 0.0
        self._queued: list[collections.deque[int]] | None = None  # items queued on each worker
        self._head_started: list[float] = []  # when each worker started its oldest piece
        self._worker_rates: list[float | None] = [None] * self.workers  # each one's last s/item

    def record(self, items: int, seconds: float, worker: int | None = None) -> None:
        """One piece of ``items`` items ran for ``seconds`` (its items only: not its transport),
        on ``worker`` if the pool says."""
        if items <= 0:
            return
        if worker is not None and seconds >= RATE_MIN_SECONDS:
            self._worker_rates[worker] = seconds / items
        self.items_timed += items
        self.seconds_timed += seconds
        measured = seconds / items
        previous = self.seconds_per_item
        if previous is not None and abs(measured - previous) <= STEADY_SPREAD * previous:
            self.steady += 1
        else:
            self.steady = 0
        if previous is None or measured < previous or self._guessed:
            # The first measurement, or cheaper than thought (the first, tiny pieces carry
            # fixed costs), or the guess from a last call was wrong: believe it at once; the
            # cap on a share of what is left keeps the tail balanced anyway.
            self._guessed = False
            self.seconds_per_item = measured
        else:
            # Costlier: follow (a skewed workload gets costlier as it goes), but not noise.
            self.seconds_per_item = (previous + measured) / 2

    def target(self, remaining: int, worker: int | None = None) -> int:
        """Items for the next piece of ``worker`` (if the pool says), ``remaining`` uncut.

        0 means "none for this worker now": by the estimate it will finish last even without
        more, and it still has a piece queued, so what is left is better taken by the worker
        that is free first (only when the pool says which worker asks).
        """
        per_item = self.seconds_per_item
        share = math.ceil(remaining / (2 * self.workers))
        if per_item is None:
            if self.first_chunk is None:  # untimed: start with balanced shares of the whole
                self.first_chunk = share
            wanted = self.first_chunk
            return max(1, min(wanted, max(share, wanted // 4)))
        if per_item <= 0:
            return max(1, share)
        wanted = int(self.task_seconds / per_item)
        # The floor trusts a measurement, not a guess: a guess far too cheap must not make
        # the first pieces the whole input.
        floor = 0 if self._guessed else int(self.tail_seconds / per_item)
        queued = self._queued
        if worker is not None and queued is not None and self.balancing():
            room = self._room(remaining, worker, per_item)
            if room < 0.5 and queued[worker]:
                return 0
            # Rounded, not floored: items are whole, and a room of 1.999 items taken as 1
            # leaves an item for a worker that already has its share (one item of 50 ms late).
            share = max(1, round(room))
            # The room balances the finish by the measurements, so it may be cut finer than
            # the floor (5 ms of work late on one worker is 1% of a half-second call).
            floor = min(floor, int(SLIVER_SECONDS / per_item))
        # The tail is cut finer for balance, but not below the floor.
        return max(1, min(wanted, max(share, floor)))

    def balancing(self) -> bool:
        """Whether the tail is sized by finish times: the pool says where pieces go, and the
        measurements agree (a skewed workload's, or workers' far apart, do not).

        >>> s = Sizer(workers=2); s.sent(0, 10)
        >>> for _ in range(3): s.record(1000, 0.001)
        >>> s.balancing()
        True
        """
        return self._queued is not None and self.steady >= STEADY_PIECES

    def sliver(self) -> int | None:
        """Items too few to be worth a dispatch of their own (less than SLIVER_SECONDS of
        work) while the tail is balanced by finish times; None otherwise.

        >>> s = Sizer(workers=2); s.sliver() is None
        True
        >>> s.sent(0, 10)
        >>> for _ in range(3): s.record(1000, 0.001)    # 1 us per item
        >>> s.sliver()
        1000
        """
        per_item = self.seconds_per_item
        if not self.balancing() or per_item is None or per_item <= 0:
            return None
        return int(SLIVER_SECONDS / per_item)

    # -- where the workers stand (told by a pool that knows) -------------------------------------

    def sent(self, worker: int, items: int) -> None:
        """A piece of ``items`` items was queued on ``worker`` (which runs its pieces in order)."""
        if self._queued is None:
            self._queued = [collections.deque() for _ in range(self.workers)]
            self._head_started = [0.0] * self.workers
        queued = self._queued[worker]
        if not queued:
            self._head_started[worker] = time.perf_counter()
        queued.append(items)

    def returned(self, worker: int) -> None:
        """``worker``'s oldest piece came back: it is on its next one now."""
        if self._queued is not None and self._queued[worker]:
            self._queued[worker].popleft()
            self._head_started[worker] = time.perf_counter()

    def _room(self, remaining: int, worker: int, per_item: float) -> float:
        """The items that make ``worker`` finish when all do: the work left (uncut and queued,
        less what the running pieces have done) shared so that every worker ends at the same
        time, less what it has queued.

        Each worker is taken at its own last measured speed: workers of one pool do not run
        equally fast (a core shared with the caller or another process runs a few percent
        slower for a while), and the estimate of the tail is only as good as the slowest's.
        """
        assert self._queued is not None
        now = time.perf_counter()
        rates = [per_item if rate is None else rate for rate in self._worker_rates]
        loads = []  # seconds of queued work each worker has left
        queued_items = 0.0  # ... and in items
        for queued, started, rate in zip(self._queued, self._head_started, rates, strict=True):
            load = sum(queued) * rate
            if queued:
                load -= min(now - started, queued[0] * rate)
            loads.append(load)
            queued_items += load / rate
        # Every worker busy until `finish`: sum((finish - load) / rate) == remaining.
        finish = (remaining + queued_items) / sum(1 / rate for rate in rates)
        return (finish - loads[worker]) / rates[worker]


class Leaf:
    """One chunk task: a producer piece and its consumer piece, then its result."""

    __slots__ = ("consumer", "done", "length", "producer", "result")

    def __init__(self, producer: Any, consumer: Consumer[Any, Any], length: int) -> None:
        self.producer = producer
        self.consumer = consumer
        self.length = length  # items (0 when unknown: unindexed pieces)
        self.result: Any = None
        self.done = False

    def complete_here(self) -> None:
        """Complete without running (the consumer is full, or the call is aborting)."""
        self.result = self.consumer.into_folder().complete()
        self.done = True


class _Node:
    """An inner node of the reduction tree: ``reducer(left, right)``."""

    __slots__ = ("left", "reducer", "right")

    def __init__(self, reducer: Reducer[Any]) -> None:
        self.reducer = reducer
        self.left: Any = None
        self.right: Any = None


class Plan:
    """The chunk tasks of one call (see the module docstring).

    ``next_leaf(lane)`` hands out pieces in sequence order within each *lane*; an indexed call
    has about one lane per worker, as the thread bridge starts with about one piece per thread,
    and a worker whose lane is done continues another.  So a worker scans its own part of the
    input, and ``find_any`` finds a match far from the start as soon as on threads.
    """

    def __init__(
        self,
        cut: Callable[[int], Leaf | None],
        root: list[Any],
        fold: Reducer[Any] | None,
        sizer: Sizer,
        exhausted: Callable[[], bool] | None = None,
    ) -> None:
        self.sizer = sizer  # the pool reports each piece's time to it
        self._cut = cut
        self._exhausted = exhausted or _always
        self._root = root  # [tree], or the leaves in order when fold is set (par_bridge)
        self._fold = fold

    def next_leaf(self, lane: int = 0) -> Leaf | None:
        """The next piece to ship (from ``lane`` first), or None: all are handed out
        (``exhausted()``), or none is for this worker now (the sizer said 0).

        Pieces whose consumer is already full are completed here and never shipped.
        """
        while (leaf := self._cut(lane)) is not None:
            if not leaf.consumer.full():
                return leaf
            leaf.complete_here()
        return None

    def exhausted(self) -> bool:
        """Every piece is handed out (ask after ``next_leaf`` returned None)."""
        return self._exhausted()

    def abandon(self) -> None:
        """Stop cutting (the call failed): pieces not handed out are never made."""
        self._cut = _nothing
        self._exhausted = _always

    def result(self) -> Any:
        """Reduce every leaf's result in sequence order (call once all are done)."""
        if self._fold is not None:
            leaves = self._root
            acc = leaves[0].result
            for leaf in leaves[1:]:
                acc = self._fold(acc, leaf.result)
            return acc
        return _reduce(self._root[0])


def _nothing(lane: int) -> None:
    return None


def _always() -> bool:
    return True


def _from(leaves: Iterator[Leaf]) -> Callable[[int], Leaf | None]:
    """A one-lane cutter over a generator of leaves."""
    return lambda lane: next(leaves, None)


def _reduce(root: Any) -> Any:
    """The tree's result, left to right (without recursion: a lane cut from the left nests
    one level a piece, thousands deep for a coarse workload)."""
    todo: list[tuple[Any, bool]] = [(root, False)]
    values: list[Any] = []
    while todo:
        node, children_done = todo.pop()
        if isinstance(node, Leaf):
            values.append(node.result)
        elif children_done:
            right = values.pop()
            values.append(node.reducer(values.pop(), right))
        else:
            todo += ((node, True), (node.right, False), (node.left, False))
    return values[0]


def plan_call(
    producer: Producer[Any] | UnindexedProducer[Any], consumer: Consumer[Any, Any], sizer: Sizer
) -> Plan:
    """The plan of one call: :func:`plan_indexed` or :func:`plan_unindexed`, as the producer is."""
    if isinstance(producer, Producer):
        return plan_indexed(producer, consumer, sizer)
    return plan_unindexed(producer, consumer, sizer)


def plan_indexed(producer: Producer[Any], consumer: Consumer[Any, Any], sizer: Sizer) -> Plan:
    """Cut an indexed producer into lanes, then each lane from its front, to the sizer's sizes."""
    root: list[Any] = [None]
    cutter = _IndexedCutter(producer, consumer, sizer, root)
    return Plan(cutter.next, root, None, sizer, cutter.exhausted)


#: A part still to cut: where its result attaches (a node and side, or the root list and 0),
#: its producer, consumer and length.
_Part = tuple[Any, "str | int", Producer[Any], Consumer[Any, Any], int]


class _IndexedCutter:
    """Halves the producer into lanes (one per worker, rounded up to a power of two), then
    cuts each lane from the left, piece by piece, to the sizer's target at that moment.

    Cutting from the left (not by halving) lets a piece's size follow the measurements
    exactly: halving depth first would ship the right siblings of the first, tiny pieces as
    they are, doubling from 2 items up to the measured size (a ramp of ~20 pieces per lane).
    """

    def __init__(
        self, producer: Producer[Any], consumer: Consumer[Any, Any], sizer: Sizer, root: list[Any]
    ) -> None:
        self.sizer = sizer
        self.min_len = max(producer.min_len(), 1)
        self.max_len = producer.max_len()
        self.remaining = length_of(producer)
        lanes: list[list[_Part]] = [[(root, 0, producer, consumer, self.remaining)]]
        for _ in range((sizer.workers - 1).bit_length()):
            halves: list[list[_Part]] = []
            for lane in lanes:
                part = lane[0]
                mid = part[4] // 2
                if mid >= self.min_len:
                    left, right = self._split(part, mid)
                    halves.extend([[left], [right]])
                else:
                    halves.append(lane)
            lanes = halves
        self.lanes = lanes

    def _split(self, part: _Part, index: int) -> tuple[_Part, _Part]:
        holder, side, p, c, length = part
        left_p, right_p = p.split_at(index)
        left_c, right_c, reducer = c.split_at(index)
        node = _Node(reducer)
        _attach(holder, side, node)
        return (node, "left", left_p, left_c, index), (
            node,
            "right",
            right_p,
            right_c,
            length - index,
        )

    def _size(self, length: int, wanted: int) -> int:
        """Items in the next piece of a part of ``length`` items, ``wanted`` by the sizer."""
        size = max(min(wanted, self.max_len), self.min_len)
        # No leftover smaller than min_len, nor a sliver at a lane's end: a quarter of the
        # piece, but while the tail is balanced by finish times only what is too little to ship
        # alone.  A bigger leftover is left for the worker the room gives it to: that is how a
        # worker that ends its own lane early takes over the end of another's.
        rest = length - size
        if rest < self.min_len:  # too little left for a piece of its own: take it too...
            if length <= self.max_len or length - self.min_len < self.min_len:
                return length  # (min_len wins over max_len, as in Rayon)
            return length - self.min_len  # ... unless that breaks max_len: leave min_len
        sliver = size // 4
        measured = self.sizer.sliver()
        if measured is not None:
            sliver = min(sliver, measured)
        return length if rest < sliver and length <= self.max_len else size

    def next(self, lane: int) -> Leaf | None:
        if self.exhausted():
            return None
        lanes = self.lanes
        wanted = self.sizer.target(self.remaining, lane)
        if wanted == 0:  # none for this worker now (see Sizer.target)
            return None
        for k in range(len(lanes)):
            leaf = self._cut(lanes[(lane + k) % len(lanes)], wanted)
            if leaf is not None:
                return leaf
        return None

    def exhausted(self) -> bool:
        return not any(self.lanes)

    def _cut(self, stack: list[_Part], wanted: int) -> Leaf | None:
        if not stack:
            return None
        part = stack.pop()
        if not part[3].full():  # (a full one, the answer known, completes whole)
            size = self._size(part[4], wanted)
            if size < part[4]:
                part, rest = self._split(part, size)
                stack.append(rest)
        holder, side, p, c, length = part
        leaf = Leaf(p, c, length)
        _attach(holder, side, leaf)
        self.remaining -= length
        return leaf  # whole, uncut, if its consumer is full: next_leaf completes it here


def _attach(holder: Any, side: str | int, child: Any) -> None:
    if isinstance(side, int):
        holder[side] = child
    else:
        setattr(holder, side, child)


def plan_unindexed(
    producer: UnindexedProducer[Any], consumer: Consumer[Any, Any], sizer: Sizer
) -> Plan:
    """Cut an unindexed producer in about ``UNINDEXED_PIECES_PER_WORKER * workers`` pieces.

    ``par_bridge`` is pulled in the caller instead, in batches as the sizer asks: each batch
    is a list piece with a consumer split off the left of the rest.
    """
    if isinstance(producer, BridgeProducer):
        return _plan_bridge(producer, consumer, sizer)
    depth = max(1, (UNINDEXED_PIECES_PER_WORKER * sizer.workers - 1).bit_length())
    root: list[Any] = [None]
    return Plan(_from(_unindexed_leaves(producer, consumer, depth, root)), root, None, sizer)


def _unindexed_leaves(
    producer: UnindexedProducer[Any], consumer: Consumer[Any, Any], depth: int, root: list[Any]
) -> Iterator[Leaf]:
    stack: list[tuple[Any, str | int, UnindexedProducer[Any], Consumer[Any, Any], int]] = [
        (root, 0, producer, consumer, depth)
    ]
    while stack:
        holder, side, p, c, levels = stack.pop()
        if levels > 0 and not c.full():
            left_p, right_p = p.split()
            if right_p is not None:
                reducer = c.to_reducer()
                left_c = c.split_off_left()
                node = _Node(reducer)
                _attach(holder, side, node)
                stack.append((node, "right", right_p, c, levels - 1))
                stack.append((node, "left", left_p, left_c, levels - 1))
                continue
            p = left_p
        leaf = Leaf(p, c, 0)
        _attach(holder, side, leaf)
        yield leaf


def _plan_bridge(producer: BridgeProducer[Any], consumer: Consumer[Any, Any], sizer: Sizer) -> Plan:
    leaves: list[Leaf] = []
    fold = consumer.to_reducer()

    def batches() -> Iterator[Leaf]:
        source = producer.state.iterator
        while not consumer.full():
            batch = list(itertools.islice(source, sizer.target(sys.maxsize)))
            if not batch:
                break
            piece = SequenceProducer(batch, 0, len(batch))
            leaf = Leaf(piece, consumer.split_off_left(), len(batch))
            leaves.append(leaf)
            yield leaf
        last = Leaf(None, consumer, 0)  # the rest of the consumer: no items
        last.complete_here()
        leaves.append(last)

    return Plan(_from(batches()), leaves, fold, sizer)
