"""The table form of a section: blocks that say much the same thing written once, as QuickStatements does.

An item of `entities`, `relations` or `claims` may be a table instead of a block::

    - shared: {type: member, to: network/ccin, tier: Full, as_at: 2020-05-01, quote: Correct as at 1st May 2020}
      columns: [from, quote]
      rows:
      - [council:Brent Council, Brent Council]
      - [council:Bury Council, Bury Council]

Each row is read as the block of its `columns` (a row's cell left empty, `~`, gives no field) plus the `shared`
fields, at the row's own line, so that errors and the provenance of what it states name that line. A field is
given in one place, the shared part or a column, except `quote`: a row's quotes come first, then the shared ones.
"""

from __future__ import annotations

from typing import Any

from .checks import Checker, clip, shown
from .yamlfile import LINE, ROW_LINES

__all__ = ["is_table", "expand_table", "TABLE_KEYS"]

TABLE_KEYS = ("shared", "columns", "rows")
_BOTH_PLACES = {"quote"}  # the fields a row and the shared part may both give (a row's come first)


def is_table(item: Any) -> bool:
    """Whether a section's item is a table (it has rows) rather than one block."""
    return isinstance(item, dict) and "rows" in item


def expand_table(table: dict, path: str, check: Checker) -> list[dict]:
    """The blocks `table`'s rows stand for, each with its row's line; problems go to `check` (a row that
    cannot be read is left out, the rest are still read)."""
    line = table.get(LINE)
    unknown = set(table) - set(TABLE_KEYS) - {LINE, ROW_LINES}
    if unknown:
        check.error(path, line, f"a table has {', '.join(TABLE_KEYS)}; not {', '.join(sorted(map(clip, unknown)))}")
    shared, columns, rows = table.get("shared") or {}, table.get("columns"), table.get("rows")
    if not isinstance(shared, dict):
        check.error(path, line, f"a table's shared part must be a mapping of fields, not {shown(shared)}")
        return []
    if (
        not isinstance(columns, list)
        or not columns
        or not all(isinstance(c, str) and c for c in columns)
        or len(set(columns)) != len(columns)
    ):
        check.error(path, line, f"a table's columns must be a list of distinct field names, not {shown(columns)}")
        return []
    twice = sorted((set(columns) & set(shared)) - _BOTH_PLACES)
    if twice:
        check.error(
            path, line, f"a table gives {', '.join(twice)} both as a column and in its shared part: give it once"
        )
        return []
    if not isinstance(rows, list):
        check.error(path, line, f"a table's rows must be a list, each row a list of cells, not {shown(rows)}")
        return []
    lines = table.get(ROW_LINES) or [line] * len(rows)
    blocks = []
    for row, row_line in zip(rows, lines):
        if not isinstance(row, list) or len(row) != len(columns):
            cells = f"{len(row)} cells" if isinstance(row, list) else shown(row)
            check.error(
                path, row_line, f"a row must be a list of {len(columns)} cells ({', '.join(columns)}), not {cells}"
            )
            continue
        blocks.append(_block(shared, columns, row, row_line))
    return blocks


def _block(shared: dict, columns: list[str], row: list, line: int | None) -> dict:
    block = {k: v for k, v in shared.items() if k != LINE}
    for column, cell in zip(columns, row):
        if cell is None:
            continue
        if column in _BOTH_PLACES and column in block:
            block[column] = _as_list(cell) + _as_list(block[column])
        else:
            block[column] = cell
    block[LINE] = line
    return block


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]
