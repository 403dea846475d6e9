"""The Dask scheduler's slot handler (``backends/scheduler_slots.py``): the same numbers as the
process pools' shared memory for any sequence of operations, ended calls read as aborted, pieces
claimed once, and the handler reaches a scheduler that cannot import pariter.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pariter.backends.scheduler_slots import HANDLER, install
from pariter.backends.shared_state import StateBlock


class FakeScheduler:
    """What ``install`` touches of a ``distributed.Scheduler``: its message handlers."""

    def __init__(self) -> None:
        self.handlers: dict[str, Any] = {}


def handler() -> Any:
    scheduler = FakeScheduler()
    install(scheduler)
    return scheduler.handlers[HANDLER]


operations = st.lists(
    st.tuples(
        st.sampled_from(["read", "write", "take", "give_back", "offer"]),
        st.integers(0, 3),  # slot
        st.one_of(st.integers(-5, 50), st.just(2**256), st.integers(2**70, 2**80)),
        st.booleans(),  # first (for offer)
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(operations)
def test_the_handler_keeps_the_numbers_shared_memory_keeps(ops: list[Any]) -> None:
    handle = handler()
    block = StateBlock.create(multiprocessing.get_context("spawn"))
    for action, slot, value, first in ops:
        if action == "read":
            assert int(handle(call="c", action="read", slot=slot)) == block.read(slot)
        elif action == "write":
            handle(call="c", action="write", slot=slot, value=str(value))
            block.write(slot, value)
        elif action == "take":
            want = abs(value)
            got = int(handle(call="c", action="take", slot=slot, value=str(want)))
            assert got == block.take(slot, want)
        elif action == "give_back":
            handle(call="c", action="give_back", slot=slot, value=str(value))
            block.give_back(slot, value)
        else:
            handle(call="c", action="offer", slot=slot, value=str(value), first=first)
            block.offer(slot, value, first)
    for slot in range(4):
        assert int(handle(call="c", action="read", slot=slot)) == block.read(slot)


def test_calls_are_kept_apart_and_ended_calls_read_as_aborted() -> None:
    handle = handler()
    handle(call="a", action="write", slot=1, value="7")
    assert handle(call="b", action="read", slot=1) == "0"  # never written: 0
    assert handle(call="a", action="read", slot=0) == "0"
    handle(call="a", action="forget")
    assert handle(call="a", action="read", slot=0) == "1"  # running pieces stop
    assert handle(call="a", action="take", slot=1, value="5") == "0"
    handle(call="a", action="write", slot=1, value="9")  # a late piece stores nothing
    assert handle(call="a", action="read", slot=1) == "0"
    assert handle(call="b", action="read", slot=0) == "0"


def test_a_piece_is_claimed_once() -> None:
    handle = handler()
    assert [handle(call="c", action="claim", slot=n) for n in (0, 1, 0, 1, 2)] == [
        "1",
        "1",
        "0",
        "0",
        "1",
    ]
    assert handle(call="d", action="claim", slot=0) == "1"


def test_install_is_idempotent_and_rejects_unknown_actions() -> None:
    scheduler = FakeScheduler()
    install(scheduler)
    first = scheduler.handlers[HANDLER]
    first(call="c", action="write", slot=1, value="3")
    install(scheduler)  # a second pool on the same scheduler keeps the first one's numbers
    assert scheduler.handlers[HANDLER] is first
    with pytest.raises(ValueError, match="unknown slot action 'frobnicate'"):
        first(call="c", action="frobnicate")


def test_install_travels_by_value_to_a_scheduler_without_pariter() -> None:
    protocol = pytest.importorskip("distributed.protocol.pickle")
    payload = protocol.dumps(install)  # how client.run_on_scheduler ships it
    script = (
        "import pickle, sys\n"
        "sys.modules['pariter'] = None  # import pariter -> ImportError\n"
        "install = pickle.loads(sys.stdin.buffer.read())\n"
        "class Scheduler:\n"
        "    handlers = {}\n"
        "install(Scheduler)\n"
        "handle = Scheduler.handlers['pariter_slots']\n"
        "print(handle(call='c', action='give_back', slot=2, value=str(2**256)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=payload, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == str(2**256)
