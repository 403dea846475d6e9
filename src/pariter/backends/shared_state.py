"""The short-circuit state of a call (``plumbing.state``) in memory shared with worker processes.

On threads, the pieces of one call share small objects: the abort flag, ``find_any``'s found
flag, ``take_any``'s countdown, ``find_first``'s best boundary.  A process backend pickles each
of them as a numbered *slot* of a block of shared memory made when the pool starts, so a worker
that finds the answer stops the others between blocks, exactly as threads do.  Each slot holds
one signed number of :data:`SLOT` bytes (``find_first`` boundaries reach ``2**256``); slot 0 is
the call's abort flag.  One lock, made with the block, guards every multi-byte access.  The
stand-ins only use the :class:`Slots` interface, so a cluster backend can keep the numbers
elsewhere.
"""

from __future__ import annotations

import math
import struct
import time
from typing import Any

from pariter.core.atomic import (
    READ_AGAIN,
    AtomicCounter,
    AtomicFlag,
    AtomicMax,
    AtomicMin,
    _number,
    _Running,
)
from pariter.plumbing.state import Abort, Best, Counter, Flag, Progress

#: How long a Dask worker's atomic trusts what it last read (a read is a scheduler message).
DASK_READ_AGAIN = 0.05

#: Bytes per slot: a signed number up to 2**319 (boundaries go to 2**256).
SLOT = 40
#: Slots per block; a call uses one per shared object (a handful).
SLOTS = 1024


class Slots:
    """What the shared stand-ins need of where their numbers live (one block per pool).

    ``read``/``write`` are plain; ``take``, ``give_back`` and ``offer`` are atomic
    read-modify-writes.  :class:`StateBlock` keeps the numbers in shared memory; a cluster
    backend keeps them in its scheduler.
    """

    def flag(self, slot: int) -> bool:
        raise NotImplementedError

    def read(self, slot: int) -> int:
        raise NotImplementedError

    def write(self, slot: int, value: int) -> None:
        raise NotImplementedError

    def take(self, slot: int, want: int) -> int:
        """Take up to ``want`` from a countdown; how many were granted."""
        raise NotImplementedError

    def give_back(self, slot: int, n: int) -> None:
        raise NotImplementedError

    def offer(self, slot: int, boundary: int, first: bool) -> None:
        """Keep ``boundary`` if it is further left (``first``) or right than the slot's."""
        raise NotImplementedError


class StateBlock(Slots):
    """A block of shared slots and its lock (both inherited by worker processes at start).

    >>> import multiprocessing as mp
    >>> block = StateBlock.create(mp.get_context("spawn"))
    >>> block.write(3, 10); block.take(3, 4), block.take(3, 9), block.read(3)
    (4, 6, 0)
    >>> block.write(4, 2**256); block.offer(4, 7, first=True); block.read(4)
    7
    """

    def __init__(self, raw: Any, lock: Any) -> None:
        self.raw = raw
        self.lock = lock
        self.mem = memoryview(raw).cast("B")

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to a worker when it starts: the shared array and lock, not a view of them.
        return (StateBlock, (self.raw, self.lock))

    @classmethod
    def create(cls, ctx: Any) -> StateBlock:
        """A zeroed block in shared memory, for the processes of ``ctx``."""
        return cls(ctx.RawArray("B", SLOT * SLOTS), ctx.Lock())

    def _get(self, slot: int) -> int:
        at = slot * SLOT
        return int.from_bytes(self.mem[at : at + SLOT], "little", signed=True)

    def _set(self, slot: int, value: int) -> None:
        at = slot * SLOT
        self.mem[at : at + SLOT] = value.to_bytes(SLOT, "little", signed=True)

    def flag(self, slot: int) -> bool:
        return self.mem[slot * SLOT] != 0  # one byte: no lock needed

    def read(self, slot: int) -> int:
        with self.lock:  # SLOT bytes: a lock-free read could see half a write
            return self._get(slot)

    def write(self, slot: int, value: int) -> None:
        with self.lock:
            self._set(slot, value)

    def take(self, slot: int, want: int) -> int:
        with self.lock:
            remaining = self._get(slot)
            got = min(want, remaining)
            self._set(slot, remaining - got)
            return got

    def give_back(self, slot: int, n: int) -> None:
        with self.lock:
            self._set(slot, self._get(slot) + n)

    def offer(self, slot: int, boundary: int, first: bool) -> None:
        with self.lock:
            current = self._get(slot)
            if (boundary < current) if first else (boundary > current):
                self._set(slot, boundary)

    def clear(self) -> None:
        """Zero every slot (a new call starts)."""
        with self.lock:
            self.mem[:] = bytes(len(self.mem))


# -- the shared stand-ins, used in workers (and by the caller to read them back) ----------------
# Each subclasses its plumbing.state class, so consumers' code sees the same methods; `value`
# becomes a property over the slot.  They are made without __init__ (see attach).


class _FlagSlot:
    """``value`` as a flag in a slot (for the flag-like stand-ins below)."""

    __slots__ = ()

    block: Slots
    slot: int

    @property
    def value(self) -> bool:
        return self.block.flag(self.slot)

    @value.setter
    def value(self, value: bool) -> None:
        self.block.write(self.slot, int(value))


class SharedFlag(_FlagSlot, Flag):
    __slots__ = ("block", "slot")

    def set(self) -> None:
        self.block.write(self.slot, 1)


class SharedAbort(_FlagSlot, Abort):
    """The abort flag of a call in a worker; the exception itself travels with the result."""

    __slots__ = ("block", "slot")

    def fail(self, exc: BaseException) -> None:
        if self.exc is None:
            self.exc = exc
        self.block.write(self.slot, 1)


class SharedCounter(Counter):
    __slots__ = ("block", "slot")

    block: Slots
    slot: int

    @property
    def remaining(self) -> int:
        return self.block.read(self.slot)

    @remaining.setter
    def remaining(self, value: int) -> None:
        self.block.write(self.slot, value)

    def take(self, want: int) -> int:
        return self.block.take(self.slot, want)

    def give_back(self, n: int) -> None:
        if n:
            self.block.give_back(self.slot, n)


class SharedBest(Best):
    __slots__ = ("block", "slot")

    block: Slots
    slot: int

    @property
    def value(self) -> int:
        return self.block.read(self.slot)

    @value.setter
    def value(self, value: int) -> None:
        self.block.write(self.slot, value)

    def offer(self, boundary: int) -> None:
        self.block.offer(self.slot, boundary, self.first)


class SharedProgress(Progress):
    """A ``progress()`` count in a worker: the caller moves its bar by what arrives here."""

    __slots__ = ("block", "slot")

    block: Slots
    slot: int

    def add(self, n: int) -> None:
        self.block.give_back(self.slot, n)  # an atomic add


# -- the public atomics (``pariter.core.atomic``) ------------------------------------------------
# Their stand-ins cache what they read for a moment, so that a read in a hot loop (a search
# reading its bound at every node) costs about an attribute read, not a lock or a message.


def float_key(x: float) -> int:
    """An int that orders as the float ``x`` does (IEEE-754 bits, negatives flipped).

    >>> keys = [float_key(x) for x in (-math.inf, -1.5, -0.0, 0.0, 2.0)]
    >>> keys == sorted(keys) and len(set(keys)) == 5
    True
    >>> key_float(float_key(-2.5)), key_float(float_key(math.inf))
    (-2.5, inf)
    """
    bits = int.from_bytes(struct.pack(">d", x), "big", signed=True)
    return bits if bits >= 0 else -(bits & _MAGNITUDE) - 1


def key_float(key: int) -> float:
    """The float :func:`float_key` made ``key`` from."""
    bits = key if key >= 0 else (-key - 1) | _SIGN
    value: float = struct.unpack(">d", (bits & _ALL).to_bytes(8, "big"))[0]
    return value


_SIGN, _MAGNITUDE, _ALL = 1 << 63, (1 << 63) - 1, (1 << 64) - 1


class _CachedSlot:
    """A slot read again only once :data:`~pariter.core.atomic.READ_AGAIN` passed."""

    __slots__ = ()

    block: Slots
    slot: int
    floats: bool
    seen: Any
    read_at: float

    def _fresh(self) -> Any:
        now = time.monotonic()
        if now - self.read_at >= self.patience():
            self.seen = self._decode(self.block.read(self.slot))
            self.read_at = now  # type: ignore[misc]  # (a slot of every subclass)
        return self.seen

    def patience(self) -> float:
        return READ_AGAIN if isinstance(self.block, StateBlock) else DASK_READ_AGAIN

    def _decode(self, number: int) -> Any:
        return key_float(number) if self.floats else number

    def _encode(self, value: Any) -> int:
        return float_key(value) if self.floats else int(value)


class SharedRunning(_CachedSlot, _Running):
    """An :class:`~pariter.AtomicMin`/``AtomicMax`` in a worker: offers go to the slot."""

    __slots__ = ("block", "floats", "read_at", "seen", "slot")

    @property
    def value(self) -> Any:
        return self._fresh()

    @value.setter
    def value(self, value: Any) -> None:
        self.block.write(self.slot, self._encode(self._coerce(value)))
        self.read_at = -math.inf

    def offer(self, value: int | float) -> bool:
        value = self._coerce(value)
        seen = self._fresh()
        if not (value < seen if self.LOWER else value > seen):
            return False
        self.block.offer(self.slot, self._encode(value), self.LOWER)
        self.seen = value  # what this worker knows now (the slot may hold a better one)
        return True

    def _coerce(self, value: Any) -> int | float:
        number = _number("value", value)
        if self.floats:
            return float(number)
        if isinstance(number, float):
            if not number.is_integer():
                raise TypeError(f"{type(self).__name__} holds ints: got {value!r}")
            return int(number)
        return number


class SharedMin(SharedRunning, AtomicMin):
    __slots__ = ()


class SharedMax(SharedRunning, AtomicMax):
    __slots__ = ()


class SharedAtomicFlag(_CachedSlot, AtomicFlag):
    __slots__ = ("block", "floats", "read_at", "seen", "slot")

    @property
    def value(self) -> bool:
        return bool(self._fresh())

    @value.setter
    def value(self, value: bool) -> None:
        self.block.write(self.slot, int(bool(value)))
        self.read_at = -math.inf

    def set(self) -> None:
        if not self.seen:
            self.block.write(self.slot, 1)
            self.seen = 1


class SharedAtomicCounter(_CachedSlot, AtomicCounter):
    __slots__ = ("block", "floats", "read_at", "seen", "slot")

    @property
    def value(self) -> int:
        return int(self._fresh())

    @value.setter
    def value(self, value: int) -> None:
        self.block.write(self.slot, value)
        self.read_at = -math.inf

    def add(self, n: int = 1) -> None:
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {type(n).__name__}")
        if n:
            self.block.give_back(self.slot, n)  # an atomic add
            self.read_at = -math.inf  # the next read sees this addition


#: Each shareable state type, its kind name and its shared stand-in.
KINDS: dict[type, str] = {
    Flag: "flag",
    Counter: "counter",
    Best: "best",
    Progress: "progress",
    AtomicMin: "min",
    AtomicMax: "max",
    AtomicFlag: "atomic_flag",
    AtomicCounter: "atomic_counter",
}
_SHARED: dict[str, type] = {
    "flag": SharedFlag,
    "counter": SharedCounter,
    "best": SharedBest,
    "progress": SharedProgress,
    "min": SharedMin,
    "max": SharedMax,
    "atomic_flag": SharedAtomicFlag,
    "atomic_counter": SharedAtomicCounter,
}
#: The kinds of the public atomics: their ``option`` says whether a slot holds a float's key.
ATOMICS = frozenset({"min", "max", "atomic_flag", "atomic_counter"})


def share_option(obj: Any, kind: str) -> bool:
    """The one flag a stand-in needs besides its slot: ``find_first``'s direction for a
    boundary, whether an atomic's slot holds floats."""
    if kind in ATOMICS:
        return isinstance(obj.value, float)
    return bool(getattr(obj, "first", False))


def initial_value(obj: Any, kind: str) -> int:
    """The number a slot starts with for the caller's state object ``obj``."""
    if kind == "flag" or kind == "atomic_flag":
        return int(bool(obj.value))
    if kind == "counter":
        return int(obj.remaining)
    if kind == "progress":
        return 0  # items counted in workers during this call
    if kind in ATOMICS and isinstance(obj.value, float):
        return float_key(obj.value)
    return int(obj.value)


def read_back(obj: Any, kind: str, block: Slots, slot: int) -> None:
    """Copy a slot's value into the caller's own state object (so its consumers see it).

    Progress counts are not copied: the caller adds what arrived (see ``CallShipment.sync``).
    """
    if kind == "flag":
        if block.flag(slot):
            obj.value = True
    else:
        value = block.read(slot)
        if kind == "counter":
            obj.remaining = value
        elif kind == "atomic_flag":
            obj.value = bool(value)
        elif kind in ATOMICS and isinstance(obj.value, float):
            obj.value = key_float(value)
        else:
            obj.value = value


def attach(block: Slots, kind: str, slot: int, option: bool = False) -> Any:
    """The shared stand-in for slot ``slot`` of ``block`` (in a worker); ``option`` is what
    :func:`share_option` gave for it."""
    obj: Any = object.__new__(_SHARED[kind])
    obj.block = block
    obj.slot = slot
    if kind == "best":
        obj.first = option
    elif kind in ATOMICS:
        obj.floats = option
        obj.read_at = -math.inf
        obj.seen = None
    return obj


def attach_abort(block: Slots) -> SharedAbort:
    """The call's abort flag (slot 0) in a worker."""
    abort: SharedAbort = object.__new__(SharedAbort)
    abort.block = block
    abort.slot = 0
    abort.exc = None
    abort.unsplit = False  # a worker runs its piece on a one-thread pool: in order anyway
    abort.site = None
    abort.work = 0.0
    return abort
