"""The string iterators equal the sequential str/bytes methods, Unicode and line breaks included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import pariter as pi
from pariter.collections import strings as strings_module
from pariter.collections.strings import Lines, Matches, SplitBy, TextProducer, Whitespace

# Characters that matter to the splitters (every line break and several kinds of whitespace),
# combining marks and astral-plane characters, mixed with arbitrary code points.
SPECIAL = list(
    "ab,-\t \n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u3000"
    "e\u0301\u0308🎉\U0001d518\U0001f469\u200d\U0001f4bb"
)
texts = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8")), max_size=300
)
separators = st.sampled_from([",", "-", "--", "aa", "aba", "\r\n", "🎉", "e\u0301", "a"])
settings_ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(params=["as-shipped", "cut-everything"])
def cuts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Also cut small texts, so that every boundary rule runs on hypothesis' short examples."""
    if request.param == "cut-everything":
        monkeypatch.setattr(strings_module, "MIN_PIECE", 1)
        monkeypatch.setattr(strings_module, "LEAF_BLOCK", 2)
    yield


def all_leaves(producer: TextProducer) -> list[Any]:
    """Split ``producer`` until no piece can be cut, and run every leaf, in order."""
    left, right = producer.split()
    if right is None:
        return list(producer.mode.leaf(producer.s, producer.start, producer.end))
    assert isinstance(left, TextProducer) and isinstance(right, TextProducer)
    return all_leaves(left) + all_leaves(right)


@settings_
@given(s=texts)
def test_chars_indices_and_bytes(pool: pi.ThreadPool, s: str) -> None:
    assert pi.par_chars(s).collect() == list(s)
    assert pi.par_chars(s).len() == len(s)
    assert pi.par_chars(s).rev().collect(str) == s[::-1]
    assert pi.par_char_indices(s).collect() == list(enumerate(s))
    assert pi.par_bytes(s).collect() == list(s.encode())
    assert pi.par_bytes(s.encode()).collect() == list(s.encode())


@settings_
@given(s=texts, keepends=st.booleans())
def test_lines_equal_splitlines(pool: pi.ThreadPool, cuts: None, s: str, keepends: bool) -> None:
    assert pi.par_lines(s, keepends).collect() == s.splitlines(keepends)
    b = s.encode()
    assert pi.par_lines(b, keepends=keepends).collect() == b.splitlines(keepends)
    assert pi.par_lines(bytearray(b)).collect() == bytearray(b).splitlines()


@settings_
@given(s=texts)
def test_split_whitespace_equals_split(pool: pi.ThreadPool, cuts: None, s: str) -> None:
    assert pi.par_split_whitespace(s).collect() == s.split()
    assert pi.par_split(s, None).collect() == s.split(None)
    b = s.encode()
    assert pi.par_split_whitespace(b).collect() == b.split()


@settings_
@given(s=texts, sep=separators)
def test_split_and_matches(pool: pi.ThreadPool, cuts: None, s: str, sep: str) -> None:
    assert pi.par_split(s, sep).collect() == s.split(sep)
    assert pi.par_matches(s, sep).collect() == [sep] * s.count(sep)
    b, bsep = s.encode(), sep.encode()
    assert pi.par_split(b, bsep).collect() == b.split(bsep)
    assert pi.par_matches(b, bsep).collect() == [bsep] * b.count(bsep)


@settings_
@given(s=st.text(alphabet="ab", max_size=60), sep=st.text(alphabet="ab", min_size=1, max_size=4))
def test_self_overlapping_separators(pool: pi.ThreadPool, cuts: None, s: str, sep: str) -> None:
    assert pi.par_split(s, sep).collect() == s.split(sep)
    assert pi.par_matches(s, sep).collect() == [sep] * s.count(sep)


@settings(max_examples=400, deadline=None)
@given(s=st.text(alphabet="ab", max_size=40), sep=st.text(alphabet="ab", min_size=1, max_size=4))
@example(s="aaa", sep="aa")
@example(s="abababa", sep="aba")
def test_cuts_at_self_overlapping_separators(s: str, sep: str) -> None:
    # "aa" in "aaa", "aba" in "ababa": a cut at an occurrence that the left-to-right scan skips
    # would give a different split.
    n = len(s)
    assert all_leaves(TextProducer(s, 0, n, SplitBy(sep), 1)) == s.split(sep)
    assert all_leaves(TextProducer(s, 0, n, Matches(sep), 1)) == [sep] * s.count(sep)


@settings_
@given(s=texts, sep=separators, keepends=st.booleans())
def test_every_cut_is_safe(s: str, sep: str, keepends: bool) -> None:
    """Cut all the way down: the leaves together still give the sequential result."""
    n = len(s)
    assert all_leaves(TextProducer(s, 0, n, Lines(keepends), 1)) == s.splitlines(keepends)
    assert all_leaves(TextProducer(s, 0, n, Whitespace(), 1)) == s.split()
    assert all_leaves(TextProducer(s, 0, n, SplitBy(sep), 1)) == s.split(sep)
    assert all_leaves(TextProducer(s, 0, n, Matches(sep), 1)) == [sep] * s.count(sep)


@settings_
@given(s=texts)
def test_predicate_split_and_char_matches(pool: pi.ThreadPool, s: str) -> None:
    expected, piece = [], ""
    for c in s:
        if c.isspace():
            expected.append(piece)
            piece = ""
        else:
            piece += c
    expected.append(piece)
    assert pi.par_split(s, str.isspace).collect() == expected
    assert pi.par_matches(s, str.isalpha).collect() == [c for c in s if c.isalpha()]


def test_documented_line_semantics(pool: pi.ThreadPool) -> None:
    # Python's splitlines, not Rust's lines(): a lone \r and \u2028 end lines too.
    s = "a\r\nb\rc\u2028d\n\ne\r\n"
    assert pi.par_lines(s).collect() == ["a", "b", "c", "d", "", "e"]
    assert pi.par_lines(s, keepends=True).collect() == [
        "a\r\n",
        "b\r",
        "c\u2028",
        "d\n",
        "\n",
        "e\r\n",
    ]
    assert pi.par_lines("").collect() == []
    assert pi.par_lines("x\n").collect() == ["x"]


def test_empty_match_and_bytes_meaning(pool: pi.ThreadPool) -> None:
    assert pi.par_matches("ab🎉", "").collect() == ["", "", "", ""]
    assert pi.par_bytes("é🎉").collect() == [0xC3, 0xA9, 0xF0, 0x9F, 0x8E, 0x89]


def test_big_text_is_split_in_parallel_pieces(pool: pi.ThreadPool) -> None:
    text = "lorem ipsum dolor\r\nsit amet\n" * 20_000
    pieces = pi.par_lines(text).fold(lambda: 0, lambda n, _: n + 1).collect()
    assert len(pieces) > 1  # more than one leaf ran
    assert sum(pieces) == len(text.splitlines())
    words = pi.par_split_whitespace(text).fold(lambda: 0, lambda n, _: n + 1).collect()
    assert len(words) > 1 and sum(words) == len(text.split())
    assert pi.par_split(text, "\n").collect() == text.split("\n")
    assert pi.par_matches(text, "sit").count() == text.count("sit")


def test_iterating_and_chaining(pool: pi.ThreadPool) -> None:
    text = "b a\nc a\n" * 3000
    assert list(pi.par_lines(text)) == text.splitlines()
    got = pi.par_lines(text).flat_map_iter(str.split).filter(lambda w: w != "a").count()
    assert got == text.split().count("b") + text.split().count("c")


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: pi.par_chars(b"x"), TypeError, "s must be a str, got bytes"),
        (lambda: pi.par_char_indices(5), TypeError, "s must be a str, got int"),
        (lambda: pi.par_bytes(["a"]), TypeError, "s must be a str, bytes or bytearray, got list"),
        (lambda: pi.par_lines(None), TypeError, "s must be a str, bytes or bytearray, got None"),
        (lambda: pi.par_split_whitespace(3.0), TypeError, "s must be a str, bytes or bytearray"),
        (lambda: pi.par_split("a,b", ""), ValueError, "sep must not be empty"),
        (lambda: pi.par_split("a,b", b","), TypeError, "sep must be a str (or a callable) for str"),
        (
            lambda: pi.par_split(b"a,b", ","),
            TypeError,
            "sep must be bytes (or a callable) for bytes",
        ),
        (lambda: pi.par_split("a,b", 3), TypeError, "sep must be a str (or a callable)"),
        (lambda: pi.par_matches("ab", b"a"), TypeError, "sub must be a str (or a callable)"),
        (lambda: pi.par_matches(b"ab", "a"), TypeError, "sub must be bytes (or a callable)"),
        (lambda: pi.par_matches(7, "a"), TypeError, "s must be a str, bytes or bytearray, got int"),
    ],
)
def test_errors_name_the_argument(call: Any, exc: type[Exception], message: str) -> None:
    with pytest.raises(exc) as info:
        call()
    assert str(info.value).startswith(message)
