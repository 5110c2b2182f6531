"""Reading data files: YAML that remembers where each mapping starts, so errors can say file:line, and text
that is refused with a located error (never a traceback) when it is too large or not UTF-8."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, DataErrors
from ..paths import display_path

__all__ = ["load_yaml", "read_text", "LINE", "ROW_LINES", "MAX_YAML_BYTES"]

LINE = "__line__"
ROW_LINES = "__row_lines__"  # beside a mapping's `rows` list (a table, graph.ingest.tables): each row's first line
MAX_YAML_BYTES = 20_000_000  # a YAML file larger than this is refused before it is read (the data's are < 0.2 MB)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's first line under the key `__line__` (and the line of each item of
    its `rows` list, if it has one, under `__row_lines__`)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # a value YAML parses but Python cannot hold (2012-13-45 as a date, an integer of 5,000 digits) raises a
        # bare ValueError: give it the node's place so that it is reported like any other YAML error
        try:
            return super().construct_object(node, deep)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from exc

    trailing_comments = True  # whether a comment may follow an unquoted value on its line

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        """A scalar as SafeLoader reads it; but, where trailing comments are not allowed, an unquoted one followed
        on its line by ` #...` is refused: YAML drops that as a comment, so `description: the #our day campaign`
        would silently lose "#our day campaign"."""
        mark = node.end_mark
        if not self.trailing_comments and node.style is None and isinstance(mark.buffer, str):
            end = mark.buffer.find("\n", mark.pointer)
            rest = mark.buffer[mark.pointer : end if end != -1 else len(mark.buffer)]
            if rest[:1] in (" ", "\t") and rest.lstrip(" \t").startswith("#"):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"{rest.strip()[:40]!r} after the unquoted value {node.value[:40]!r} is a YAML comment and "
                    "would be dropped: quote the value if it is part of it, or put the comment on a line of its own",
                    node.start_mark,
                )
        return super().construct_scalar(node)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    for key, value in node.value:
        if key.value == "rows" and isinstance(value, yaml.SequenceNode):
            mapping[ROW_LINES] = [row.start_mark.line + 1 for row in value.value]
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _TextLoader(_LineLoader):
    """_LineLoader for files of text (the curated documents): no comment after an unquoted value."""

    trailing_comments = False


def read_text(path: Path, where: str, limit: int, what: str, split: str) -> str:
    """The UTF-8 text of `path`, refused unread if over `limit` bytes; errors (DataErrors) name it as `where`.

    `what` says what kind of file it is and `split` how to make a large one smaller, for the error message.
    """
    try:
        size = path.stat().st_size
        if size <= limit:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)  # the file may have grown since: never read more than the limit
            size = max(size, len(data))
    except OSError as exc:
        raise DataErrors([DataError(where, None, f"cannot read: {exc.strerror}")]) from exc
    if size > limit:
        raise DataErrors(
            [
                DataError(
                    where,
                    None,
                    f"the file is {size:,} bytes; the limit for {what} is {limit:,} bytes "
                    f"({limit // 1_000_000} MB): {split}",
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataErrors(
            [
                DataError(
                    where,
                    line,
                    f"not UTF-8 text: byte 0x{data[exc.start]:02x} at byte offset "
                    f"{exc.start} ({exc.reason}); save the file as UTF-8",
                )
            ]
        ) from exc


def load_yaml(path: Path, root: Path | None = None, trailing_comments: bool = True) -> Any:
    """Parse `path`; a syntax error becomes a DataError naming the file (relative to `root`) and line. Without
    `trailing_comments`, a comment after an unquoted value on its line is an error (it may be lost text)."""
    where = display_path(path, root)
    text = read_text(path, where, MAX_YAML_BYTES, "a YAML file", "split it into smaller files")
    try:
        return yaml.load(text, Loader=_LineLoader if trailing_comments else _TextLoader)  # noqa: S506 - SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataErrors([DataError(where, line, f"not valid YAML: {problem}")]) from exc
    except RecursionError as exc:
        raise DataErrors([DataError(where, None, "not valid YAML: nested too deeply")]) from exc
