"""The documentation site's examples are tests: every ``>>>`` block in docs/**/*.md runs here.

Only fenced ```` ```pycon ```` blocks are examples (the fences themselves would otherwise be read
as expected output). Each page runs as one doctest, top to bottom, in a fresh namespace, so a
page must import what it uses (``>>> import pariter as pi``), as a reader copying it would.
A block preceded by ``<!-- requires: NAME ... -->`` runs only where every ``NAME`` exists: an
importable module (``numpy``) or an attribute of pariter (``pariter.ProcessPool``); elsewhere it
is left out.
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
import pathlib
import re
from typing import Any

import pytest

import pariter as pi

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
#: Pages that must carry at least one runnable example.
PAGES_WITH_EXAMPLES = ["index.md", *(f"guide/{p.name}" for p in sorted(DOCS.glob("guide/*.md")))]

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w+-]*)")
_REQUIRES = re.compile(r"^\s*<!--\s*requires:\s*(.+?)\s*-->\s*$")


def available(name: str) -> bool:
    """Whether ``pariter.X`` exists, or the module ``name`` can be imported."""
    if name.startswith("pariter."):
        obj: Any = pi
        for part in name.split(".")[1:]:
            if not hasattr(obj, part):
                return False
            obj = getattr(obj, part)
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def examples_of(text: str) -> tuple[str, list[str]]:
    """The page's ``pycon`` blocks, other lines blanked so that line numbers stay those of the
    page; and the requirements of the blocks left out because they are not available.

    >>> src, missing = examples_of("a\\n```pycon\\n>>> 1\\n1\\n```\\n<!-- requires: nope -->\\n"
    ...                            "```pycon\\n>>> 2\\n```\\n")
    >>> src.splitlines(), missing
    (['', '', '>>> 1', '1', '', '', '', '', ''], ['nope'])
    """
    out: list[str] = []
    missing: list[str] = []
    fence: str | None = None  # the open fence's marker
    keep = False
    requirement: list[str] = []
    for line in text.splitlines():
        match = _FENCE.match(line)
        if fence is None:
            out.append("")
            if match:
                fence = match.group(1)
                keep = match.group(2) == "pycon"
                absent = [name for name in requirement if not available(name)]
                if keep and absent:
                    missing.extend(absent)
                    keep = False
                requirement = []
            elif needs := _REQUIRES.match(line):
                requirement = needs.group(1).split()
            elif line.strip():
                requirement = []
        elif match and match.group(1).startswith(fence) and not match.group(2):
            out.append("")
            fence = None
        else:
            out.append(line if keep else "")
    return "\n".join(out) + "\n", missing


def run_page(path: pathlib.Path) -> tuple[int, int, list[str], str]:
    """Run the page's examples: ``(attempted, failed, skipped requirements, report)``."""
    source, missing = examples_of(path.read_text(encoding="utf-8"))
    name = path.relative_to(ROOT).as_posix()
    test = doctest.DocTestParser().get_doctest(source, {"__name__": "__docs__"}, name, name, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    try:
        runner.run(test, out=report.append)
    finally:
        test.globs.clear()
    return runner.tries, runner.failures, missing, "".join(report)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_examples(path: pathlib.Path) -> None:
    attempted, failed, missing, report = run_page(path)
    assert failed == 0, f"{failed} of {attempted} examples failed:\n{report}"
    if missing and attempted == 0:
        pytest.skip(f"needs {', '.join(sorted(set(missing)))}")


@pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES)
def test_guide_pages_have_examples(page: str) -> None:
    assert "```pycon" in (DOCS / page).read_text(encoding="utf-8"), f"{page} has no example"


def _rayon_page_names() -> set[str]:
    return set(re.findall(r"`(?:pi\.|\.)?(\w+)", (DOCS / "rayon.md").read_text("utf-8")))


@pytest.mark.parametrize("cls", [pi.ParallelIterator, pi.IndexedParallelIterator])
def test_rayon_table_lists_every_method(cls: type) -> None:
    """Every public method of the iterator classes has its row in "Coming from Rayon"."""
    plumbing = {"drive", "drive_unindexed", "producer"}
    methods = {n for n in vars(cls) if not n.startswith("_") and callable(getattr(cls, n))}
    assert sorted(methods - plumbing - _rayon_page_names()) == []


def exported_names() -> list[str]:
    """The names ``pariter/__init__.py`` imports from pariter's own modules (its API)."""
    tree = ast.parse((ROOT / "src" / "pariter" / "__init__.py").read_text(encoding="utf-8"))
    return sorted(
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pariter")
        for alias in node.names
        if not (alias.asname or alias.name).startswith("_")
    )


def test_every_public_name_is_documented() -> None:
    """Every name ``pariter`` exports is mentioned on some page (the backends are on theirs)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    mentions = ("`{}", "pi.{}", "pariter.{}")
    names = exported_names()
    assert "par_iter" in names
    assert [n for n in names if not any(m.format(n) in text for m in mentions)] == []


def test_docstring_extension_fences_doctests_and_roles() -> None:
    spec = importlib.util.spec_from_file_location(
        "_pariter_docstrings", DOCS / "_ext" / "pariter_docstrings.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = "Sum.\n\n    >>> 1 + 1\n    2\n\nSee :func:`pariter.join` and ``x``.\n```\n>>> raw\n```"
    assert module.to_markdown(text).splitlines() == [
        "Sum.", "", "    ```pycon", "    >>> 1 + 1", "    2", "    ```", "",
        "See `pariter.join` and ``x``.", "```", ">>> raw", "```",
    ]  # fmt: skip
