"""Pool fixtures for the contract tests: every parallel call runs on 1, 2 and 7 threads, and on
a ProcessPool of 2 workers (warm for the whole session: see ``tests.conftest.Current``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import pariter as pi
from tests.conftest import Current

THREAD_COUNTS = (1, 2, 7)
POOLS = (*THREAD_COUNTS, "proc")


@pytest.fixture(scope="session")
def contract_pools() -> Iterator[dict[object, object]]:
    pools: dict[object, object] = {
        n: pi.ThreadPoolBuilder().num_threads(n).build() for n in THREAD_COUNTS
    }
    pools["proc"] = pi.ProcessPool(2)
    yield pools
    for p in pools.values():
        p.shutdown()


# Tests whose subject cannot hold on worker processes, by design (README's backend table); the
# process pool's own tests (tests/backends) check what holds there instead.
_SIDE_EFFECTS = "records calls in the caller's memory, which worker processes cannot reach"
_IDENTITY = "checks object identity: results come back from worker processes as copies"
THREADS_ONLY = {
    "test_breaking_out_of_iteration_stops_the_work": _SIDE_EFFECTS,
    "test_building_a_chain_calls_no_user_function": _SIDE_EFFECTS,
    "test_by_exponential_and_uniform_blocks_stop_between_blocks": _SIDE_EFFECTS,
    "test_early_match_visits_far_fewer_items": _SIDE_EFFECTS,
    "test_find_not_present_visits_everything": _SIDE_EFFECTS,
    "test_iterating_a_huge_chain_can_stop_early": _SIDE_EFFECTS,
    "test_iterator_inside_for_each_and_iteration_inside_map": _SIDE_EFFECTS,
    "test_map_init_and_for_each_init_once_per_leaf_not_per_item": _SIDE_EFFECTS,
    "test_side_effect_counts_are_exact_under_contention": _SIDE_EFFECTS,
    "test_side_effects_in_for_each_cover_every_item_once": _SIDE_EFFECTS,
    "test_skip_runs_the_skipped_side_effects_take_does_not": _SIDE_EFFECTS,
    "test_while_some": _SIDE_EFFECTS,
    "test_while_some_stops_inside_one_leaf": _SIDE_EFFECTS,
    "test_tasks_see_the_callers_contextvars": "context variables cannot be pickled; the "
    "decimal context is shipped (tested), other variables are not",
    "test_find_first_last_return_the_positional_object": _IDENTITY,
    "test_min_max_ties_return_the_first_like_builtins": _IDENTITY,
    "test_par_iter_is_read_only_and_sees_the_items": _IDENTITY,
    "test_exception_keeps_its_traceback": "the worker's traceback is the exception's "
    "__cause__ on processes (tested in tests/backends)",
}
# Parametrised tests: only their cases that record calls through the caller's memory.
_SIDE_EFFECT_CASES = ("[proc-for_each", "[proc-for_each_with", "[proc-for_each_init")


def threads_only_reason(node: pytest.Item) -> str | None:
    name = node.name
    base = name.split("[", 1)[0]
    if base in THREADS_ONLY:
        return THREADS_ONLY[base]
    if base in (
        "test_method_edge_lengths_and_splits",
        "test_user_exception_is_reraised_with_its_type",
    ) and name.startswith(tuple(base + case for case in _SIDE_EFFECT_CASES)):
        return _SIDE_EFFECTS
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "[proc" in item.name and (reason := threads_only_reason(item)) is not None:
            item.add_marker(pytest.mark.skip(reason=f"threads only: {reason}"))


@pytest.fixture(scope="session", params=POOLS, ids=lambda n: f"{n}thr" if n != "proc" else n)
def pool(request: pytest.FixtureRequest, contract_pools: dict[object, object]) -> object:
    """A thread pool of 1, 2 or 7 threads, or the process pool; tests use it as `with pool:`."""
    p = contract_pools[request.param]
    return Current(p) if request.param == "proc" else p


@pytest.fixture(scope="session")
def pool1(contract_pools: dict[object, object]) -> object:
    """The 1-thread pool: deterministic splitting, used by Rayon's short-circuit tests."""
    return contract_pools[1]


@pytest.fixture(scope="session")
def pool2(contract_pools: dict[object, object]) -> object:
    return contract_pools[2]
