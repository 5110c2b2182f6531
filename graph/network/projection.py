"""Turning the RDF graph into NetworkX graphs: the one place that decides what becomes a node or edge.

The mapping (also in docs/projections.md):

- **Nodes** are the entities: every resource typed with one of ENTITY_CLASSES. The node key is the IRI
  (a string); attributes: `label`, `type` (the class's local name), `aliases`, `sources`, and where
  present `gss`, `nation`, `region`, `kind`, `description`.
- **Edges** are the qualified relations: each `cg:Relation` node collapses into ONE edge from its
  `cg:relationFrom` to its `cg:relationTo`, keyed by the relation's IRI, carrying `relation` (the class's
  local name, e.g. Leadership), `verb` ("leads"), the qualifiers present (`role`, `status`, `tier`,
  `as_at`, `date`, `amount`, `currency`), `sources` and `evidence` (a list of {source, quote}).
- **Views**:
  - `full`: a MultiDiGraph of every entity and relation;
  - `bipartite`: an undirected Graph between councils and the things they are tied to (TIE_TYPES):
    directly, or through an initiative the council leads; a tie to a programme phase also ties the
    council to the programme the phase is part of; each edge lists `via` (how, with the membership
    tier where there is one);
  - `councils`: an undirected Graph of councils, an edge where two councils share ties (or are related
    directly), `weight` the number of things shared, `shared` their labels, so that every weight can be
    traced to what makes it; two members of a network in the same tier also share the tier
    ("<network>: <tier> tier").
- `as_undirected(view)` is how the analytics read any view: one undirected edge per pair of entities,
  in the full view with `weight` the number of relations merged into it; no self-loops.
Everything is added in sorted order so that the graphs, and all results computed from them, are the
same on every run.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..choices import VIEWS as VIEW_NAMES
from ..choices import registry
from ..model.namespaces import CG
from ..model.vocabulary import COUNCILS, ENTITY_TYPES_BY_CLASS, QUALIFIERS, RELATION_TYPES_BY_CLASS, reading
from ..query.facts import Facts, facts_of
from ..query.relations import evidence_of, qualifiers_of, relation_class, source_ids

__all__ = [
    "VIEWS",
    "ENTITY_CLASSES",
    "TIE_TYPES",
    "COUNCIL_TYPES",
    "project",
    "full_view",
    "bipartite_view",
    "councils_view",
    "as_undirected",
    "RELATION_VERBS",
]

# What becomes a node: an entity of any type but a document section or case study (parts of a source, as the source
# documents are). Its `type` is its entity type's class name (graph.model.vocabulary), and the first class
# here that it has decides it: the register's councils come last, as a local council is a cg:Council too.
ENTITY_CLASSES = [
    (name, t.classes[0]) for name, t in ENTITY_TYPES_BY_CLASS.items() if name not in ("DocumentSection", "CaseStudy")
]
COUNCIL_TYPES = frozenset(name for name, t in ENTITY_TYPES_BY_CLASS.items() if t.id_kind in COUNCILS)
TIE_TYPES = frozenset({"Organisation", "Programme", "ProgrammePhase", "Network", "Event", "Fund", "Policy", "Award"})
# each relation's `verb` on its edges: its edge label in the vocabulary, by its class's local name
RELATION_VERBS = {name: r.edge_label for name, r in RELATION_TYPES_BY_CLASS.items()}
_QUALIFIERS = [q for q in QUALIFIERS if q.on_edge]  # carried onto the edges, keyed by their field names


def _entity_nodes(facts: Facts, only: set[str] | None = None) -> dict[str, dict]:
    nodes: dict[str, dict] = {}
    if only is not None:  # a few entities: each one's types read, not every entity of each type
        order = {str(cls): i for i, (_, cls) in enumerate(ENTITY_CLASSES)}
        for key in sorted(only):
            found = sorted(order[str(t)] for t in facts.objects(key, RDF.type) if str(t) in order)
            if found and not key.startswith("_:"):
                nodes[key] = _entity_attributes(facts, URIRef(key), ENTITY_CLASSES[found[0]][0])
        return dict(sorted(nodes.items()))
    for type_name, cls in ENTITY_CLASSES:
        for subject in sorted(facts.subjects(RDF.type, cls), key=str):
            key = str(subject)
            if not isinstance(subject, URIRef) or key in nodes:
                continue
            nodes[key] = _entity_attributes(facts, subject, type_name)
    return nodes


def _entity_attributes(facts: Facts, subject: URIRef, type_name: str) -> dict:
    attrs = {
        "label": facts.label(subject),
        "type": type_name,
        "aliases": facts.texts(subject, SKOS.altLabel),
        "sources": source_ids(facts, subject),
    }
    for key, prop in (
        ("gss", CG.gssCode),
        ("nation", CG.nation),
        ("region", CG.region),
        ("description", DCTERMS.description),
    ):
        values = facts.texts(subject, prop)
        if values:
            attrs[key] = values[0]
    kind = facts.value(subject, CG.organisationKind)
    if kind is not None:
        attrs["kind"] = facts.label(kind)
    return attrs


def _relation_edges(facts: Facts, nodes: dict[str, dict], relations=None) -> list[tuple[str, str, str, dict]]:
    edges = []
    found = facts.subjects(RDF.type, CG.Relation) if relations is None else relations
    for rel in sorted(set(found), key=str):
        source, target = facts.value(rel, CG.relationFrom), facts.value(rel, CG.relationTo)
        if str(source) not in nodes or str(target) not in nodes:
            continue
        relation = relation_class(facts, rel)
        attrs: dict[str, object] = {
            "relation": relation,
            "verb": RELATION_VERBS.get(relation, relation),
            "iri": str(rel),
            "sources": source_ids(facts, rel),
        }
        attrs.update((q.field, values) for q, values in qualifiers_of(facts, rel, _QUALIFIERS))
        spec = RELATION_TYPES_BY_CLASS.get(relation)
        if spec is not None and "status" in attrs:  # as its status reads: "applied to", not "participates in"
            attrs["verb"] = reading(spec, str(attrs["status"]))[3]
        attrs["evidence"] = [{"source": e.source, "quote": e.quote} for e in evidence_of(facts, rel)]
        edges.append((str(source), str(target), str(rel), attrs))
    return edges


def full_view(graph: Graph | Facts, only: set[str] | None = None):
    """Every entity and every relation: a MultiDiGraph, one edge per qualified relation. With `only` (entity
    IRIs), just those entities and the relations between them, read from them alone. The whole view is
    kept beside the project's store (Facts.cached), so it is read from the graph once per version of it."""
    import networkx as nx

    facts = facts_of(graph)
    if only is None:
        from .. import __version__

        nodes, edges = facts.cached(f"full-view-{__version__}-{_FORMAT}", lambda: _full_view_data(facts, None))
    else:
        nodes, edges = _full_view_data(facts, only)
    g = nx.MultiDiGraph(view="full")
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


_FORMAT = 2  # of the cached full view: raised when what it holds changes


def _full_view_data(facts: Facts, only: set[str] | None) -> tuple[list, list]:
    """(nodes as [key, attributes], edges as [from, to, key, attributes]), sorted: the full view as data."""
    nodes = _entity_nodes(facts, only)
    relations = None
    if only is not None:
        relations = [r for n in sorted(nodes) for r in facts.subjects(CG.relationFrom, n)]
    edges = [list(edge) for edge in _relation_edges(facts, nodes, relations)]
    return [[key, nodes[key]] for key in sorted(nodes)], edges


def _council_ties(full) -> dict[str, dict[str, set[str]]]:
    """council -> tie node -> the ways they are tied (relation verbs, or 'via <initiative>')."""
    ties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    councils = sorted(n for n, d in full.nodes(data=True) if d["type"] in COUNCIL_TYPES)
    for council in councils:
        led = set()
        for _, target, data in full.out_edges(council, data=True):
            if data["relation"] == "Leadership":
                led.add(target)
        for neighbour, how in _neighbours(full, council):
            if full.nodes[neighbour]["type"] in TIE_TYPES:
                ties[council][neighbour].add(how)
        for initiative in sorted(led):
            label = full.nodes[initiative]["label"]
            for neighbour, how in _neighbours(full, initiative):
                if neighbour != council and full.nodes[neighbour]["type"] in TIE_TYPES:
                    ties[council][neighbour].add(f"{how} (via {label})")
        for phase in sorted(t for t in ties.get(council, {}) if full.nodes[t]["type"] == "ProgrammePhase"):
            for _, whole, data in full.out_edges(phase, data=True):  # the programme the phase is part of
                if data["relation"] == "Composition" and full.nodes[whole]["type"] == "Programme":
                    ties[council][whole].add(f"via {full.nodes[phase]['label']}")
    return ties


def _council_tiers(full) -> dict[str, set[tuple[str, str]]]:
    """council -> {(network, tier)} from its network memberships that state a tier."""
    tiers: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for council, network, data in full.edges(data=True):
        if data["relation"] == "NetworkMembership" and "tier" in data and full.nodes[council]["type"] in COUNCIL_TYPES:
            tiers[council].add((network, data["tier"]))
    return tiers


def _neighbours(full, node):
    for _, other, data in full.out_edges(node, data=True):
        yield other, _how(data)
    for other, _, data in full.in_edges(node, data=True):
        yield other, f"{_how(data)} (inverse)"


def _how(data: dict) -> str:
    return f"{data['verb']} (tier: {data['tier']})" if "tier" in data else data["verb"]


def bipartite_view(graph: Graph | Facts, full=None):
    """Councils and the organisations, programmes, networks... they are tied to."""
    import networkx as nx

    full = full if full is not None else full_view(graph)
    g = nx.Graph(view="bipartite")
    ties = _council_ties(full)
    for council in sorted(ties):
        g.add_node(council, **full.nodes[council], bipartite=0)
        for tie in sorted(ties[council]):
            if tie not in g:
                g.add_node(tie, **full.nodes[tie], bipartite=1)
            g.add_edge(council, tie, via=sorted(ties[council][tie]))
    return g


def councils_view(graph: Graph | Facts, full=None):
    """Councils linked by what they share; `weight` counts the shared things listed in `shared`."""
    import networkx as nx

    full = full if full is not None else full_view(graph)
    ties = _council_ties(full)
    g = nx.Graph(view="councils")
    councils = sorted(n for n, d in full.nodes(data=True) if d["type"] in COUNCIL_TYPES)
    for council in councils:
        g.add_node(council, **full.nodes[council])
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_tie: dict[str | tuple[str, str], list[str]] = defaultdict(list)
    tie: str | tuple[str, str]  # an entity, or a (network, tier) pair
    for council in councils:
        for tie in ties.get(council, {}):
            by_tie[tie].append(council)
    for council, held in sorted(_council_tiers(full).items()):
        for network, tier in sorted(held):
            by_tie[(network, tier)].append(council)
    for tie in sorted(by_tie, key=str):
        members = sorted(by_tie[tie])
        label = f"{full.nodes[tie[0]]['label']}: {tie[1]} tier" if isinstance(tie, tuple) else full.nodes[tie]["label"]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared[(a, b)].add(label)
    for a, b, data in full.edges(data=True):  # councils related directly (a joint service, a partnership)
        if a != b and a in g and b in g:
            shared[tuple(sorted((a, b)))].add(f"{data['verb']}: {full.nodes[b]['label']}")
    for a, b in sorted(shared):
        things = sorted(shared[(a, b)])
        g.add_edge(a, b, weight=len(things), shared=things)
    return g


VIEWS = registry(VIEW_NAMES, {"full": full_view, "bipartite": bipartite_view, "councils": councils_view})


def as_undirected(view):
    """The undirected simple graph the analytics read from any view (the view itself is not changed).

    In the full view, the relations between two entities (either way round) merge into one edge whose
    `weight` is their number and whose `relations` lists their IRIs. In the other views, which are
    already undirected simple graphs, each edge keeps its attributes (`via`, `shared`), with `weight` 1
    where it has none. Self-loops are dropped; node attributes are copied.
    """
    import networkx as nx

    g = nx.Graph(view=view.graph.get("view"))
    for node in sorted(view.nodes):
        g.add_node(node, **view.nodes[node])
    if not view.is_multigraph() and not view.is_directed():
        for a, b in sorted(tuple(sorted(e)) for e in view.edges if e[0] != e[1]):
            g.add_edge(a, b, **{"weight": 1, **view.edges[a, b]})
        return g
    edges = (
        view.edges(keys=True, data=True)
        if view.is_multigraph()
        else ((a, b, None, d) for a, b, d in view.edges(data=True))
    )
    merged: dict[tuple[str, str], dict] = {}
    for a, b, key, data in edges:
        if a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        entry = merged.setdefault(pair, {"weight": 0, "relations": []})
        entry["weight"] += data.get("weight", 1)
        if key is not None:
            entry["relations"].append(key)
    for a, b in sorted(merged):
        entry = merged[(a, b)]
        g.add_edge(a, b, weight=entry["weight"], relations=sorted(entry["relations"]))
    return g


def project(graph: Graph | Facts, view: str = "full"):
    """The NetworkX graph of `view` (one of VIEWS)."""
    if view not in VIEWS:
        from ..errors import CouncilGraphError

        raise CouncilGraphError(f"unknown view {view!r}; views: {', '.join(VIEWS)}")
    return VIEWS[view](graph)
