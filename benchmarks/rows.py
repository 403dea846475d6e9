"""What every benchmark's ``run(quick)`` returns: a list of rows (dicts), and their tables.

Consecutive rows whose first key is the same form one table, whose columns are their keys (a
cell a row lacks shows as ``-``).  Numbers are
kept as numbers (``benchmarks/run_all.py`` stores them as JSON) and formatted only for display.
A benchmark that cannot run here (an optional package is missing) raises :class:`Skipped`.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from typing import Any

Row = dict[str, Any]


class Skipped(Exception):
    """This benchmark cannot run on this interpreter; the message says why."""


def format_value(value: Any) -> str:
    """A cell: floats to 4 significant digits, ints with separators, lists joined, None as -."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return " / ".join(format_value(v) for v in value)
    return str(value)


def groups(rows: Sequence[Row]) -> list[list[Row]]:
    """Consecutive rows whose first key is the same."""
    out: list[list[Row]] = []
    for row in rows:
        if out and next(iter(out[-1][0]), None) == next(iter(row), None):
            out[-1].append(row)
        else:
            out.append([row])
    return out


def markdown(rows: Sequence[Row], skip: Sequence[str] = ("benchmark",)) -> str:
    """The rows as Markdown tables (numbers right-aligned), one per group, blank-line separated."""
    tables = []
    for group in groups(rows):
        keys = [k for k in dict.fromkeys(k for r in group for k in r) if k not in skip]
        numeric = [all(isinstance(r.get(k), (int, float, type(None))) for r in group) for k in keys]
        lines = [
            "| " + " | ".join(keys) + " |",
            "|" + "|".join("---:" if n else "---" for n in numeric) + "|",
        ]
        for r in group:
            cells = (format_value(r.get(k)).replace("|", "\\|") for k in keys)
            lines.append("| " + " | ".join(cells) + " |")
        tables.append("\n".join(lines))
    return "\n\n".join(tables)


def print_rows(rows: Sequence[Row]) -> None:
    print(markdown(rows))


def package_version(name: str) -> str:
    """The installed version of distribution ``name``, or ``"not installed"``."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
