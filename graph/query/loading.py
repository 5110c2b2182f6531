"""Reading the built graph: the Turtle files in exports/ into an rdflib graph, parsed by Oxigraph.

`load_export` is what the commands that read the graph (`stats`, `show`, `analyse`, `path`, `similar`,
`viz`) start from; `graph_files` and `load_graph` are shared with the stores, which load the same files.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.stores.memory import SimpleMemory

from ..errors import CouncilGraphError, QueryError, StoreError
from ..model.namespaces import bind_prefixes
from ..paths import Paths, locate

__all__ = ["load_export", "export_path", "graph_files", "load_graph", "parse_into", "Terms", "first_line", "XSD_STRING"]

XSD_STRING = str(XSD.string)


def export_path(paths: Paths) -> Path:
    return paths.built / "councilgraph.ttl"


def load_export(paths: Paths | None = None) -> Graph:
    """The graph in exports/councilgraph.ttl of `paths` (default: the project `locate` finds); a clear
    error, naming the project and how it was found, if it has not been built."""
    paths = paths or locate()
    path = export_path(paths)
    if not path.exists():
        raise CouncilGraphError(paths.missing(path))
    return load_graph([path])  # Oxigraph's parser: several times faster than rdflib's


NOT_THE_GRAPH = "void.ttl"  # the dataset's description (VoID, DCAT), written beside the graph by `build`


def graph_files(paths: Paths) -> list[Path]:
    """exports/councilgraph.ttl and every other Turtle file beside it (metrics and the like), sorted, but not
    void.ttl, the description of the files themselves (their sizes change with every build of them); read
    from `paths.built`, which for the graph installed with the package is the package's own copy."""
    main = paths.built / "councilgraph.ttl"
    if not main.exists():
        raise StoreError(paths.missing(main))
    return [main] + sorted(p for p in paths.built.glob("*.ttl") if p.name not in (main.name, NOT_THE_GRAPH))


class Terms:
    """Oxigraph terms to rdflib terms, each distinct term made once (it is the slow part of loading)."""

    def __init__(self):
        self.made: dict = {}

    def __call__(self, term):
        made = self.made.get(term)
        if made is None:
            made = self.made[term] = self._make(term)
        return made

    def _make(self, term):
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype.value == XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        raise QueryError(f"the store returned an RDF term this tool cannot handle: {term}")

    def optional(self, term):
        return None if term is None else self(term)


def parse_into(graph: Graph, source, fmt, where: str) -> None:
    import pyoxigraph as ox

    terms = Terms()
    made, make = terms.made, terms._make  # the cache inlined: this loop is the hot path of loading
    add = graph.store.add
    try:
        for quad in ox.parse(source, format=fmt):
            s, p, o = quad.subject, quad.predicate, quad.object
            add(
                (
                    made[s] if s in made else made.setdefault(s, make(s)),
                    made[p] if p in made else made.setdefault(p, make(p)),
                    made[o] if o in made else made.setdefault(o, make(o)),
                ),
                graph,
            )
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{where} cannot be read as RDF: {first_line(exc)}") from None


def load_graph(files: list[Path], graph: Graph | None = None) -> Graph:
    """The Turtle `files` in one rdflib graph (parsed with Oxigraph's parser: several times faster).

    A new graph is on rdflib's SimpleMemory store: the exports have no named graphs, and the default
    store's bookkeeping of contexts doubles the time it takes to load them (docs/benchmarks.md).
    """
    import pyoxigraph as ox

    graph = bind_prefixes(graph if graph is not None else Graph(store=SimpleMemory()))
    for path in files:
        with open(path, "rb") as handle:
            parse_into(graph, handle, ox.RdfFormat.TURTLE, str(path))
    return graph


def first_line(exc) -> str:
    text = getattr(exc, "strerror", None) or str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
