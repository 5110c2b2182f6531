"""Parameters: the values given for a query's declared parameters, as RDF terms, and a VALUES block
for engines that cannot take bindings.

Values are bound as RDF terms (rdflib `initBindings`, Oxigraph substitutions, or a VALUES block for a
remote endpoint); they are never pasted into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Identifier

from ..errors import ParameterError, QueryError
from ..model.namespaces import PREFIXES
from .library import Param
from .outline import code_only
from .results import term_to_sparql
from .sparql import PreparedQuery

if TYPE_CHECKING:
    from .names import NameIndex

__all__ = ["bind_params", "prefix_block", "with_values"]


def bind_params(
    prepared: PreparedQuery, values: Mapping[str, str], name_index: Callable[[], NameIndex]
) -> dict[str, Identifier]:
    """RDF terms for the query's declared parameters from `values` (NAME -> text as given).

    Entities are found by any of their names with `name_index().find(...)`; it is called only when an
    entity parameter is given (building the index can mean a round trip to a store). An optional
    parameter left out gets no binding: its variable stays unbound in the query.
    """
    query = prepared.query
    declared = {p.name: p for p in query.params}
    for name in values:
        if name not in declared:
            if declared:
                listed = ", ".join(p.usage for p in query.params)
                raise ParameterError(f"{query.origin} has no parameter {name!r}; its parameters: {listed}")
            raise ParameterError(
                f"{query.origin} declares no parameters, so --param {name}=... has nothing to "
                f"bind; declare it in the query's header: '# param: {name} (entity) ...' "
                "or '(literal)'"
            )
    missing = [p for p in query.params if p.name not in values and not p.optional]
    if missing:
        needs = "; ".join(f"{p.usage}" + (f" ({p.description})" if p.description else "") for p in missing)
        raise ParameterError(f"{query.origin} needs {needs}")
    bindings: dict[str, Identifier] = {}
    index: NameIndex | None = None
    for param in query.params:
        if param.name not in values:  # an optional parameter left out: its variable stays unbound
            continue
        value = values[param.name]
        if param.kind == "entity":
            index = index or name_index()
            bindings[param.name] = index.find(value)
        elif param.kind == "literal":
            bindings[param.name] = Literal(_choice(param, value) if param.choices else value)
        else:
            kind = param.kind.removeprefix("xsd:")
            lexical = value.strip()
            if not _LEXICAL_FORMS[kind].fullmatch(lexical):
                raise ParameterError(
                    f"--param {param.name}={value!r} is not a valid {param.kind} (e.g. {_LEXICAL_EXAMPLES[kind]})"
                )
            bindings[param.name] = Literal(lexical, datatype=XSD[kind])
    return bindings


def _choice(param: Param, value: str) -> str:
    """The declared choice `value` means, ignoring case and surrounding space; ParameterError if none."""
    wanted = " ".join(value.split()).casefold()
    for choice in param.choices:
        if choice.casefold() == wanted:
            return choice
    raise ParameterError(f"--param {param.name}={value!r} is not one of {', '.join(param.choices)}")


# The lexical forms of the XSD types a parameter may declare (XML Schema 1.1 Part 2), checked before
# rdflib sees the value: rdflib logs a traceback for an ill-typed literal before saying it is one.
_DATE = r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_ZONE = r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?"
_LEXICAL_FORMS = {
    kind: re.compile(form)
    for kind, form in {
        "string": r"(?s).*",
        "integer": r"[+-]?\d+",
        "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
        "double": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
        "boolean": r"true|false|1|0",
        "date": _DATE + _ZONE,
        "dateTime": _DATE + r"T(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)" + _ZONE,
        "gYear": r"-?\d{4,}" + _ZONE,
        "gYearMonth": r"-?\d{4,}-(0[1-9]|1[0-2])" + _ZONE,
    }.items()
}
_LEXICAL_EXAMPLES = {
    "string": "any text",
    "integer": "2020",
    "decimal": "1.5",
    "double": "1.5e3",
    "boolean": "true",
    "date": "2020-05-01",
    "dateTime": "2020-05-01T12:00:00",
    "gYear": "2014",
    "gYearMonth": "2014-03",
}


# --- text for other engines --------------------------------------------------------------------------


def prefix_block(prepared: PreparedQuery) -> str:
    """PREFIX lines for the project's prefixes that the query does not declare itself."""
    return "".join(
        f"PREFIX {prefix}: <{namespace}>\n"
        for prefix, namespace in sorted(PREFIXES.items())
        if prefix not in prepared.declared_prefixes
    )


def with_values(text: str, form: str, bindings: Mapping[str, Identifier]) -> str:
    """`text` with a VALUES block binding `bindings` as the first element of the query's WHERE group.

    Used for SPARQL endpoints, which have no way to pass bindings. Each value is an RDF term written
    in SPARQL syntax by the term itself, so no user text reaches the query unescaped.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    block = (
        " VALUES ("
        + " ".join(f"?{n}" for n in names)
        + ") { ("
        + " ".join(term_to_sparql(bindings[n]) for n in names)
        + ") } "
    )
    opening, closing, subselect = _where_group(text, form)
    if subselect:
        return text[: opening + 1] + block + "{" + text[opening + 1 : closing] + "}" + text[closing:]
    return text[: opening + 1] + block + text[opening + 1 :]


def _where_group(text: str, form: str) -> tuple[int, int, bool]:
    """Positions of the braces around the query's WHERE group, and whether it holds a sub-SELECT."""
    code = code_only(text)
    depth, parens = 0, 0
    tops: list[tuple[int, int]] = []  # (open, close) of each top-level group
    opened = -1
    for index, char in enumerate(code):
        if char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
        elif char == "{":
            if depth == 0 and parens == 0:
                opened = index
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and parens == 0 and opened >= 0:
                tops.append((opened, index))
                opened = -1
    if form == "CONSTRUCT":
        if len(tops) < 2:
            raise QueryError(
                "parameters cannot be sent to an endpoint with the short form CONSTRUCT WHERE { ... }; "
                "write the template and the WHERE clause out in full"
            )
        group = tops[1]
    elif tops:
        group = tops[0]
    else:
        raise QueryError(f"a {form} query without a WHERE clause has nowhere to bind parameters")
    subselect = bool(re.match(r"\s*SELECT\b", code[group[0] + 1 : group[1]], re.I))
    return group[0], group[1], subselect
