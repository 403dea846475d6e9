"""Every ```` ```python ```` block of README.md and docs/**/*.md runs as written.

A reader copies a block into a file and runs it, so each block runs alone, top to bottom, in a
fresh namespace named ``__main__`` (a block that starts a ``ProcessPool`` keeps the
``if __name__ == "__main__":`` guard a script needs, and its body runs here). Its line numbers
in a traceback are those of the page. A block that is not meant to run takes another fence
language (``sh``, ``console``, ``text``); ``>>>`` sessions are ``pycon`` blocks, which
tests/test_docs.py runs as doctests (on the docs pages, and here on README.md). A block that
imports a module that is not installed (``numpy``) is skipped, as a reader without it could not
run it either.
"""

from __future__ import annotations

import ast
import importlib.util
import pathlib
import re
from typing import Any

import pytest

from tests.test_docs import run_page

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LANGUAGES = {"python", "py", "python3"}

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w+-]*)")


def python_blocks(text: str) -> list[tuple[int, str]]:
    """The page's Python blocks: ``(line of the block's first line, source)``.

    >>> python_blocks("a\\n```python\\nx = 1\\n```\\n```sh\\nls\\n```\\n")
    [(3, 'x = 1\\n')]
    """
    blocks: list[tuple[int, str]] = []
    fence: str | None = None  # the open fence's marker
    keep = False
    first = 0
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence, keep, first, lines = match.group(1), match.group(2) in LANGUAGES, number, []
        elif match and match.group(1).startswith(fence) and not match.group(2):
            if keep:
                blocks.append((first + 1, "".join(f"{x}\n" for x in lines)))
            fence = None
        else:
            lines.append(line)
    return blocks


def _cases() -> list[Any]:
    return [
        pytest.param(page, line, source, id=f"{page.relative_to(ROOT).as_posix()}:{line}")
        for page in PAGES
        for line, source in python_blocks(page.read_text(encoding="utf-8"))
    ]


def missing_modules(source: str) -> list[str]:
    """The top-level modules the block imports that cannot be found here."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return sorted(name for name in names if importlib.util.find_spec(name) is None)


def test_the_readme_has_python_blocks() -> None:
    assert len(python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))) >= 5


@pytest.mark.parametrize(("page", "line", "source"), _cases())
def test_block_runs_as_written(page: pathlib.Path, line: int, source: str) -> None:
    assert not source.lstrip().startswith(">>>"), "a >>> session belongs in a ```pycon block"
    if missing := missing_modules(source):
        pytest.skip(f"needs {', '.join(missing)}")
    # Blank lines in front keep the page's line numbers in a traceback.
    code = compile("\n" * (line - 1) + source, str(page.relative_to(ROOT)), "exec")
    namespace = {"__name__": "__main__"}
    try:
        exec(code, namespace)
    finally:
        namespace.clear()


def test_readme_doctests() -> None:
    """README.md's ``pycon`` blocks, if it has any, are doctests as the docs pages' are."""
    attempted, failed, _missing, report = run_page(ROOT / "README.md")
    assert failed == 0, f"{failed} of {attempted} examples failed:\n{report}"
