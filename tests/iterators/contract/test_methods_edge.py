"""One test per method: empty input, one item, uneven splits, and user exceptions.

Every method runs on inputs of length 0, 1, 2, 3, 7, 1000 and 1001, each in four split
shapes (default, `with_max_len(1)`, `with_min_len(3)`, `with_min_len(2).with_max_len(7)`),
on pools of 1, 2 and 7 threads, and must equal its sequential Python meaning.
Then every method that calls user code re-raises that code's exception, with its own type,
whether it is raised at the first, the middle or the last item.
"""

from __future__ import annotations

import functools
import operator
import traceback
from collections.abc import Callable
from typing import Any

import pytest

import pariter as pi

from ._support import (
    EDGE_LENGTHS,
    ContractBoom,
    Recorder,
    Sender,
    chunks_ref,
    cmp_ref,
    interleave_ref,
    interleave_shortest_ref,
    intersperse_ref,
    is_subsequence,
    scrambled,
)

SHAPES: dict[str, Callable[[Any], Any]] = {
    "default": lambda it: it,
    "max_len_1": lambda it: it.with_max_len(1),
    "min_len_3": lambda it: it.with_min_len(3),
    "min2_max7": lambda it: it.with_min_len(2).with_max_len(7),
}


def mod3(x: int) -> int:
    return x % 3


def cmp_mod3(a: int, b: int) -> int:
    return (a % 3 > b % 3) - (a % 3 < b % 3)


def append_acc(acc: list[Any], x: Any) -> list[Any]:
    acc.append(x)
    return acc


def as_lists(pair: Any) -> tuple[list[Any], list[Any]]:
    a, b = pair
    return list(a), list(b)


def other_for(xs: list[int]) -> list[int]:
    """A second input of a different length, for zip/interleave/chain."""
    return [x * 10 for x in range(len(xs) * 2 // 3 + 1)]


def _multiset_for_each(method: str) -> Callable[[Any, list[int]], Any]:
    def run(mk: Any, xs: list[int]) -> Any:
        it = mk()
        rec = Recorder()
        if method == "for_each":
            assert it.for_each(rec) is None
        elif method == "for_each_with":
            it.for_each_with(Sender(rec), lambda s, x: s.send(x))
        else:
            it.for_each_init(lambda: rec, lambda r, x: r(x))
        return sorted(rec.items)

    return run


def _collect_into_vec(mk: Any, xs: list[int]) -> list[Any]:
    target = ["stale"] * 3
    mk().collect_into_vec(target)
    return target


def _update(mk: Any, xs: list[int]) -> list[Any]:
    return mk().map(lambda x: [x]).update(lambda lst: lst.append(-1)).collect()


# name -> (parallel run on a shaped par_iter(xs), sequential reference on xs)
METHODS: dict[str, tuple[Callable[[Any, list[int]], Any], Callable[[list[int]], Any]]] = {
    "map": (lambda mk, xs: mk().map(mod3).collect(), lambda xs: list(map(mod3, xs))),
    "filter": (
        lambda mk, xs: mk().filter(lambda x: x % 3 == 0).collect(),
        lambda xs: [x for x in xs if x % 3 == 0],
    ),
    "filter_map": (
        lambda mk, xs: mk().filter_map(lambda x: x // 2 if x % 2 else None).collect(),
        lambda xs: [x // 2 for x in xs if x % 2],
    ),
    "flat_map": (
        lambda mk, xs: mk().flat_map(lambda x: [x] * (x % 3)).collect(),
        lambda xs: [y for x in xs for y in [x] * (x % 3)],
    ),
    "flat_map_iter": (
        lambda mk, xs: mk().flat_map_iter(lambda x: iter(range(x % 4))).collect(),
        lambda xs: [y for x in xs for y in range(x % 4)],
    ),
    "flatten": (
        lambda mk, xs: mk().map(lambda x: [x, -x][: x % 3]).flatten().collect(),
        lambda xs: [y for x in xs for y in [x, -x][: x % 3]],
    ),
    "flatten_iter": (
        lambda mk, xs: mk().map(lambda x: iter((x,) * (x % 2))).flatten_iter().collect(),
        lambda xs: [x for x in xs if x % 2],
    ),
    "inspect": (lambda mk, xs: mk().inspect(lambda x: None).collect(), list),
    "update": (_update, lambda xs: [[x, -1] for x in xs]),
    "chain": (lambda mk, xs: mk().chain(other_for(xs)).collect(), lambda xs: xs + other_for(xs)),
    "chain_unindexed_left": (
        lambda mk, xs: mk().filter(bool).chain(xs).collect(),
        lambda xs: [x for x in xs if x] + xs,
    ),
    "zip": (
        lambda mk, xs: mk().zip(other_for(xs)).collect(),
        lambda xs: list(zip(xs, other_for(xs), strict=False)),
    ),
    "zip_eq": (
        lambda mk, xs: mk().zip_eq(list(range(len(xs)))).collect(),
        lambda xs: list(zip(xs, range(len(xs)), strict=False)),
    ),
    "enumerate": (lambda mk, xs: mk().enumerate().collect(), lambda xs: list(enumerate(xs))),
    "skip": (lambda mk, xs: mk().skip(len(xs) // 3).collect(), lambda xs: xs[len(xs) // 3 :]),
    "take": (
        lambda mk, xs: mk().take(len(xs) // 3 + 1).collect(),
        lambda xs: xs[: len(xs) // 3 + 1],
    ),
    "step_by": (lambda mk, xs: mk().step_by(3).collect(), lambda xs: xs[::3]),
    "rev": (lambda mk, xs: mk().rev().collect(), lambda xs: xs[::-1]),
    "chunks": (
        lambda mk, xs: [list(c) for c in mk().chunks(4).collect()],
        lambda xs: chunks_ref(xs, 4),
    ),
    "fold": (
        lambda mk, xs: [y for acc in mk().fold(list, append_acc).collect() for y in acc],
        list,
    ),
    "fold_with": (lambda mk, xs: mk().fold_with(0, operator.add).sum(), sum),
    "fold_chunks": (
        lambda mk, xs: mk().fold_chunks(3, lambda: 0, lambda a, x: a * 2 + x).collect(),
        lambda xs: [functools.reduce(lambda a, x: a * 2 + x, c, 0) for c in chunks_ref(xs, 3)],
    ),
    "reduce": (lambda mk, xs: mk().map(lambda x: [x]).reduce(list, operator.add), list),
    "reduce_with": (
        lambda mk, xs: mk().map(str).reduce_with(lambda a, b: a + "," + b),
        lambda xs: ",".join(map(str, xs)) if xs else None,
    ),
    "sum": (lambda mk, xs: mk().sum(), sum),
    "product": (
        lambda mk, xs: mk().map(lambda x: x % 3 - 1 or 2).product(),
        lambda xs: functools.reduce(operator.mul, (x % 3 - 1 or 2 for x in xs), 1),
    ),
    "min": (lambda mk, xs: mk().min(), lambda xs: min(xs, default=None)),
    "max": (lambda mk, xs: mk().max(), lambda xs: max(xs, default=None)),
    "min_key": (
        lambda mk, xs: mk().enumerate().min(key=lambda p: p[1] % 3),
        lambda xs: min(enumerate(xs), key=lambda p: p[1] % 3, default=None),
    ),
    "max_key": (
        lambda mk, xs: mk().enumerate().max(key=lambda p: p[1] % 3),
        lambda xs: max(enumerate(xs), key=lambda p: p[1] % 3, default=None),
    ),
    "min_by": (
        lambda mk, xs: mk().enumerate().min_by(lambda a, b: cmp_mod3(a[1], b[1])),
        lambda xs: min(
            enumerate(xs), default=None, key=functools.cmp_to_key(lambda a, b: cmp_mod3(a[1], b[1]))
        ),
    ),
    "max_by": (
        lambda mk, xs: mk().enumerate().max_by(lambda a, b: cmp_mod3(a[1], b[1])),
        lambda xs: max(
            enumerate(xs), default=None, key=functools.cmp_to_key(lambda a, b: cmp_mod3(a[1], b[1]))
        ),
    ),
    "min_by_key": (
        lambda mk, xs: mk().enumerate().min_by_key(lambda p: p[1] % 3),
        lambda xs: min(enumerate(xs), key=lambda p: p[1] % 3, default=None),
    ),
    "max_by_key": (
        lambda mk, xs: mk().enumerate().max_by_key(lambda p: p[1] % 3),
        lambda xs: max(enumerate(xs), key=lambda p: p[1] % 3, default=None),
    ),
    "count": (lambda mk, xs: mk().count(), len),
    "collect": (lambda mk, xs: mk().collect(), list),
    "collect_into_vec": (_collect_into_vec, list),
    "unzip": (
        lambda mk, xs: as_lists(mk().map(lambda x: (x, x % 3)).unzip()),
        lambda xs: (list(xs), [x % 3 for x in xs]),
    ),
    "partition": (
        lambda mk, xs: as_lists(mk().partition(lambda x: x % 2 == 0)),
        lambda xs: ([x for x in xs if x % 2 == 0], [x for x in xs if x % 2]),
    ),
    "partition_map": (
        lambda mk, xs: as_lists(
            mk().partition_map(lambda x: pi.Left(x * 2) if x % 3 else pi.Right(str(x)))
        ),
        lambda xs: ([x * 2 for x in xs if x % 3], [str(x) for x in xs if x % 3 == 0]),
    ),
    "for_each": (_multiset_for_each("for_each"), sorted),
    "for_each_with": (_multiset_for_each("for_each_with"), sorted),
    "for_each_init": (_multiset_for_each("for_each_init"), sorted),
    "map_with": (
        lambda mk, xs: mk().map_with(7, lambda s, x: s - x).collect(),
        lambda xs: [7 - x for x in xs],
    ),
    "map_init": (
        lambda mk, xs: mk().map_init(lambda: 2, lambda s, x: s * x).collect(),
        lambda xs: [2 * x for x in xs],
    ),
    "any": (
        lambda mk, xs: (mk().any(lambda x: x % 5 == 4), mk().any(lambda x: False)),
        lambda xs: (any(x % 5 == 4 for x in xs), False),
    ),
    "all": (
        lambda mk, xs: (mk().all(lambda x: x % 5 != 4), mk().all(lambda x: True)),
        lambda xs: (all(x % 5 != 4 for x in xs), True),
    ),
    "find_first": (
        lambda mk, xs: mk().enumerate().find_first(lambda p: p[1] % 4 == 1),
        lambda xs: next((p for p in enumerate(xs) if p[1] % 4 == 1), None),
    ),
    "find_last": (
        lambda mk, xs: mk().enumerate().find_last(lambda p: p[1] % 4 == 1),
        lambda xs: next((p for p in reversed(list(enumerate(xs))) if p[1] % 4 == 1), None),
    ),
    "find_map_first": (
        lambda mk, xs: mk().find_map_first(lambda x: x * 3 if x % 4 == 1 else None),
        lambda xs: next((x * 3 for x in xs if x % 4 == 1), None),
    ),
    "find_map_last": (
        lambda mk, xs: mk().find_map_last(lambda x: x * 3 if x % 4 == 1 else None),
        lambda xs: next((x * 3 for x in reversed(xs) if x % 4 == 1), None),
    ),
    "position_first": (
        lambda mk, xs: mk().position_first(lambda x: x % 4 == 1),
        lambda xs: next((i for i, x in enumerate(xs) if x % 4 == 1), None),
    ),
    "position_last": (
        lambda mk, xs: mk().position_last(lambda x: x % 4 == 1),
        lambda xs: max((i for i, x in enumerate(xs) if x % 4 == 1), default=None),
    ),
    "positions": (
        lambda mk, xs: mk().positions(lambda x: x % 4 == 1).collect(),
        lambda xs: [i for i, x in enumerate(xs) if x % 4 == 1],
    ),
    "interleave": (
        lambda mk, xs: mk().interleave(other_for(xs)).collect(),
        lambda xs: interleave_ref(xs, other_for(xs)),
    ),
    "interleave_shortest": (
        lambda mk, xs: mk().interleave_shortest(other_for(xs)).collect(),
        lambda xs: interleave_shortest_ref(xs, other_for(xs)),
    ),
    "intersperse": (
        lambda mk, xs: mk().intersperse("sep").collect(),
        lambda xs: intersperse_ref(xs, "sep"),
    ),
    "with_min_len": (
        lambda mk, xs: mk().with_min_len(5).map(mod3).collect(),
        lambda xs: list(map(mod3, xs)),
    ),
    "with_max_len": (
        lambda mk, xs: mk().with_max_len(2).map(mod3).collect(),
        lambda xs: list(map(mod3, xs)),
    ),
    "by_exponential_blocks": (lambda mk, xs: mk().by_exponential_blocks().collect(), list),
    "by_uniform_blocks": (lambda mk, xs: mk().by_uniform_blocks(3).collect(), list),
    "panic_fuse": (lambda mk, xs: mk().panic_fuse().collect(), list),
    "cmp": (
        lambda mk, xs: (mk().cmp(xs), mk().cmp(xs[:-1]), mk().cmp([*xs, 0]), mk().cmp(sorted(xs))),
        lambda xs: (0, cmp_ref(xs, xs[:-1]), -1, cmp_ref(xs, sorted(xs))),
    ),
    "eq": (
        lambda mk, xs: (mk().eq(xs), mk().eq(xs[:-1]), mk().eq(xs[::-1])),
        lambda xs: (True, xs == xs[:-1], xs == xs[::-1]),
    ),
    "ne": (lambda mk, xs: (mk().ne(xs), mk().ne([*xs, 1])), lambda xs: (False, True)),
    "lt": (
        lambda mk, xs: (mk().lt(xs), mk().lt([*xs, 1]), mk().lt(sorted(xs))),
        lambda xs: (False, True, xs < sorted(xs)),
    ),
    "le": (
        lambda mk, xs: (mk().le(xs), mk().le(xs[:-1]), mk().le(sorted(xs))),
        lambda xs: (True, xs <= xs[:-1], xs <= sorted(xs)),
    ),
    "gt": (
        lambda mk, xs: (mk().gt(xs), mk().gt(xs[:-1]), mk().gt(sorted(xs))),
        lambda xs: (False, xs > xs[:-1], xs > sorted(xs)),
    ),
    "ge": (
        lambda mk, xs: (mk().ge(xs), mk().ge([*xs, 0]), mk().ge(sorted(xs))),
        lambda xs: (True, False, xs >= sorted(xs)),
    ),
    "len": (
        lambda mk, xs: (
            mk().len(),
            mk().map(mod3).len(),
            mk().chunks(3).len(),
            mk().step_by(2).len(),
            mk().skip(2).len(),
            mk().take(2).len(),
        ),
        lambda xs: (len(xs), len(xs), -(-len(xs) // 3), len(xs[::2]), len(xs[2:]), len(xs[:2])),
    ),
    "opt_len": (
        lambda mk, xs: (mk().opt_len(), mk().zip(xs[1:]).opt_len(), mk().filter(bool).opt_len()),
        lambda xs: (len(xs), max(0, len(xs) - 1), None),
    ),
    "copied": (lambda mk, xs: mk().copied().collect(), list),
    "cloned": (lambda mk, xs: mk().cloned().collect(), list),
    "iterate": (lambda mk, xs: list(mk().map(mod3)), lambda xs: list(map(mod3, xs))),
    "skip_any": (lambda mk, xs: mk().skip_any(len(xs) // 2).collect(), None),
    "take_any": (lambda mk, xs: mk().take_any(len(xs) // 2).collect(), None),
    "skip_any_while": (lambda mk, xs: mk().skip_any_while(lambda x: x % 5 != 0).collect(), None),
    "take_any_while": (lambda mk, xs: mk().take_any_while(lambda x: x % 5 != 0).collect(), None),
    "while_some": (
        lambda mk, xs: mk().map(lambda x: None if x % 11 == 0 else x).while_some().collect(),
        None,
    ),
    "find_any": (lambda mk, xs: mk().find_any(lambda x: x % 4 == 1), None),
    "position_any": (lambda mk, xs: mk().position_any(lambda x: x % 4 == 1), None),
    "find_map_any": (lambda mk, xs: mk().find_map_any(lambda x: -x if x % 4 == 1 else None), None),
}


def _check_nondeterministic(method: str, r: Any, xs: list[int]) -> None:
    """Methods whose result is only constrained, not fixed (Rayon's *_any family)."""
    n = len(xs)
    if method == "skip_any":
        assert len(r) == n - n // 2 and is_subsequence(r, xs)
    elif method == "take_any":
        assert len(r) == n // 2 and is_subsequence(r, xs)
    elif method == "skip_any_while":
        assert is_subsequence(r, xs)
        assert [x for x in r if x % 5 == 0] == [x for x in xs if x % 5 == 0]
    elif method == "take_any_while":
        assert is_subsequence(r, xs) and all(x % 5 != 0 for x in r)
        if all(x % 5 for x in xs):
            assert r == xs
    elif method == "while_some":
        assert is_subsequence(r, xs) and all(x % 11 for x in r)
        if all(x % 11 for x in xs):
            assert r == xs
    elif method == "find_any":
        hits = [x for x in xs if x % 4 == 1]
        assert (r in hits) if hits else r is None
    elif method == "position_any":
        hits = [i for i, x in enumerate(xs) if x % 4 == 1]
        assert (r in hits) if hits else r is None
    elif method == "find_map_any":
        hits = [-x for x in xs if x % 4 == 1]
        assert (r in hits) if hits else r is None
    else:  # pragma: no cover
        raise AssertionError(method)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_method_edge_lengths_and_splits(pool: Any, method: str) -> None:
    par_run, seq_ref = METHODS[method]
    for n in EDGE_LENGTHS:
        xs = scrambled(n)
        for shape_name, shape in SHAPES.items():
            with pool:
                got = par_run(lambda: shape(pi.par_iter(xs)), list(xs))
            where = f"{method} on {n} items, shape {shape_name}"
            if seq_ref is None:
                try:
                    _check_nondeterministic(method, got, xs)
                except AssertionError as e:
                    raise AssertionError(f"{where}: result {got!r} violates the contract") from e
            else:
                want = seq_ref(list(xs))
                assert got == want, f"{where}: got {got!r}, want {want!r}"


# ---------- exceptions


def _false(x: Any) -> bool:
    return False


def _bomb(target: int, ok: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def user_fn(x: Any) -> Any:
        if x == target:
            raise ContractBoom(f"boom at {x!r}")
        return ok(x)

    return user_fn


def _bomb2(target: int, ok: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A two-argument user function raising when the target item is its second argument."""

    def user_fn(a: Any, x: Any) -> Any:
        if x == target:
            raise ContractBoom(f"boom at {x!r}")
        return ok(a, x)

    return user_fn


def _bomb_pair(target: int, ok: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A comparator/reducer raising whenever the target item takes part."""

    def user_fn(a: Any, b: Any) -> Any:
        if target in (a, b):
            raise ContractBoom(f"boom at {target!r}")
        return ok(a, b)

    return user_fn


def _concat_raising(target: int) -> Callable[[tuple[int, ...], tuple[int, ...]], tuple[int, ...]]:
    """Tuple concatenation that raises as soon as the target item takes part."""

    def op(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
        if target in a or target in b:
            raise ContractBoom(f"boom at {target!r}")
        return a + b

    return op


def _for_each_with(it: Any, t: int) -> Any:
    return it.for_each_with(Sender(), _bomb2(t, lambda s, x: None))


# name -> run(par_iter over range(n), target); every one must raise ContractBoom.
RAISERS: dict[str, Callable[[Any, int], Any]] = {
    "map": lambda it, t: it.map(_bomb(t, mod3)).collect(),
    "map_sum": lambda it, t: it.map(_bomb(t, mod3)).sum(),
    "map_count": lambda it, t: it.map(_bomb(t, mod3)).count(),
    "map_iterate": lambda it, t: list(it.map(_bomb(t, mod3))),
    "map_collect_into_vec": lambda it, t: it.map(_bomb(t, mod3)).collect_into_vec([]),
    "map_unzip": lambda it, t: it.map(_bomb(t, lambda x: (x, x))).unzip(),
    "map_rev": lambda it, t: it.rev().map(_bomb(t, mod3)).collect(),
    "map_after_zip": lambda it, t: (
        it.zip(range(10**6)).map(lambda p: _bomb(t, mod3)(p[0])).collect()
    ),
    "map_after_chain": lambda it, t: it.chain([]).map(_bomb(t, mod3)).collect(),
    "map_with_max_len_1": lambda it, t: it.with_max_len(1).map(_bomb(t, mod3)).collect(),
    "filter": lambda it, t: it.filter(_bomb(t, _false)).collect(),
    "filter_map": lambda it, t: it.filter_map(_bomb(t, lambda x: None)).collect(),
    "flat_map": lambda it, t: it.flat_map(_bomb(t, lambda x: [x])).collect(),
    "flat_map_iter": lambda it, t: it.flat_map_iter(_bomb(t, lambda x: [x])).collect(),
    "inspect": lambda it, t: it.inspect(_bomb(t, lambda x: None)).collect(),
    "update": lambda it, t: it.update(_bomb(t, lambda x: None)).collect(),
    "map_with": lambda it, t: it.map_with(0, _bomb2(t, operator.add)).collect(),
    "map_init": lambda it, t: it.map_init(lambda: 0, _bomb2(t, operator.add)).collect(),
    "for_each": lambda it, t: it.for_each(_bomb(t, lambda x: None)),
    "for_each_with": _for_each_with,
    "for_each_init": lambda it, t: it.for_each_init(lambda: 0, _bomb2(t, lambda s, x: None)),
    "fold": lambda it, t: it.fold(lambda: 0, _bomb2(t, operator.add)).sum(),
    "fold_with": lambda it, t: it.fold_with(0, _bomb2(t, operator.add)).collect(),
    "fold_chunks": lambda it, t: it.fold_chunks(2, lambda: 0, _bomb2(t, operator.add)).collect(),
    "reduce": lambda it, t: it.map(lambda x: (x,)).reduce(tuple, _concat_raising(t)),
    "reduce_with": lambda it, t: it.map(lambda x: (x,)).reduce_with(_concat_raising(t)),
    "min_key": lambda it, t: it.min(key=_bomb(t, mod3)),
    "max_key": lambda it, t: it.max(key=_bomb(t, mod3)),
    "min_by_key": lambda it, t: it.min_by_key(_bomb(t, mod3)),
    "max_by_key": lambda it, t: it.max_by_key(_bomb(t, mod3)),
    "min_by": lambda it, t: it.min_by(_bomb_pair(t, lambda a, b: (a > b) - (a < b))),
    "max_by": lambda it, t: it.max_by(_bomb_pair(t, lambda a, b: (a > b) - (a < b))),
    "any": lambda it, t: it.any(_bomb(t, _false)),
    "all": lambda it, t: it.all(_bomb(t, lambda x: True)),
    "find_any": lambda it, t: it.find_any(_bomb(t, _false)),
    "find_first": lambda it, t: it.find_first(_bomb(t, _false)),
    "find_last": lambda it, t: it.find_last(_bomb(t, _false)),
    "find_map_any": lambda it, t: it.find_map_any(_bomb(t, lambda x: None)),
    "find_map_first": lambda it, t: it.find_map_first(_bomb(t, lambda x: None)),
    "find_map_last": lambda it, t: it.find_map_last(_bomb(t, lambda x: None)),
    "position_any": lambda it, t: it.position_any(_bomb(t, _false)),
    "position_first": lambda it, t: it.position_first(_bomb(t, _false)),
    "position_last": lambda it, t: it.position_last(_bomb(t, _false)),
    "positions": lambda it, t: it.positions(_bomb(t, _false)).collect(),
    "partition": lambda it, t: it.partition(_bomb(t, _false)),
    "partition_map": lambda it, t: it.partition_map(_bomb(t, pi.Left)),
    "take_any_while": lambda it, t: it.take_any_while(_bomb(t, lambda x: True)).collect(),
    "skip_any_while": lambda it, t: it.skip_any_while(_bomb(t, lambda x: True)).collect(),
    "panic_fuse": lambda it, t: it.panic_fuse().map(_bomb(t, mod3)).collect(),
    "by_exponential_blocks": lambda it, t: it.map(_bomb(t, mod3)).by_exponential_blocks().collect(),
    "by_uniform_blocks": lambda it, t: it.map(_bomb(t, mod3)).by_uniform_blocks(5).collect(),
    "chunks_map": lambda it, t: (
        it.chunks(3).map(lambda c: [_bomb(t, mod3)(x) for x in c]).collect()
    ),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("n", [7, 1001])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize("method", sorted(RAISERS))
def test_user_exception_is_reraised_with_its_type(
    pool: Any, method: str, where: str, n: int
) -> None:
    target = {"first": 0, "middle": n // 2, "last": n - 1}[where]
    with pool:
        with pytest.raises(ContractBoom):
            RAISERS[method](pi.into_par_iter(range(n)), target)
        # The pool stays usable after an exception.
        assert pi.into_par_iter(range(n)).map(mod3).sum() == sum(x % 3 for x in range(n))


def test_exception_keeps_its_traceback(pool: Any) -> None:
    def user_function_that_fails(x: int) -> int:
        if x == 500:
            raise ContractBoom("from user code")
        return x

    with pool, pytest.raises(ContractBoom, match="from user code") as info:
        pi.into_par_iter(range(1000)).map(user_function_that_fails).collect()
    frames = [f.name for f in traceback.extract_tb(info.value.__traceback__)]
    assert "user_function_that_fails" in frames, frames


@pytest.mark.timeout(60)
def test_every_item_raising_gives_one_exception(pool: Any) -> None:
    def always_fails(x: int) -> int:
        raise ContractBoom(str(x))

    with pool:
        with pytest.raises(ContractBoom):
            pi.into_par_iter(range(2000)).with_max_len(3).map(always_fails).collect()
        with pytest.raises(ContractBoom):
            pi.into_par_iter(range(2000)).with_max_len(3).for_each(always_fails)


@pytest.mark.timeout(60)
def test_base_exception_subclasses_are_not_swallowed(pool: Any) -> None:
    class Stop(BaseException):
        pass

    def stop_at_3(x: int) -> int:
        if x == 3:
            raise Stop()
        return x

    with pool, pytest.raises(Stop):
        pi.into_par_iter(range(100)).map(stop_at_3).collect()


# Exceptions from the other user callbacks: identities, inits, splitters, tree children.
CALLBACK_RAISERS: dict[str, Callable[[], Any]] = {
    "reduce_identity": lambda: pi.into_par_iter(range(100)).reduce(
        lambda: (_ for _ in ()).throw(ContractBoom()), operator.add
    ),
    "fold_identity": lambda: (
        pi.into_par_iter(range(100))
        .fold(lambda: (_ for _ in ()).throw(ContractBoom()), operator.add)
        .collect()
    ),
    "map_init_init": lambda: (
        pi.into_par_iter(range(100))
        .map_init(lambda: (_ for _ in ()).throw(ContractBoom()), lambda s, x: x)
        .collect()
    ),
    "for_each_init_init": lambda: pi.into_par_iter(range(100)).for_each_init(
        lambda: (_ for _ in ()).throw(ContractBoom()), lambda s, x: None
    ),
    "split_splitter": lambda: pi.split(
        (0, 100), lambda r: (_ for _ in ()).throw(ContractBoom())
    ).collect(),
    "walk_tree_children": lambda: pi.walk_tree_prefix(
        0, lambda n: [n + 1] if n < 50 else (_ for _ in ()).throw(ContractBoom())
    ).collect(),
    "walk_tree_postfix_children": lambda: pi.walk_tree_postfix(
        0, lambda n: [2 * n + 1, 2 * n + 2] if n < 30 else (_ for _ in ()).throw(ContractBoom())
    ).collect(),
    "flat_map_inner": lambda: (
        pi.into_par_iter(range(50))
        .flat_map(lambda i: pi.into_par_iter(range(i)).map(_bomb(25, mod3)))
        .collect()
    ),
    "generator_in_flat_map_iter": lambda: (
        pi.into_par_iter(range(50))
        .flat_map_iter(lambda i: (_bomb(40, mod3)(j) for j in range(i)))
        .collect()
    ),
    "par_bridge_next": lambda: pi.par_bridge(_bomb(30, mod3)(x) for x in range(60)).collect(),
    "cmp_incomparable": lambda: pi.par_iter([1, 2, 3]).cmp([1, "2", 3]),
    "sum_of_strings": lambda: pi.par_iter(["a", "b"]).sum(),
    "min_incomparable": lambda: pi.par_iter([1, "a", 2.0, None] * 10).min(),
    "collect_dict_non_pairs": lambda: pi.into_par_iter(range(10)).collect(dict),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", sorted(CALLBACK_RAISERS))
def test_exceptions_from_other_callbacks(pool: Any, case: str) -> None:
    expected = (
        TypeError
        if case
        in ("cmp_incomparable", "sum_of_strings", "min_incomparable", "collect_dict_non_pairs")
        else ContractBoom
    )
    with pool, pytest.raises(expected):
        CALLBACK_RAISERS[case]()
