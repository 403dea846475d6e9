"""``repr()`` of a chain shows its pipeline as written: ``par_iter(list[1000]).map(f).filter(g)``.

Sources print as their entry function with a short description of the collection, adapters as
``.method(args)`` with functions by name, scalars by ``repr`` and other iterators as their own
pipelines.  The tests walk every public adapter method and every source, check each repr against
the expected text and a small grammar, and check that every iterator class was reached.
"""

from __future__ import annotations

import array
import collections
import functools
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import pariter as pi

np = pytest.importorskip("numpy")
pytest.importorskip("tqdm")

NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
#: The sources' entry functions, as ``repr`` names them.
ENTRIES = {name for name in dir(pi) if not name.startswith("_") and callable(getattr(pi, name))}
#: Methods a pipeline's steps may name.
METHODS = {name for name in dir(pi.IndexedParallelIterator) if not name.startswith("_")}
METHODS.add("map_in_place")  # par_iter_mut's


def top_level_parts(text: str) -> list[str]:
    """``text`` split at the dots outside brackets and quotes; brackets must balance."""
    parts, depth, quote, start = [], 0, "", 0
    closing = {")": "(", "]": "["}
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            stack.append(ch)
            depth += 1
        elif ch in ")]":
            assert stack and stack.pop() == closing[ch], f"unbalanced {ch!r} in {text!r}"
            depth -= 1
        elif ch == "." and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    assert not stack, f"unclosed brackets in {text!r}"
    parts.append(text[start:])
    return parts


def check_pipeline(text: str) -> None:
    """``entry(args)`` followed by ``.method(args)`` steps naming real entries and methods."""
    assert "\n" not in text and " at 0x" not in text and "<pariter." not in text, text
    head, *steps = top_level_parts(text)
    name = NAME.match(head)
    assert name and head[name.end()] == "(" and head.endswith(")"), text
    assert name.group() in ENTRIES, f"{name.group()!r} is not a pariter entry: {text!r}"
    for step in steps:
        method = NAME.match(step)
        assert method and step[method.end()] == "(" and step.endswith(")"), text
        assert method.group() in METHODS, f"{method.group()!r} is not a method: {text!r}"


def nodes(it: Any) -> Iterator[Any]:
    """Every parallel iterator making up the chain ``it``."""
    yield it
    for value in vars(it).values():
        if isinstance(value, pi.ParallelIterator):
            yield from nodes(value)


def checked(it: Any) -> str:
    text = repr(it)
    check_pipeline(text)
    return text


def gen() -> Iterator[int]:
    yield from range(3)


SOURCES: list[tuple[Callable[[], Any], str]] = [
    (lambda: pi.par_iter(list(range(1000))), "par_iter(list[1000])"),
    (lambda: pi.into_par_iter(range(0, 10)), "into_par_iter(range(0, 10))"),
    (lambda: pi.par_iter(range(5, 0, -2)), "into_par_iter(range(5, 0, -2))"),
    (lambda: pi.par_iter({"a": 1, "b": 2, "c": 3}), "par_iter(dict[3])"),
    (lambda: pi.par_iter("hello world!"), "par_iter(str[12])"),
    (lambda: pi.par_iter(np.zeros(100)), "par_iter(ndarray[float64, (100,)])"),
    (lambda: pi.par_iter(np.zeros((3, 2), np.int32)), "par_iter(ndarray[int32, (3, 2)])"),
    (lambda: pi.par_bridge(gen()), "par_bridge(generator)"),
    (lambda: pi.par_bridge([1, 2]), "par_bridge(list[2])"),
    (lambda: pi.par_iter((1, 2)), "par_iter(tuple[2])"),
    (lambda: pi.par_iter(b"ab"), "par_iter(bytes[2])"),
    (lambda: pi.par_iter(bytearray(3)), "par_iter(bytearray[3])"),
    (lambda: pi.par_iter(memoryview(b"abcd")), "par_iter(memoryview[4])"),
    (lambda: pi.par_iter(array.array("i", [1])), "par_iter(array[1])"),
    (lambda: pi.par_iter({1, 2}), "par_iter(set[2])"),
    (lambda: pi.par_iter(frozenset({1})), "par_iter(frozenset[1])"),
    (lambda: pi.par_iter(collections.deque([1, 2])), "par_iter(deque[2])"),
    (lambda: pi.par_iter(collections.Counter("aab")), "par_iter(Counter[2])"),
    (lambda: pi.par_iter({1: 2}.keys()), "par_iter(dict_keys[1])"),
    (lambda: pi.par_iter({1: 2}.values()), "par_iter(dict_values[1])"),
    (lambda: pi.par_iter({1: 2}.items()), "par_iter(dict_items[1])"),
    (lambda: pi.par_iter(gen()), "par_iter(generator)"),  # one-shot iterators are pulled lazily
    (lambda: pi.repeat(7), "repeat(7)"),
    (lambda: pi.repeat_n("x", 3), "repeat_n('x', 3)"),
    (lambda: pi.once(5), "once(5)"),
    (lambda: pi.multizip([1], "ab"), "multizip(par_iter(list[1]), par_iter(str[2]))"),
    (lambda: pi.empty(), "empty()"),
    (lambda: pi.split(range(100), len), "split(range(0, 100), len)"),
    (lambda: pi.walk_tree(1, list), "walk_tree_postfix(1, list)"),
    (lambda: pi.walk_tree_prefix(1, lambda n: []), "walk_tree_prefix(1, <lambda>)"),
    (lambda: pi.walk_tree_postfix(1, list), "walk_tree_postfix(1, list)"),
    (lambda: pi.par_chunks([1, 2, 3], 2), "par_chunks(list[3], 2)"),
    (lambda: pi.par_chunks_exact("abcde", 2), "par_chunks_exact(str[5], 2)"),
    (lambda: pi.par_rchunks([1, 2, 3], 2), "par_rchunks(list[3], 2)"),
    (lambda: pi.par_windows([1, 2, 3], 2), "par_windows(list[3], 2)"),
    (lambda: pi.par_array_windows([1, 2, 3], 2), "par_array_windows(list[3], 2)"),
    (lambda: pi.par_chunks_mut([1, 2, 3], 2), "par_chunks_mut(list[3], 2)"),
    (lambda: pi.par_split([1, 0, 2], bool), "par_split(list[3], bool)"),
    (lambda: pi.par_split("a,b", ","), "par_split(str[3], ',')"),
    (lambda: pi.par_split("a b", None), "par_split_whitespace(str[3])"),
    (lambda: pi.par_split_whitespace(b"a b"), "par_split_whitespace(bytes[3])"),
    (lambda: pi.par_lines("a\nb"), "par_lines(str[3])"),
    (lambda: pi.par_lines("a\nb", keepends=True), "par_lines(str[3], True)"),
    (lambda: pi.par_matches("abab", "ab"), "par_matches(str[4], 'ab')"),
    (lambda: pi.par_matches("a1", str.isdigit), "par_iter(str[2]).filter(str.isdigit)"),
    (lambda: pi.par_rchunks_exact_mut([1, 2, 3], 2), "par_rchunks_exact_mut(list[3], 2)"),
    (lambda: pi.par_chunk_by([1, 1, 2], max), "par_chunk_by(list[3], max)"),
    (lambda: pi.par_split_inclusive_mut([1, 0], bool), "par_split_inclusive_mut(list[2], bool)"),
    (lambda: pi.par_split_inclusive("a,b", ","), "par_split_inclusive(str[3], ',')"),
    (lambda: pi.par_split_terminator("a,b", ","), "par_split_terminator(str[3], ',')"),
    (lambda: pi.par_split_ascii_whitespace("a b"), "par_split_ascii_whitespace(str[3])"),
    (lambda: pi.par_match_indices("abab", "ab"), "par_match_indices(str[4], 'ab')"),
    (lambda: pi.par_encode_utf16("ab"), "par_encode_utf16(str[2])"),
    (lambda: pi.par_chars("ab"), "par_iter(str[2])"),
    (lambda: pi.par_char_indices("ab"), "par_iter(str[2]).enumerate()"),
    (lambda: pi.par_bytes("ab"), "par_iter(bytes[2])"),
    (lambda: pi.par_iter_mut([1, 2]), "par_iter_mut(list[2])"),
    (lambda: pi.par_iter_mut({1: 2}), "par_iter_mut(dict[1])"),
    (lambda: pi.par_drain([1, 2]), "par_drain(list[2])"),
    (lambda: pi.par_drain({1: 2}), "par_drain(dict[1])"),
]


@pytest.mark.parametrize(("make", "expected"), SOURCES, ids=[e for _, e in SOURCES])
def test_sources(make: Callable[[], Any], expected: str) -> None:
    assert checked(make()) == expected


def test_arguments_are_shortened() -> None:
    base = pi.par_iter([1, 2, 3])
    assert checked(base.intersperse("x" * 100)) == (
        "par_iter(list[3]).intersperse('" + "x" * 32 + "'...)"
    )
    assert checked(base.map_with([0] * 50, max)) == "par_iter(list[3]).map_with(list[50], max)"
    assert checked(base.map(functools.partial(pow, 2))) == "par_iter(list[3]).map(partial(pow, 2))"

    class Scale:
        def __call__(self, x: int) -> int:
            return 2 * x

        def method(self, x: int) -> int:
            return x

    assert checked(base.map(Scale())) == "par_iter(list[3]).map(Scale)"
    assert checked(base.map(Scale().method)) == "par_iter(list[3]).map(Scale.method)"
    nested = base.zip(pi.par_iter("abc").map(str.upper).rev())
    assert checked(nested) == "par_iter(list[3]).zip(par_iter(str[3]).map(str.upper).rev())"


#: Every adapter: how to call it, and what its step must read (None: as called, ``name()``).
ADAPTERS: dict[str, tuple[tuple[Any, ...], str | None]] = {
    "map": ((str,), "map(str)"),
    "map_with": ((0, max), "map_with(0, max)"),
    "map_init": ((list, lambda s, x: x), "map_init(list, <lambda>)"),
    "inspect": ((print,), "inspect(print)"),
    "update": ((print,), "update(print)"),
    "copied": ((), "copied()"),
    "cloned": ((), "cloned()"),
    "filter": ((bool,), "filter(bool)"),
    "filter_map": ((abs,), "filter_map(abs)"),
    "flat_map": ((range,), "flat_map(range)"),
    "flat_map_iter": ((range,), "flat_map_iter(range)"),
    "flatten": ((), "flatten()"),
    "flatten_iter": ((), "flatten_iter()"),
    "chain": (([4],), "chain(par_iter(list[1]))"),
    "fold": ((list, max), "fold(list, max)"),
    "fold_with": ((0, max), "fold_with(0, max)"),
    "try_fold": ((list, max), "try_fold(list, max)"),
    "try_fold_with": ((0, max), "try_fold_with(0, max)"),
    "while_some": ((), "while_some()"),
    "take_any": ((2,), "take_any(2)"),
    "skip_any": ((1,), "skip_any(1)"),
    "take_any_while": ((bool,), "take_any_while(bool)"),
    "skip_any_while": ((bool,), "skip_any_while(bool)"),
    "intersperse": ((0,), "intersperse(0)"),
    "panic_fuse": ((), ""),  # returns the iterator itself
    "progress": (("x", 3), "progress(desc='x', total=3)"),
    # indexed only
    "zip": (("ab",), "zip(par_iter(str[2]))"),
    "zip_eq": (([1, 2, 3],), "zip(par_iter(list[3]))"),
    "enumerate": ((), "enumerate()"),
    "rev": ((), "rev()"),
    "skip": ((1,), "skip(1)"),
    "take": ((2,), "take(2)"),
    "step_by": ((2,), "step_by(2)"),
    "chunks": ((2,), "chunks(2)"),
    "fold_chunks": ((2, int, max), "fold_chunks(2, int, max)"),
    "fold_chunks_with": ((2, 0, max), "fold_chunks_with(2, 0, max)"),
    "interleave": (([5],), "interleave(par_iter(list[1]))"),
    "interleave_shortest": (([5],), "interleave_shortest(par_iter(list[1]))"),
    "with_min_len": ((2,), "with_min_len(2)"),
    "with_max_len": ((4,), "with_max_len(4)"),
    "by_exponential_blocks": ((), "by_exponential_blocks()"),
    "by_uniform_blocks": ((2,), "by_uniform_blocks(2)"),
    # built from other adapters: the pipeline shows them
    "positions": ((bool,), None),
}
TERMINAL = {
    "all", "any", "cmp", "collect", "collect_into_vec", "count", "eq", "find_any", "find_first",
    "find_last", "find_map_any", "find_map_first", "find_map_last", "for_each", "for_each_init",
    "for_each_with", "ge", "gt", "le", "len", "lt", "max", "max_by", "max_by_key", "min", "min_by",
    "min_by_key", "ne", "opt_len", "partition", "partition_map", "position_any", "position_first",
    "position_last", "product", "reduce", "reduce_with", "sum", "unzip",
    "collect_vec_list", "partial_cmp", "try_for_each", "try_for_each_init", "try_for_each_with",
    "try_reduce", "try_reduce_with", "unzip_into_vecs",
}  # fmt: skip
PLUMBING = {"drive", "drive_unindexed", "producer", "PIECEWISE", "PULLS_FROM_ITERATOR"}


def test_every_public_method_is_covered() -> None:
    assert set(ADAPTERS) == METHODS - TERMINAL - PLUMBING - {"map_in_place"}


BASES: list[Callable[[], Any]] = [
    lambda: pi.par_iter([1, 2, 3]),
    lambda: pi.into_par_iter(range(3)).filter(bool),
    lambda: pi.par_bridge(gen()).map(abs),
]


@pytest.mark.parametrize("method", sorted(ADAPTERS))
@pytest.mark.parametrize("make_base", BASES, ids=["indexed", "unindexed", "bridge"])
def test_adapters(method: str, make_base: Callable[[], Any]) -> None:
    base = make_base()
    args, step = ADAPTERS[method]
    if not hasattr(type(base), method) and not isinstance(base, pi.IndexedParallelIterator):
        pytest.skip("indexed only")
    it = getattr(base, method)(*args)
    text = checked(it)
    if step == "":
        assert text == repr(base)
    elif step is None:
        assert text.startswith(repr(base) + ".")
    else:
        assert text == f"{base!r}.{step}"


def all_chains() -> Iterator[Any]:
    """Every source and every adapter on every base, as the tests above build them."""
    for make, _ in SOURCES:
        yield make()
    for make_base in BASES:
        for method, (args, _) in ADAPTERS.items():
            base = make_base()
            if hasattr(type(base), method) or isinstance(base, pi.IndexedParallelIterator):
                yield getattr(base, method)(*args)


def iterator_classes() -> set[type]:
    """Every parallel iterator class pariter defines (its optional backends included)."""
    for info in pkgutil.walk_packages(pi.__path__, "pariter."):
        try:
            importlib.import_module(info.name)
        except ImportError:  # an optional dependency is missing
            pass
    classes: set[type] = set()
    todo: list[type] = [pi.ParallelIterator]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("pariter.") and sub not in classes:
                classes.add(sub)
                todo.append(sub)
    classes.discard(pi.IndexedParallelIterator)
    return classes


def test_every_iterator_class_has_a_repr_and_is_reached() -> None:
    from pariter.collections.mut import _Writes
    from pariter.iterators.stream import ProducerIter

    reached = {type(node) for chain in all_chains() for node in nodes(chain)}
    # Two internal ones: the pieces that iterating a chain runs, and map_in_place's writes.
    piece = ProducerIter(pi.par_iter([1, 2]).producer())
    assert repr(piece.map(str)) == "piece[2].map(str)"
    writes = _Writes(pi.par_iter_mut([1]), abs)
    assert checked(writes) == "par_iter_mut(list[1]).map_in_place(abs)"
    reached |= {ProducerIter, _Writes}
    for cls in iterator_classes():
        assert cls.__repr__ is not pi.ParallelIterator.__repr__, f"{cls.__name__} has no repr"
        assert cls in reached, f"no test builds a {cls.__name__}"
