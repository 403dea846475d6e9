"""Random chains of adapters plus a terminal equal their plain sequential Python meaning.

A chain is generated together with its sequential reference: every drawn adapter carries
the function that applies it to a parallel iterator and the list it must produce. Indexed-
only adapters are drawn only while the chain is still indexed (Rayon's rules: map,
enumerate, zip, skip, take, rev, step_by, chunks, chain(indexed) ... keep it indexed;
filter, filter_map, flat_map, flatten, positions, by_*_blocks make it unindexed).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import assume, given, note
from hypothesis import strategies as st

import pariter as pi

from ._support import (
    PROPERTY_SETTINGS,
    Recorder,
    Sender,
    chunks_ref,
    cmp_ref,
    interleave_ref,
    interleave_shortest_ref,
    intersperse_ref,
    is_process_pool,
    is_subsequence,
)

# ---------- user functions
# Named module-level functions make hypothesis' failure reports readable.


def add1(x: int) -> int:
    return x + 1


def double(x: int) -> int:
    return 2 * x


def minus3(x: int) -> int:
    return x - 3


def neg(x: int) -> int:
    return -x


def mod5(x: int) -> int:
    return x % 5


def half(x: int) -> int:
    return x // 2


def square_mod97(x: int) -> int:
    return x * x % 97


MAPS: dict[str, Callable[[int], int]] = {
    f.__name__: f for f in (add1, double, minus3, neg, mod5, half, square_mod97)
}


def is_even(x: int) -> bool:
    return x % 2 == 0


def is_odd(x: int) -> bool:
    return x % 2 == 1


def div3(x: int) -> bool:
    return x % 3 == 0


def positive(x: int) -> bool:
    return x > 0


def always(x: int) -> bool:
    return True


def never(x: int) -> bool:
    return False


def below10(x: int) -> bool:
    return x < 10


PREDS: dict[str, Callable[[int], bool]] = {
    f.__name__: f for f in (is_even, is_odd, div3, positive, always, never, below10)
}


def odd_times3_else_none(x: int) -> int | None:
    return x * 3 if x % 2 else None


def quarter_unless_div3(x: int) -> int | None:
    # Returns 0 (falsy, but not None) for small x: filter_map must keep it.
    return x // 4 if x % 3 else None


def never_none(x: int) -> int | None:
    return x


FILTER_MAPS: dict[str, Callable[[int], int | None]] = {
    f.__name__: f for f in (odd_times3_else_none, quarter_unless_div3, never_none)
}


def pair_next(x: int) -> list[int]:
    return [x, x + 1]


def range_mod3(x: int) -> range:
    return range(x % 3)


def nothing(x: int) -> list[int]:
    return []


FLAT_MAPS: dict[str, Callable[[int], Any]] = {
    f.__name__: f for f in (pair_next, range_mod3, nothing)
}


def gen_mod3(x: int) -> Any:
    return (x + i for i in range(x % 3))


def repeat_mod3_list(x: int) -> list[int]:
    return [x] * (x % 3)


def odd_pair_tuple(x: int) -> tuple[int, ...]:
    return (x, -x) if x % 2 else ()


def combine_pair(p: tuple[int, int]) -> int:
    return p[0] * 7 + p[1]


def diff_pair(p: tuple[int, int]) -> int:
    return p[0] - p[1]


def wrap(x: int) -> list[int]:
    return [x]


def append_one(lst: list[int]) -> None:
    lst.append(1)


def chunk_digest(c: Any) -> int:
    return sum(c) * 10 + len(c)


def fold3(acc: int, x: int) -> int:
    return acc * 3 + x


def zero() -> int:
    return 0


def state_plus(s: int, x: int) -> int:
    return s + x


def state_times(s: int, x: int) -> int:
    return s * x


def three() -> int:
    return 3


def cmp_mod5(a: int, b: int) -> int:
    return (a % 5 > b % 5) - (a % 5 < b % 5)


def append_acc(acc: list[int], x: int) -> list[int]:
    acc.append(x)
    return acc


def strcat_acc(acc: str, x: int) -> str:
    return acc + f"{x},"


def keep_left(a: Any, b: Any) -> Any:
    return a


def keep_right(a: Any, b: Any) -> Any:
    return b


def to_item_str(x: int) -> str:
    return f"{x};"


def pair_neg(x: int) -> tuple[int, int]:
    return (x, -x)


def key_mod7(x: int) -> tuple[int, int]:
    return (x % 7, x)


def odd_plus1(x: int) -> int:
    return x % 2 + 1


def none_if_div7(x: int) -> int | None:
    return None if x % 7 == 0 else x


# ---------- chains


@dataclass
class Step:
    desc: str
    apply: Callable[[Any], Any]


@dataclass
class Chain:
    source_desc: str
    make_source: Callable[[], Any]
    steps: list[Step] = field(default_factory=list)
    seq: list[Any] = field(default_factory=list)
    indexed: bool = True

    def build(self) -> Any:
        it = self.make_source()
        for step in self.steps:
            it = step.apply(it)
        return it

    def __repr__(self) -> str:
        return self.source_desc + "".join(s.desc for s in self.steps)


small_ints = st.integers(-50, 50)


def pick(draw: st.DrawFn, options: list[Any]) -> Any:
    """A uniform choice: sampled_from favours the first options heavily."""
    return draw(st.randoms(use_true_random=False)).choice(options)


def draw_size(draw: st.DrawFn) -> int:
    """Half small sizes (hypothesis' choice), half lengths that make the pool split."""
    if pick(draw, [False, True]):
        return int(pick(draw, [1, 2, 3, 7, 64, 100, 999, 1000, 1001, 2048]))
    return int(draw(st.integers(0, 60)))


@st.composite
def sources(draw: st.DrawFn) -> Chain:
    kind = pick(draw, ["list", "tuple", "range", "bigrange", "str", "bytes"])
    entry_name = draw(st.sampled_from(["par_iter", "into_par_iter"]))
    entry = getattr(pi, entry_name)
    data: Any
    if kind == "list":
        n = draw_size(draw)
        data = (
            draw(st.lists(small_ints, min_size=n, max_size=n))
            if n <= 60
            else [(i * 7919) % 101 - 50 for i in range(n)]
        )
    elif kind == "tuple":
        n = draw_size(draw)
        data = tuple(
            draw(st.lists(small_ints, min_size=n, max_size=n))
            if n <= 60
            else [(i * 31) % 17 for i in range(n)]
        )
    elif kind == "range":
        step = draw(st.integers(-6, 6).filter(bool))
        data = range(draw(st.integers(-40, 40)), draw(st.integers(-40, 40)), step)
    elif kind == "bigrange":
        step = draw(st.sampled_from([1, 1, 2, 3, -1, -4]))
        n = draw_size(draw)
        start = draw(st.sampled_from([0, -1500, 10**15]))
        data = (
            range(start, start + n * step, step)
            if step > 0
            else range(start, start - n * -step, step)
        )
    elif kind == "str":
        data = draw(st.text(alphabet="abcxyz é€😀", max_size=40))
    else:
        data = draw(st.binary(max_size=40))

    chain = Chain(f"pi.{entry_name}({data!r})", lambda: entry(data), seq=list(data))
    if kind == "str":
        chain.steps.append(Step(".map(ord)", lambda it: it.map(ord)))
        chain.seq = [ord(c) for c in chain.seq]
    return chain


INDEXED_ONLY = {
    "enumerate",
    "zip",
    "zip_eq",
    "skip",
    "take",
    "step_by",
    "rev",
    "chunks",
    "fold_chunks",
    "interleave",
    "interleave_shortest",
    "with_min_len",
    "with_max_len",
    "positions",
    "by_exponential_blocks",
    "by_uniform_blocks",
}
GROWING = {
    "flat_map",
    "flat_map_iter",
    "flatten",
    "flatten_iter",
    "chain",
    "interleave",
    "interleave_shortest",
    "intersperse",
}
ADAPTERS = [
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "flat_map_iter",
    "flatten",
    "flatten_iter",
    "enumerate",
    "zip",
    "zip_eq",
    "skip",
    "take",
    "step_by",
    "rev",
    "chain",
    "inspect",
    "update",
    "chunks",
    "fold_chunks",
    "interleave",
    "interleave_shortest",
    "intersperse",
    "with_min_len",
    "with_max_len",
    "copied",
    "cloned",
    "map_with",
    "map_init",
    "panic_fuse",
    "positions",
    "by_exponential_blocks",
    "by_uniform_blocks",
]


def add_adapter(draw: st.DrawFn, chain: Chain) -> None:
    allowed = [
        a
        for a in ADAPTERS
        if (chain.indexed or a not in INDEXED_ONLY) and (len(chain.seq) <= 2000 or a not in GROWING)
    ]
    name = pick(draw, allowed)
    s = chain.seq
    L = len(s)

    def push(desc: str, apply: Callable[[Any], Any], seq: list[Any], indexed: bool) -> None:
        chain.steps.append(Step(desc, apply))
        chain.seq = seq
        chain.indexed = indexed

    idx = chain.indexed
    if name == "map":
        fname = draw(st.sampled_from(sorted(MAPS)))
        f = MAPS[fname]
        push(f".map({fname})", lambda it: it.map(f), [f(x) for x in s], idx)
    elif name == "filter":
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]
        push(f".filter({pname})", lambda it: it.filter(p), [x for x in s if p(x)], False)
    elif name == "filter_map":
        fname = draw(st.sampled_from(sorted(FILTER_MAPS)))
        f = FILTER_MAPS[fname]
        push(
            f".filter_map({fname})",
            lambda it: it.filter_map(f),
            [y for y in map(f, s) if y is not None],
            False,
        )
    elif name == "flat_map":
        fname = draw(st.sampled_from(sorted(FLAT_MAPS)))
        f = FLAT_MAPS[fname]
        push(f".flat_map({fname})", lambda it: it.flat_map(f), [y for x in s for y in f(x)], False)
    elif name == "flat_map_iter":
        push(
            ".flat_map_iter(gen_mod3)",
            lambda it: it.flat_map_iter(gen_mod3),
            [y for x in s for y in gen_mod3(x)],
            False,
        )
    elif name == "flatten":
        push(
            ".map(repeat_mod3_list).flatten()",
            lambda it: it.map(repeat_mod3_list).flatten(),
            [y for x in s for y in repeat_mod3_list(x)],
            False,
        )
    elif name == "flatten_iter":
        push(
            ".map(odd_pair_tuple).flatten_iter()",
            lambda it: it.map(odd_pair_tuple).flatten_iter(),
            [y for x in s for y in odd_pair_tuple(x)],
            False,
        )
    elif name == "enumerate":
        push(
            ".enumerate().map(combine_pair)",
            lambda it: it.enumerate().map(combine_pair),
            [combine_pair(p) for p in enumerate(s)],
            True,
        )
    elif name == "zip":
        other = draw(
            st.one_of(
                st.lists(small_ints, max_size=70),
                st.builds(range, st.integers(-20, 20), st.integers(-20, 3100)),
            )
        )
        as_par = draw(st.booleans())
        arg_desc = f"pi.par_iter({other!r})" if as_par else repr(other)
        push(
            f".zip({arg_desc}).map(diff_pair)",
            lambda it: it.zip(pi.par_iter(other) if as_par else other).map(diff_pair),
            [diff_pair(p) for p in zip(s, other, strict=False)],
            True,
        )
    elif name == "zip_eq":
        other = [(i * 31) % 17 for i in range(L)]
        push(
            f".zip_eq(<{L} items>).map(combine_pair)",
            lambda it: it.zip_eq(other).map(combine_pair),
            [combine_pair(p) for p in zip(s, other, strict=False)],
            True,
        )
    elif name == "skip":
        n = draw(st.integers(0, L + 3))
        push(f".skip({n})", lambda it: it.skip(n), s[n:], True)
    elif name == "take":
        n = draw(st.integers(0, L + 3))
        push(f".take({n})", lambda it: it.take(n), s[:n], True)
    elif name == "step_by":
        k = draw(st.integers(1, 5))
        push(f".step_by({k})", lambda it: it.step_by(k), s[::k], True)
    elif name == "rev":
        push(".rev()", lambda it: it.rev(), s[::-1], True)
    elif name == "chain":
        other = draw(st.lists(small_ints, max_size=20))
        if idx and draw(st.booleans()):
            push(f".chain({other!r})", lambda it: it.chain(other), s + other, True)
        else:
            push(
                f".chain(pi.par_iter({other!r}).filter(is_even))",
                lambda it: it.chain(pi.par_iter(other).filter(is_even)),
                s + [x for x in other if is_even(x)],
                False,
            )
    elif name == "inspect":
        rec = Recorder()
        push(".inspect(recorder)", lambda it: it.inspect(rec), list(s), idx)
    elif name == "update":
        push(
            ".map(wrap).update(append_one).map(sum)",
            lambda it: it.map(wrap).update(append_one).map(sum),
            [x + 1 for x in s],
            idx,
        )
    elif name == "chunks":
        k = draw(st.integers(1, 6))
        push(
            f".chunks({k}).map(chunk_digest)",
            lambda it: it.chunks(k).map(chunk_digest),
            [chunk_digest(c) for c in chunks_ref(s, k)],
            True,
        )
    elif name == "fold_chunks":
        k = draw(st.integers(1, 6))
        push(
            f".fold_chunks({k}, zero, fold3)",
            lambda it: it.fold_chunks(k, zero, fold3),
            [functools.reduce(fold3, c, 0) for c in chunks_ref(s, k)],
            True,
        )
    elif name == "interleave":
        other = draw(st.lists(small_ints, max_size=30))
        push(
            f".interleave({other!r})",
            lambda it: it.interleave(other),
            interleave_ref(s, other),
            True,
        )
    elif name == "interleave_shortest":
        other = draw(st.lists(small_ints, max_size=30))
        push(
            f".interleave_shortest({other!r})",
            lambda it: it.interleave_shortest(other),
            interleave_shortest_ref(s, other),
            True,
        )
    elif name == "intersperse":
        push(
            ".intersperse(-1000)", lambda it: it.intersperse(-1000), intersperse_ref(s, -1000), idx
        )
    elif name == "with_min_len":
        k = draw(st.integers(1, 8))
        push(f".with_min_len({k})", lambda it: it.with_min_len(k), list(s), True)
    elif name == "with_max_len":
        k = draw(st.integers(1, 8))
        push(f".with_max_len({k})", lambda it: it.with_max_len(k), list(s), True)
    elif name == "copied":
        push(".copied()", lambda it: it.copied(), list(s), idx)
    elif name == "cloned":
        push(".cloned()", lambda it: it.cloned(), list(s), idx)
    elif name == "map_with":
        push(
            ".map_with(10, state_plus)",
            lambda it: it.map_with(10, state_plus),
            [x + 10 for x in s],
            idx,
        )
    elif name == "map_init":
        push(
            ".map_init(three, state_times)",
            lambda it: it.map_init(three, state_times),
            [3 * x for x in s],
            idx,
        )
    elif name == "panic_fuse":
        push(".panic_fuse()", lambda it: it.panic_fuse(), list(s), idx)
    elif name == "positions":
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]
        push(
            f".positions({pname})",
            lambda it: it.positions(p),
            [i for i, x in enumerate(s) if p(x)],
            False,
        )
    elif name == "by_exponential_blocks":
        push(".by_exponential_blocks()", lambda it: it.by_exponential_blocks(), list(s), False)
    elif name == "by_uniform_blocks":
        k = draw(st.integers(1, 10))
        push(f".by_uniform_blocks({k})", lambda it: it.by_uniform_blocks(k), list(s), False)
    else:  # pragma: no cover - the list above is exhaustive
        raise AssertionError(name)


@st.composite
def chains(draw: st.DrawFn, max_adapters: int = 5) -> Chain:
    chain = draw(sources())
    for _ in range(pick(draw, list(range(max_adapters + 1)))):
        add_adapter(draw, chain)
    return chain


# ---------- terminals


@dataclass
class Terminal:
    desc: str
    run: Callable[[Any], Any]
    expected: Any = None
    check: Callable[[Any], None] | None = None

    def verify(self, result: Any) -> None:
        if self.check is not None:
            self.check(result)
        else:
            assert result == self.expected, f"{self.desc}: got {result!r}, want {self.expected!r}"


def _minmax_ref(fn: Callable[..., Any], s: list[Any], **kw: Any) -> Any:
    return fn(s, default=None, **kw)


@st.composite
def terminals(draw: st.DrawFn, s: list[int], indexed: bool) -> Terminal:
    names = [
        "collect",
        "collect_tuple",
        "collect_set",
        "collect_dict",
        "iterate",
        "sum",
        "product",
        "count",
        "min",
        "max",
        "min_key",
        "max_key",
        "min_by_key",
        "max_by_key",
        "min_by",
        "max_by",
        "reduce_sum",
        "reduce_list",
        "reduce_str",
        "reduce_with_left",
        "reduce_with_right",
        "reduce_with_max",
        "fold_collect",
        "fold_sum",
        "fold_with_reduce",
        "fold_str",
        "any",
        "all",
        "find_first",
        "find_last",
        "find_map_first",
        "find_map_last",
        "find_any",
        "find_map_any",
        "unzip",
        "partition",
        "partition_map",
        "for_each",
        "for_each_with",
        "for_each_init",
        "opt_len",
        "skip_any",
        "take_any",
        "take_any_while",
        "skip_any_while",
        "while_some",
    ]
    if indexed:
        names += [
            "position_first",
            "position_last",
            "position_any",
            "collect_into_vec",
            "len",
            "cmp",
            "eq",
            "ne",
            "lt",
            "le",
            "gt",
            "ge",
        ]
    name = pick(draw, names)
    T = Terminal
    if name == "collect":

        def check_collect(r: Any) -> None:
            assert type(r) is list, f"collect() returned {type(r).__name__}, not list"
            assert r == s, f"collect(): got {r!r}, want {s!r}"

        return T(".collect()", lambda it: it.collect(), check=check_collect)
    if name == "collect_tuple":
        return T(".collect(tuple)", lambda it: it.collect(tuple), tuple(s))
    if name == "collect_set":
        return T(".collect(set)", lambda it: it.collect(set), set(s))
    if name == "collect_dict":
        want = dict(map(key_mod7, s))

        def check_dict(r: Any) -> None:
            assert r == want, f"collect(dict): got {r!r}, want {want!r}"
            assert list(r) == list(want), "collect(dict) must keep the sequence order of keys"

        return T(
            ".map(key_mod7).collect(dict)",
            lambda it: it.map(key_mod7).collect(dict),
            check=check_dict,
        )
    if name == "iterate":
        return T("list(iter)", lambda it: [x for x in it], list(s))
    if name == "sum":
        return T(".sum()", lambda it: it.sum(), sum(s))
    if name == "product":
        return T(
            ".map(odd_plus1).product()",
            lambda it: it.map(odd_plus1).product(),
            functools.reduce(operator.mul, map(odd_plus1, s), 1),
        )
    if name == "count":
        return T(".count()", lambda it: it.count(), len(s))
    if name == "min":
        return T(".min()", lambda it: it.min(), min(s, default=None))
    if name == "max":
        return T(".max()", lambda it: it.max(), max(s, default=None))
    if name == "min_key":
        return T(
            ".map(pair_neg).min(key=abs-of-first)",
            lambda it: it.map(pair_neg).min(key=lambda p: abs(p[0])),
            min(map(pair_neg, s), key=lambda p: abs(p[0]), default=None),
        )
    if name == "max_key":
        return T(
            ".map(pair_neg).max(key=abs-of-first)",
            lambda it: it.map(pair_neg).max(key=lambda p: abs(p[0])),
            max(map(pair_neg, s), key=lambda p: abs(p[0]), default=None),
        )
    if name == "min_by_key":
        return T(
            ".map(pair_neg).min_by_key(mod5-of-first)",
            lambda it: it.map(pair_neg).min_by_key(lambda p: p[0] % 5),
            min(map(pair_neg, s), key=lambda p: p[0] % 5, default=None),
        )
    if name == "max_by_key":
        return T(
            ".map(pair_neg).max_by_key(mod5-of-first)",
            lambda it: it.map(pair_neg).max_by_key(lambda p: p[0] % 5),
            max(map(pair_neg, s), key=lambda p: p[0] % 5, default=None),
        )
    if name == "min_by":
        return T(
            ".min_by(cmp_mod5)",
            lambda it: it.min_by(cmp_mod5),
            min(s, key=functools.cmp_to_key(cmp_mod5), default=None),
        )
    if name == "max_by":
        return T(
            ".max_by(cmp_mod5)",
            lambda it: it.max_by(cmp_mod5),
            max(s, key=functools.cmp_to_key(cmp_mod5), default=None),
        )
    if name == "reduce_sum":
        return T(".reduce(zero, add)", lambda it: it.reduce(zero, operator.add), sum(s))
    if name == "reduce_list":
        return T(
            ".map(wrap).reduce(list, add)",
            lambda it: it.map(wrap).reduce(list, operator.add),
            list(s),
        )
    if name == "reduce_str":
        return T(
            ".map(to_item_str).reduce(str, add)",
            lambda it: it.map(to_item_str).reduce(str, operator.add),
            "".join(map(to_item_str, s)),
        )
    if name == "reduce_with_left":
        return T(
            ".reduce_with(keep_left)", lambda it: it.reduce_with(keep_left), s[0] if s else None
        )
    if name == "reduce_with_right":
        return T(
            ".reduce_with(keep_right)", lambda it: it.reduce_with(keep_right), s[-1] if s else None
        )
    if name == "reduce_with_max":
        return T(".reduce_with(max)", lambda it: it.reduce_with(max), max(s, default=None))
    if name == "fold_collect":
        return T(
            ".fold(list, append_acc).collect() flattened",
            lambda it: [y for acc in it.fold(list, append_acc).collect() for y in acc],
            list(s),
        )
    if name == "fold_sum":
        return T(".fold(zero, add).sum()", lambda it: it.fold(zero, operator.add).sum(), sum(s))
    if name == "fold_with_reduce":
        return T(
            ".fold_with(0, add).reduce(zero, add)",
            lambda it: it.fold_with(0, operator.add).reduce(zero, operator.add),
            sum(s),
        )
    if name == "fold_str":
        return T(
            ".fold(str, strcat_acc).reduce(str, add)",
            lambda it: it.fold(str, strcat_acc).reduce(str, operator.add),
            "".join(f"{x}," for x in s),
        )
    if name in ("any", "all"):
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]
        ref = any if name == "any" else all
        return T(f".{name}({pname})", lambda it: getattr(it, name)(p), ref(map(p, s)))
    if name in ("find_first", "find_last"):
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]
        hits = [x for x in s if p(x)]
        want = (hits[0] if name == "find_first" else hits[-1]) if hits else None
        return T(f".{name}({pname})", lambda it: getattr(it, name)(p), want)
    if name in ("find_map_first", "find_map_last"):
        fname = draw(st.sampled_from(sorted(FILTER_MAPS)))
        f = FILTER_MAPS[fname]
        hits = [y for y in map(f, s) if y is not None]
        want = (hits[0] if name == "find_map_first" else hits[-1]) if hits else None
        return T(f".{name}({fname})", lambda it: getattr(it, name)(f), want)
    if name == "find_any":
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]
        hits = [x for x in s if p(x)]

        def check_find_any(r: Any) -> None:
            if hits:
                assert r in hits, f"find_any({pname}) returned {r!r}, not a match"
            else:
                assert r is None, f"find_any({pname}) returned {r!r} with no match"

        return T(f".find_any({pname})", lambda it: it.find_any(p), check=check_find_any)
    if name == "find_map_any":
        fname = draw(st.sampled_from(sorted(FILTER_MAPS)))
        f = FILTER_MAPS[fname]
        hits = [y for y in map(f, s) if y is not None]

        def check_find_map_any(r: Any) -> None:
            if hits:
                assert r in hits, f"find_map_any({fname}) returned {r!r}, not a result"
            else:
                assert r is None, f"find_map_any({fname}) returned {r!r} with no result"

        return T(f".find_map_any({fname})", lambda it: it.find_map_any(f), check=check_find_map_any)
    if name in ("position_first", "position_last", "position_any"):
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]
        where = [i for i, x in enumerate(s) if p(x)]
        if name == "position_any":

            def check_pos_any(r: Any) -> None:
                if where:
                    assert r in where, f"position_any({pname}) returned {r!r}"
                else:
                    assert r is None, f"position_any({pname}) returned {r!r} with no match"

            return T(f".position_any({pname})", lambda it: it.position_any(p), check=check_pos_any)
        want = (where[0] if name == "position_first" else where[-1]) if where else None
        return T(f".{name}({pname})", lambda it: getattr(it, name)(p), want)
    if name == "unzip":
        return T(
            ".map(pair_neg).unzip()",
            lambda it: tuple(map(list, it.map(pair_neg).unzip())),
            (list(s), [-x for x in s]),
        )
    if name == "partition":
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]
        return T(
            f".partition({pname})",
            lambda it: tuple(map(list, it.partition(p))),
            ([x for x in s if p(x)], [x for x in s if not p(x)]),
        )
    if name == "partition_map":
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]
        return T(
            f".partition_map(Left(x) if {pname} else Right(-x))",
            lambda it: tuple(
                map(list, it.partition_map(lambda x: pi.Left(x) if p(x) else pi.Right(-x)))
            ),
            ([x for x in s if p(x)], [-x for x in s if not p(x)]),
        )
    if name == "for_each":
        rec = Recorder()

        def run_for_each(it: Any) -> list[Any]:
            assert it.for_each(rec) is None
            return sorted(rec.items)

        return T(".for_each(recorder) as multiset", run_for_each, sorted(s))
    if name == "for_each_with":
        sender = Sender()

        def run_for_each_with(it: Any) -> list[Any]:
            it.for_each_with(sender, lambda snd, x: snd.send(x))
            return sorted(sender.sink.items)

        return T(".for_each_with(sender, send) as multiset", run_for_each_with, sorted(s))
    if name == "for_each_init":
        rec = Recorder()

        def run_for_each_init(it: Any) -> list[Any]:
            it.for_each_init(lambda: rec, lambda r, x: r(x))
            return sorted(rec.items)

        return T(".for_each_init(init, op) as multiset", run_for_each_init, sorted(s))
    if name == "opt_len":
        if indexed:
            return T(".opt_len()", lambda it: it.opt_len(), len(s))

        def check_opt_len(r: Any) -> None:
            assert r is None or r == len(s), f"opt_len() = {r!r}, but the chain yields {len(s)}"

        return T(".opt_len() (unindexed)", lambda it: it.opt_len(), check=check_opt_len)
    if name in ("skip_any", "take_any"):
        n = draw(st.integers(0, len(s) + 2))
        want_len = max(0, len(s) - n) if name == "skip_any" else min(n, len(s))

        def check_any_n(r: Any) -> None:
            assert len(r) == want_len, f"{name}({n}) gave {len(r)} items, want {want_len}"
            assert is_subsequence(r, s), f"{name}({n}) result {r!r} is not a subsequence"

        return T(
            f".{name}({n}).collect()", lambda it: getattr(it, name)(n).collect(), check=check_any_n
        )
    if name in ("take_any_while", "skip_any_while"):
        pname = draw(st.sampled_from(sorted(PREDS)))
        p = PREDS[pname]

        def check_any_while(r: Any) -> None:
            assert is_subsequence(r, s), f"{name}({pname}) result {r!r} is not a subsequence"
            if name == "take_any_while":
                assert all(p(x) for x in r), f"take_any_while({pname}) took a failing item"
                if all(p(x) for x in s):
                    assert r == s, "take_any_while must take everything when p always holds"
            else:
                # Items failing p are never skipped.
                assert [x for x in r if not p(x)] == [x for x in s if not p(x)]

        return T(
            f".{name}({pname}).collect()",
            lambda it: getattr(it, name)(p).collect(),
            check=check_any_while,
        )
    if name == "while_some":
        values = [none_if_div7(x) for x in s]

        def check_while_some(r: Any) -> None:
            assert None not in r
            assert is_subsequence(r, s), f"while_some result {r!r} is not a subsequence"
            if None not in values:
                assert r == s, "while_some without any None must yield everything"
            else:
                assert all(x % 7 for x in r), "while_some yielded a value mapped to None"

        return T(
            ".map(none_if_div7).while_some().collect()",
            lambda it: it.map(none_if_div7).while_some().collect(),
            check=check_while_some,
        )
    if name == "collect_into_vec":

        def run_civ(it: Any) -> list[Any]:
            target = [object()] * 5
            ret = it.collect_into_vec(target)
            assert ret is None or ret is target
            return target

        return T(".collect_into_vec(target)", run_civ, list(s))
    if name == "len":
        return T(".len()", lambda it: it.len(), len(s))
    if name in ("cmp", "eq", "ne", "lt", "le", "gt", "ge"):
        variant = draw(st.sampled_from(["same", "changed", "prefix", "longer", "random"]))
        other = list(s)
        if variant == "changed" and other:
            i = draw(st.integers(0, len(other) - 1))
            other[i] += draw(st.sampled_from([-1, 1]))
        elif variant == "prefix":
            other = other[: draw(st.integers(0, len(other)))]
        elif variant == "longer":
            other = other + draw(st.lists(small_ints, min_size=1, max_size=3))
        elif variant == "random":
            other = draw(st.lists(small_ints, max_size=10))
        c = cmp_ref(s, other)
        want = {
            "cmp": c,
            "eq": c == 0,
            "ne": c != 0,
            "lt": c < 0,
            "le": c <= 0,
            "gt": c > 0,
            "ge": c >= 0,
        }[name]
        return T(f".{name}({variant}: {other!r})", lambda it: getattr(it, name)(other), want)
    raise AssertionError(name)  # pragma: no cover


# ---------- properties


@PROPERTY_SETTINGS
@given(chain=chains(), data=st.data())
def test_random_chain_and_terminal_match_sequential(pool: Any, chain: Chain, data: Any) -> None:
    terms = terminals(chain.seq, chain.indexed)
    if is_process_pool(pool):  # side effects in the caller's memory do not reach processes
        assume("recorder" not in repr(chain))
        terms = terms.filter(lambda t: not t.desc.startswith(".for_each"))
    term = data.draw(terms, label="terminal")
    note(f"chain: {chain!r}{term.desc}")
    with pool:
        result = term.run(chain.build())
    term.verify(result)


@PROPERTY_SETTINGS
@given(chain=chains(max_adapters=7))
def test_random_chain_collect_and_iterate(pool: Any, chain: Chain) -> None:
    note(f"chain: {chain!r}")
    if is_process_pool(pool):
        assume("recorder" not in repr(chain))
    with pool:
        collected = chain.build().collect()
        iterated = list(chain.build())
    assert collected == chain.seq
    assert iterated == chain.seq


@PROPERTY_SETTINGS
@given(
    xs=st.lists(st.integers(-1000, 1000), max_size=300),
    max_len=st.integers(1, 50),
    min_len=st.integers(1, 50),
)
def test_non_commutative_reduce_keeps_order(
    pool: Any, xs: list[int], max_len: int, min_len: int
) -> None:
    with pool:
        lists = pi.par_iter(xs).with_max_len(max_len).map(wrap).reduce(list, operator.add)
        text = (
            pi.par_iter(xs)
            .with_min_len(min_len)
            .map(str)
            .reduce(str, lambda a, b: a + "|" + b if a and b else a + b)
        )
        folded = (
            pi.par_iter(xs).with_max_len(max_len).fold(list, append_acc).reduce(list, operator.add)
        )
    assert lists == xs
    assert text == "|".join(map(str, xs))
    assert folded == xs


@PROPERTY_SETTINGS
@given(
    a=st.lists(small_ints, max_size=40),
    b=st.lists(small_ints, max_size=40),
    c=st.lists(small_ints, max_size=40),
)
def test_zip_enumerate_rev_skip_take_combinations(
    pool: Any, a: list[int], b: list[int], c: list[int]
) -> None:
    n = len(a) // 2
    with pool:
        three = pi.par_iter(a).zip(b).zip(pi.par_iter(c).rev()).collect()
        enum_rev = pi.par_iter(a).enumerate().rev().collect()
        rev_enum = pi.par_iter(a).rev().enumerate().collect()
        skip_take = pi.par_iter(a).skip(n).take(3).enumerate().collect()
        take_skip = pi.par_iter(a).take(n + 3).skip(n).collect()
        zip_skip = pi.par_iter(a).zip(b).skip(1).rev().take(5).collect()
        step_rev = pi.par_iter(a).step_by(3).rev().collect()
        rev_step = pi.par_iter(a).rev().step_by(3).collect()
    assert three == list(zip(zip(a, b, strict=False), c[::-1], strict=False))
    assert enum_rev == list(enumerate(a))[::-1]
    assert rev_enum == list(enumerate(a[::-1]))
    assert skip_take == list(enumerate(a[n:][:3]))
    assert take_skip == a[: n + 3][n:]
    assert zip_skip == list(zip(a, b, strict=False))[1:][::-1][:5]
    assert step_rev == a[::3][::-1]
    assert rev_step == a[::-1][::3]


def test_itertools_reference_sanity() -> None:
    # Guards the references used above against silly mistakes.
    assert interleave_shortest_ref([1, 2, 3, 4], [5, 6]) == [1, 5, 2, 6, 3]
    assert interleave_shortest_ref([1, 2], [3, 4, 5, 6]) == [1, 3, 2, 4]
    assert interleave_ref([1, 2], [3, 4, 5, 6]) == [1, 3, 2, 4, 5, 6]
    assert intersperse_ref([1, 2, 3], -1) == [1, -1, 2, -1, 3]
    assert is_subsequence([1, 3], [1, 2, 3]) and not is_subsequence([3, 1], [1, 2, 3])
    assert list(itertools.islice(range(5), 2)) == [0, 1]
