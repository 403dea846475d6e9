"""Tables: fixed-width text printed a row at a time, and Markdown for reports.

>>> t = TextTable([("name", 6, "<"), ("time", 8, ">")])
>>> print(t.header()); print(t.rule()); print(t.row(["fib", "1.250 s"]))
name        time
----------------
fib      1.250 s
>>> print(markdown_table(["name", "time"], [["fib", "1.250 s"]], align="<>"))
| name | time |
|---|---:|
| fib | 1.250 s |
"""

from __future__ import annotations

from collections.abc import Sequence

#: A column: its title, width and alignment ("<" left, ">" right).
Column = tuple[str, int, str]


class TextTable:
    """Columns of fixed width, so rows can be printed as they are measured."""

    def __init__(self, columns: Sequence[Column], gap: int = 2) -> None:
        self.columns = [(title, max(width, len(title)), align) for title, width, align in columns]
        self.gap = " " * gap

    def row(self, values: Sequence[object]) -> str:
        cells = (
            f"{value!s:{align}{width}}"
            for value, (_, width, align) in zip(values, self.columns, strict=True)
        )
        return self.gap.join(cells).rstrip()

    def header(self) -> str:
        return self.row([title for title, _, _ in self.columns])

    def rule(self) -> str:
        return "-" * len(self.gap.join(" " * width for _, width, _ in self.columns))


def markdown_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None
) -> str:
    """A GitHub-flavoured Markdown table; ``align`` has one ``<`` or ``>`` per column."""
    align = align or "<" * len(headers)
    rule = ["---:" if a == ">" else "---" for a in align]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |" for row in rows]
    return "\n".join(lines)
