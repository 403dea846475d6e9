"""The typing examples are real code too: run each one (the type checks run in scripts/lint.sh)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.typing.examples import EXAMPLES


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda f: f.__name__)
def test_example_runs(example: Callable[[], None]) -> None:
    example()
