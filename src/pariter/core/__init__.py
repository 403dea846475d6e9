"""The core: a work-stealing thread pool and its primitives (Rayon's ``rayon-core``)."""

from pariter.core.broadcast import BroadcastContext, broadcast
from pariter.core.current import Pool
from pariter.core.join import JoinContext, join, join_context
from pariter.core.pool import (
    ThreadPool,
    ThreadPoolBuilder,
    ThreadPoolBuildError,
    available_cpus,
    current_num_threads,
    current_pool,
    current_thread_index,
    global_pool,
    set_global_pool,
    yield_local,
    yield_now,
)
from pariter.core.scope import Scope, scope, scope_fifo
from pariter.core.spawn import spawn, spawn_fifo, spawn_future, wait_future

__all__ = [
    "BroadcastContext",
    "JoinContext",
    "Pool",
    "Scope",
    "ThreadPool",
    "ThreadPoolBuildError",
    "ThreadPoolBuilder",
    "available_cpus",
    "broadcast",
    "current_num_threads",
    "current_pool",
    "current_thread_index",
    "global_pool",
    "join",
    "join_context",
    "scope",
    "scope_fifo",
    "set_global_pool",
    "spawn",
    "spawn_fifo",
    "spawn_future",
    "wait_future",
    "yield_local",
    "yield_now",
]
