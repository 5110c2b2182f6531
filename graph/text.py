"""Plain-text tables, shared by every command that prints one (no dependencies: usable from every room)."""

from __future__ import annotations

__all__ = ["table", "table_lines", "markdown_table_lines"]


def table_lines(headers: list[str], rows: list[list]) -> list[str]:
    """`rows` under `headers` in columns two spaces apart, with a rule of dashes under the headers."""
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    out = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    out.insert(1, "  ".join("-" * w for w in widths))
    return out


def table(headers: list[str], rows: list[list]) -> str:
    """`table_lines` as one string."""
    return "\n".join(table_lines(headers, rows))


def markdown_table_lines(headers: list[str], rows: list[list]) -> list[str]:
    """`rows` under `headers` as a Markdown table, with any '|' in a cell escaped."""
    escape = lambda c: str(c).replace("|", "\\|")  # noqa: E731
    return [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
        *("| " + " | ".join(escape(c) for c in row) + " |" for row in rows),
    ]
