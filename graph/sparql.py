"""SPARQL query text: the named-query library, header declarations, checking, and parameters.

A query comes from the library (`graph/queries/<name>.rq`), a file or the command line. Its header
comment states the question it answers and declares its parameters:

    # question: Which organisations worked with a council or with the initiatives it leads?
    # param: council (entity) the council, by any of its names

A parameter is an `entity` (given by any alias and resolved with `NameIndex`, as `show` resolves
names), a `literal` (a plain string) or a typed literal (`xsd:integer`, `xsd:date`, ...). Values are
bound as RDF terms (rdflib `initBindings`, Oxigraph substitutions, or a VALUES block for a remote
endpoint); they are never pasted into the query text. The project's prefixes are pre-declared.
"""
from __future__ import annotations

import difflib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from rdflib import Literal, Variable
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .errors import ParameterError, QueryError, QuerySyntaxError, UnknownPrefix, UnknownQuery
from .namespaces import PREFIXES

__all__ = ["refused", "QUERY_DIR", "Param", "Query", "PreparedQuery", "parse_header", "load_query_file", "inline_query",
           "library", "named_query", "looks_like_a_name", "prepare", "bind_params", "prefix_block",
           "with_values"]

QUERY_DIR = Path(__file__).resolve().parent / "queries"

_PARAM = re.compile(r"param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[^)]*)\)\s*(?P<description>.*)")
_XSD_TYPES = {"string", "integer", "decimal", "double", "boolean", "date", "dateTime", "gYear", "gYearMonth"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class Param:
    name: str
    kind: str              # "entity", "literal" or "xsd:<type>"
    description: str = ""
    choices: tuple[str, ...] = ()     # for a literal: the values it may take (matched ignoring case)

    @property
    def usage(self) -> str:
        if self.choices:
            return f"--param {self.name}={'|'.join(self.choices)}"
        return f"--param {self.name}={'NAME' if self.kind == 'entity' else 'VALUE'}"


@dataclass(frozen=True)
class Query:
    text: str
    origin: str                          # how to name it in messages: "named query 'x'", "q.rq", "the query"
    name: str | None = None              # the library name, for named queries
    question: str | None = None
    params: tuple[Param, ...] = ()
    notes: tuple[str, ...] = ()


class PreparedQuery:
    """A query that is ready to run, with what the stores need to know about it.

    Made by `prepare`, which reads the query's form, declared prefixes and variables with a small
    lexer (`read_outline`) rather than a full parse: Oxigraph and SPARQL servers parse the query
    themselves, and rdflib's parser costs more than answering a question on this graph does. rdflib's
    full parse happens when something needs it: the rdflib store (`algebra`), or `check` to explain a
    query another engine refused.
    """

    def __init__(self, query: Query, form: str, declared_prefixes: set[str], variables: set[str],
                 projection: set[str]):
        self.query = query
        self.form = form                                  # SELECT, ASK, CONSTRUCT or DESCRIBE
        self.declared_prefixes = declared_prefixes
        self.variables = variables                        # every variable the query mentions
        self.projection = projection                      # the variables a SELECT query returns
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
        self.algebra


# --- headers and the library -------------------------------------------------------------------------

def parse_header(text: str, origin: str) -> tuple[str | None, tuple[Param, ...], tuple[str, ...]]:
    """The question, parameters and other notes declared in the leading comment lines of `text`."""
    question, params, notes = None, [], []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        body = stripped.lstrip("#").strip()
        if body.startswith("question:"):
            question = body.removeprefix("question:").strip()
        elif body.startswith("param:"):
            match = _PARAM.fullmatch(body)
            kind, listed = (match["kind"].strip() if match else ""), ""
            if kind.startswith("literal:"):          # literal: Full|Associate|Affiliate
                kind, listed = "literal", kind.removeprefix("literal:")
            choices = tuple(c.strip() for c in listed.split("|") if c.strip())
            if not match or not (kind in ("entity", "literal") or kind.removeprefix("xsd:") in _XSD_TYPES
                                 and kind.startswith("xsd:")) or (listed and not choices):
                raise QueryError(f"{origin}:{number}: a parameter is declared as "
                                 "'# param: NAME (entity|literal|literal: A|B|C|xsd:TYPE) what it is', e.g. "
                                 "'# param: council (entity) the council, by any of its names'")
            if any(p.name == match["name"] for p in params):
                raise QueryError(f"{origin}:{number}: parameter {match['name']!r} is declared twice")
            params.append(Param(match["name"], kind, match["description"].strip(), choices))
        elif body:
            notes.append(body)
    return question, tuple(params), tuple(notes)


def load_query_file(path: Path, name: str | None = None) -> Query:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query file {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    origin = f"named query {name!r}" if name else str(path)
    question, params, notes = parse_header(text, str(path))
    return Query(text, origin, name, question, params, notes)


def inline_query(text: str) -> Query:
    question, params, notes = parse_header(text, "the query")
    return Query(text, "the query", None, question, params, notes)


def library(directory: Path = QUERY_DIR) -> dict[str, Query]:
    """Every named query, by name (the file's stem), sorted; each must state its question."""
    queries = {}
    for path in sorted(Path(directory).glob("*.rq")):
        query = load_query_file(path, path.stem)
        if not query.question:
            raise QueryError(f"{path}: a named query needs a '# question: ...' header line")
        queries[path.stem] = query
    return queries


def looks_like_a_name(text: str) -> bool:
    """Whether a command-line argument is meant as a query's name rather than SPARQL text."""
    return bool(_NAME.fullmatch(text.strip()))


def named_query(name: str, directory: Path = QUERY_DIR) -> Query:
    queries = library(directory)
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    contains = [n for n in queries if name.lower() in n and n not in close]
    raise UnknownQuery(name, (close + contains)[:5])


# --- checking ----------------------------------------------------------------------------------------

def prepare(query: Query, limits=None) -> PreparedQuery:
    """`query` ready to run: its size checked against `limits` (graph.query_guard.QueryLimits; the
    defaults when None), its form, prefixes and variables read, its declared parameters checked.

    Syntax is checked by the engine that runs the query; `PreparedQuery.check` explains a refusal
    with line and column. A query whose form cannot be found is checked here, at once.
    """
    from .query_guard import QueryLimits, check_size
    check_size(query.text, query.origin, limits or QueryLimits())
    if not query.text.strip() or all(not line.strip() or line.strip().startswith("#")
                                     for line in query.text.splitlines()):
        raise QueryError(f"{query.origin} is empty: give a SPARQL query, a file (-f) or a named query")
    outline = read_outline(query.text)
    if outline is None:
        algebra = _translate(query)       # raises the syntax error; if rdflib reads it after all, use its reading
        outline = (_FORMS[algebra.algebra.name], _declared_prefixes(query.text), _variables(algebra.algebra),
                   {str(v) for v in getattr(algebra.algebra, "PV", None) or ()})
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

    from .query_guard import QueryTooLarge
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
    except Exception as exc:   # rdflib raises bare Exceptions from its translator
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


# --- reading a query's outline without parsing it ----------------------------------------------------

_FORM_WORD = re.compile(r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:-])", re.I)
_PREFIX_DECL = re.compile(r"(?<![\w:?$])PREFIX\s+([^\W\d_][\w.\-\u00B7]*)?:", re.I)
_VARIABLE = re.compile(r"[?$]([\w\u00B7\u0300-\u036F\u203F\u2040]+)")
_PROJECTION_END = re.compile(r"(?<![\w:?$])(WHERE|FROM)(?![\w:-])|\{", re.I)
_AS_VARIABLE = re.compile(r"(?<![\w:?$])AS\s+[?$]([\w\u00B7\u0300-\u036F\u203F\u2040]+)", re.I)


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
                     r"|'(?:[^'\\\n]|\\.)*'", re.S)


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
            end = match.end() if match else end     # a '<' that opens no IRI is less-than
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
    declared = {match.group(1) or "" for match in _PREFIX_DECL.finditer(code[:form.start()])}
    variables = set(_VARIABLE.findall(code))
    projection: set[str] = set()
    if form.group(1).upper() == "SELECT":
        end = _PROJECTION_END.search(code, form.end())
        clause = code[form.end():end.start() if end else len(code)]
        depth, bare = 0, []
        for char in clause:
            depth += (char == "(") - (char == ")")
            bare.append(char if depth == 0 and char != ")" else " ")
        outside = "".join(bare)         # COUNT(*) is inside brackets: only a bare * is SELECT *
        if "*" in outside:
            projection = set(variables)
        else:
            projection = set(_VARIABLE.findall(outside)) | set(_AS_VARIABLE.findall(clause))
    return form.group(1).upper(), declared, variables, projection


def _declared_prefixes(text: str) -> set[str]:
    return {match.group(1) or "" for match in _PREFIX_DECL.finditer(code_only(text))}


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
_ENGINE_REASON = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){2,}")    # the prose among the tokens it expected


def refused(query: Query, engine: str, message: str) -> QueryError:
    """The error for a query `engine` refused to parse although rdflib's parser read it: where, and the
    engine's reason where it gives one in words (its list of expected tokens is left out)."""
    match = _ENGINE_POSITION.search(message)
    if match is None:
        return QueryError(f"{engine} cannot parse {query.origin}: {message.strip().splitlines()[0]}")
    reasons = [r for r in _ENGINE_REASON.findall(match.group(3)) if not r.lower().startswith("expected ")]
    reason = (f"{engine} refuses it here: " + "; ".join(reasons) if reasons
              else f"{engine} cannot read the query from here on (it is stricter than rdflib: is a variable "
                   "bound twice, or an aggregate missing its GROUP BY?)")
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
    suggestions += [p for p in known if prefix and (p.startswith(prefix) or prefix.startswith(p))
                    and p not in suggestions]
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


# --- parameters --------------------------------------------------------------------------------------

def bind_params(prepared: PreparedQuery, values: Mapping[str, str],
                name_index: Callable[[], object]) -> dict[str, Identifier]:
    """RDF terms for the query's declared parameters from `values` (NAME -> text as given).

    Entities are found by any of their names with `name_index().find(...)`; it is called only when an
    entity parameter is given (building the index can mean a round trip to a store).
    """
    query = prepared.query
    declared = {p.name: p for p in query.params}
    for name in values:
        if name not in declared:
            if declared:
                listed = ", ".join(p.usage for p in query.params)
                raise ParameterError(f"{query.origin} has no parameter {name!r}; its parameters: {listed}")
            raise ParameterError(f"{query.origin} declares no parameters, so --param {name}=... has nothing to "
                                 f"bind; declare it in the query's header: '# param: {name} (entity) ...' "
                                 "or '(literal)'")
    missing = [p for p in query.params if p.name not in values]
    if missing:
        needs = "; ".join(f"{p.usage}" + (f" ({p.description})" if p.description else "") for p in missing)
        raise ParameterError(f"{query.origin} needs {needs}")
    bindings: dict[str, Identifier] = {}
    index = None
    for param in query.params:
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
                raise ParameterError(f"--param {param.name}={value!r} is not a valid {param.kind}"
                                     f" (e.g. {_LEXICAL_EXAMPLES[kind]})")
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
_LEXICAL_FORMS = {kind: re.compile(form) for kind, form in {
    "string": r"(?s).*",
    "integer": r"[+-]?\d+",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "double": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
    "boolean": r"true|false|1|0",
    "date": _DATE + _ZONE,
    "dateTime": _DATE + r"T(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)" + _ZONE,
    "gYear": r"-?\d{4,}" + _ZONE,
    "gYearMonth": r"-?\d{4,}-(0[1-9]|1[0-2])" + _ZONE,
}.items()}
_LEXICAL_EXAMPLES = {"string": "any text", "integer": "2020", "decimal": "1.5", "double": "1.5e3",
                     "boolean": "true", "date": "2020-05-01", "dateTime": "2020-05-01T12:00:00",
                     "gYear": "2014", "gYearMonth": "2014-03"}


# --- text for other engines --------------------------------------------------------------------------

def prefix_block(prepared: PreparedQuery) -> str:
    """PREFIX lines for the project's prefixes that the query does not declare itself."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(PREFIXES.items())
                   if prefix not in prepared.declared_prefixes)


def with_values(text: str, form: str, bindings: Mapping[str, Identifier]) -> str:
    """`text` with a VALUES block binding `bindings` as the first element of the query's WHERE group.

    Used for SPARQL endpoints, which have no way to pass bindings. Each value is an RDF term written
    in SPARQL syntax by the term itself, so no user text reaches the query unescaped.
    """
    if not bindings:
        return text
    from .results import term_to_sparql
    names = sorted(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(term_to_sparql(bindings[n]) for n in names) + ") } ")
    opening, closing, subselect = _where_group(text, form)
    if subselect:
        return text[:opening + 1] + block + "{" + text[opening + 1:closing] + "}" + text[closing:]
    return text[:opening + 1] + block + text[opening + 1:]


def _where_group(text: str, form: str) -> tuple[int, int, bool]:
    """Positions of the braces around the query's WHERE group, and whether it holds a sub-SELECT."""
    code = code_only(text)
    depth, parens = 0, 0
    tops: list[tuple[int, int]] = []         # (open, close) of each top-level group
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
            raise QueryError("parameters cannot be sent to an endpoint with the short form CONSTRUCT WHERE { ... }; "
                             "write the template and the WHERE clause out in full")
        group = tops[1]
    elif tops:
        group = tops[0]
    else:
        raise QueryError(f"a {form} query without a WHERE clause has nowhere to bind parameters")
    subselect = bool(re.match(r"\s*SELECT\b", code[group[0] + 1:group[1]], re.I))
    return group[0], group[1], subselect
