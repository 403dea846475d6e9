"""Issue 16's string functions against their sequential meaning (Rust's ``str`` methods, written
out one match at a time): ``par_split_inclusive``, ``par_split_terminator``,
``par_split_ascii_whitespace``, ``par_match_indices``, ``par_encode_utf16``, and the pattern
forms (a character, a set of characters, a predicate) wherever a separator is taken."""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pariter as pi
from pariter.collections import strings as strings_module
from pariter.collections.strings import (
    AsciiWhitespace,
    EncodeUtf16,
    MatchIndices,
    SplitInclusive,
    SplitTerminator,
    TextProducer,
)
from tests.collections.test_slices_more import leaves
from tests.iterators.contract import conftest as contract
from tests.iterators.contract._support import PROPERTY_SETTINGS

# The contract suite's pools (1, 2, 7 threads and a process pool), found here by name.
contract_pools, pool = contract.contract_pools, contract.pool

SPECIAL = ",-a\r\n \t\x0b\x0c\u2009\u3000🎉é\x00"
texts = st.text(alphabet=st.sampled_from(SPECIAL), max_size=200)
separators = st.sampled_from([",", "-", "--", "aa", "aba", "\r\n", "🎉", "a", "\n"])
ASCII_SPACE = set(" \t\n\r\x0b\x0c")  # Python's string.whitespace

# ---------- sequential references: every match, left to right, one at a time

Span = tuple[int, int]


def spans(s: str, pat: Any) -> Iterator[Span]:
    """The matches of ``pat`` (a substring, or a predicate on characters) as Rust's
    ``match_indices`` finds them: leftmost first, non-overlapping."""
    i = 0
    while i <= len(s):
        if callable(pat):
            j = next((k for k in range(i, len(s)) if pat(s[k])), -1)
            width = 1
        else:
            j, width = s.find(pat, i), len(pat)
        if j < 0:
            return
        yield j, j + width
        i = j + width


def split_ref(s: str, pat: Any) -> list[str]:
    out, start = [], 0
    for a, b in spans(s, pat):
        out.append(s[start:a])
        start = b
    return [*out, s[start:]]


def split_inclusive_ref(s: str, pat: Any) -> list[str]:
    out, start = [], 0
    for _, b in spans(s, pat):
        out.append(s[start:b])
        start = b
    return out + ([s[start:]] if start < len(s) else [])


def split_terminator_ref(s: str, pat: Any) -> list[str]:
    out = split_ref(s, pat)
    return out[:-1] if out[-1] == "" else out


def match_indices_ref(s: str, pat: Any) -> list[tuple[int, str]]:
    return [(a, s[a:b]) for a, b in spans(s, pat)]


def ascii_words_ref(s: str) -> list[str]:
    words, word = [], ""
    for c in s:
        if c in ASCII_SPACE:
            if word:
                words.append(word)
            word = ""
        else:
            word += c
    return words + ([word] if word else [])


def utf16_ref(s: str) -> list[int]:
    units = []
    for c in s:
        o = ord(c)
        if o > 0xFFFF:
            o -= 0x10000
            units += [0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)]
        else:
            units.append(o)
    return units


@pytest.fixture(params=["as-shipped", "cut-everything"])
def cuts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Also cut small texts, so that every boundary rule runs on hypothesis' short examples."""
    if request.param == "cut-everything":
        monkeypatch.setattr(strings_module, "MIN_PIECE", 1)
        monkeypatch.setattr(strings_module, "LEAF_BLOCK", 2)
    yield


# The ``cuts`` fixture is function-scoped: it changes module constants for one example run.
SETTINGS = settings(
    PROPERTY_SETTINGS,
    suppress_health_check=[
        *PROPERTY_SETTINGS.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)


# ---------- hypothesis: equal to the sequential meaning


@SETTINGS
@given(s=texts, sep=separators)
def test_substring_patterns(pool: Any, cuts: None, s: str, sep: str) -> None:
    with pool:
        assert pi.par_split_inclusive(s, sep).collect() == split_inclusive_ref(s, sep)
        assert pi.par_split_terminator(s, sep).collect() == split_terminator_ref(s, sep)
        assert pi.par_match_indices(s, sep).collect() == match_indices_ref(s, sep)
        b, bsep = s.encode(), sep.encode()
        assert pi.par_split_inclusive(b, bsep).collect() == [
            p.encode() for p in split_inclusive_ref(s, sep)
        ]
        # UTF-8 keeps matches on character boundaries: the bytes pieces are the encoded ones.
        assert pi.par_split_terminator(b, bsep).collect() == [
            p.encode() for p in split_terminator_ref(s, sep)
        ]


@SETTINGS
@given(s=texts, chars=st.sets(st.sampled_from(SPECIAL), max_size=3))
def test_character_set_and_predicate_patterns(
    pool: Any, cuts: None, s: str, chars: set[str]
) -> None:
    """Rust's ``[char; N]`` patterns (a set, list or tuple here) and ``Fn(char) -> bool``."""
    pred = chars.__contains__
    with pool:
        for pat in (chars, sorted(chars), tuple(chars), pred):
            assert pi.par_split(s, pat).collect() == split_ref(s, pred)
            assert pi.par_split_inclusive(s, pat).collect() == split_inclusive_ref(s, pred)
            assert pi.par_split_terminator(s, pat).collect() == split_terminator_ref(s, pred)
            assert pi.par_matches(s, pat).collect() == [m for _, m in match_indices_ref(s, pred)]
            assert pi.par_match_indices(s, pat).collect() == match_indices_ref(s, pred)


@SETTINGS
@given(s=texts)
def test_ascii_whitespace_and_utf16(pool: Any, cuts: None, s: str) -> None:
    with pool:
        assert pi.par_split_ascii_whitespace(s).collect() == ascii_words_ref(s)
        assert pi.par_split_ascii_whitespace(s.encode()).collect() == s.encode().split()
        assert pi.par_encode_utf16(s).collect() == utf16_ref(s)


@SETTINGS
@given(s=texts, sep=separators)
def test_every_cut_gives_the_pieces(s: str, sep: str) -> None:
    """The producers split down to one character keep the sequential answer."""
    n = len(s)
    cases = [
        (SplitInclusive(sep), split_inclusive_ref(s, sep)),
        (SplitTerminator(sep), split_terminator_ref(s, sep)),
        (MatchIndices(sep), match_indices_ref(s, sep)),
        (AsciiWhitespace(), ascii_words_ref(s)),
        (EncodeUtf16(), utf16_ref(s)),
    ]
    for mode, want in cases:
        assert leaves(TextProducer(s, 0, n, mode, 1)) == want, type(mode).__name__


def test_big_texts_are_cut_and_keep_the_answer(pool: Any) -> None:
    """Past ``MIN_PIECE`` and ``LEAF_BLOCK`` with the sizes as shipped; indices stay absolute
    when pieces travel to worker processes."""
    s = "ab,cd,,e🎉f\n" * 30_000
    with pool:
        assert pi.par_match_indices(s, ",").collect() == match_indices_ref(s, ",")
        assert pi.par_split_terminator(s, "\n").collect() == split_terminator_ref(s, "\n")
        assert pi.par_split_inclusive(s, ",,").collect() == split_inclusive_ref(s, ",,")
        assert pi.par_encode_utf16(s).collect() == utf16_ref(s)
        assert pi.par_match_indices(s, {"🎉"}).collect() == match_indices_ref(s, "🎉")


# ---------- ported from Rayon's tests/str.rs

RAYON_CASES = [
    ("Mary had a little lamb", " "),
    ("", "X"),
    ("lionXXtigerXleopard", "X"),
    ("||||a||b|c", "|"),
    ("(///)", "/"),
    ("010", "0"),
    ("    a  b c", " "),
    ("A.B.", "."),
    ("A..B..", "."),
    ("foo\r\nbar\n\nbaz\n", "\n"),
    ("foo\nbar\n\r\nbaz", "\n"),
    ("A few words", " "),
    (" Mary   had\ta\u2009little  \n\t lamb", " "),
    ("Mary had a little lamb\nlittle lamb\nlittle lamb.", "\n"),
    ("Mary had a little lamb\nlittle lamb\nlittle lamb.\n", "\n"),
    (pathlib.Path(__file__).read_text(encoding="utf-8"), " "),
]
SPLITS: dict[str, tuple[Callable[..., Any], Callable[[str, Any], Any]]] = {
    "split": (pi.par_split, split_ref),
    "split_inclusive": (pi.par_split_inclusive, split_inclusive_ref),
    "split_terminator": (pi.par_split_terminator, split_terminator_ref),
    "matches": (pi.par_matches, lambda s, p: [m for _, m in match_indices_ref(s, p)]),
    "match_indices": (pi.par_match_indices, match_indices_ref),
}


@pytest.mark.parametrize("name", sorted(SPLITS))
def test_execute_strings_split(pool: Any, name: str) -> None:
    """Rayon's ``execute_strings_split`` (``check_separators!``): each separator as a char, as
    the char array ``['\\0', sep, '🦀']`` and as a predicate, against the serial method."""
    par, ref = SPLITS[name]
    with pool:
        for string, sep in RAYON_CASES:
            array = ["\x00", sep, "\U0001f980"]
            assert par(string, sep).collect() == ref(string, sep)
            assert par(string, array).collect() == ref(string, set(array).__contains__)
            assert par(string, tuple(array)).collect() == ref(string, set(array).__contains__)
            assert par(string, lambda c, sep=sep: c == sep).collect() == ref(
                string, lambda c: c == sep
            )


def test_execute_strings_split_ascii_whitespace(pool: Any) -> None:
    """Rayon's ``execute_strings_split``, its ``split_ascii_whitespace`` loop (no ``\\x0b`` in
    these strings, where Rust's ASCII whitespace and Python's differ)."""
    with pool:
        for string, _ in RAYON_CASES:
            assert pi.par_split_ascii_whitespace(string).collect() == ascii_words_ref(string)


def test_execute_strings_encode_utf16(pool: Any) -> None:
    """Rayon's ``execute_strings``: ``par_encode_utf16`` equals ``encode_utf16`` on 1024
    characters from all of Unicode (here a fixed scramble of code points)."""
    s = "".join(chr((i * 2654435761) % 0x10FFFF) for i in range(1024))
    s = "".join(c for c in s if not 0xD800 <= ord(c) < 0xE000)  # Rust chars are scalar values
    with pool:
        assert pi.par_encode_utf16(s).collect() == utf16_ref(s)


def test_lone_surrogates_are_their_own_code_unit(pool: Any) -> None:
    with pool:
        assert pi.par_encode_utf16("a\ud800b").collect() == [97, 0xD800, 98]


def test_empty_patterns_match_everywhere(pool: Any) -> None:
    with pool:
        assert pi.par_match_indices("ab", "").collect() == [(0, ""), (1, ""), (2, "")]
        assert pi.par_match_indices(b"ab", b"").collect() == [(0, b""), (1, b""), (2, b"")]
        assert pi.par_matches("ab", set()).collect() == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: pi.par_split("a,b", {",", "ab"}), "sep as a collection must hold characters"),
        (lambda: pi.par_split(b"a,b", {","}), "sep as a collection must hold single bytes"),
        (lambda: pi.par_split_terminator("a", ""), "sep must not be empty"),
        (lambda: pi.par_split_terminator("a", 3), "sep must be a str (or a callable)"),
        (lambda: pi.par_split_inclusive(b"a", "a"), "sep must be bytes (or a callable)"),
        (lambda: pi.par_match_indices(3, "a"), "s must be a str, bytes or bytearray, got int"),
        (lambda: pi.par_encode_utf16(b"a"), "s must be a str, got bytes"),
        (lambda: pi.par_split_ascii_whitespace(None), "s must be a str, bytes or bytearray"),
    ],
)
def test_errors_name_the_argument(call: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    assert str(info.value).startswith(message)


def test_byte_patterns_take_ints_and_single_bytes(pool: Any) -> None:
    with pool:
        assert pi.par_split(b"a,b;c", {b",", b";"}).collect() == [b"a", b"b", b"c"]
        assert pi.par_match_indices(b"a1b2", lambda c: 48 <= c <= 57).collect() == [
            (1, 49),
            (3, 50),
        ]
