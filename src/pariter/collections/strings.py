"""Rayon's string iterators: ``par_chars``, ``par_char_indices``, ``par_bytes``,
``par_encode_utf16``, ``par_lines``, the splits (``par_split``, ``par_split_inclusive``,
``par_split_terminator`` on text, ``par_split_whitespace``, ``par_split_ascii_whitespace``) and
the matches (``par_matches``, ``par_match_indices``).

Each result equals the sequential ``str`` (or ``bytes``) method it is named after; see each
function for which one.  Splitting is parallel: a piece of the text is cut at a *safe boundary*
near its middle (just after a line break, at a whitespace character, at an occurrence of the
separator that a left-to-right scan would also find), and each leaf runs the C-level method
(``splitlines``, ``split``, ``count``) on its piece, so no Python code runs per item.

Wherever Rayon takes a pattern, a ``str`` (``bytes``) is a substring (a one-character string is
Rust's ``char``), a set, list or tuple of characters matches any of them (Rust's ``[char; N]``),
and a callable is a predicate on characters; the last two split the text as a sequence
(:mod:`pariter.collections.slices`).
"""

from __future__ import annotations

import array
import functools
import itertools
import operator
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pariter.iterators.base import IndexedParallelIterator, ParallelIterator, describe_entry
from pariter.plumbing.bridge import bridge_unindexed
from pariter.plumbing.protocols import Consumer, Folder, UnindexedProducer

R = TypeVar("R")
Text = str | bytes | bytearray

#: Pieces shorter than this are not cut further: a cut costs a search, a leaf a method call.
MIN_PIECE = 4096
#: A leaf runs its piece in blocks of about this many characters, cut by the same rule: the
#: block's result list stays small, so its memory is reused instead of growing the heap (a
#: whole-piece ``split()`` of 50 MB builds millions of objects at once, and fresh pages fault
#: serially in the kernel), and a short-circuiting consumer stops after one block.
LEAF_BLOCK = 1 << 16

# The characters str.splitlines() breaks at; bytes.splitlines() only knows \n and \r.
_STR_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_BYTES_BREAK = re.compile(b"[\n\r]")
# For str patterns ``\s`` is Py_UNICODE_ISSPACE, exactly what str.split() splits at; for bytes
# it is the six ASCII characters of bytes.split().
_STR_SPACE = re.compile(r"\s")
_BYTES_SPACE = re.compile(rb"\s")
# ASCII whitespace as Python counts it (string.whitespace, what bytes.split() splits at); Rust's
# is_ascii_whitespace leaves out the vertical tab \x0b.
_STR_ASCII_SPACE = re.compile("[ \t\n\r\x0b\x0c]")
_BYTES_ASCII_SPACE = re.compile(b"[ \t\n\r\x0b\x0c]")
_STR_ASCII_SPACES = re.compile("[ \t\n\r\x0b\x0c]+")
_BYTES_ASCII_SPACES = re.compile(b"[ \t\n\r\x0b\x0c]+")
#: The UTF-16 codec whose code units ``array("H")`` reads in this machine's byte order.
_UTF16 = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"
#: How many candidate occurrences of a self-overlapping separator a cut tries before giving up.
_MAX_TRIES = 32


def _check_text(name: str, s: Any, allow_bytes: bool = True) -> None:
    if isinstance(s, str) or (allow_bytes and isinstance(s, (bytes, bytearray))):
        return
    kinds = "a str, bytes or bytearray" if allow_bytes else "a str"
    raise TypeError(f"{name} must be {kinds}, got {type(s).__name__}")


class Mode:
    """How one kind of split cuts a piece and what a leaf yields."""

    __slots__ = ()

    def cut(self, s: Any, start: int, mid: int, end: int) -> tuple[int, int] | None:
        """``(left_end, right_start)`` of a safe cut in ``[start, end)`` at or after ``mid``."""
        raise NotImplementedError

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        """The items of ``s[start:end]``; ``s[0]`` is at ``origin`` in the whole text, and
        ``at_end`` says that ``end`` is the whole text's end."""
        raise NotImplementedError


class Lines(Mode):
    """``s.splitlines(keepends)``: cut just after a line break (``\\r\\n`` stays whole)."""

    __slots__ = ("keepends",)

    def __init__(self, keepends: bool) -> None:
        self.keepends = keepends

    def cut(self, s: Any, start: int, mid: int, end: int) -> tuple[int, int] | None:
        pattern = _STR_BREAK if isinstance(s, str) else _BYTES_BREAK
        found = pattern.search(s, mid, end) or pattern.search(s, start, mid)
        if found is None:
            return None
        q = found.start()
        cut = q + 1
        # A \r followed by \n is one break: never cut between them.
        if s[q : q + 1] in ("\r", b"\r") and s[q + 1 : q + 2] in ("\n", b"\n"):
            cut += 1
        return None if cut >= end else (cut, cut)

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        return s[start:end].splitlines(self.keepends)  # type: ignore[no-any-return]


class Whitespace(Mode):
    """``s.split()``: cut at a whitespace character, which no word contains."""

    __slots__ = ()
    #: The whitespace to cut at, in a str and in bytes.
    SPACE = (_STR_SPACE, _BYTES_SPACE)

    def cut(self, s: Any, start: int, mid: int, end: int) -> tuple[int, int] | None:
        pattern = self.SPACE[0] if isinstance(s, str) else self.SPACE[1]
        found = pattern.search(s, mid, end) or pattern.search(s, start, mid)
        if found is None:
            return None
        q = found.start()
        return q, q + 1

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        return s[start:end].split()  # type: ignore[no-any-return]


class AsciiWhitespace(Whitespace):
    """``s.split()`` at ASCII whitespace only: cut at an ASCII whitespace character."""

    __slots__ = ()
    SPACE = (_STR_ASCII_SPACE, _BYTES_ASCII_SPACE)

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        pattern = _STR_ASCII_SPACES if isinstance(s, str) else _BYTES_ASCII_SPACES
        return filter(None, pattern.split(s[start:end]))  # no empty words, as str.split()


def greedy_occurrence(s: Any, sep: Any, start: int, lo: int, end: int) -> int | None:
    """An occurrence of ``sep`` in ``s[lo:end]`` that a left-to-right scan from ``start`` finds.

    The scan surely finds an occurrence at ``p`` when no occurrence starts in
    ``(p - len(sep), p)`` (at or after ``start``): then every earlier match ends by ``p``.  This
    is sufficient, not necessary, so it may skip a usable cut (``"aa"`` in ``"aaaa"``) but never
    picks a wrong one.  Separators that cannot overlap themselves always pass.

    >>> greedy_occurrence("aaa", "aa", 0, 1, 3), greedy_occurrence("a,b", ",", 0, 0, 3)
    (None, 1)
    """
    m = len(sep)
    for _ in range(_MAX_TRIES):
        p = s.find(sep, lo, end)
        if p < 0:
            return None
        q = s.find(sep, max(start, p - m + 1), p + m - 1)
        if q < 0 or q >= p:
            return p  # type: ignore[no-any-return]
        lo = p + 1
    return None


def separator_near(s: Any, sep: Any, start: int, mid: int, end: int) -> int | None:
    """Where to cut ``s[start:end]`` at ``sep``: a greedy occurrence from ``mid`` on, else one
    before it (both found as the sequential scan would find them).

    >>> separator_near("a,b,c,d", ",", 0, 4, 7), separator_near("a,bcd", ",", 0, 3, 5)
    (5, 1)
    """
    p = greedy_occurrence(s, sep, start, mid, end)
    return greedy_occurrence(s, sep, start, start, mid) if p is None else p


class SplitBy(Mode):
    """``s.split(sep)``: cut at a separator the sequential scan would match, and drop it."""

    __slots__ = ("sep",)

    def __init__(self, sep: Any) -> None:
        self.sep = sep

    def cut(self, s: Any, start: int, mid: int, end: int) -> tuple[int, int] | None:
        p = separator_near(s, self.sep, start, mid, end)
        return None if p is None else (p, p + len(self.sep))

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        return s[start:end].split(self.sep)  # type: ignore[no-any-return]


class SplitTerminator(SplitBy):
    """``s.split(sep)`` without the empty piece after a final separator (Rust's
    ``split_terminator``): only the leaf at the text's end can have it."""

    __slots__ = ()

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        parts: list[Any] = s[start:end].split(self.sep)
        if at_end and not parts[-1]:
            parts.pop()
        return parts


class SplitInclusive(Mode):
    """``s.split(sep)`` with each separator kept at the end of its piece and no empty piece
    after a final one (Rust's ``split_inclusive``): cut just after a separator."""

    __slots__ = ("sep",)

    def __init__(self, sep: Any) -> None:
        self.sep = sep

    def cut(self, s: Any, start: int, mid: int, end: int) -> tuple[int, int] | None:
        p = separator_near(s, self.sep, start, mid, end)
        if p is None or p + len(self.sep) >= end:
            return None
        cut = p + len(self.sep)
        return cut, cut

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        sep = self.sep
        parts = s[start:end].split(sep)
        pieces = list(map(operator.add, parts[:-1], itertools.repeat(sep)))
        if parts[-1]:  # empty after a final separator (every leaf but the last ends there)
            pieces.append(parts[-1])
        return pieces


class Matches(Mode):
    """The non-overlapping occurrences of ``sub``, left to right: ``s.count(sub)`` of them."""

    __slots__ = ("sub",)

    def __init__(self, sub: Any) -> None:
        self.sub = sub

    def cut(self, s: Any, start: int, mid: int, end: int) -> tuple[int, int] | None:
        p = greedy_occurrence(s, self.sub, start, mid, end)
        if p is None or p == start:
            return None
        return p, p  # the occurrence starts the right piece

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        return itertools.repeat(self.sub, s.count(self.sub, start, end))


class MatchIndices(Matches):
    """``(index, sub)`` for the matches of :class:`Matches`: the regular expression of the
    literal ``sub`` finds the same leftmost non-overlapping matches, in C."""

    __slots__ = ()

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        found = re.compile(re.escape(self.sub)).finditer(s, start, end)  # compiled once: re caches
        starts = map(operator.add, map(re.Match.start, found), itertools.repeat(origin))
        return zip(starts, itertools.repeat(self.sub))


class EncodeUtf16(Mode):
    """The UTF-16 code units of ``s``: any index is a cut (a ``str`` indexes code points)."""

    __slots__ = ()

    def cut(self, s: Any, start: int, mid: int, end: int) -> tuple[int, int] | None:
        return mid, mid

    def leaf(
        self, s: Any, start: int, end: int, origin: int = 0, at_end: bool = True
    ) -> Iterable[Any]:
        # surrogatepass: a lone surrogate (which a Python str may hold) is its own code unit.
        return array.array("H", s[start:end].encode(_UTF16, "surrogatepass"))


class TextProducer(UnindexedProducer[Any]):
    """The piece ``s[start:end]``: cut by its mode, or run whole in one leaf.

    >>> p = TextProducer("a b c d", 0, 7, Whitespace(), 1)
    >>> left, right = p.split()
    >>> left.s[left.start:left.end], right.s[right.start:right.end]
    ('a b', 'c d')
    """

    __slots__ = ("at_end", "end", "min_piece", "mode", "origin", "s", "start")

    def __init__(
        self,
        s: Any,
        start: int,
        end: int,
        mode: Mode,
        min_piece: int,
        origin: int = 0,
        at_end: bool = True,
    ) -> None:
        self.s = s
        self.start = start
        self.end = end
        self.mode = mode
        self.min_piece = min_piece
        #: Where ``s[0]`` is in the whole text (a shipped piece carries only its own text).
        self.origin = origin
        #: Whether this piece ends where the whole text ends.
        self.at_end = at_end

    def __reduce__(self) -> tuple[Any, ...]:
        # Shipped to another process: just this piece's text.
        start, end = self.start, self.end
        args = (self.s[start:end], 0, end - start, self.mode, self.min_piece)
        return (TextProducer, (*args, self.origin + start, self.at_end))

    def split(self) -> tuple[UnindexedProducer[Any], UnindexedProducer[Any] | None]:
        start, end = self.start, self.end
        if end - start < max(self.min_piece, 2):
            return self, None
        cut = self.mode.cut(self.s, start, (start + end) // 2, end)
        if cut is None:
            return self, None
        s, mode, min_piece, origin = self.s, self.mode, self.min_piece, self.origin
        return (
            TextProducer(s, start, cut[0], mode, min_piece, origin, False),
            TextProducer(s, cut[1], end, mode, min_piece, origin, self.at_end),
        )

    def fold_with(self, folder: Folder[Any, Any]) -> None:
        s, mode, start, end, origin = self.s, self.mode, self.start, self.end, self.origin
        block = LEAF_BLOCK
        while end - start > block:
            cut = mode.cut(s, start, start + block, end)
            if cut is None:
                break
            folder.consume_iter(iter(mode.leaf(s, start, cut[0], origin, False)))
            start = cut[1]
            if folder.full():
                return
        folder.consume_iter(iter(mode.leaf(s, start, end, origin, self.at_end)))


class TextSplit(ParallelIterator[Any]):
    """An unindexed parallel iterator over the pieces of a text (Rayon's ``Lines``, ``Split``)."""

    def __init__(self, name: str, s: Any, mode: Mode) -> None:
        self.name = name
        self.s = s
        self.mode = mode

    def drive_unindexed(self, consumer: Consumer[Any, R]) -> R:
        # MIN_PIECE is read per call (not bound at import) so tests can lower it.
        producer = TextProducer(self.s, 0, len(self.s), self.mode, MIN_PIECE)
        return bridge_unindexed(producer, consumer)

    def __repr__(self) -> str:
        # The mode holds the other arguments (sep, sub, keepends when set).
        mode = self.mode
        names = [name for cls in type(mode).__mro__ for name in cls.__dict__.get("__slots__", ())]
        args = [getattr(mode, name) for name in names]
        return describe_entry(self.name, self.s, *(a for a in args if a is not False))


def par_chars(s: str) -> IndexedParallelIterator[str]:
    """The characters (code points) of ``s``, as ``list(s)`` gives them (indexed).

    A combining mark is its own item, as in ``list(s)`` and Rust's ``chars()``.

    >>> par_chars("héllo").collect(str)
    'héllo'
    >>> par_chars("e\\u0301🎉").collect()
    ['e', '́', '🎉']
    """
    from pariter.collections.sequence import SequenceIter

    _check_text("s", s, allow_bytes=False)
    return SequenceIter(s)


def par_char_indices(s: str) -> IndexedParallelIterator[tuple[int, str]]:
    """``(index, char)`` pairs as ``enumerate(s)`` gives them (indexed).

    The index is the position in the ``str`` (code points), where Rust gives a UTF-8 byte
    offset: in Python ``s[i]`` is the character, which is what the index is for.

    >>> par_char_indices("a🎉b").collect()
    [(0, 'a'), (1, '🎉'), (2, 'b')]
    """
    return par_chars(s).enumerate()


def par_bytes(s: Text) -> IndexedParallelIterator[int]:
    """The bytes of ``s`` as ints: its UTF-8 encoding ``s.encode()`` for a ``str``, as Rust's
    ``bytes()`` yields the UTF-8 bytes; the items of ``bytes``/``bytearray`` input (indexed).

    >>> par_bytes("é!").collect() == list("é!".encode())
    True
    >>> par_bytes(b"hi").collect()
    [104, 105]
    """
    from pariter.collections.sequence import SequenceIter

    _check_text("s", s)
    return SequenceIter(s.encode() if isinstance(s, str) else s)


def par_lines(s: Text, keepends: bool = False) -> ParallelIterator[Any]:
    """The lines of ``s``, equal to ``s.splitlines(keepends)`` (unindexed).

    This is Python's meaning of lines, not Rust's ``lines()``: a line ends at ``\\n``,
    ``\\r\\n`` and also a lone ``\\r`` (for ``str`` also ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``,
    ``\\x85``, ``\\u2028``, ``\\u2029``); no empty last line follows a final line break.  For
    text with only ``\\n`` and ``\\r\\n`` breaks the two agree.

    >>> par_lines("one\\r\\ntwo\\n\\nthree\\n").collect()
    ['one', 'two', '', 'three']
    >>> par_lines("a\\rb\\u2028c", keepends=True).collect()
    ['a\\r', 'b\\u2028', 'c']
    """
    _check_text("s", s)
    return TextSplit("par_lines", s, Lines(bool(keepends)))


def par_split_whitespace(s: Text) -> ParallelIterator[Any]:
    """The words of ``s``, equal to ``s.split()`` (unindexed).

    Whitespace is Python's (``str.isspace``; six ASCII characters for ``bytes``); runs of it
    separate words and no empty words are yielded.

    >>> par_split_whitespace("  the quick\\u3000brown\\n\\tfox ").collect()
    ['the', 'quick', 'brown', 'fox']
    """
    _check_text("s", s)
    return TextSplit("par_split_whitespace", s, Whitespace())


def par_split_ascii_whitespace(s: Text) -> ParallelIterator[Any]:
    """The words of ``s`` between runs of ASCII whitespace (unindexed).

    ASCII whitespace is Python's (``string.whitespace``: space, ``\\t``, ``\\n``, ``\\r``,
    ``\\x0b``, ``\\x0c``), so for ``bytes`` this equals ``s.split()``; Rust's
    ``is_ascii_whitespace`` leaves out ``\\x0b``.  Other Unicode spaces stay inside words.

    >>> par_split_ascii_whitespace(" a\\tb\\u3000c\\n").collect()
    ['a', 'b\\u3000c']
    """
    _check_text("s", s)
    return TextSplit("par_split_ascii_whitespace", s, AsciiWhitespace())


def _is_char(s: Text, c: Any) -> bool:
    if isinstance(s, str):
        return isinstance(c, str) and len(c) == 1
    return isinstance(c, (bytes, bytearray)) and len(c) == 1


def text_pattern(name: str, s: Text, pat: Any) -> tuple[str, Any]:
    """``("sub", substring)`` or ``("pred", predicate on characters)`` for a pattern of ``s``:
    a substring, a set/list/tuple of characters, or a callable; else a ``TypeError`` naming the
    argument.

    >>> text_pattern("sep", "a,b", ",")
    ('sub', ',')
    >>> kind, pred = text_pattern("sep", "a,b", {",", ";"}); kind, pred(";"), pred("a")
    ('pred', True, False)
    """
    if callable(pat):
        return "pred", pat
    if isinstance(pat, (set, frozenset, list, tuple)):
        if not all(_is_char(s, c) for c in pat):
            kind = "characters (str of length 1)" if isinstance(s, str) else "single bytes"
            raise TypeError(f"{name} as a collection must hold {kind}")
        # bytes iterate as ints: a predicate on the items of bytes takes ints.
        chars = frozenset(pat if isinstance(s, str) else (c[0] for c in pat))
        return "pred", chars.__contains__
    _check_sep(name, s, pat)
    return "sub", pat


def split_text(s: Text, sep: Any) -> ParallelIterator[Any]:
    """``par_split`` on text: equal to ``s.split(sep)`` (``sep=None`` splits at whitespace); a
    predicate or a set of characters splits at each character it accepts.

    >>> split_text("a--b----c", "--").collect()
    ['a', 'b', '', 'c']
    """
    if sep is None:
        return par_split_whitespace(s)
    kind, pat = text_pattern("sep", s, sep)
    if kind == "pred":
        from pariter.collections.slices import SplitSlices

        return SplitSlices(s, pat)
    return TextSplit("par_split", s, SplitBy(pat))


def split_text_inclusive(s: Text, sep: Any) -> ParallelIterator[Any]:
    """``par_split_inclusive`` on text (Rust's ``str::split_inclusive``).

    >>> split_text_inclusive("a,b,", ",").collect(), split_text_inclusive("", ",").collect()
    (['a,', 'b,'], [])
    """
    _check_text("s", s)
    kind, pat = text_pattern("sep", s, sep)
    if kind == "pred":
        from pariter.collections.slices import SplitSlices

        return SplitSlices(s, pat, "par_split_inclusive", inclusive=True)
    return TextSplit("par_split_inclusive", s, SplitInclusive(pat))


def par_split_terminator(s: Text, sep: Any) -> ParallelIterator[Any]:
    """``s.split(sep)`` without the empty last piece when ``s`` ends with a separator (Rust's
    ``split_terminator``: the separator terminates pieces; unindexed).

    ``sep`` is a pattern: a ``str`` (``bytes``) substring, a set, list or tuple of characters
    matching any of them, or a predicate on characters (on ints for ``bytes``).

    >>> par_split_terminator("a.b.", ".").collect(), par_split_terminator("a..", ".").collect()
    (['a', 'b'], ['a', ''])
    >>> par_split_terminator("x1y22", str.isdigit).collect()
    ['x', 'y', '']
    """
    _check_text("s", s)
    kind, pat = text_pattern("sep", s, sep)
    if kind == "pred":
        from pariter.collections.slices import SplitSlices

        return SplitSlices(s, pat, "par_split_terminator", terminator=True)
    return TextSplit("par_split_terminator", s, SplitTerminator(pat))


def _check_sep(name: str, s: Text, sep: Any) -> None:
    if isinstance(s, str):
        if not isinstance(sep, str):
            raise TypeError(
                f"{name} must be a str (or a callable) for str input, or a set of characters, "
                f"got {type(sep).__name__}"
            )
    elif not isinstance(sep, (bytes, bytearray)):
        raise TypeError(
            f"{name} must be bytes (or a callable) for {type(s).__name__} input, or a set of "
            f"single bytes, got {type(sep).__name__}"
        )
    if not sep:
        raise ValueError(f"{name} must not be empty (empty separator)")


def _is_empty_sub(s: Text, sub: Any) -> bool:
    """An empty substring of the same kind as ``s`` (it matches at every position)."""
    kinds = str if isinstance(s, str) else (bytes, bytearray)
    return isinstance(sub, kinds) and not sub


def _matched(pred: Callable[[Any], Any], pair: tuple[int, Any]) -> Any:
    return pred(pair[1])


def par_matches(s: Text, sub: Any) -> ParallelIterator[Any]:
    """The non-overlapping matches of ``sub`` in ``s``, left to right (unindexed).

    For a ``str``/``bytes`` ``sub`` each match equals ``sub``, and there are ``s.count(sub)`` of
    them (``re.findall(re.escape(sub), s)`` gives the same list); an empty ``sub`` matches
    ``len(s) + 1`` times.  A callable ``sub`` is a character predicate, as in Rayon: the
    characters for which it is true; a set of characters matches each of them.

    >>> par_matches("abcabcab", "ab").collect()
    ['ab', 'ab', 'ab']
    >>> par_matches("a1b22", str.isdigit).collect(), par_matches("a1b22", {"a", "2"}).collect()
    (['1', '2', '2'], ['a', '2', '2'])
    """
    _check_text("s", s)
    if _is_empty_sub(s, sub):
        from pariter.collections.repeat import repeat_n

        return repeat_n(sub, len(s) + 1)
    kind, pat = text_pattern("sub", s, sub)
    if kind == "pred":
        from pariter.collections.sequence import SequenceIter

        return SequenceIter(s).filter(pat)
    return TextSplit("par_matches", s, Matches(pat))


def par_match_indices(s: Text, sub: Any) -> ParallelIterator[tuple[int, Any]]:
    """``(index, match)`` for each match of :func:`par_matches`, left to right (unindexed).

    The index is the position in ``s`` (code points for a ``str``, as in
    :func:`par_char_indices`), where Rust gives a UTF-8 byte offset.

    >>> par_match_indices("abcabcab", "ab").collect()
    [(0, 'ab'), (3, 'ab'), (6, 'ab')]
    >>> par_match_indices("a1b22", str.isdigit).collect()
    [(1, '1'), (3, '2'), (4, '2')]
    """
    _check_text("s", s)
    if _is_empty_sub(s, sub):  # an empty match at every position, the end included
        from pariter.collections.entry import into_par_iter
        from pariter.collections.repeat import repeat_n

        return into_par_iter(range(len(s) + 1)).zip(repeat_n(sub, len(s) + 1))
    kind, pat = text_pattern("sub", s, sub)
    if kind == "pred":
        from pariter.collections.sequence import SequenceIter

        return SequenceIter(s).enumerate().filter(functools.partial(_matched, pat))
    return TextSplit("par_match_indices", s, MatchIndices(pat))


def par_encode_utf16(s: str) -> ParallelIterator[int]:
    """The UTF-16 code units of ``s`` as ints, equal to the code units of
    ``s.encode("utf-16-le", "surrogatepass")`` (a lone surrogate is its own unit; unindexed).

    >>> par_encode_utf16("h\\u00e9\\U0001f389").collect()
    [104, 233, 55356, 57225]
    """
    _check_text("s", s, allow_bytes=False)
    return TextSplit("par_encode_utf16", s, EncodeUtf16())
