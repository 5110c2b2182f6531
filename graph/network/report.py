"""The text of the network reports: an analysis in each `--format` (RENDERERS: one entry per format),
and the connections and similarities."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict

from ..choices import REPORT_FORMATS, registry
from ..errors import AnalysisError
from ..text import markdown_table_lines, table_lines
from .analysis import NetworkAnalysis
from .connect import Connections
from .similarity import Similarity

__all__ = ["RENDERERS", "render_analysis", "render_connections", "render_similarity"]


def _shown(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _headline(a: NetworkAnalysis) -> list[str]:
    method = (
        f"betweenness and closeness estimated from {a.sample} sampled sources"
        if a.sample is not None
        else "betweenness exact"
    )
    louvain, greedy = a.partitions
    found = (
        f"Louvain found {louvain.count} communities (modularity {louvain.modularity:.4f})"
        if louvain.modularity is not None
        else f"Louvain communities could not be found ({louvain.failed})"
    )
    also = (
        f"greedy modularity {greedy.count} (modularity {greedy.modularity:.4f})"
        if greedy.modularity is not None
        else f"greedy modularity communities could not be found ({greedy.failed})"
    )
    agree = f"; they agree on {a.agreement:.1%} of pairs of entities (Rand index)" if a.agreement is not None else ""
    failed = f"Not computed: {', '.join(a.failed)} (see below)." if a.failed else None
    return [
        f"{a.view} view: {a.entities} entities, {a.ties} ties, {a.components} component"
        f"{'s' if a.components != 1 else ''} (largest {a.largest_component}); seed {a.seed}; "
        f"{method}; top {a.top} shown",
        f"{found}, {also}{agree}.",
        *a.notes,
        *([failed] if failed else []),
    ]


def _not_computed(reason: str | None) -> str:
    return f"Not computed: {reason}"


def _sections(
    a: NetworkAnalysis, table: Callable[[list[str], list[list]], list[str]], heading: Callable[[str], str], top: int
) -> list[str]:
    lines: list[str] = []
    for r in a.rankings:
        if r.failed is not None:
            lines += ["", heading(f"{r.title}: {r.description}"), _not_computed(r.failed)]
            continue
        lines += [
            "",
            heading(f"{r.title}: {r.description}"),
            *table(
                ["rank", "entity", "type", r.title], [[e.rank, e.label, e.type, _shown(e.value)] for e in r.entries]
            ),
        ]
    lines += [
        "",
        heading("brokers (articulation points): removing one splits the network"),
        *(
            table(
                ["rank", "entity", "type", "cuts off", "pieces"],
                [[b.rank, b.label, b.type, b.separates, b.pieces] for b in a.brokers],
            )
            if "articulation_points" not in a.failed
            else [_not_computed(a.failed["articulation_points"])]
        ),
    ]
    lines += [
        "",
        heading("bridges: ties whose removal splits the network"),
        *(
            table(["rank", "tie", "cuts off"], [[b.rank, " — ".join(b.labels), b.separates] for b in a.bridges])
            if "bridges" not in a.failed
            else [_not_computed(a.failed["bridges"])]
        ),
    ]
    for p in a.partitions:
        if p.modularity is None:
            lines += ["", heading(f"communities by {p.description}"), _not_computed(p.failed)]
            continue
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

    return "\n".join([*_headline(a), *_sections(a, table_lines, heading, a.top)]) + "\n"


def _render_markdown(a: NetworkAnalysis) -> str:
    lines = [f"# Network analysis of the {a.view} view", "", *_headline(a)]
    return (
        "\n".join([*lines, *_sections(a, markdown_table_lines, lambda t: f"## {t[:1].upper()}{t[1:]}", a.top)]) + "\n"
    )


def _render_json(a: NetworkAnalysis) -> str:
    data = asdict(a)
    # what was added for failures and large views appears only when it applies, so that the report of a run
    # where nothing failed, on a small view, is the same as before it existed
    for key in ("failed", "notes"):
        if not data[key]:
            del data[key]
    for part in (*data["rankings"], *data["partitions"]):
        if part["failed"] is None:
            del part["failed"]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _render_csv(a: NetworkAnalysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "rank", "iri", "label", "type", "value", "detail"])
    for note in a.notes:
        writer.writerow(["note", "", "", "", "", "", note])
    for section, reason in a.failed.items():  # one row per thing not computed, in its own section
        section = f"{section}_communities" if section in ("louvain", "greedy") else section
        writer.writerow([section, "", "", "", "", "", _not_computed(reason)])
    for r in a.rankings:
        for e in r.entries:
            writer.writerow([r.metric, e.rank, e.iri, e.label, e.type, e.value, ""])
    for b in a.brokers:
        writer.writerow(["articulation_points", b.rank, b.iri, b.label, b.type, b.separates, f"{b.pieces} pieces"])
    for bridge in a.bridges:
        iris, labels = " ".join(bridge.iris), " — ".join(bridge.labels)
        writer.writerow(["bridges", bridge.rank, iris, labels, "", bridge.separates, ""])
    for p in a.partitions:
        for c in p.communities:
            for m in c.members:
                writer.writerow([f"{p.method}_communities", c.number, m.iri, m.label, m.type, m.degree, c.summary])
    return out.getvalue()


RENDERERS: dict[str, Callable[[NetworkAnalysis], str]] = registry(
    REPORT_FORMATS,
    {
        "table": _render_table,
        "csv": _render_csv,
        "json": _render_json,
        "markdown": _render_markdown,
    },
)


def render_analysis(analysis: NetworkAnalysis, fmt: str = "table") -> str:
    if fmt not in RENDERERS:
        raise AnalysisError(f"unknown format {fmt!r}; formats: {', '.join(RENDERERS)}")
    return RENDERERS[fmt](analysis)


def render_connections(c: Connections) -> str:
    plural = "s" if c.count != 1 else ""
    lines = [
        f"{c.source_label} → {c.target_label}: {c.count} shortest connection{plural} of {c.length} "
        f"hop{'s' if c.length != 1 else ''}"
        + (f" (showing {len(c.connections)})" if len(c.connections) < c.count else "")
    ]
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
    head = (
        f"Most like {s.label} ({s.type}, {s.neighbours} neighbour{'s' if s.neighbours != 1 else ''}) "
        f"in the {s.view} view, "
        f"by {s.method} of shared neighbours:"
    )
    rows = [[e.rank, e.label, e.type, _shown(e.score), len(e.shared), "; ".join(e.shared)] for e in s.similar]
    if not rows:
        return head + "\nnothing shares a neighbour with it\n"
    return (
        "\n".join([head, *table_lines(["rank", "entity", "type", "score", "shared", "what they share"], rows)]) + "\n"
    )
