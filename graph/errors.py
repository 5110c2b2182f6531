"""The library's exceptions. Messages name the bad input and, where it helps, how to fix it."""

from __future__ import annotations

__all__ = [
    "did_you_mean",
    "CouncilGraphError",
    "NegativeAnswer",
    "DataError",
    "DataErrors",
    "UnknownEntity",
    "NotConnected",
    "NoMatches",
    "ExportError",
    "QueryError",
    "QuerySyntaxError",
    "UnknownQuery",
    "UnknownPrefix",
    "ParameterError",
    "QueryTimeout",
    "StoreError",
    "SearchError",
    "AnalysisError",
    "VizError",
]


def did_you_mean(suggestions: list[str]) -> str:
    """' Did you mean: a, b?' for a message, or '' when there is nothing to suggest."""
    return f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""


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


class NegativeAnswer(CouncilGraphError):
    """A well-formed question whose answer is no: no such entity, no connection. Exit status 1."""


class UnknownEntity(NegativeAnswer):
    """A name that matches no entity; carries close names to suggest."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        super().__init__(f"No entity is called {name!r}.{did_you_mean(suggestions)}")


class NoMatches(NegativeAnswer):
    """A search that nothing in the graph matches; carries the words searched for."""

    def __init__(self, text: str, searched: list[str]):
        self.text, self.searched = text, searched
        super().__init__(
            f"Nothing matches {' '.join(searched)!r}: no name, alias, description, note, ambiguity or quote "
            "holds all of these words. Try fewer words, or the start of a word."
        )


class ExportError(CouncilGraphError):
    """An export that cannot be written (unknown format, unwritable path)."""


class QueryError(CouncilGraphError):
    """A SPARQL query that cannot be run as given."""


class QuerySyntaxError(QueryError):
    """SPARQL that does not parse; names the line and column and carries the offending line."""

    def __init__(self, origin: str, line: int, column: int, reason: str, text_line: str):
        self.origin, self.line, self.column, self.reason, self.text_line = origin, line, column, reason, text_line
        caret = " " * max(column - 1, 0) + "^"
        super().__init__(
            f"syntax error in {origin} at line {line}, column {column}: {reason}\n  {text_line}\n  {caret}"
        )


class UnknownQuery(QueryError):
    """No named query has this name; carries close names to suggest."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        super().__init__(
            f"No named query is called {name!r}.{did_you_mean(suggestions)} `councilgraph queries` lists them."
        )


class UnknownPrefix(QueryError):
    """A prefixed name whose prefix is neither declared in the query nor one of the project's."""

    def __init__(self, prefix: str, where: str, suggestions: list[str]):
        self.prefix, self.suggestions = prefix, suggestions
        hint = did_you_mean([p + ":" for p in suggestions])
        super().__init__(
            f"unknown prefix '{prefix}:'{where}.{hint} Declare it with PREFIX {prefix}: <...> "
            "or use one of the project's prefixes."
        )


class ParameterError(QueryError):
    """A query parameter that is missing, undeclared or not a valid value."""


class QueryTimeout(QueryError):
    """A query that did not finish within its time limit."""


class StoreError(CouncilGraphError):
    """A store that cannot be opened, reached or written (bad spec, unreachable endpoint, locked folder)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status a server answered with, if that is what went wrong


class SearchError(CouncilGraphError):
    """A search that cannot be run as asked: no words to search for, a text too long, a limit out of range."""


class AnalysisError(CouncilGraphError):
    """A network analysis that cannot be done as asked (a bad parameter, no path, no convergence)."""


class NotConnected(AnalysisError, NegativeAnswer):
    """Two entities that no chain of relations joins."""


class VizError(CouncilGraphError):
    """A network page that cannot be made as asked (a bad option, a focus outside the view)."""
