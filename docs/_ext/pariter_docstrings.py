"""A Griffe extension that lets mkdocstrings render pariter's reST-flavoured docstrings.

pariter's docstrings are plain prose with doctest blocks (``>>>`` lines, run by pytest's
``--doctest-modules``) and a few Sphinx roles (``:func:`join```).  Rendered as Markdown as they
are, a ``>>>`` line becomes a nested block quote and a role shows its ``:func:`` prefix.  This
extension rewrites each docstring before rendering (the source files are left alone):

- every doctest block (from a ``>>>`` line to the next blank line) becomes a ``pycon`` fence;
- ``:func:`x```, ``:class:`x```, ``:meth:`x```, ``:mod:`x``` ... become the code span ```x```.

It is loaded by mkdocs.yml (``extensions: [docs/_ext/pariter_docstrings.py:DoctestBlocks]``).
"""

from __future__ import annotations

import re
from typing import Any

try:
    from griffe import Extension
except ImportError:  # tests/test_docs.py checks to_markdown without the docs extra
    Extension = object

_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj):`~?([^`]+)`")


def to_markdown(text: str) -> str:
    """The docstring ``text`` with doctest blocks fenced and Sphinx roles turned into code.

    ``tests/test_docs.py`` checks it (a doctest here would read its own output as examples).
    """
    out: list[str] = []
    in_fence = False  # inside a fence the author wrote
    in_doctest = False  # inside a fence this function opened
    indent = ""
    for line in text.splitlines():
        stripped = line.strip()
        if in_doctest:
            if stripped:
                out.append(line)
                continue
            out.append(indent + "```")
            in_doctest = False
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + "```pycon")
            out.append(line)
            in_doctest = True
            continue
        out.append(line if in_fence else _ROLE.sub(r"`\1`", line))
    if in_doctest:
        out.append(indent + "```")
    return "\n".join(out)


class DoctestBlocks(Extension):
    """Rewrite every loaded object's docstring with :func:`to_markdown`."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        docstring = getattr(obj, "docstring", None)
        if docstring is not None:
            docstring.value = to_markdown(docstring.value)
