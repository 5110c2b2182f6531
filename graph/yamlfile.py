"""YAML reading that remembers where each mapping starts, so errors can say file:line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, DataErrors

__all__ = ["load_yaml", "LINE"]

LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's first line under the key `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """Parse `path`; a syntax error becomes a DataError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataErrors([DataError(str(path), None, f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise DataErrors([DataError(str(path), None, f"not UTF-8 text: {exc.reason}")]) from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataErrors([DataError(str(path), line, f"not valid YAML: {problem}")]) from exc
