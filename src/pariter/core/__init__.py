"""The core: a work-stealing thread pool and its primitives (Rayon's ``rayon-core``)."""

from pariter.core.broadcast import BroadcastContext, broadcast, spawn_broadcast
from pariter.core.current import Pool
from pariter.core.join import JoinContext, join, join_context
from pariter.core.pool import (
    ThreadPool,
    ThreadPoolBuilder,
    ThreadPoolBuildError,
    available_cpus,
    current_num_threads,
    current_thread_has_pending_tasks,
    current_pool,
    current_thread_index,
    global_pool,
    max_num_threads,
    set_global_pool,
    yield_local,
    yield_now,
)
from pariter.core.registry import ThreadBuilder
from pariter.core.scope import Scope, in_place_scope, in_place_scope_fifo, scope, scope_fifo
from pariter.core.spawn import spawn, spawn_fifo, spawn_future, wait_future

__all__ = [
    "BroadcastContext",
    "JoinContext",
    "Pool",
    "Scope",
    "ThreadBuilder",
    "ThreadPool",
    "ThreadPoolBuildError",
    "ThreadPoolBuilder",
    "available_cpus",
    "broadcast",
    "current_num_threads",
    "current_pool",
    "current_thread_has_pending_tasks",
    "current_thread_index",
    "global_pool",
    "in_place_scope",
    "in_place_scope_fifo",
    "join",
    "join_context",
    "max_num_threads",
    "scope",
    "scope_fifo",
    "set_global_pool",
    "spawn",
    "spawn_broadcast",
    "spawn_fifo",
    "spawn_future",
    "wait_future",
    "yield_local",
    "yield_now",
]
