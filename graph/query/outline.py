"""Reading a query's outline without parsing it: a small lexer over SPARQL text.

`code_only` blanks out comments, strings and IRIs so that braces, keywords and variables can be found
by position; `read_outline` reads the form, declared prefixes and variables. The guard, the
preparation of queries and the VALUES binding for endpoints all read queries this way.
"""

from __future__ import annotations

import re

__all__ = ["code_only", "read_outline", "declared_prefixes"]

_FORM_WORD = re.compile(r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:-])", re.I)
_PREFIX_DECL = re.compile(r"(?<![\w:?$])PREFIX\s+([^\W\d_][\w.\-\u00B7]*)?:", re.I)
_VARIABLE = re.compile(r"[?$]([\w\u00B7\u0300-\u036F\u203F\u2040]+)")
_PROJECTION_END = re.compile(r"(?<![\w:?$])(WHERE|FROM)(?![\w:-])|\{", re.I)
_AS_VARIABLE = re.compile(r"(?<![\w:?$])AS\s+[?$]([\w\u00B7\u0300-\u036F\u203F\u2040]+)", re.I)


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'",
    re.S,
)


def code_only(text: str) -> str:
    """`text` with its comments, strings and IRIs blanked out (same length), so braces, keywords and
    variables can be found by position."""
    out = list(text)
    index = 0
    while index < len(text):
        char, end = text[index], index + 1
        if char == "#":
            newline = text.find("\n", index)
            end = len(text) if newline < 0 else newline
        elif char in "\"'<":
            match = (_IRIREF if char == "<" else _STRING).match(text, index)
            end = match.end() if match else end  # a '<' that opens no IRI is less-than
        if end > index + 1 or char == "#":
            out[index:end] = " " * (end - index)
        index = end
    return "".join(out)


def read_outline(text: str) -> tuple[str, set[str], set[str], set[str]] | None:
    """The query's form, declared prefixes, variables and (for SELECT) projected variables, read from
    its text; None when no form keyword is found. A test holds it to rdflib's parse of every named query."""
    code = code_only(text)
    form = _FORM_WORD.search(code)
    if form is None:
        return None
    declared = {match.group(1) or "" for match in _PREFIX_DECL.finditer(code[: form.start()])}
    variables = set(_VARIABLE.findall(code))
    projection: set[str] = set()
    if form.group(1).upper() == "SELECT":
        end = _PROJECTION_END.search(code, form.end())
        clause = code[form.end() : end.start() if end else len(code)]
        depth, bare = 0, []
        for char in clause:
            depth += (char == "(") - (char == ")")
            bare.append(char if depth == 0 and char != ")" else " ")
        outside = "".join(bare)  # COUNT(*) is inside brackets: only a bare * is SELECT *
        if "*" in outside:
            projection = set(variables)
        else:
            projection = set(_VARIABLE.findall(outside)) | set(_AS_VARIABLE.findall(clause))
    return form.group(1).upper(), declared, variables, projection


def declared_prefixes(text: str) -> set[str]:
    return {match.group(1) or "" for match in _PREFIX_DECL.finditer(code_only(text))}
