"""The short-circuit slots of :class:`~pariter.DaskPool` calls, kept by the Dask scheduler.

``install`` adds one message handler to the scheduler; every slot operation of a call
(``read``, ``write``, ``take``, ``give_back``, ``offer``, ``forget``) is then one message, handled
on the scheduler's event loop.  That loop runs one handler at a time, so ``take`` and ``offer``
are atomic without a lock.  (``distributed.Lock`` was used before: four round trips a take, a
lease-refresh callback left running in the worker by each lock object, slowing its event loop
until calls took minutes; and ``Variable.get`` of a slot never written logged an error.)

This module is shipped to the scheduler by value (cloudpickle), so the scheduler needs only the
standard library, not pariter.  Values travel as text: msgpack refuses integers past 64 bits,
and ``find_first`` boundaries reach ``2**256``.
"""

from __future__ import annotations

import sys
from typing import Any

import cloudpickle

#: The scheduler's message name for slot operations.
HANDLER = "pariter_slots"
#: Ended calls remembered (a few MB at most): a piece still running reads its call's end.
FINISHED = 10_000


def install(dask_scheduler: Any) -> None:
    """Add the slot handler to a scheduler (run by ``client.run_on_scheduler``; idempotent).

    A call's slots start at 0.  ``forget`` ends a call: from then on its abort flag (slot 0)
    reads as set, so no piece outlives its call (an interrupted caller's included), and
    nothing is stored for it.  ``claim`` answers 1 the first time a piece number is claimed,
    then 0 (a piece Dask runs again after losing a worker).

    >>> class Scheduler:
    ...     handlers = {}
    >>> scheduler = Scheduler(); install(scheduler)
    >>> handle = scheduler.handlers[HANDLER]
    >>> handle(call="c", action="write", slot=1, value="10")
    '10'
    >>> handle(call="c", action="take", slot=1, value="4"), handle(call="c", action="read", slot=1)
    ('4', '6')
    >>> handle(call="c", action="claim", slot=3), handle(call="c", action="claim", slot=3)
    ('1', '0')
    >>> handle(call="c", action="forget"), handle(call="c", action="read", slot=0)
    ('0', '1')
    """
    if HANDLER in dask_scheduler.handlers:
        return
    calls: dict[str, dict[int, int]] = {}
    claims: dict[str, set[int]] = {}
    finished: dict[str, None] = {}  # the last FINISHED ended calls, oldest first

    def pariter_slots(
        call: str, action: str, slot: int = 0, value: str = "0", first: bool = False
    ) -> str:
        if call in finished:  # a late piece: let it start, and stop at its first check
            return "1" if (action == "read" and slot == 0) or action == "claim" else "0"
        if action == "forget":
            calls.pop(call, None)
            claims.pop(call, None)
            finished[call] = None
            if len(finished) > FINISHED:
                del finished[next(iter(finished))]
            return "0"
        if action == "claim":
            pieces = claims.setdefault(call, set())
            fresh = slot not in pieces
            pieces.add(slot)
            return str(int(fresh))
        slots = calls.setdefault(call, {})
        current = slots.get(slot, 0)
        number = int(value)
        if action == "read":
            return str(current)
        if action == "write":
            slots[slot] = number
        elif action == "take":  # from a countdown: how many of `number` were granted
            granted = min(number, current)
            slots[slot] = current - granted
            return str(granted)
        elif action == "give_back":
            slots[slot] = current + number
        elif action == "offer":  # keep the boundary further left (first) or right
            if (number < current) if first else (number > current):
                slots[slot] = number
        else:
            raise ValueError(f"unknown slot action {action!r}")
        return str(slots.get(slot, 0))

    dask_scheduler.handlers[HANDLER] = pariter_slots


# The scheduler may not have pariter installed: send this module's code, not a reference to it.
cloudpickle.register_pickle_by_value(sys.modules[__name__])
