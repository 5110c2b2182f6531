"""councilgraph: the command line, a thin shell over the `graph` library."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from graph import __version__
from graph.errors import CouncilGraphError

FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")   # kept in step with graph.export.EXPORTERS by a test


def _paths(root: str | None):
    from graph.project import Paths
    return Paths(Path(root).resolve()) if root else Paths()


def _fail(exc: CouncilGraphError) -> click.ClickException:
    return click.ClickException(str(exc))


root_option = click.option("--root", type=click.Path(file_okay=False, exists=True), default=None,
                           help="Project folder holding data/, ontology/ and exports/ (default: this checkout).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="councilgraph")
def cli() -> None:
    """A knowledge graph of UK councils, their partners, funders, initiatives, programmes and networks."""


@cli.command()
@root_option
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), show_default=True,
              default=("turtle", "ntriples", "jsonld"), help="Export format(s) to write (repeatable).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder to write the exports to (default: exports/).")
def build(root, formats, out_dir) -> None:
    """Check the data, build the graph, validate it and write the exports."""
    from graph.pipeline import run_build
    try:
        result = run_build(_paths(root), tuple(formats), Path(out_dir) if out_dir else None)
    except CouncilGraphError as exc:
        raise _fail(exc) from exc
    click.echo(f"built {len(result.graph)} triples; {result.report.summary()}")
    for path in result.written:
        click.echo(f"wrote {path}")


@cli.command()
@root_option
def validate(root) -> None:
    """Check the data files and run the SHACL shapes, writing nothing."""
    from graph.pipeline import build_and_validate
    try:
        graph, report = build_and_validate(_paths(root))
    except CouncilGraphError as exc:
        raise _fail(exc) from exc
    if not report.conforms:
        raise click.ClickException(report.summary(limit=50))
    click.echo(f"data ok: {len(graph)} triples; {report.summary()}")


@cli.command()
@root_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(root, as_json) -> None:
    """Counts by class, by source document, and network membership per snapshot and tier."""
    from graph.stats import graph_stats
    from graph.store import load_export
    try:
        result = graph_stats(load_export(_paths(root)))
    except CouncilGraphError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(asdict(result), indent=2, sort_keys=True))
        return
    click.echo(f"{result.triples} triples\n")
    click.echo(_table(["class", "count"], [[k, v] for k, v in result.by_class.items()]))
    click.echo("")
    click.echo(_table(["source", "entities", "relations", "quotes"],
                      [[s, c["entities"], c["relations"], c["quotes"]] for s, c in result.by_source.items()]))
    for snap in result.memberships:
        click.echo(f"\n{snap.network}: {len(snap.members)} members listed in {snap.label}")
        click.echo(_table(["tier", "listed"], [[tier, count] for tier, count in snap.by_tier().items()]))
        for label, value in snap.claims:
            click.echo(f"  the document states: {label} = {value}")
    for comparison in result.comparisons:
        click.echo(f"\n{comparison['network']}: {comparison['earlier']} against {comparison['later']}")
        click.echo(_table(["", "members"], [
            ["in both", len(comparison["both"])], ["only in the earlier", len(comparison["only_earlier"])],
            ["only in the later", len(comparison["only_later"])]]))
        for key, heading in (("only_earlier", "only in the earlier"), ("both", "in both")):
            click.echo(f"  {heading}: {'; '.join(comparison[key])}")


@cli.command()
@root_option
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(root, name, as_json) -> None:
    """Everything known about one entity, found by any of its names, with the quoted evidence."""
    from graph.describe import describe_entity
    from graph.store import load_export
    try:
        description = describe_entity(load_export(_paths(root)), name)
    except CouncilGraphError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(asdict(description), indent=2, sort_keys=True, ensure_ascii=False))
        return
    click.echo(_render_description(description))


def _render_description(d) -> str:
    lines = [d.label, "=" * len(d.label), f"IRI:   {d.iri}", f"types: {', '.join(d.types)}"]
    lines += [f"{k}: {v}" for k, v in d.identifiers.items()]
    if d.aliases:
        lines.append(f"also called: {'; '.join(d.aliases)}")
    lines += [f"description: {t}" for t in d.descriptions]
    lines += [f"note: {t}" for t in d.notes]
    lines += [f"AMBIGUITY: {t}" for t in d.ambiguities]
    if d.sources:
        lines.append(f"sources: {', '.join(d.sources)}")
    for ev in d.evidence:
        lines.append(f'  [{ev.source}] "{ev.quote}"')
    if d.figures:
        lines.append("\nfigures:")
        lines += [f"  {f['label']}: {f['value']} {f['unit']}  \"{f['quote']}\"" for f in d.figures]
    if d.claims:
        lines.append("\nclaims made by the documents:")
        lines += [f"  {c['label']}: {c['value']}  \"{c['quote']}\"" for c in d.claims]
    for snapshot, tiers in d.members.items():
        lines.append(f"\nmembers listed in {snapshot}: {sum(len(m) for m in tiers.values())}")
        lines += [f"  {tier} ({len(members)}): {'; '.join(members)}" for tier, members in tiers.items()]
    relations = [r for r in d.relations if not (d.members and r.relation == "NetworkMembership")]
    if relations:
        hidden = len(d.relations) - len(relations)
        lines.append(f"\nrelations ({len(relations)}" + (f"; the {hidden} memberships are listed above, with "
                                                          f"their evidence in --json" if hidden else "") + "):")
    for rel in relations:
        qualifiers = "; ".join(f"{k}: {v}" for k, v in rel.qualifiers.items())
        lines.append(f"- {rel.verb} {rel.other}" + (f"  ({qualifiers})" if qualifiers else ""))
        for ev in rel.evidence:
            lines.append(f'    [{ev.source}] "{ev.quote}"')
    return "\n".join(lines)


def _table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    out = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
