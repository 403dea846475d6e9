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

from typing import Any

from pariter.plumbing.state import Abort, Best, Counter, Flag, Progress

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


#: Each shareable state type, its kind name and its shared stand-in.
KINDS: dict[type, str] = {Flag: "flag", Counter: "counter", Best: "best", Progress: "progress"}
_SHARED: dict[str, type] = {
    "flag": SharedFlag,
    "counter": SharedCounter,
    "best": SharedBest,
    "progress": SharedProgress,
}


def initial_value(obj: Any, kind: str) -> int:
    """The number a slot starts with for the caller's state object ``obj``."""
    if kind == "flag":
        return int(bool(obj.value))
    if kind == "counter":
        return int(obj.remaining)
    if kind == "progress":
        return 0  # items counted in workers during this call
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
        else:
            obj.value = value


def attach(block: Slots, kind: str, slot: int, first: bool = False) -> Any:
    """The shared stand-in for slot ``slot`` of ``block`` (in a worker)."""
    obj: Any = object.__new__(_SHARED[kind])
    obj.block = block
    obj.slot = slot
    if kind == "best":
        obj.first = first
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
