"""Pool fixtures for the contract tests: every parallel call runs on 1, 2 and 7 threads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import pariter as pi

THREAD_COUNTS = (1, 2, 7)


@pytest.fixture(scope="session")
def contract_pools() -> Iterator[dict[int, object]]:
    pools = {n: pi.ThreadPoolBuilder().num_threads(n).build() for n in THREAD_COUNTS}
    yield pools
    for p in pools.values():
        p.shutdown()


@pytest.fixture(scope="session", params=THREAD_COUNTS, ids=lambda n: f"{n}thr")
def pool(request: pytest.FixtureRequest, contract_pools: dict[int, object]) -> object:
    """A thread pool of 1, 2 or 7 threads; tests use it as `with pool:`."""
    return contract_pools[request.param]


@pytest.fixture(scope="session")
def pool1(contract_pools: dict[int, object]) -> object:
    """The 1-thread pool: deterministic splitting, used by Rayon's short-circuit tests."""
    return contract_pools[1]


@pytest.fixture(scope="session")
def pool2(contract_pools: dict[int, object]) -> object:
    return contract_pools[2]
