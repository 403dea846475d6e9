"""The caller's share of a call: a small call made from outside the pool runs on its caller.

Handing a call to a pool thread and its result back costs two thread wake-ups, tens of
microseconds, which is more than the whole work of a small call (``sum`` of 1,000 doubled
integers takes 30-60 us).  So an indexed bridge entered on a thread that is not a pool thread
(a plain program thread) asks what the same call site cost per item the last time it ran:

- unknown, or predicted over :data:`CALLER_SECONDS` for this length: the whole call goes to the
  pool, as before, and its cost is remembered;
- predicted under it (or one item, which nothing can split): the caller runs it itself and
  wakes nobody.  A call predicted near the budget starts with a block of an eighth of its
  items: a first block that shows the prediction wrong (the same code over costlier data)
  hands what is left to the pool, so a wrong guess costs an eighth of one call; the two
  results combine through the consumer's reducer, as any split's do.

A call site is where user code called the terminal method (its code object and instruction)
and the code of the function its last adapter applies (a helper that calls ``map`` with many
functions keeps a cost for each), kept on the call's :class:`~.state.Abort`.

The caller's items run in a copy of its ``contextvars`` context, as tasks on pool threads
do; there ``current_thread_index()`` is 0: the caller stands in for a pool thread while none
of the pool's threads runs that call's items (they get the rest only after the caller
stopped).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Hashable
from contextvars import copy_context
from typing import Any, TypeVar

from pariter.core.registry import thread_state
from pariter.plumbing.protocols import Consumer, Producer
from pariter.plumbing.state import Abort, current_leaf

T = TypeVar("T")
R = TypeVar("R")

#: A call predicted to take less than this runs on its caller.  About twice a hand-off's round
#: trip (40-180 us on a 2-core VM), the point where two threads would start to win; a longer
#: call loses none of its parallel time.  The test suite sets it to 0 for some pools, which
#: makes the caller run one block of every call and hand the rest to the pool, so that both
#: paths run on every input.
CALLER_SECONDS = 300e-6
#: How much more a call's work measures on the pool than on its caller, about: leaves there are
#: timed with their splits and first small blocks, and on GIL builds with their wait for the
#: GIL (two threads, 1,000 doubled integers: 310 ns an item there, 60 ns on the caller).  An
#: overestimate only sends a call to the pool once more; the caller's own timing is exact.
POOL_OVERSTATES = 4
#: Blocks on the caller grow this fast after the first (an eighth of the call).
GROWTH = 8
#: A parallel call made inside the caller's share runs its own share there too, up to this
#: depth; deeper ones go to the pool, whose threads have the stack for deep nesting.
CALLER_DEPTH = 8
#: A call handed to the pool is not cut into pieces predicted shorter than this: a split and a
#: leaf cost some 30 us of Python, and cheap items split as finely as costly ones would spend
#: more on pieces than on items (10^4 doubled integers were cut into 22 leaves).
LEAF_SECONDS = 100e-6
#: Call sites remembered (forgotten all at once past this: a dict stays atomic on every build).
REMEMBERED_SITES = 1024

_cost: dict[Hashable, float] = {}  # seconds per item, by (call site, producer type)


def _learn(key: tuple[Any, type], items: int, seconds: float) -> None:
    if key[0] is None:
        return  # a call with no site (made by pariter itself) is never looked up
    cost = max(seconds, 0.0) / max(items, 1)
    known = _cost.get(key)
    if known is not None and known / 2 <= cost <= known * 2:
        return  # about what was known (and no write: calls from many threads share this)
    if len(_cost) >= REMEMBERED_SITES:
        _cost.clear()
    _cost[key] = cost


def caller_share(
    producer: Producer[T],
    length: int,
    consumer: Consumer[T, R],
    abort: Abort,
    hand_off: Callable[[Producer[T], int, Consumer[T, R], Abort, int], R],
) -> R:
    """Run a call on this thread if it is small, else (and for what turns out big) ``hand_off``.

    >>> from pariter.collections.range import RangeProducer
    >>> from pariter.iterators.reduce import SumConsumer
    >>> caller_share(RangeProducer(0, 1, 1), 1, SumConsumer(), Abort(), None)
    0
    """
    depth = thread_state.sharing
    if depth >= CALLER_DEPTH:
        return hand_off(producer, length, consumer, abort, 1)
    budget = CALLER_SECONDS
    key = (abort.site, type(producer))
    cost = None
    first = 1
    if budget and length > 1:
        cost = _cost.get(key) if abort.site is not None else None
        if cost is None or cost * length > budget:
            work = abort.work
            result = hand_off(producer, length, consumer, abort, leaf_len(cost))
            _learn(key, length, (abort.work - work) / POOL_OVERSTATES)
            return result
        # A call predicted far under the budget runs in one block; one nearer to it starts
        # with an eighth, which would show a wrong guess before it cost more than that.
        first = length if cost * length * 8 <= budget else length // 8
    clock = time.perf_counter
    start = clock()
    thread_state.sharing = depth + 1
    try:
        if first >= length:  # the usual small call: one block, no split, no hand-off
            whole: R = copy_context().run(_whole, producer, consumer)
            seconds = clock() - start
            if cost is None or not cost / 2 <= seconds / length <= cost * 2:
                _learn(key, length, seconds)  # (written only when it changed: see _learn)
            return whole
        share = copy_context().run(_share, producer, length, first, consumer, abort)
    except BaseException as exc:
        abort.fail(exc)
        raise
    finally:
        thread_state.sharing = depth
    result, done, rest, rest_consumer, reducer = share
    if rest is None:
        _learn(key, done, clock() - start)
        return result
    mine, work = clock() - start, abort.work
    rest_result = hand_off(rest, length - done, rest_consumer, abort, leaf_len(cost))
    result = abort.combine(reducer, result, rest_result)
    _learn(key, length, mine + abort.work - work)
    return result


def leaf_len(cost: float | None) -> int:
    """The fewest items a piece of the pool's gets, for items predicted to cost ``cost`` seconds
    each (None: not known yet), so that no piece is predicted under :data:`LEAF_SECONDS`.

    >>> leaf_len(None), leaf_len(1e-3), leaf_len(1e-7)
    (1, 1, 1000)
    """
    if not cost or cost <= 0:
        return 1
    return max(1, int(LEAF_SECONDS / cost))


def _whole(producer: Producer[T], consumer: Consumer[T, R]) -> R:
    """The whole call as one block (in a copy of the caller's context: ``map_init``'s leaf
    cache goes with it)."""
    current_leaf.set({})
    folder = consumer.into_folder()
    folder.consume_iter(producer.into_iter())
    return folder.complete()


def _share(
    producer: Producer[T],
    length: int,
    first: int,
    consumer: Consumer[T, R],
    abort: Abort,
) -> tuple[Any, int, Producer[T] | None, Consumer[T, R], Any]:
    """Run blocks from the front: their result, the items done, what is left (None if
    nothing: the producer and consumer of the rest) and the reducer to add the rest with.

    Every block has a consumer split off for it, as any piece has; results are combined left
    to right with the reducer of the split that made each block (reducers are associative).
    """
    clock = time.perf_counter
    budget = CALLER_SECONDS
    start = clock()
    leaf = current_leaf.set({})  # the blocks are one leaf (map_init calls init once)
    result: Any = None
    reducer: Any = None  # None until a first block's result is in `result`
    try:
        done, block = 0, max(1, first)
        while True:
            left = length - done
            if block >= left:  # the last block: what is left of the producer and consumer
                folder = consumer.into_folder()
                folder.consume_iter(producer.into_iter())
                part = folder.complete()
                if reducer is not None:
                    part = abort.combine(reducer, result, part)
                return part, length, None, consumer, None
            piece, producer = producer.split_at(block)
            piece_consumer, consumer, next_reducer = consumer.split_at(block)
            folder = piece_consumer.into_folder()
            began = clock()
            folder.consume_iter(piece.into_iter())
            now = clock()
            part = folder.complete()
            result = part if reducer is None else abort.combine(reducer, result, part)
            reducer = next_reducer
            done += block
            left -= block
            if consumer.full() or abort.value:  # as a bridge does: the rest yields nothing
                empty = consumer.into_folder().complete()
                return abort.combine(reducer, result, empty), done, None, consumer, None
            spent, rate = now - start, (now - began) / block
            if spent + rate * left <= budget:
                block = left  # the rest fits: finish here
            elif spent >= budget:
                break
            else:  # grow, but not past the budget (the rate includes a block's own cost)
                block = max(1, min(block * GROWTH, int((budget - spent) / rate) if rate else left))
        return result, done, producer, consumer, reducer
    finally:
        current_leaf.reset(leaf)


def call_key(iterator: Any) -> tuple[Any, Any]:
    """What a call of ``iterator`` made here is remembered by (kept on the call's
    ``Abort.site``): where user code made it, and the function its last adapter applies.

    The place is the first frame that is not pariter's own (its demo programs are user code):
    its code object and instruction.  The function is ``map(f)``'s ``f`` (its code), so that
    one helper calling ``map`` with many functions keeps a cost for each.  One function, not
    two: this runs on every call made from outside the pool.

    >>> import pariter as pi
    >>> f = lambda x: x
    >>> app = {"call_key": call_key, "it": pi.par_iter([1]).map(f), "__name__": "app"}
    >>> exec("def user(): return call_key(it)", app)
    >>> (code, _), fn = app["user"]()
    >>> code is app["user"].__code__, fn is f.__code__, call_key(pi.par_iter([1]))[1]
    (True, True, None)
    """
    site = None
    frame: Any = sys._getframe(1)
    internal = _internal
    while frame is not None:
        code = frame.f_code
        inside = internal.get(code)
        if inside is None:
            name = frame.f_globals.get("__name__", "")
            inside = internal[code] = name.startswith("pariter.") and not name.startswith(
                "pariter.demo."
            )
        if not inside:
            site = code, frame.f_lasti
            break
        frame = frame.f_back
    transform = getattr(iterator, "transform", None)
    if transform is None:
        return site, None
    fn = getattr(transform, "f", None) or getattr(transform, "pred", None)
    return site, getattr(fn, "__code__", None) or type(fn)


#: Whether a code object is pariter's own (a dict: atomic on every build; a few hundred entries).
_internal: dict[Any, bool] = {}
