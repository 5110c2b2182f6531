"""What `analyse`, `path` and `similar` report, built from the knowledge graph, and the report renderers.

`analyse_network` ranks the entities of a view by every metric in `graph.analytics`, lists the brokers
and bridges, and both partitions into communities with one computed sentence per community saying what
its members share. `connect` finds the shortest connections between two entities with each hop's
relations and evidence; `most_similar` the entities that share the most neighbours with one.
`RENDERERS` turns an analysis into text: one entry per `--format`.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Callable

from rdflib import Graph

from . import analytics
from .errors import AnalysisError, NotConnected

__all__ = [
    "METRICS", "PARTITION_METHODS", "TYPE_NAMES", "TYPE_PLURALS", "RankedEntity", "Ranking", "Broker", "Bridge",
    "Member", "Community", "Partition", "NetworkAnalysis", "analyse_network", "analysis_from_metrics",
    "describe_community", "run_parameters", "HopRelation", "Hop", "Connection", "Connections", "connect",
    "SimilarEntity", "Similarity", "most_similar", "RENDERERS", "render_analysis", "render_connections",
    "render_similarity",
]

# metric key (as in analytics.all_metrics) -> (title, what it measures)
METRICS = {
    "degree": ("degree", "how many distinct entities it is tied to"),
    "weighted_degree": ("weighted degree", "its ties counted by weight: relations merged into each tie, or in "
                                           "the councils view the things shared"),
    "betweenness": ("betweenness", "the share of shortest paths between other entities that pass through it"),
    "closeness": ("closeness", "how few hops it is from everything it can reach (Wasserman-Faust)"),
    "eigenvector": ("eigenvector", "tied to entities that are themselves central (per component)"),
    "pagerank": ("PageRank", "where a walk along the ties spends its time (damping 0.85)"),
    "clustering": ("clustering coefficient", "the share of pairs of its neighbours that are tied to each other"),
    "core_number": ("k-core", "the deepest k-core it belongs to: a group where everyone has k ties inside"),
}
PARTITION_METHODS = {
    "louvain": "Louvain (seeded)",
    "greedy": "greedy modularity (Clauset-Newman-Moore)",
}
TYPE_NAMES = {
    "Council": "council", "LocalCouncil": "local council", "Network": "network", "Programme": "programme",
    "ProgrammePhase": "programme phase", "Initiative": "initiative", "Organisation": "organisation",
    "Event": "event", "Person": "person", "Fund": "fund", "Place": "place", "Policy": "policy", "Award": "award",
}
TYPE_PLURALS = {
    "Council": "councils", "LocalCouncil": "local councils", "Network": "networks", "Programme": "programmes",
    "ProgrammePhase": "programme phases", "Initiative": "initiatives", "Organisation": "organisations",
    "Event": "events", "Person": "people", "Fund": "funds", "Place": "places", "Policy": "policies",
    "Award": "awards",
}
_DIGITS = 6


def _value(value):
    return round(value, _DIGITS) if isinstance(value, float) else value


# ---------------------------------------------------------------- analyse

@dataclass
class RankedEntity:
    rank: int
    iri: str
    label: str
    type: str
    value: float | int


@dataclass
class Ranking:
    metric: str
    title: str
    description: str
    entries: list[RankedEntity]


@dataclass
class Broker:
    rank: int
    iri: str
    label: str
    type: str
    separates: int      # entities cut off from the largest remaining part when it is removed
    pieces: int


@dataclass
class Bridge:
    rank: int
    iris: list[str]
    labels: list[str]
    separates: int      # entities on the smaller side


@dataclass
class Member:
    iri: str
    label: str
    type: str
    degree: int


@dataclass
class Community:
    number: int
    size: int
    summary: str
    shared: list[dict]          # [{"tie": label, "members": count}], most shared first
    members: list[Member]       # most connected first


@dataclass
class Partition:
    method: str
    description: str
    modularity: float
    count: int
    communities: list[Community]


@dataclass
class NetworkAnalysis:
    view: str
    entities: int
    ties: int
    components: int
    largest_component: int
    seed: int
    sample: int | None
    top: int
    rankings: list[Ranking]
    brokers: list[Broker]
    bridges: list[Bridge]
    partitions: list[Partition]
    agreement: float            # Rand index of the two partitions
    parameters: list[str] = field(default_factory=list)


def analyse_network(graph: Graph, view: str = "full", top: int = 10, seed: int = analytics.DEFAULT_SEED,
                    sample: int | None = None) -> NetworkAnalysis:
    """Rank every entity of `view` by each metric, find brokers, bridges and communities."""
    from .projection import as_undirected, project
    if top < 1:
        raise AnalysisError(f"--top must be at least 1, not {top}")
    g = as_undirected(project(graph, view))
    return analysis_from_metrics(g, analytics.all_metrics(g, seed=seed, sample=sample), view, top, seed, sample)


def run_parameters(seed: int, sample: int | None) -> list[str]:
    """The parameters of a run, as name=value, sorted (recorded in reports and in metrics.ttl)."""
    return sorted([
        f"betweenness.sample={sample if sample is not None else 'exact'}", "closeness.correction=wasserman-faust",
        "eigenvector.tolerance=1e-10", "greedy.resolution=1", "louvain.resolution=1", "pagerank.alpha=0.85",
        "pagerank.tolerance=1e-12", f"seed={seed}",
    ])


def analysis_from_metrics(g, metrics: dict, view: str, top: int, seed: int, sample: int | None) -> NetworkAnalysis:
    """The report of metrics already computed by `analytics.all_metrics` on `g`."""
    node = g.nodes
    rankings = []
    for key, (title, description) in METRICS.items():
        scores = metrics["scores"][key]
        ordered = sorted(scores, key=lambda n: (-scores[n], -g.degree(n), node[n]["label"], n))[:top]
        rankings.append(Ranking(key, title, description, [
            RankedEntity(i + 1, n, node[n]["label"], node[n]["type"], _value(scores[n])) for i, n in enumerate(ordered)
        ]))
    brokers = [Broker(i + 1, p["node"], node[p["node"]]["label"], node[p["node"]]["type"], p["separates"], p["pieces"])
               for i, p in enumerate(metrics["articulation_points"][:top])]
    bridges = [Bridge(i + 1, list(b["ends"]), [node[e]["label"] for e in b["ends"]], b["separates"])
               for i, b in enumerate(metrics["bridges"][:top])]
    partitions = []
    for method, description in PARTITION_METHODS.items():
        found = metrics["partitions"][method]
        communities = [describe_community(g, members, i + 1) for i, members in enumerate(found["communities"])]
        partitions.append(Partition(method, description, _value(found["modularity"]), len(communities), communities))
    comps = metrics["components"]
    return NetworkAnalysis(
        view=view, entities=g.number_of_nodes(), ties=g.number_of_edges(), components=len(comps),
        largest_component=len(comps[0]) if comps else 0, seed=seed, sample=sample, top=top, rankings=rankings,
        brokers=brokers, bridges=bridges, partitions=partitions, agreement=_value(metrics["agreement"]),
        parameters=run_parameters(seed, sample),
    )


def _tie_label(g, tie) -> str:
    return g.nodes[tie]["label"] if tie in g else str(tie)


def describe_community(g, members: list, number: int, shown: int = 3) -> Community:
    """A community's members (most connected first) and one sentence saying what they share."""
    inside = set(members)
    degree_inside = {m: sum(1 for o in g[m] if o in inside) for m in members}
    ordered = sorted(members, key=lambda m: (-g.degree(m), g.nodes[m]["label"], m))
    shared = [{"tie": _tie_label(g, tie), "members": k} for tie, k in analytics.shared_ties(g, members)]
    size = len(members)
    kinds = Counter(g.nodes[m]["type"] for m in members)
    makeup = ", ".join(f"{k} {TYPE_PLURALS.get(t, t) if k != 1 else TYPE_NAMES.get(t, t)}"
                       for t, k in sorted(kinds.items(), key=lambda tk: (-tk[1], tk[0])))
    first, then = ("share ", "") if g.graph.get("view") == "councils" else ("are tied to ", "to ")
    if size == 1:
        only = members[0]
        ties = g.degree(only)
        summary = (f"A community of one: {g.nodes[only]['label']} ({TYPE_NAMES.get(g.nodes[only]['type'], '?')}), "
                   f"with {ties} tie{'s' if ties != 1 else ''} in the view.")
    elif shared:
        parts = [f"{s['members']} {first if i == 0 else then}{s['tie']}" for i, s in enumerate(shared[:shown])]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        summary = f"Of its {size} members ({makeup}), {listed}."
    else:
        hub = sorted(members, key=lambda m: (-degree_inside[m], g.nodes[m]["label"], m))[0]
        summary = (f"No tie is held by two or more of its {size} members ({makeup}); they hang together "
                   f"through {g.nodes[hub]['label']}, the member most tied to the others.")
    return Community(number, size, summary, shared,
                     [Member(m, g.nodes[m]["label"], g.nodes[m]["type"], g.degree(m)) for m in ordered])


# ---------------------------------------------------------------- path

@dataclass
class HopRelation:
    relation: str
    verb: str
    forward: bool               # stated from the hop's start to its end (False: from the end to the start)
    qualifiers: dict[str, str]
    evidence: list[dict]        # [{"source", "quote"}]


@dataclass
class Hop:
    iri: str                    # where the hop arrives
    label: str
    type: str
    relations: list[HopRelation]


@dataclass
class Connection:
    start_iri: str
    start_label: str
    hops: list[Hop]


@dataclass
class Connections:
    source: str
    source_label: str
    target: str
    target_label: str
    length: int                 # hops
    count: int                  # how many shortest connections there are
    connections: list[Connection]


_QUALIFIER_KEYS = ("role", "status", "tier", "as_at", "date", "amount", "currency")


def _resolve(graph: Graph, name: str, view) -> str:
    from .describe import NameIndex
    iri = str(NameIndex(graph).find(name))
    if iri not in view:
        raise AnalysisError(f"{name!r} ({iri}) is not in the {view.graph.get('view')} view"
                            + ("; the bipartite view holds only councils with ties to organisations, programmes, "
                               "networks... and those things: try --view full"
                               if view.graph.get("view") == "bipartite" else ""))
    return iri


def connect(graph: Graph, first: str, second: str, limit: int = 5) -> Connections:
    """The shortest connections between two entities (found by any name) in the full view, with evidence."""
    from .projection import as_undirected, full_view
    if limit < 1:
        raise AnalysisError(f"--limit must be at least 1, not {limit}")
    full = full_view(graph)
    source, target = _resolve(graph, first, full), _resolve(graph, second, full)
    if source == target:
        raise AnalysisError(f"{first!r} and {second!r} are the same entity ({full.nodes[source]['label']})")
    try:
        count, paths = analytics.shortest_paths(as_undirected(full), source, target, limit)
    except AnalysisError as exc:
        raise NotConnected(f"{full.nodes[source]['label']} and {full.nodes[target]['label']} are not connected: "
                            "no chain of relations joins them") from exc
    connections = []
    for path in paths:
        hops = []
        for a, b in zip(path, path[1:]):
            relations = [_hop_relation(data, True) for data in full.get_edge_data(a, b, default={}).values()]
            relations += [_hop_relation(data, False) for data in full.get_edge_data(b, a, default={}).values()]
            relations.sort(key=lambda r: (not r.forward, r.verb, sorted(r.qualifiers.items()),
                                          [(e["source"], e["quote"]) for e in r.evidence]))
            hops.append(Hop(b, full.nodes[b]["label"], full.nodes[b]["type"], relations))
        connections.append(Connection(source, full.nodes[source]["label"], hops))
    return Connections(source, full.nodes[source]["label"], target, full.nodes[target]["label"],
                       len(paths[0]) - 1, count, connections)


def _hop_relation(data: dict, forward: bool) -> HopRelation:
    qualifiers = {k.replace("_", " "): data[k] for k in _QUALIFIER_KEYS if k in data}
    return HopRelation(data["relation"], data["verb"], forward, qualifiers, list(data["evidence"]))


# ---------------------------------------------------------------- similar

@dataclass
class SimilarEntity:
    rank: int
    iri: str
    label: str
    type: str
    score: float
    shared: list[str]           # labels of the shared neighbours


@dataclass
class Similarity:
    iri: str
    label: str
    type: str
    view: str
    method: str
    neighbours: int
    similar: list[SimilarEntity]


def most_similar(graph: Graph, name: str, view: str = "bipartite", method: str = "jaccard",
                 top: int = 10) -> Similarity:
    """The entities of `view` that share the most neighbours with `name` (any alias)."""
    from .projection import as_undirected, project
    if top < 1:
        raise AnalysisError(f"--top must be at least 1, not {top}")
    g = as_undirected(project(graph, view))
    iri = _resolve(graph, name, g)
    found = analytics.similar(g, iri, method=method, top=top)
    entries = [SimilarEntity(i + 1, f["node"], g.nodes[f["node"]]["label"], g.nodes[f["node"]]["type"],
                             _value(f["score"]), sorted(g.nodes[s]["label"] for s in f["shared"]))
               for i, f in enumerate(found)]
    return Similarity(iri, g.nodes[iri]["label"], g.nodes[iri]["type"], view, method, g.degree(iri), entries)


# ---------------------------------------------------------------- rendering

def _table(headers: list[str], rows: list[list]) -> list[str]:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    out = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    out.insert(1, "  ".join("-" * w for w in widths))
    return out


def _markdown_table(headers: list[str], rows: list[list]) -> list[str]:
    escape = lambda c: str(c).replace("|", "\\|")  # noqa: E731
    return ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|",
            *("| " + " | ".join(escape(c) for c in row) + " |" for row in rows)]


def _shown(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _headline(a: NetworkAnalysis) -> list[str]:
    method = f"estimated from {a.sample} sampled sources" if a.sample is not None else "exact"
    return [f"{a.view} view: {a.entities} entities, {a.ties} ties, {a.components} component"
            f"{'s' if a.components != 1 else ''} (largest {a.largest_component}); seed {a.seed}; "
            f"betweenness {method}; top {a.top} shown",
            f"Louvain found {a.partitions[0].count} communities (modularity {a.partitions[0].modularity:.4f}), "
            f"greedy modularity {a.partitions[1].count} (modularity {a.partitions[1].modularity:.4f}); "
            f"they agree on {a.agreement:.1%} of pairs of entities (Rand index)."]


def _sections(a: NetworkAnalysis, table: Callable[[list[str], list[list]], list[str]], heading: Callable[[str], str],
              top: int) -> list[str]:
    lines: list[str] = []
    for r in a.rankings:
        lines += ["", heading(f"{r.title}: {r.description}"), *table(
            ["rank", "entity", "type", r.title], [[e.rank, e.label, e.type, _shown(e.value)] for e in r.entries])]
    lines += ["", heading("brokers (articulation points): removing one splits the network"), *table(
        ["rank", "entity", "type", "cuts off", "pieces"],
        [[b.rank, b.label, b.type, b.separates, b.pieces] for b in a.brokers])]
    lines += ["", heading("bridges: ties whose removal splits the network"), *table(
        ["rank", "tie", "cuts off"], [[b.rank, " — ".join(b.labels), b.separates] for b in a.bridges])]
    for p in a.partitions:
        lines += ["", heading(f"communities by {p.description}: {p.count}, modularity {p.modularity:.4f}")]
        for c in p.communities[:top]:
            names = [m.label for m in c.members[:top]]
            more = f" and {c.size - len(names)} more" if c.size > len(names) else ""
            lines += [f"{c.number}. {c.summary}", f"   members: {'; '.join(names)}{more}"]
        if p.count > top:
            lines.append(f"... and {p.count - top} smaller communities")
    return lines


def _render_table(a: NetworkAnalysis) -> str:
    def heading(text: str) -> str:
        return text[:1].upper() + text[1:]
    return "\n".join([*_headline(a), *_sections(a, _table, heading, a.top)]) + "\n"


def _render_markdown(a: NetworkAnalysis) -> str:
    lines = [f"# Network analysis of the {a.view} view", "", *_headline(a)]
    return "\n".join([*lines, *_sections(a, _markdown_table, lambda t: f"## {t[:1].upper()}{t[1:]}", a.top)]) + "\n"


def _render_json(a: NetworkAnalysis) -> str:
    return json.dumps(asdict(a), indent=2, ensure_ascii=False) + "\n"


def _render_csv(a: NetworkAnalysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "rank", "iri", "label", "type", "value", "detail"])
    for r in a.rankings:
        for e in r.entries:
            writer.writerow([r.metric, e.rank, e.iri, e.label, e.type, e.value, ""])
    for b in a.brokers:
        writer.writerow(["articulation_points", b.rank, b.iri, b.label, b.type, b.separates, f"{b.pieces} pieces"])
    for b in a.bridges:
        writer.writerow(["bridges", b.rank, " ".join(b.iris), " — ".join(b.labels), "", b.separates, ""])
    for p in a.partitions:
        for c in p.communities:
            for m in c.members:
                writer.writerow([f"{p.method}_communities", c.number, m.iri, m.label, m.type, m.degree, c.summary])
    return out.getvalue()


RENDERERS: dict[str, Callable[[NetworkAnalysis], str]] = {
    "table": _render_table, "csv": _render_csv, "json": _render_json, "markdown": _render_markdown,
}


def render_analysis(analysis: NetworkAnalysis, fmt: str = "table") -> str:
    if fmt not in RENDERERS:
        raise AnalysisError(f"unknown format {fmt!r}; formats: {', '.join(RENDERERS)}")
    return RENDERERS[fmt](analysis)


def render_connections(c: Connections) -> str:
    plural = "s" if c.count != 1 else ""
    lines = [f"{c.source_label} → {c.target_label}: {c.count} shortest connection{plural} of {c.length} "
             f"hop{'s' if c.length != 1 else ''}" + (f" (showing {len(c.connections)})"
                                                     if len(c.connections) < c.count else "")]
    for i, conn in enumerate(c.connections, 1):
        lines += ["", f"{i}. {conn.start_label}"]
        for hop in conn.hops:
            for rel in hop.relations:
                arrow = f"—{rel.verb}→" if rel.forward else f"←{rel.verb}—"
                qualifiers = "; ".join(f"{k}: {v}" for k, v in rel.qualifiers.items())
                lines.append(f"   {arrow} {hop.label}" + (f"  ({qualifiers})" if qualifiers else ""))
                lines += [f'        [{e["source"]}] "{e["quote"]}"' for e in rel.evidence]
    return "\n".join(lines) + "\n"


def render_similarity(s: Similarity) -> str:
    head = (f"Most like {s.label} ({s.type}, {s.neighbours} neighbour{'s' if s.neighbours != 1 else ''}) "
            f"in the {s.view} view, "
            f"by {s.method} of shared neighbours:")
    rows = [[e.rank, e.label, e.type, _shown(e.score), len(e.shared), "; ".join(e.shared)] for e in s.similar]
    if not rows:
        return head + "\nnothing shares a neighbour with it\n"
    return "\n".join([head, *_table(["rank", "entity", "type", "score", "shared", "what they share"], rows)]) + "\n"
