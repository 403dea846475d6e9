"""``ParallelIterator[T]`` and ``IndexedParallelIterator[T]``: Rayon's two iterator traits.

Building a chain only wraps objects: no user function runs and no data is touched until a
terminal operation (``sum``, ``collect``, ``for_each``, ...) builds its consumer and hands the
chain to :func:`pariter.plumbing.execute`.  The methods live here so that the whole method set
reads in one place; each one is a thin call into the module named after it.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, cast, overload

from pariter.core.sizes import as_size
from pariter.core.tracebacks import hide_frames
from pariter.plumbing.bridge import bridge
from pariter.plumbing.execute import execute
from pariter.plumbing.protocols import Consumer, Producer

T = TypeVar("T")
U = TypeVar("U")
S = TypeVar("S")
K = TypeVar("K")
V = TypeVar("V")
C = TypeVar("C")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])
D = TypeVar("D")


#: The methods only an indexed iterator has; asking an unindexed one for them says why.
INDEXED_ONLY = frozenset(
    {
        "by_exponential_blocks", "by_uniform_blocks", "chunks", "cmp", "collect_into_vec",
        "enumerate", "eq", "fold_chunks", "fold_chunks_with", "ge", "gt", "interleave",
        "interleave_shortest", "le", "len", "lt", "ne", "partial_cmp", "position_any",
        "position_first", "position_last", "positions", "producer", "rev", "skip", "step_by",
        "take", "unzip_into_vecs", "with_max_len", "with_min_len", "zip", "zip_eq",
    }
)  # fmt: skip


class NotIndexedError(TypeError, AttributeError):
    """An indexed-only method asked of an unindexed iterator.

    A ``TypeError`` for the user, and an ``AttributeError`` so that ``hasattr(it, "zip")`` and
    ``getattr(it, "len", None)`` answer False/None instead of raising.
    """


def not_indexed(it: object, name: str) -> TypeError:
    """The error for an indexed-only method called on an unindexed iterator.

    >>> str(not_indexed(object(), "zip"))[:40]
    'object is not indexed: zip() needs an in'
    """
    return NotIndexedError(
        f"{type(it).__name__} is not indexed: {name}() needs an indexed parallel iterator "
        "(one whose length and positions are known, e.g. from a range or a list; adapters "
        "such as filter and flat_map give up the index, and so do par_bridge and one-shot "
        "iterators such as generators, whose length is unknown)"
    )


def terminal(method: F) -> F:
    """Mark a terminal operation: the chain's ``progress()`` bars (those of ``self`` and of
    parallel iterators passed as arguments) are open while it runs and closed after, also on
    error.  Chains without a progress step pay one flag test.
    """

    @functools.wraps(method)
    def run(self: ParallelIterator[Any], *args: Any, **kwargs: Any) -> Any:
        try:
            if not _progress.made:
                return method(self, *args, **kwargs)
            chains = [self, *(a for a in args if isinstance(a, ParallelIterator))]
            with _progress.tracking(*chains):
                return method(self, *args, **kwargs)
        except BaseException as exc:
            hide_frames(exc)  # what reaches the caller: its own frames and the user's functions
            raise

    return cast(F, run)


class _AddsToInt(Protocol):
    """What the builtin ``sum`` types its items as: they can be added to the int it starts from."""

    def __add__(self, other: int, /) -> Any: ...
    def __radd__(self, other: int, /) -> Any: ...


class _MultipliesByInt(Protocol):
    """What ``math.prod`` types its items as (it starts from the int 1)."""

    def __mul__(self, other: int, /) -> Any: ...
    def __rmul__(self, other: int, /) -> Any: ...


Summable = TypeVar("Summable", bound=_AddsToInt)
Multipliable = TypeVar("Multipliable", bound=_MultipliesByInt)


class _SumMethod(Protocol):
    """The type of ``ParallelIterator.sum`` as type checkers see it (``int`` for bools)."""

    @overload
    def __get__(self, obj: None, owner: Any, /) -> Any: ...
    @overload
    def __get__(self, obj: ParallelIterator[bool], owner: Any, /) -> Callable[[], int]: ...
    @overload
    def __get__(self, obj: ParallelIterator[Summable], owner: Any, /) -> Callable[[], Summable]: ...


class _ProductMethod(Protocol):
    """The type of ``ParallelIterator.product`` as type checkers see it."""

    @overload
    def __get__(self, obj: None, owner: Any, /) -> Any: ...
    @overload
    def __get__(self, obj: ParallelIterator[bool], owner: Any, /) -> Callable[[], int]: ...
    @overload
    def __get__(
        self, obj: ParallelIterator[Multipliable], owner: Any, /
    ) -> Callable[[], Multipliable]: ...


class ParallelIterator(Generic[T]):
    """A lazy parallel iterator (Rayon's ``ParallelIterator``).

    >>> import pariter as pi
    >>> pi.into_par_iter(range(10)).filter(lambda x: x % 3 == 0).map(lambda x: x * x).sum()
    126
    """

    #: True for adapters that act on each item alone (map, filter, flat_map, ...), so that
    #: re-applying them to consecutive pieces of their input gives their output in order.
    PIECEWISE: ClassVar[bool] = False
    #: True for sources that pull from a Python iterator (``par_bridge``): iterating a chain on
    #: them pulls batches lazily via ``batches()`` and runs the chain on ``over(batch)``.
    PULLS_FROM_ITERATOR: ClassVar[bool] = False

    # -- plumbing ------------------------------------------------------------------------------

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        """Push every item into ``consumer`` (plumbing; called inside the pool by ``execute``)."""
        raise NotImplementedError

    def opt_len(self) -> int | None:
        """The exact number of items when known without running anything, else ``None``.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(4)).opt_len(), pi.into_par_iter(range(4)).filter(bool).opt_len()
        (4, None)
        """
        return None

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name in INDEXED_ONLY:
                raise not_indexed(self, name)
            # The public type's name (the class is plumbing); the interpreter adds "Did you
            # mean: 'map'?" from dir(self) when it prints the error.
            indexed = isinstance(self, IndexedParallelIterator)
            public = "IndexedParallelIterator" if indexed else "ParallelIterator"
            raise AttributeError(f"{public!r} object has no attribute {name!r}")

    def __iter__(self) -> Iterator[T]:
        """Iterate the results in sequence order while later pieces still run.

        >>> import pariter as pi
        >>> [x for x in pi.into_par_iter(range(5)).map(lambda x: x * 2)]
        [0, 2, 4, 6, 8]
        """
        if _progress.made:
            return _progress.tracked_stream(self, stream(self))
        return stream(self)

    def __repr__(self) -> str:
        """The pipeline as written: every source and adapter prints its own part, the source
        as its entry function with a short description of the collection (see
        :func:`describe_entry`), each adapter as ``.method(args)`` (see :func:`describe`).
        This fallback, for iterator classes defined elsewhere, names the class.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).map(str).filter(lambda s: s != "3")
        into_par_iter(range(0, 10)).map(str).filter(<lambda>)
        """
        return f"<{type(self).__qualname__}>"

    # -- adapters ------------------------------------------------------------------------------

    def map(self, f: Callable[[T], U]) -> ParallelIterator[U]:
        """Apply ``f`` to every item.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(4)).map(lambda x: x * 2).collect()
        [0, 2, 4, 6]
        """
        return transformed(self, MapTransform(check_fn("f", f)), True)

    def map_with(self, init: S, f: Callable[[S, T], U]) -> ParallelIterator[U]:
        """``f(state, item)`` with a per-piece shallow copy of ``init`` as ``state``.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(3)).map_with(10, lambda s, x: s + x).collect()
        [10, 11, 12]
        """
        return transformed(self, MapWithTransform(init, check_fn("f", f)), True)

    def map_init(self, init: Callable[[], S], f: Callable[[S, T], U]) -> ParallelIterator[U]:
        """``f(state, item)`` with ``state = init()`` made once per piece of work.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(3)).map_init(lambda: [], lambda s, x: x + len(s)).collect()
        [0, 1, 2]
        """
        return transformed(self, MapInitTransform(check_fn("init", init), check_fn("f", f)), True)

    def inspect(self, f: Callable[[T], Any]) -> ParallelIterator[T]:
        """Call ``f(item)`` on every item and pass the item on unchanged.

        >>> import pariter as pi
        >>> seen = []
        >>> pi.par_iter([1, 2]).inspect(seen.append).sum(), sorted(seen)
        (3, [1, 2])
        """
        return transformed(self, InspectTransform(check_fn("f", f)), True)

    def update(self, f: Callable[[T], Any]) -> ParallelIterator[T]:
        """Call ``f(item)`` to mutate each item in place, and pass it on.

        >>> import pariter as pi
        >>> pi.par_iter([[1], [2]]).update(lambda l: l.append(0)).collect()
        [[1, 0], [2, 0]]
        """
        return transformed(self, UpdateTransform(check_fn("f", f)), True)

    def copied(self) -> ParallelIterator[T]:
        """A shallow copy of every item (Rust's ``copied``).

        >>> import pariter as pi
        >>> pi.par_iter([1, 2]).copied().collect()
        [1, 2]
        """
        return transformed(self, CopyTransform(), True)

    def cloned(self) -> ParallelIterator[T]:
        """A shallow copy of every item (Rust's ``cloned``).

        >>> import pariter as pi
        >>> pi.par_iter([[1]]).cloned().collect()
        [[1]]
        """
        return transformed(self, ClonedTransform(), True)

    def filter(self, pred: Callable[[T], Any]) -> ParallelIterator[T]:
        """Keep the items for which ``pred`` is true (unindexed).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).filter(lambda x: x % 4 == 0).collect()
        [0, 4, 8]
        """
        return TransformIter(self, FilterTransform(check_fn("pred", pred)))

    def filter_map(self, f: Callable[[T], U | None]) -> ParallelIterator[U]:
        """Map with ``f`` and drop the ``None`` results (unindexed).

        >>> import pariter as pi
        >>> pi.par_iter(["1", "x", "3"]).filter_map(lambda s: int(s) if s.isdigit() else None).sum()
        4
        """
        return TransformIter(self, FilterMapTransform(check_fn("f", f)))

    def flat_map(self, f: Callable[[T], Any]) -> ParallelIterator[Any]:
        """Map each item to something parallel-iterable and flatten, in parallel (unindexed).

        >>> import pariter as pi
        >>> pi.par_iter([1, 2, 3]).flat_map(lambda n: range(n)).collect()
        [0, 0, 1, 0, 1, 2]
        """
        return FlatMap(self, check_fn("f", f))

    def flat_map_iter(self, f: Callable[[T], Iterable[U]]) -> ParallelIterator[U]:
        """Map each item to a sequential iterable and flatten (``chain.from_iterable``).

        >>> import pariter as pi
        >>> pi.par_iter([1, 2, 3]).flat_map_iter(lambda n: [n] * n).collect()
        [1, 2, 2, 3, 3, 3]
        """
        return TransformIter(self, FlatMapIterTransform(check_fn("f", f)))

    def flatten(self) -> ParallelIterator[Any]:
        """Flatten items that are themselves parallel-iterable (``flat_map`` of identity).

        >>> import pariter as pi
        >>> pi.par_iter([[1, 2], [], [3]]).flatten().collect()
        [1, 2, 3]
        """
        return FlatMap(self, None)

    def flatten_iter(self) -> ParallelIterator[Any]:
        """Flatten items that are sequential iterables.

        >>> import pariter as pi
        >>> pi.par_iter([(1, 2), (3,)]).flatten_iter().collect()
        [1, 2, 3]
        """
        return TransformIter(self, FlatMapIterTransform(None))

    def chain(self, other: Any) -> ParallelIterator[T]:
        """The items of ``self`` followed by those of ``other`` (indexed if both are).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(2)).chain([7, 8]).collect()
        [0, 1, 7, 8]
        """
        return make_chain(self, other)

    def fold(self, identity: Callable[[], S], op: Callable[[S, T], S]) -> ParallelIterator[S]:
        """Fold each piece sequentially from ``identity()``; yields one accumulator per piece.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(100)).fold(lambda: 0, lambda a, x: a + x).sum()
        4950
        """
        return Fold(self, check_fn("identity", identity), check_fn("op", op), False)

    def fold_with(self, init: S, op: Callable[[S, T], S]) -> ParallelIterator[S]:
        """``fold`` starting each piece from a shallow copy of ``init``.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(5)).fold_with(0, lambda a, x: a + x).sum()
        10
        """
        return Fold(self, init, check_fn("op", op), True)

    def try_fold(
        self, identity: Callable[[], S], op: Callable[[S, T], S | None]
    ) -> ParallelIterator[S | None]:
        """``fold`` that stops a piece when ``op`` returns ``None``; that piece yields ``None``.

        Only the piece stops (as in Rayon); follow with ``try_reduce`` to stop them all.

        >>> import pariter as pi
        >>> add_small = lambda a, x: a + x if a + x < 100 else None
        >>> pi.into_par_iter(range(10)).try_fold(int, add_small).try_reduce(int, add_small)
        45
        >>> pi.into_par_iter(range(20)).try_fold(int, add_small).try_reduce(int, add_small) is None
        True
        """
        return TryFold(self, check_fn("identity", identity), check_fn("op", op), False)

    def try_fold_with(self, init: S, op: Callable[[S, T], S | None]) -> ParallelIterator[S | None]:
        """``try_fold`` starting each piece from a shallow copy of ``init``.

        >>> import pariter as pi
        >>> pi.par_iter("abc").try_fold_with("", lambda a, c: a + c).collect(str)
        'abc'
        """
        return TryFold(self, init, check_fn("op", op), True)

    def while_some(self) -> ParallelIterator[Any]:
        """Yield items until a ``None`` is seen anywhere; then stop all work (unindexed).

        >>> import pariter as pi
        >>> pi.par_iter([1, 2, None, 4]).with_max_len(1).while_some().count() <= 3
        True
        """
        return WhileSome(self)

    def take_any(self, n: int) -> ParallelIterator[T]:
        """``n`` items from anywhere (they stay in relative order; unindexed).

        >>> import pariter as pi
        >>> len(pi.into_par_iter(range(100)).take_any(5).collect())
        5
        """
        return TakeAny(self, check_count("n", n))

    def skip_any(self, n: int) -> ParallelIterator[T]:
        """Skip ``n`` items from anywhere (unindexed).

        >>> import pariter as pi
        >>> len(pi.into_par_iter(range(100)).skip_any(5).collect())
        95
        """
        return SkipAny(self, check_count("n", n))

    def take_any_while(self, pred: Callable[[T], Any]) -> ParallelIterator[T]:
        """Take items while ``pred`` holds; once it fails anywhere, stop taking (unindexed).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(100)).take_any_while(lambda x: x < 200).count()
        100
        """
        return TakeAnyWhile(self, check_fn("pred", pred))

    def skip_any_while(self, pred: Callable[[T], Any]) -> ParallelIterator[T]:
        """Skip items while ``pred`` holds; once it fails anywhere, keep everything (unindexed).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).skip_any_while(lambda x: x < 100).collect()
        []
        """
        return SkipAnyWhile(self, check_fn("pred", pred))

    def intersperse(self, separator: T) -> ParallelIterator[T]:
        """Put ``separator`` between consecutive items.

        >>> import pariter as pi
        >>> pi.par_iter([1, 2, 3]).intersperse(0).collect()
        [1, 0, 2, 0, 3]
        """
        return make_intersperse(self, separator)

    def progress(
        self, desc: str | None = None, total: int | None = None, **options: Any
    ) -> ParallelIterator[T]:
        """Show a tqdm bar that advances as items pass this step (needs ``pariter[progress]``).

        ``total`` defaults to the chain's length when it is known; ``options`` go to ``tqdm``
        (``unit``, ``leave``, ``file``, ``disable``, ...).  Items are counted per block, never
        one by one, and the bar closes when the terminal operation ends.  Indexed stays indexed.

        >>> import io, pariter as pi
        >>> pi.into_par_iter(range(100)).map(lambda x: x * x).progress(file=io.StringIO()).sum()
        328350
        """
        return make_progress(self, desc, total, options)

    def panic_fuse(self) -> ParallelIterator[T]:
        """Stop all work soon after an exception (always on in pariter, so this is ``self``).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(3)).panic_fuse().sum()
        3
        """
        return self

    # -- terminal operations -------------------------------------------------------------------

    @terminal
    def for_each(self, op: Callable[[T], Any]) -> None:
        """Call ``op(item)`` on every item, in parallel and in no particular order.

        >>> import pariter as pi
        >>> out = []
        >>> pi.into_par_iter(range(3)).for_each(out.append); sorted(out)
        [0, 1, 2]
        """
        execute(self, ForEachConsumer(check_fn("op", op)))

    @terminal
    def for_each_with(self, init: S, op: Callable[[S, T], Any]) -> None:
        """``op(state, item)`` with a per-piece shallow copy of ``init``.

        >>> import pariter as pi, queue
        >>> q = queue.SimpleQueue()
        >>> pi.into_par_iter(range(3)).for_each_with(q, lambda q, x: q.put(x)); q.qsize()
        3
        """
        # Checked here so that the error names ``op``, not ``map_with``'s ``f``.
        execute(self.map_with(init, check_fn("op", op)), NoopConsumer())

    @terminal
    def for_each_init(self, init: Callable[[], S], op: Callable[[S, T], Any]) -> None:
        """``op(state, item)`` with ``state = init()`` made once per piece.

        >>> import pariter as pi
        >>> out = []
        >>> pi.into_par_iter(range(3)).for_each_init(lambda: out, lambda o, x: o.append(x))
        >>> sorted(out)
        [0, 1, 2]
        """
        # Checked here so that the error names ``op``, not ``map_init``'s ``f``.
        execute(self.map_init(init, check_fn("op", op)), NoopConsumer())

    @terminal
    def try_for_each(self, op: Callable[[T], Any]) -> Any:
        """Call ``op(item)`` on every item until one returns something other than ``None``:
        then stop every piece and return that value (from any item); ``None`` if none did.

        >>> import pariter as pi
        >>> check = lambda x: f"bad item {x}" if x < 0 else None
        >>> pi.par_iter([3, 1, 2]).try_for_each(check) is None
        True
        >>> pi.par_iter([3, -1, 2]).try_for_each(check)
        'bad item -1'
        """
        return try_for_each(self.map(check_fn("op", op)))

    @terminal
    def try_for_each_with(self, init: S, op: Callable[[S, T], Any]) -> Any:
        """``try_for_each`` calling ``op(state, item)`` with a per-piece shallow copy of ``init``.

        >>> import pariter as pi, queue
        >>> q = queue.SimpleQueue()
        >>> pi.into_par_iter(range(3)).try_for_each_with(q, lambda q, x: q.put(x)), q.qsize()
        (None, 3)
        """
        return try_for_each(self.map_with(init, check_fn("op", op)))

    @terminal
    def try_for_each_init(self, init: Callable[[], S], op: Callable[[S, T], Any]) -> Any:
        """``try_for_each`` calling ``op(state, item)`` with ``state = init()`` once per piece.

        >>> import pariter as pi
        >>> pi.par_iter(["1", "x"]).try_for_each_init(list, lambda s, w: None if w.isdigit() else w)
        'x'
        """
        return try_for_each(self.map_init(init, check_fn("op", op)))

    @terminal
    def count(self) -> int:
        """The number of items (every upstream function still runs).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).filter(lambda x: x > 6).count()
        3
        """
        return execute(self, CountConsumer())  # type: ignore[no-any-return]

    if TYPE_CHECKING:
        # Typed through descriptors: mypy checks the bound of a TypeVar in ``__get__``'s
        # argument, but not in a method's annotated ``self`` (pyright checks both).
        sum: _SumMethod
        product: _ProductMethod
    else:

        @terminal
        def sum(self) -> Any:
            """The sum of the items (0 when empty); typed, as the builtin ``sum`` is, for items
            that can be added to the int 0 (numbers: not strings or lists).

            >>> import pariter as pi
            >>> pi.into_par_iter(range(101)).sum()
            5050
            """
            return execute(self, SumConsumer())

        @terminal
        def product(self) -> Any:
            """The product of the items (1 when empty); typed as ``math.prod`` is.

            >>> import pariter as pi
            >>> pi.into_par_iter(range(1, 6)).product()
            120
            """
            return execute(self, ProductConsumer())

    @terminal
    def reduce(self, identity: Callable[[], T], op: Callable[[T, T], T]) -> T:
        """Combine all items with the associative ``op``; ``identity()`` may start any piece.

        >>> import pariter as pi
        >>> pi.par_iter("abcdef").reduce(str, lambda a, b: a + b)
        'abcdef'
        """
        return execute(self, ReduceConsumer(check_fn("identity", identity), check_fn("op", op)))  # type: ignore[no-any-return]

    @terminal
    def reduce_with(self, op: Callable[[T, T], T]) -> T | None:
        """Combine all items with the associative ``op``; ``None`` when empty.

        >>> import pariter as pi
        >>> pi.par_iter([3, 1, 2]).reduce_with(max), pi.par_iter([]).reduce_with(max)
        (3, None)
        """
        return _or_none(execute(self, ReduceWithConsumer(check_fn("op", op))))  # type: ignore[no-any-return]

    @terminal
    def try_reduce(self, identity: Callable[[], T], op: Callable[[T, T], T | None]) -> T | None:
        """``reduce`` that stops at a ``None`` item or when ``op`` returns ``None``: then every
        piece stops and the result is ``None``.

        >>> import pariter as pi
        >>> checked_add = lambda a, b: a + b if a + b < 2**31 else None
        >>> pi.into_par_iter(range(5)).map(lambda i: i * i).try_reduce(int, checked_add)
        30
        >>> pi.into_par_iter(range(10**6)).map(lambda i: i * i).try_reduce(int, checked_add) is None
        True
        """
        return try_reduce(self, check_fn("identity", identity), check_fn("op", op))  # type: ignore[no-any-return]

    @terminal
    def try_reduce_with(self, op: Callable[[T, T], T | None]) -> T | None:
        """``try_reduce`` without an identity: ``None`` when empty, or stopped by a ``None``.

        >>> import pariter as pi
        >>> pi.par_iter([3, 1, 2]).try_reduce_with(max), pi.par_iter([3, None]).try_reduce_with(max)
        (3, None)
        """
        return try_reduce(self, None, check_fn("op", op))  # type: ignore[no-any-return]

    @overload
    def min(self, key: Callable[[T], Any] | None = None) -> T | None: ...
    @overload
    def min(self, key: Callable[[T], Any] | None = None, *, default: D) -> T | D: ...

    @terminal
    def min(self, key: Callable[[T], Any] | None = None, *, default: Any = None) -> Any:
        """The smallest item (the first of equals); ``key`` and ``default`` as the builtin's,
        ``default`` (``None`` unless given) when empty.

        >>> import pariter as pi
        >>> pi.par_iter(["bb", "a", "c"]).min(key=len), pi.par_iter([]).min(default=0)
        ('a', 0)
        """
        key = check_opt_fn("key", key)
        found = execute(self, MinMaxConsumer(key, False))
        if found is UNORDERED:
            found = best_in_order(self, key, False)
        return default if found is MISSING else found

    @overload
    def max(self, key: Callable[[T], Any] | None = None) -> T | None: ...
    @overload
    def max(self, key: Callable[[T], Any] | None = None, *, default: D) -> T | D: ...

    @terminal
    def max(self, key: Callable[[T], Any] | None = None, *, default: Any = None) -> Any:
        """The largest item (the first of equals, like ``max``); ``default`` (``None`` unless
        given) when empty.

        >>> import pariter as pi
        >>> pi.par_iter(["a", "bb", "cc"]).max(key=len), pi.par_iter([]).max(default="none")
        ('bb', 'none')
        """
        key = check_opt_fn("key", key)
        found = execute(self, MinMaxConsumer(key, True))
        if found is UNORDERED:
            found = best_in_order(self, key, True)
        return default if found is MISSING else found

    def min_by(self, cmp: Callable[[T, T], int]) -> T | None:
        """The smallest item under the comparator ``cmp(a, b) -> int`` (first of equals).

        >>> import pariter as pi
        >>> pi.par_iter([3, -4, 1]).min_by(lambda a, b: abs(a) - abs(b))
        1
        """
        return self.min(key=CmpKey(check_fn("cmp", cmp)))

    def max_by(self, cmp: Callable[[T, T], int]) -> T | None:
        """The largest item under the comparator ``cmp(a, b) -> int`` (first of equals).

        >>> import pariter as pi
        >>> pi.par_iter([3, -4, 1]).max_by(lambda a, b: abs(a) - abs(b))
        -4
        """
        return self.max(key=CmpKey(check_fn("cmp", cmp)))

    def min_by_key(self, f: Callable[[T], Any]) -> T | None:
        """The item with the smallest ``f(item)`` (first of equals).

        >>> import pariter as pi
        >>> pi.par_iter([3, -4, 1]).min_by_key(abs)
        1
        """
        return self.min(key=check_fn("f", f))

    def max_by_key(self, f: Callable[[T], Any]) -> T | None:
        """The item with the largest ``f(item)`` (first of equals).

        >>> import pariter as pi
        >>> pi.par_iter([3, -4, 4]).max_by_key(abs)
        -4
        """
        return self.max(key=check_fn("f", f))

    @terminal
    def find_any(self, pred: Callable[[T], Any]) -> T | None:
        """Some item matching ``pred`` (not necessarily the first), or ``None``.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10**12)).find_any(lambda x: x == 5)
        5
        """
        return _or_none(execute(self, FindAnyConsumer(check_fn("pred", pred), Flag())))  # type: ignore[no-any-return]

    @terminal
    def find_first(self, pred: Callable[[T], Any]) -> T | None:
        """The first item in sequence order matching ``pred``, or ``None``.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(100)).find_first(lambda x: x % 7 == 6)
        6
        """
        consumer = FindFirstLastConsumer(check_fn("pred", pred), Best(first=True))
        return _or_none(execute(self, consumer))  # type: ignore[no-any-return]

    @terminal
    def find_last(self, pred: Callable[[T], Any]) -> T | None:
        """The last item in sequence order matching ``pred``, or ``None``.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(100)).find_last(lambda x: x % 7 == 6)
        97
        """
        consumer = FindFirstLastConsumer(check_fn("pred", pred), Best(first=False))
        return _or_none(execute(self, consumer))  # type: ignore[no-any-return]

    @terminal
    def find_map_any(self, f: Callable[[T], U | None]) -> U | None:
        """Some non-``None`` result of ``f``, or ``None``.

        >>> import pariter as pi
        >>> pi.par_iter(["a", "7"]).find_map_any(lambda s: int(s) if s.isdigit() else None)
        7
        """
        return _or_none(execute(self.filter_map(f), FindAnyConsumer(None, Flag())))  # type: ignore[no-any-return]

    @terminal
    def find_map_first(self, f: Callable[[T], U | None]) -> U | None:
        """The first non-``None`` result of ``f`` in sequence order, or ``None``.

        >>> import pariter as pi
        >>> pi.par_iter(["a", "7", "8"]).find_map_first(lambda s: int(s) if s.isdigit() else None)
        7
        """
        consumer: Any = FindFirstLastConsumer(None, Best(first=True))
        return _or_none(execute(self.filter_map(f), consumer))  # type: ignore[no-any-return]

    @terminal
    def find_map_last(self, f: Callable[[T], U | None]) -> U | None:
        """The last non-``None`` result of ``f`` in sequence order, or ``None``.

        >>> import pariter as pi
        >>> pi.par_iter(["a", "7", "8"]).find_map_last(lambda s: int(s) if s.isdigit() else None)
        8
        """
        consumer: Any = FindFirstLastConsumer(None, Best(first=False))
        return _or_none(execute(self.filter_map(f), consumer))  # type: ignore[no-any-return]

    @terminal
    def any(self, pred: Callable[[T], Any]) -> bool:
        """True if ``pred`` holds for some item (stops early).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10**12)).any(lambda x: x == 3)
        True
        """
        return bool(execute(self, AnyAllConsumer(check_fn("pred", pred), True, Flag())))

    @terminal
    def all(self, pred: Callable[[T], Any]) -> bool:
        """True if ``pred`` holds for every item (stops early on a failure).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).all(lambda x: x < 10)
        True
        """
        return not execute(self, AnyAllConsumer(check_fn("pred", pred), False, Flag()))

    @overload
    def collect(self) -> list[T]: ...
    @overload
    def collect(self, target: Callable[[list[T]], C]) -> C: ...
    @overload
    def collect(
        self, target: tuple[Callable[[list[Any]], C], Callable[[list[Any]], D]]
    ) -> tuple[C, D]: ...

    @terminal
    def collect(self, target: Any = None) -> Any:
        """The items as a list (in sequence order), or passed to ``target``: ``dict``, ``set``,
        ``tuple``, ``str`` (joined) or any callable taking an iterable; a pair of those makes
        two collections of an iterator of pairs (Rayon's ``(FromA, FromB)``).

        >>> import pariter as pi
        >>> pi.par_iter("abc").map(str.upper).collect(str)
        'ABC'
        >>> pi.into_par_iter(range(3)).map(lambda x: (x, x * x)).collect(dict)
        {0: 0, 1: 1, 2: 4}
        >>> pi.into_par_iter(range(3)).map(lambda x: (x, x % 2)).collect((list, set))
        ([0, 1, 2], {0, 1})
        """
        return collect_to(self, target)

    @terminal
    def collect_vec_list(self) -> list[list[T]]:
        """The items as a list of lists, one per piece that had items, in sequence order (Rayon's
        ``LinkedList<Vec<T>>``: how pieces collect before they are joined).

        >>> import pariter as pi
        >>> pieces = pi.into_par_iter(range(6)).with_max_len(2).collect_vec_list()
        >>> [x for piece in pieces for x in piece], all(len(p) <= 2 for p in pieces)
        ([0, 1, 2, 3, 4, 5], True)
        """
        return execute(self, ListChunksConsumer())

    @terminal
    def unzip(self) -> tuple[list[Any], list[Any]]:
        """Split an iterator of pairs into two lists (order kept).

        >>> import pariter as pi
        >>> pi.par_iter([(1, "a"), (2, "b")]).unzip()
        ([1, 2], ['a', 'b'])
        """
        left, right = execute(self, PairConsumer(None))
        return left, right

    @terminal
    def partition(self, pred: Callable[[T], Any]) -> tuple[list[T], list[T]]:
        """The items for which ``pred`` holds, and the others (order kept).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(6)).partition(lambda x: x % 2 == 0)
        ([0, 2, 4], [1, 3, 5])
        """
        left, right = execute(self, PairConsumer(check_fn("pred", pred)))
        return left, right

    @terminal
    def partition_map(self, f: Callable[[T], Either[K, V]]) -> tuple[list[K], list[V]]:
        """Send ``Left(x)`` results of ``f`` to the first list and ``Right(y)`` to the second.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(5)).partition_map(
        ...     lambda x: pi.Left(x) if x % 2 else pi.Right(-x))
        ([1, 3], [0, -2, -4])
        """
        return partition_map(self, check_fn("f", f))


class IndexedParallelIterator(ParallelIterator[T]):
    """A parallel iterator with a known length and random-access splits.

    >>> import pariter as pi
    >>> a, b = [1, 2, 3], [4, 5, 6]
    >>> pi.par_iter(a).zip(b).map(lambda p: p[0] * p[1]).sum()
    32
    """

    # -- plumbing ------------------------------------------------------------------------------

    def len(self) -> int:
        """The exact number of items.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(0, 10, 3)).len()
        4
        """
        raise NotImplementedError

    def producer(self) -> Producer[T]:
        """The producer of the whole iterator (Rayon's ``with_producer``; plumbing)."""
        raise NotImplementedError

    def drive(self, consumer: Consumer[T, R]) -> R:
        """Run the producer into an indexed consumer (plumbing)."""
        return bridge(self.producer(), consumer)

    def drive_unindexed(self, consumer: Consumer[T, R]) -> R:
        return bridge(self.producer(), consumer)  # drive's body: one frame fewer a call

    def opt_len(self) -> int | None:
        return self.len()

    def __length_hint__(self) -> int:
        return self.len()

    # -- adapters that keep the index ----------------------------------------------------------

    if TYPE_CHECKING:

        def map(self, f: Callable[[T], U]) -> IndexedParallelIterator[U]: ...
        def map_with(self, init: S, f: Callable[[S, T], U]) -> IndexedParallelIterator[U]: ...
        def map_init(
            self, init: Callable[[], S], f: Callable[[S, T], U]
        ) -> IndexedParallelIterator[U]: ...
        def inspect(self, f: Callable[[T], Any]) -> IndexedParallelIterator[T]: ...
        def update(self, f: Callable[[T], Any]) -> IndexedParallelIterator[T]: ...
        def copied(self) -> IndexedParallelIterator[T]: ...
        def cloned(self) -> IndexedParallelIterator[T]: ...
        def panic_fuse(self) -> IndexedParallelIterator[T]: ...
        def progress(
            self, desc: str | None = None, total: int | None = None, **options: Any
        ) -> IndexedParallelIterator[T]: ...
        def intersperse(self, separator: T) -> IndexedParallelIterator[T]: ...
        @overload
        def chain(self, other: IndexedParallelIterator[T]) -> IndexedParallelIterator[T]: ...
        @overload
        def chain(self, other: Any) -> ParallelIterator[T]: ...
        def chain(self, other: Any) -> ParallelIterator[T]: ...

    @overload
    def zip(self, other: IndexedParallelIterator[U]) -> IndexedParallelIterator[tuple[T, U]]: ...
    @overload
    def zip(self, other: str) -> IndexedParallelIterator[tuple[T, str]]: ...
    @overload
    def zip(self, other: Mapping[K, V]) -> IndexedParallelIterator[tuple[T, tuple[K, V]]]: ...
    @overload
    def zip(self, other: Iterable[U]) -> IndexedParallelIterator[tuple[T, U]]: ...

    def zip(self, other: Any) -> IndexedParallelIterator[tuple[T, Any]]:
        """Pairs ``(a, b)``; as long as the shorter side.

        >>> import pariter as pi
        >>> pi.par_iter([1, 2, 3]).zip("ab").collect()
        [(1, 'a'), (2, 'b')]
        """
        return Zip(self, as_indexed("other", other, "zip", self.len()))

    @overload
    def zip_eq(self, other: IndexedParallelIterator[U]) -> IndexedParallelIterator[tuple[T, U]]: ...
    @overload
    def zip_eq(self, other: str) -> IndexedParallelIterator[tuple[T, str]]: ...
    @overload
    def zip_eq(self, other: Mapping[K, V]) -> IndexedParallelIterator[tuple[T, tuple[K, V]]]: ...
    @overload
    def zip_eq(self, other: Iterable[U]) -> IndexedParallelIterator[tuple[T, U]]: ...

    def zip_eq(self, other: Any) -> IndexedParallelIterator[tuple[T, Any]]:
        """Like ``zip``, but both sides must have the same length (``ValueError`` otherwise).

        >>> import pariter as pi
        >>> pi.par_iter([1, 2]).zip_eq("ab").collect()
        [(1, 'a'), (2, 'b')]
        """
        return zip_eq(self, as_indexed("other", other, "zip_eq", self.len() + 1))

    def enumerate(self) -> IndexedParallelIterator[tuple[int, T]]:
        """Pairs ``(index, item)``.

        >>> import pariter as pi
        >>> pi.par_iter("ab").enumerate().collect()
        [(0, 'a'), (1, 'b')]
        """
        return Enumerate(self)

    def rev(self) -> IndexedParallelIterator[T]:
        """The items in reverse order.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(4)).rev().collect()
        [3, 2, 1, 0]
        """
        return Rev(self)

    def skip(self, n: int) -> IndexedParallelIterator[T]:
        """All but the first ``n`` items (the skipped ones still run, for their side effects).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(5)).skip(3).collect()
        [3, 4]
        """
        return Skip(self, check_count("n", n))

    def take(self, n: int) -> IndexedParallelIterator[T]:
        """The first ``n`` items (the rest never runs).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(5)).take(2).collect()
        [0, 1]
        """
        return Take(self, check_count("n", n))

    def step_by(self, step: int) -> IndexedParallelIterator[T]:
        """Every ``step``-th item, starting with the first.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).step_by(4).collect()
        [0, 4, 8]
        """
        return StepBy(self, check_positive("step", step))

    def chunks(self, chunk_size: int) -> IndexedParallelIterator[list[T]]:
        """Lists of ``chunk_size`` consecutive items (the last may be shorter).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(5)).chunks(2).collect()
        [[0, 1], [2, 3], [4]]
        """
        return Chunks(self, check_positive("chunk_size", chunk_size))

    def fold_chunks(
        self, chunk_size: int, identity: Callable[[], S], op: Callable[[S, T], S]
    ) -> IndexedParallelIterator[S]:
        """A sequential fold over each chunk of ``chunk_size`` items, without building chunks.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(1, 11)).fold_chunks(2, int, lambda a, x: a + x).collect()
        [3, 7, 11, 15, 19]
        """
        size = check_positive("chunk_size", chunk_size)
        return FoldChunks(self, size, check_fn("identity", identity), check_fn("op", op), False)

    def fold_chunks_with(
        self, chunk_size: int, init: S, op: Callable[[S, T], S]
    ) -> IndexedParallelIterator[S]:
        """``fold_chunks`` starting each chunk from a shallow copy of ``init``.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(1, 5)).fold_chunks_with(2, 0, lambda a, x: a + x).collect()
        [3, 7]
        """
        size = check_positive("chunk_size", chunk_size)
        return FoldChunks(self, size, init, check_fn("op", op), True)

    def interleave(self, other: Any) -> IndexedParallelIterator[T]:
        """Alternate items of ``self`` and ``other``; the longer one's rest follows.

        >>> import pariter as pi
        >>> pi.par_iter([1, 2]).interleave([3, 4, 5, 6]).collect()
        [1, 3, 2, 4, 5, 6]
        """
        return Interleave(self, as_indexed("other", other, "interleave"), False)

    def interleave_shortest(self, other: Any) -> IndexedParallelIterator[T]:
        """Alternate items until one side runs out.

        >>> import pariter as pi
        >>> pi.par_iter([1, 2, 3, 4]).interleave_shortest([5, 6]).collect()
        [1, 5, 2, 6, 3]
        """
        shorter = as_indexed("other", other, "interleave_shortest", self.len() + 1)
        return Interleave(self, shorter, True)

    def with_min_len(self, min_len: int) -> IndexedParallelIterator[T]:
        """Never split pieces below ``min_len`` items.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).with_min_len(4).sum()
        45
        """
        return MinLen(self, check_positive("min_len", min_len))

    def with_max_len(self, max_len: int) -> IndexedParallelIterator[T]:
        """Split pieces down to at most ``max_len`` items (unless ``with_min_len`` forbids).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).with_max_len(1).fold(list, lambda a, x: a + [x]).count()
        10
        """
        return MaxLen(self, check_positive("max_len", max_len))

    def by_exponential_blocks(self) -> ParallelIterator[T]:
        """Run as parallel blocks of growing size, left to right (good for ``find_first``).

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10**9)).by_exponential_blocks().find_first(lambda x: x > 10)
        11
        """
        return Blocks(self, None)

    def by_uniform_blocks(self, block_size: int) -> ParallelIterator[T]:
        """Run as consecutive parallel blocks of ``block_size`` items.

        >>> import pariter as pi
        >>> pi.into_par_iter(range(10)).by_uniform_blocks(3).collect()
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        """
        return Blocks(self, check_positive("block_size", block_size))

    @terminal
    def position_any(self, pred: Callable[[T], Any]) -> int | None:
        """The index of some item matching ``pred``, or ``None``.

        >>> import pariter as pi
        >>> pi.par_iter([5, 6, 7]).position_any(lambda x: x == 6)
        1
        """
        return position(self, check_fn("pred", pred), None)

    @terminal
    def position_first(self, pred: Callable[[T], Any]) -> int | None:
        """The index of the first item matching ``pred``, or ``None``.

        >>> import pariter as pi
        >>> pi.par_iter([5, 6, 6]).position_first(lambda x: x == 6)
        1
        """
        return position(self, check_fn("pred", pred), True)

    @terminal
    def position_last(self, pred: Callable[[T], Any]) -> int | None:
        """The index of the last item matching ``pred``, or ``None``.

        >>> import pariter as pi
        >>> pi.par_iter([5, 6, 6]).position_last(lambda x: x == 6)
        2
        """
        return position(self, check_fn("pred", pred), False)

    def positions(self, pred: Callable[[T], Any]) -> ParallelIterator[int]:
        """The indices of all items matching ``pred``, in order (unindexed).

        >>> import pariter as pi
        >>> pi.par_iter([1, 0, 1]).positions(bool).collect()
        [0, 2]
        """
        return positions(self, check_fn("pred", pred))

    @terminal
    def cmp(self, other: Any) -> int:
        """Compare lexicographically with ``other`` like Python sequences: -1, 0 or 1.

        >>> import pariter as pi
        >>> a = pi.par_iter([1, 2])
        >>> a.cmp([1, 3]), a.cmp([1, 2]), pi.par_iter([2]).cmp([1, 2])
        (-1, 0, 1)
        """
        return compare(self, as_indexed("other", other, "cmp", self.len() + 1))

    @terminal
    def partial_cmp(self, other: Any) -> int | None:
        """Like ``cmp``, but ``None`` where the first unequal pair cannot be ordered (NaN, sets
        neither of which contains the other).

        >>> import pariter as pi
        >>> pi.par_iter([1, 2]).partial_cmp([1, 3]), pi.par_iter([float("nan")]).partial_cmp([2.0])
        (-1, None)
        """
        return partial_compare(self, as_indexed("other", other, "partial_cmp", self.len() + 1))

    @terminal
    def eq(self, other: Any) -> bool:
        """True when both have the same length and equal items.

        >>> import pariter as pi
        >>> pi.par_iter([1, 2]).eq((1, 2))
        True
        """
        return equal(self, as_indexed("other", other, "eq", self.len() + 1))

    def ne(self, other: Any) -> bool:
        """``not eq(other)``.

        >>> import pariter as pi
        >>> pi.par_iter([1, 2]).ne([1])
        True
        """
        return not self.eq(other)

    @terminal
    def lt(self, other: Any) -> bool:
        """``list(self) < list(other)``: the first unequal pair decides, with ``<``.

        >>> import pariter as pi
        >>> pi.par_iter([1, 2]).lt([1, 2, 0])
        True
        """
        return ordered(self, as_indexed("other", other, "lt", self.len() + 1), operator.lt)

    @terminal
    def le(self, other: Any) -> bool:
        """``list(self) <= list(other)``: the first unequal pair decides, with ``<=``.

        >>> import pariter as pi
        >>> pi.par_iter([1, 2]).le([1, 2])
        True
        """
        return ordered(self, as_indexed("other", other, "le", self.len() + 1), operator.le)

    @terminal
    def gt(self, other: Any) -> bool:
        """``list(self) > list(other)``: the first unequal pair decides, with ``>``.

        >>> import pariter as pi
        >>> pi.par_iter([2]).gt([1, 9])
        True
        """
        return ordered(self, as_indexed("other", other, "gt", self.len() + 1), operator.gt)

    @terminal
    def ge(self, other: Any) -> bool:
        """``list(self) >= list(other)``: the first unequal pair decides, with ``>=``.

        >>> import pariter as pi
        >>> pi.par_iter([2]).ge([2])
        True
        """
        return ordered(self, as_indexed("other", other, "ge", self.len() + 1), operator.ge)

    @terminal
    def unzip_into_vecs(self, left: list[Any], right: list[Any]) -> None:
        """Clear ``left`` and ``right`` and fill them with the two halves of the pairs, in order.

        >>> import pariter as pi
        >>> xs, ys = [9], [9, 9]
        >>> pi.par_iter([(1, "a"), (2, "b")]).unzip_into_vecs(xs, ys); xs, ys
        ([1, 2], ['a', 'b'])
        """
        unzip_into_vecs(self, left, right)

    @terminal
    def collect_into_vec(self, target: list[T]) -> None:
        """Clear ``target`` and fill it with the items in order, written in place.

        >>> import pariter as pi
        >>> out = [9, 9, 9, 9]
        >>> pi.into_par_iter(range(2)).collect_into_vec(out); out
        [0, 1]
        """
        collect_into_vec(self, target)


def _or_none(value: Any) -> Any:
    return None if value is MISSING else value


def check_fn(name: str, fn: Any) -> Any:
    """Raise a ``TypeError`` naming the argument unless ``fn`` is callable.

    >>> check_fn("f", 3)
    Traceback (most recent call last):
    TypeError: f must be callable, got int
    """
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {type(fn).__name__}")
    return fn


def check_opt_fn(name: str, fn: Any) -> Any:
    """Like :func:`check_fn` but ``None`` is allowed."""
    return None if fn is None else check_fn(name, fn)


def check_count(name: str, n: Any) -> int:
    """An ``int >= 0`` (anything ``operator.index`` accepts, but not a bool) or a
    ``TypeError``/``ValueError`` naming the argument.

    >>> check_count("n", -1)
    Traceback (most recent call last):
    ValueError: n must be >= 0, got -1
    """
    return as_size(name, n, 0)


def check_positive(name: str, n: Any) -> int:
    """An ``int >= 1`` (anything ``operator.index`` accepts, but not a bool) or a
    ``TypeError``/``ValueError`` naming the argument.

    >>> check_positive("step", 0)
    Traceback (most recent call last):
    ValueError: step must be >= 1, got 0
    """
    return as_size(name, n, 1)


# -- repr: the pipeline as written ----------------------------------------------------------------

#: Longer argument reprs are cut to this many characters.
REPR_WIDTH = 40


def describe_fn(fn: Any) -> str:
    """A function as a user wrote it: its name (``<lambda>``), ``str.upper``, ``partial(f, 1)``.

    >>> import functools, operator
    >>> describe_fn(len), describe_fn(str.upper), describe_fn(lambda x: x)
    ('len', 'str.upper', '<lambda>')
    >>> describe_fn(functools.partial(pow, 2)), describe_fn(operator.itemgetter(1))
    ('partial(pow, 2)', 'operator.itemgetter(1)')
    """
    if isinstance(fn, functools.partial):
        args = [describe_fn(fn.func), *map(describe_arg, fn.args)]
        args += [f"{k}={describe_arg(v)}" for k, v in fn.keywords.items()]
        return f"partial({', '.join(args)})"
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if isinstance(name, str):
        return name.rpartition("<locals>.")[2]
    text = repr(fn)
    if len(text) <= REPR_WIDTH and " at 0x" not in text and not text.startswith("<"):
        return text  # e.g. operator.itemgetter(1)
    return type(fn).__name__


def describe_source(source: Any) -> str:
    """A collection in short: ``list[1000]``, ``range(0, 10)``, ``ndarray[float64, (100,)]``.

    >>> describe_source([1, 2]), describe_source(range(3)), describe_source({"a": 1})
    ('list[2]', 'range(0, 3)', 'dict[1]')
    >>> describe_source(x for x in ())
    'generator'
    """
    if isinstance(source, range):
        return repr(source)
    kind = type(source).__name__
    dtype, shape = getattr(source, "dtype", None), getattr(source, "shape", None)
    if dtype is not None and isinstance(shape, tuple):  # NumPy and other arrays
        return f"{kind}[{dtype}, {shape}]"
    try:
        return f"{kind}[{len(source)}]"
    except Exception:  # not sized, or a length past sys.maxsize
        return kind


def describe_arg(value: Any) -> str:
    """An argument of an adapter: scalars by ``repr`` (cut when long), functions by name,
    parallel iterators by their pipeline, collections in short (:func:`describe_source`).

    >>> describe_arg(3), describe_arg("x" * 50), describe_arg(len), describe_arg([1, 2])
    ('3', "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'...", 'len', 'list[2]')
    """
    if isinstance(value, ParallelIterator):
        return repr(value)
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        text = repr(value)
        if len(text) <= REPR_WIDTH:
            return text
        if isinstance(value, (str, bytes)):  # keep the quotes: 'abc...'...
            return repr(value[: REPR_WIDTH - 8]) + "..."
        return text[: REPR_WIDTH - 3] + "..."
    if callable(value):
        return describe_fn(value)
    return describe_source(value)


def describe(base: ParallelIterator[Any], method: str, *args: Any) -> str:
    """The repr of an adapter: ``repr(base).method(args)``.

    >>> import pariter as pi
    >>> describe(pi.par_iter("ab"), "map_with", 0, max)
    'par_iter(str[2]).map_with(0, max)'
    """
    return f"{base!r}.{method}({', '.join(map(describe_arg, args))})"


def describe_entry(entry: str, source: Any, *args: Any) -> str:
    """The repr of a source: ``entry(short source description, args)``.

    >>> describe_entry("par_chunks", [1, 2, 3], 2)
    'par_chunks(list[3], 2)'
    """
    return f"{entry}({', '.join([describe_source(source), *map(describe_arg, args)])})"


# The adapters import this module, so they are imported last.
# ruff: noqa: E402
from pariter.collections.entry import as_indexed
from pariter.iterators import progress as _progress
from pariter.iterators.adapter import TransformIter, transformed
from pariter.iterators.any_ops import SkipAny, SkipAnyWhile, TakeAny, TakeAnyWhile
from pariter.iterators.blocks import Blocks
from pariter.iterators.chain import make_chain
from pariter.iterators.chunks import Chunks, FoldChunks
from pariter.iterators.cmp import compare, equal, ordered, partial_compare
from pariter.iterators.collect import (
    ListChunksConsumer,
    PairConsumer,
    collect_into_vec,
    collect_to,
    unzip_into_vecs,
)
from pariter.iterators.enumerate import Enumerate
from pariter.iterators.filter import FilterMapTransform, FilterTransform
from pariter.iterators.find import AnyAllConsumer, FindAnyConsumer, FindFirstLastConsumer
from pariter.iterators.flat_map import FlatMap, FlatMapIterTransform
from pariter.iterators.fold import Fold
from pariter.iterators.for_each import ForEachConsumer
from pariter.iterators.interleave import Interleave
from pariter.iterators.intersperse import make_intersperse
from pariter.iterators.len_bounds import MaxLen, MinLen
from pariter.iterators.map import (
    ClonedTransform,
    CopyTransform,
    InspectTransform,
    MapInitTransform,
    MapTransform,
    MapWithTransform,
    UpdateTransform,
)
from pariter.iterators.minmax import UNORDERED, CmpKey, MinMaxConsumer, best_in_order
from pariter.iterators.partition import Either, partition_map
from pariter.iterators.position import position, positions
from pariter.iterators.progress import make_progress
from pariter.iterators.reduce import (
    MISSING,
    CountConsumer,
    NoopConsumer,
    ProductConsumer,
    ReduceConsumer,
    ReduceWithConsumer,
    SumConsumer,
)
from pariter.iterators.rev import Rev
from pariter.iterators.skip_take import Skip, Take
from pariter.iterators.step_by import StepBy
from pariter.iterators.stream import stream
from pariter.iterators.try_fold import TryFold
from pariter.iterators.try_reduce import try_for_each, try_reduce
from pariter.iterators.while_some import WhileSome
from pariter.iterators.zip import Zip, zip_eq
from pariter.plumbing.state import Best, Flag
