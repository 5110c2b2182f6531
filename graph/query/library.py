"""The named-query library and the header every query may carry.

A query comes from the library (`graph/query/queries/<name>.rq`), a file or the command line. Its
header comment states the question it answers and declares its parameters:

    # question: Which organisations worked with a council or with the initiatives it leads?
    # param: council (entity) the council, by any of its names
    # param: source (entity, optional) only what this document says

A parameter is an `entity` (given by any alias and resolved with `NameIndex`, as `show` resolves
names), a `literal` (a plain string) or a typed literal (`xsd:integer`, `xsd:date`, ...);
graph.query.params binds the values. A parameter declared `optional` may be left out: its variable
is then left unbound, so the query's patterns match any value (a filter that is not applied).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError, UnknownQuery

__all__ = [
    "QUERY_DIR",
    "Param",
    "Query",
    "parse_header",
    "load_query_file",
    "inline_query",
    "library",
    "named_query",
    "looks_like_a_name",
]

QUERY_DIR = Path(__file__).resolve().parent / "queries"

_PARAM = re.compile(r"param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[^)]*)\)\s*(?P<description>.*)")
_XSD_TYPES = {"string", "integer", "decimal", "double", "boolean", "date", "dateTime", "gYear", "gYearMonth"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "entity", "literal" or "xsd:<type>"
    description: str = ""
    choices: tuple[str, ...] = ()  # for a literal: the values it may take (matched ignoring case)
    optional: bool = False  # may be left out: its variable is then unbound

    @property
    def usage(self) -> str:
        if self.choices:
            usage = f"--param {self.name}={'|'.join(self.choices)}"
        else:
            usage = f"--param {self.name}={'NAME' if self.kind == 'entity' else 'VALUE'}"
        return f"[{usage}]" if self.optional else usage


@dataclass(frozen=True)
class Query:
    text: str
    origin: str  # how to name it in messages: "named query 'x'", "q.rq", "the query"
    name: str | None = None  # the library name, for named queries
    question: str | None = None
    params: tuple[Param, ...] = ()
    notes: tuple[str, ...] = ()


# --- headers and the library -------------------------------------------------------------------------


def parse_header(text: str, origin: str) -> tuple[str | None, tuple[Param, ...], tuple[str, ...]]:
    """The question, parameters and other notes declared in the leading comment lines of `text`."""
    question: str | None = None
    params: list[Param] = []
    notes: list[str] = []
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
            head, comma, flag = kind.rpartition(",")
            optional = bool(comma) and flag.strip() == "optional"  # (entity, optional)
            if optional:
                kind = head.strip()
            if kind.startswith("literal:"):  # literal: Full|Associate|Affiliate
                kind, listed = "literal", kind.removeprefix("literal:")
            choices = tuple(c.strip() for c in listed.split("|") if c.strip())
            if (
                not match
                or not (
                    kind in ("entity", "literal") or kind.removeprefix("xsd:") in _XSD_TYPES and kind.startswith("xsd:")
                )
                or (listed and not choices)
            ):
                raise QueryError(
                    f"{origin}:{number}: a parameter is declared as "
                    "'# param: NAME (entity|literal|literal: A|B|C|xsd:TYPE) what it is', e.g. "
                    "'# param: council (entity) the council, by any of its names' "
                    "(add ', optional' inside the brackets for one that may be left out: '(entity, optional)')"
                )
            if any(p.name == match["name"] for p in params):
                raise QueryError(f"{origin}:{number}: parameter {match['name']!r} is declared twice")
            params.append(Param(match["name"], kind, match["description"].strip(), choices, optional))
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
