"""Preparing a query to run: its size checked, its outline read, its parameters' declarations checked;
rdflib's full parse only when something needs it, and errors that say where and what to fix.

The project's prefixes are pre-declared.
"""

from __future__ import annotations

import difflib
import re
from contextlib import contextmanager

from rdflib import Variable

from ..errors import ParameterError, QueryError, QuerySyntaxError, UnknownPrefix
from ..model.namespaces import PREFIXES
from .guard import QueryLimits, QueryTooLarge, check_size
from .library import Query
from .outline import declared_prefixes, read_outline

__all__ = ["PreparedQuery", "prepare", "refused", "raised_recursion_limit"]

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class PreparedQuery:
    """A query that is ready to run, with what the stores need to know about it.

    Made by `prepare`, which reads the query's form, declared prefixes and variables with a small
    lexer (`read_outline`) rather than a full parse: Oxigraph and SPARQL servers parse the query
    themselves, and rdflib's parser costs more than answering a question on this graph does. rdflib's
    full parse happens when something needs it: the rdflib store (`algebra`), or `check` to explain a
    query another engine refused.
    """

    def __init__(self, query: Query, form: str, declared_prefixes: set[str], variables: set[str], projection: set[str]):
        self.query = query
        self.form = form  # SELECT, ASK, CONSTRUCT or DESCRIBE
        self.declared_prefixes = declared_prefixes
        self.variables = variables  # every variable the query mentions
        self.projection = projection  # the variables a SELECT query returns
        self._algebra = None

    @property
    def text(self) -> str:
        return self.query.text

    @property
    def algebra(self):
        """rdflib's translated query (for the rdflib store); a bad query raises a QueryError that says why."""
        if self._algebra is None:
            self._algebra = _translate(self.query)
        return self._algebra

    def check(self) -> None:
        """Raise the QueryError that explains what is wrong, if rdflib's parser finds anything."""
        _ = self.algebra


# --- checking ----------------------------------------------------------------------------------------


def prepare(query: Query, limits=None) -> PreparedQuery:
    """`query` ready to run: its size checked against `limits` (graph.query.guard.QueryLimits; the
    defaults when None), its form, prefixes and variables read, its declared parameters checked.

    Syntax is checked by the engine that runs the query; `PreparedQuery.check` explains a refusal
    with line and column. A query whose form cannot be found is checked here, at once.
    """
    check_size(query.text, query.origin, limits or QueryLimits())
    if not query.text.strip() or all(
        not line.strip() or line.strip().startswith("#") for line in query.text.splitlines()
    ):
        raise QueryError(f"{query.origin} is empty: give a SPARQL query, a file (-f) or a named query")
    outline = read_outline(query.text)
    if outline is None:
        algebra = _translate(query)  # raises the syntax error; if rdflib reads it after all, use its reading
        outline = (
            _FORMS[algebra.algebra.name],
            declared_prefixes(query.text),
            _variables(algebra.algebra),
            {str(v) for v in getattr(algebra.algebra, "PV", None) or ()},
        )
    prepared = PreparedQuery(query, *outline)
    for param in query.params:
        if param.name not in prepared.variables:
            raise ParameterError(f"{query.origin} declares parameter {param.name!r} but never uses ?{param.name}")
    return prepared


def _translate(query: Query):
    """rdflib's parse and translation of `query` with the project's prefixes; errors name line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        with raised_recursion_limit():
            parsed = parseQuery(query.text)
    except ParseException as exc:
        raise _syntax_error(query, exc) from None
    except RecursionError:
        raise QueryTooLarge(f"{query.origin} is nested too deeply for rdflib's parser; flatten it") from None
    declared = {str(dict(decl).get("prefix", "")) for decl in parsed[0] if decl.name == "PrefixDecl"}
    try:
        with raised_recursion_limit():
            return translateQuery(parsed, initNs=PREFIXES)
    except RecursionError:
        raise QueryTooLarge(f"{query.origin} is nested too deeply for rdflib's parser; flatten it") from None
    except Exception as exc:  # rdflib raises bare Exceptions from its translator
        message = str(exc)
        match = re.match(r"Unknown namespace prefix : (\S*)", message)
        if match:
            raise _unknown_prefix(query, match.group(1), declared) from None
        raise QueryError(f"{query.origin} cannot be run: {message}") from None


@contextmanager
def raised_recursion_limit(limit: int = 20_000):
    """rdflib's parser and engine recurse about a dozen Python frames per nested bracket: with the
    default limit of 1,000 a query nested 25 brackets deep fails. Python 3.11 keeps Python-to-Python
    calls off the C stack, so a higher limit is safe for them; query_guard caps the nesting anyway."""
    import sys

    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def _syntax_error(query: Query, exc) -> QuerySyntaxError:
    """pyparsing's message in plain words: it names the grammar rule that failed, not what to write."""
    text = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$", "", str(exc))
    found = re.search(r"found (end of text|'.*')$", text)
    token = found.group(1) if found else None
    if text.startswith("Expected {SelectQuery | ConstructQuery"):
        reason = f"expected SELECT, CONSTRUCT, DESCRIBE or ASK, found {token}"
    elif token == "end of text":
        reason = "the query ends before it is complete (is a '}' or ')' missing?)"
    elif text.startswith("Expected end of text"):
        reason = f"cannot read the query from {token} on (something before it is unfinished, or it is misplaced)"
    elif token:
        reason = f"cannot read the query from {token} on"
    else:
        reason = text[:1].lower() + text[1:]
    lines = query.text.splitlines() or [""]
    line = min(max(exc.lineno, 1), len(lines))
    return QuerySyntaxError(query.origin, line, exc.col, reason, lines[line - 1].rstrip())


_ENGINE_POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.S)
_ENGINE_REASON = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){2,}")  # the prose among the tokens it expected


def refused(query: Query, engine: str, message: str) -> QueryError:
    """The error for a query `engine` refused to parse although rdflib's parser read it: where, and the
    engine's reason where it gives one in words (its list of expected tokens is left out)."""
    match = _ENGINE_POSITION.search(message)
    if match is None:
        return QueryError(f"{engine} cannot parse {query.origin}: {message.strip().splitlines()[0]}")
    reasons = [r for r in _ENGINE_REASON.findall(match.group(3)) if not r.lower().startswith("expected ")]
    reason = (
        f"{engine} refuses it here: " + "; ".join(reasons)
        if reasons
        else f"{engine} cannot read the query from here on (it is stricter than rdflib: is a variable "
        "bound twice, or an aggregate missing its GROUP BY?)"
    )
    lines = query.text.splitlines() or [""]
    line = min(max(int(match.group(1)), 1), len(lines))
    return QuerySyntaxError(query.origin, line, int(match.group(2)), reason, lines[line - 1].rstrip())


def _unknown_prefix(query: Query, prefix: str, declared: set[str]) -> UnknownPrefix:
    where = ""
    pattern = re.compile(rf"(?<![\w\-.:<#/]){re.escape(prefix)}:")
    for number, line in enumerate(query.text.splitlines(), start=1):
        match = None if line.lstrip().startswith("#") else pattern.search(line)
        if match:
            where = f" at line {number}, column {match.start() + 1}"
            break
    known = sorted(set(PREFIXES) | {p for p in declared if p})
    suggestions = difflib.get_close_matches(prefix, known, n=3, cutoff=0.5)
    suggestions += [
        p for p in known if prefix and (p.startswith(prefix) or prefix.startswith(p)) and p not in suggestions
    ]
    return UnknownPrefix(prefix, where, suggestions[:4])


def _variables(node) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable):
            found.add(str(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))
    return found
