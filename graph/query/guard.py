"""What a query may ask before any engine sees it: size, nesting, clause count, and no SERVICE.

Query text is hostile input (a shared .rq file, a form field). Oxigraph's parser and evaluator
recurse, and on this machine they overflow the stack and kill the process (SIGSEGV, no message) at a
few thousand nested groups or brackets, or about ten thousand chained FILTERs, operators or BINDs
(measured on pyoxigraph 0.5; see docs/query-safety.md). The limits here lie one to two orders of
magnitude below those and far above any question a person writes; the queries themselves also run in
a child process (graph.isolation), so a crash the guard misses is still reported, not suffered.

A federated `SERVICE <url>` makes the machine send a request to any URL the query names; rdflib's
engine also fetches `FROM <url>` (turned off in graph.query.rdflib_store). On a local store SERVICE is refused
unless the caller allows it (`--allow-service`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError
from .outline import code_only

__all__ = ["QueryLimits", "QueryTooLarge", "ServiceRefused", "check_size", "check_service"]


@dataclass(frozen=True)
class QueryLimits:
    """How big a query may be, and what a local run may use. A limit of 0 means none."""

    max_chars: int = 1_000_000  # characters of query text
    max_depth: int = 100  # nested { } ( ) [ ], all kinds counted together
    max_clauses: int = 500  # FILTER, BIND, OPTIONAL, UNION, MINUS, GRAPH, SERVICE, VALUES, EXISTS, sub-SELECT
    max_operators: int = 2_000  # &&, ||, comparisons and arithmetic in expressions
    memory_mb: int = 2_048  # memory a local query may take beyond what the process holds (graph.isolation)
    result_mb: int = 1_024  # size of an answer, as written between processes or read from an endpoint
    allow_service: bool = False  # let SERVICE <url> reach out from a local store
    max_rows: int = 0  # rows (SELECT) or triples (CONSTRUCT, DESCRIBE) an answer keeps; the rest are cut off


class QueryTooLarge(QueryError):
    """A query over one of the size, nesting or clause limits."""


class ServiceRefused(QueryError):
    """A query with SERVICE on a local store, where it was not allowed."""


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_CLAUSE = re.compile(
    r"(?<![\w:?$-])(FILTER|BIND|OPTIONAL|UNION|MINUS|GRAPH|SERVICE|VALUES|EXISTS|SELECT)(?![\w:-])", re.I
)
_SERVICE = re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.I)
_OPERATOR = re.compile(r"&&|\|\||!=|<=|>=|(?<=[\s)])[-+/<>=](?=[\s(?$\w\"'])")  # not *: SELECT *, COUNT(*)
_OPENERS, _CLOSERS = "{([", "})]"


def _unescape_codepoints(text: str) -> str:
    """SPARQL reads \\uXXXX escapes anywhere in a query before parsing it: read them as it would."""

    def decode(match: re.Match) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"

    return _CODEPOINT.sub(decode, text)


def check_size(text: str, origin: str, limits: QueryLimits) -> None:
    """Raise QueryTooLarge if `text` is over `limits`. Linear in the length of the text, checked first."""
    if limits.max_chars and len(text) > limits.max_chars:
        raise QueryTooLarge(
            f"{origin} is {len(text):,} characters long; the limit is {limits.max_chars:,}. "
            "Split it, or load large lists of values into the graph instead"
        )
    code = code_only(_unescape_codepoints(text))
    depth = deepest = 0
    for char in code:
        if char in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSERS:
            depth -= 1
    if limits.max_depth and deepest > limits.max_depth:
        raise QueryTooLarge(
            f"{origin} nests groups and brackets {deepest} deep; the limit is {limits.max_depth}. "
            "Flatten it (a chain of FILTERs or a VALUES block instead of nested groups)"
        )
    words = [word.upper() for word in _CLAUSE.findall(code)]
    clauses = len(words) - min(words.count("SELECT"), 1)  # the query's own SELECT is no clause
    if limits.max_clauses and clauses > limits.max_clauses:
        raise QueryTooLarge(
            f"{origin} has {clauses:,} clauses (FILTER, BIND, OPTIONAL, UNION, ...); the limit is "
            f"{limits.max_clauses:,}. Split it into several queries"
        )
    operators = len(_OPERATOR.findall(code))
    if limits.max_operators and operators > limits.max_operators:
        raise QueryTooLarge(
            f"{origin} has {operators:,} operators in its expressions; the limit is "
            f"{limits.max_operators:,}. Use IN (...) or a VALUES block for long lists of values"
        )


def check_service(text: str, origin: str, limits: QueryLimits, local: bool) -> None:
    """Raise ServiceRefused if `text` asks for SERVICE on a `local` store and `limits` do not allow it."""
    if local and not limits.allow_service:
        code = code_only(_unescape_codepoints(text))
        match = _SERVICE.search(code)
        if match:
            line = code.count("\n", 0, match.start()) + 1
            raise ServiceRefused(
                f"{origin} asks another server for data (SERVICE, line {line}); a local store "
                "does not send requests a query names. Run it with --allow-service if you mean "
                "to, or on a SPARQL server (--endpoint URL)"
            )
