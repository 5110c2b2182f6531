"""The library's exceptions. Messages name the bad input and, where it helps, how to fix it."""
from __future__ import annotations

__all__ = ["CouncilGraphError", "DataError", "DataErrors", "UnknownEntity", "ExportError"]


class CouncilGraphError(Exception):
    """Base class of every error the library raises on purpose."""


class DataError(CouncilGraphError):
    """One problem in a data file, located at `path:line`."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


class DataErrors(CouncilGraphError):
    """Every problem found while loading the data, reported together."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(errors, key=lambda e: (e.path, e.line or 0, e.message))
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the data:"
        super().__init__("\n".join([head, *(f"  {e}" for e in self.errors)]))


class UnknownEntity(CouncilGraphError):
    """A name that matches no entity; carries close names to suggest."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No entity is called {name!r}.{hint}")


class ExportError(CouncilGraphError):
    """An export that cannot be written (unknown format, unwritable path)."""
