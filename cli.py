"""councilgraph: the command line, a thin shell over the `graph` library."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from graph import __version__, choices
from graph.errors import CouncilGraphError, NegativeAnswer


def _paths(root: str | None):
    """The project a command works on (graph.paths.locate: --root, $COUNCILGRAPH_ROOT, the checkout around
    the current folder, the package's own checkout, else the read-only graph installed with the package)."""
    from graph.paths import locate

    paths = locate(root)
    ctx = click.get_current_context(silent=True)
    if paths.bundled and ctx is not None and "out_path" in ctx.params and ctx.params["out_path"] is None:
        click.echo(
            f"note: using {paths.origin}, which is read-only: writing into the current folder instead of exports/",
            err=True,
        )
    return paths


class CommandFailed(click.ClickException):
    """An error printed as one line (or a list) on standard error, with the exit status of its kind."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


class Commands(click.Group):
    """The one place library errors become exit statuses, for every command (README: Exit status).

    0: answered. 1: a well-formed question whose answer is no (an ASK query's false, no entity by that
    name, two entities not connected). 2: anything else that went wrong: bad options, bad data, a
    query that cannot run, an output that cannot be written.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NegativeAnswer as exc:
            raise CommandFailed(str(exc), 1) from exc
        except CouncilGraphError as exc:
            raise CommandFailed(str(exc), 2) from exc


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Project folder holding data/, ontology/ and exports/ (default: $COUNCILGRAPH_ROOT, "
    "else the checkout around the current folder, else the graph installed with the "
    "package; README: Installing).",
)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="councilgraph")
def cli() -> None:
    """A knowledge graph of UK councils, their partners, funders, initiatives, programmes and networks."""


@cli.command()
@root_option
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(choices.EXPORT_FORMATS),
    show_default=True,
    default=choices.DEFAULT_EXPORT_FORMATS,
    help="Export format(s) to write (repeatable).",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder to write the exports to (default: exports/).",
)
def build(root, formats, out_dir) -> None:
    """Check the data, build the graph, validate it and write the exports."""
    from graph.pipeline import run_build

    result = run_build(_paths(root), tuple(formats), Path(out_dir) if out_dir else None)
    click.echo(f"built {len(result.graph)} triples; {result.report.summary()}")
    for path in result.written:
        click.echo(f"wrote {path}")


@cli.command()
@root_option
def validate(root) -> None:
    """Check the data files and run the SHACL shapes, writing nothing."""
    from graph.pipeline import build_and_validate

    graph, report = build_and_validate(_paths(root))
    if not report.conforms:
        raise CommandFailed(report.summary(limit=50))
    click.echo(f"data ok: {len(graph)} triples; {report.summary()}")


@cli.command()
@root_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(root, as_json) -> None:
    """Counts by class, by source document, and network membership per snapshot and tier."""
    from graph.network.stats import graph_stats, render_stats
    from graph.query.project_store import open_facts

    result = graph_stats(open_facts(_paths(root)))
    if as_json:
        click.echo(json.dumps(asdict(result), indent=2, sort_keys=True))
        return
    click.echo(render_stats(result))


@cli.command()
@root_option
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(root, name, as_json) -> None:
    """Everything known about one entity, found by any of its names, with the quoted evidence."""
    from graph.query.describe import describe_entity, render_description
    from graph.query.project_store import open_facts

    description = describe_entity(open_facts(_paths(root)), name)
    if as_json:
        click.echo(json.dumps(asdict(description), indent=2, sort_keys=True, ensure_ascii=False))
        return
    click.echo(render_description(description))


@cli.command()
@root_option
@click.argument("text")
@click.option(
    "--limit",
    type=click.IntRange(min=1, max=choices.MAX_SEARCH_HITS),
    default=20,
    show_default=True,
    help=f"How many hits to show, best first (at most {choices.MAX_SEARCH_HITS}).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search(root, text, limit, as_json) -> None:
    """Find TEXT in names, aliases, descriptions, notes, ambiguities and quotes: ranked hits, each with
    the entity it belongs to, the field that matched and its source documents.

    A hit holds every word of TEXT (the last may be the start of a longer word): names first, then
    aliases, then descriptions, notes and ambiguities, then quotes. Exit status 1 when nothing matches.
    Write -- before a TEXT that starts with '-'.
    """
    from graph.query.search import render_search
    from graph.query.search import search as search_graph

    found = search_graph(_paths(root), text, limit=limit)
    _emit(found, render_search, as_json)


@cli.command()
@root_option
@click.argument("query_text", metavar="[QUERY|NAME]", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Read the query from FILE ('-' for standard input).",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A value for a parameter the query declares (repeatable); entities by any of their names.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices.QUERY_FORMATS),
    default=None,
    help="Result format. SELECT/ASK: table (default on a terminal), csv (default when piped), tsv, "
    "json, markdown. CONSTRUCT/DESCRIBE: turtle (default), ntriples, jsonld.",
)
@click.option(
    "--store",
    "store_spec",
    default="project",
    show_default=True,
    metavar="project|memory|rdflib|oxigraph:PATH",
    help="Where to run it: the project's persistent store (exports/.store, made on first use), the "
    "exports loaded in memory (Oxigraph's engine), in an rdflib graph (rdflib's engine), or in a "
    "persistent embedded Oxigraph store in folder PATH.",
)
@click.option("--endpoint", metavar="URL", help="Run it on a SPARQL 1.1 endpoint instead (the query URL).")
@click.option("--graph", "default_graph", metavar="IRI", help="With --endpoint: the named graph to query.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=60,
    show_default=True,
    help="Stop the query after this many seconds (0: no limit).",
)
@click.option(
    "--memory-limit",
    "memory_mb",
    type=click.IntRange(min=0),
    default=2048,
    show_default=True,
    metavar="MB",
    help="Stop a query on a local store that needs more memory than this (0: no limit).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE <url> in the query send requests to other servers (refused by default).",
)
@click.pass_context
def query(
    ctx,
    root,
    query_text,
    query_file,
    params,
    fmt,
    store_spec,
    endpoint,
    default_graph,
    timeout,
    memory_mb,
    allow_service,
) -> None:
    """Run a SPARQL query on the graph: inline, from a file (-f), or a named query from the library.

    The project's prefixes (cg:, council:, org:, ...) are pre-declared. Exit status: 0 when answered
    (an ASK query: true), 1 when the answer is no (an ASK query's false, no entity by a --param's
    name), 2 on any error.
    """
    import sys

    from graph.query.guard import QueryLimits
    from graph.query.results import default_format, render
    from graph.query.stores import open_store, run_query

    if (query_text is None) == (query_file is None):
        raise click.UsageError("give a query, a query's name, or -f FILE (one of them)")
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"--param {item!r}: write it as NAME=VALUE, e.g. --param council=Wigan")
        values[name.strip()] = value
    the_query = _query_from(query_text, query_file)
    limits = QueryLimits(memory_mb=memory_mb, allow_service=allow_service)
    with open_store(_paths(root), store_spec, endpoint, default_graph) as store:
        result = run_query(store, the_query, values, timeout, limits)
    output = render(result, fmt or default_format(result, terminal=sys.stdout.isatty()))
    click.echo(output, nl=False)
    if result.form == "SELECT" and not result.rows and values:
        given = ", ".join(f"{name}={value!r}" for name, value in values.items())
        click.echo(
            f"note: no rows for {given}; entities are found by any of their names, literal values must match exactly",
            err=True,
        )
    if result.form == "ASK" and not result.boolean:
        ctx.exit(1)


def _query_from(text: str | None, path: str | None):
    import sys

    from graph.query.library import inline_query, library, load_query_file, looks_like_a_name, named_query

    if path == "-":
        return inline_query(sys.stdin.read())
    if path is not None:
        return load_query_file(Path(path))
    if looks_like_a_name(text):
        return library().get(text) or named_query(text)
    return inline_query(text)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def queries(as_json) -> None:
    """List the named queries: the question each answers and the parameters it takes."""
    from graph.query.library import library

    found = library()
    if as_json:
        click.echo(
            json.dumps(
                [
                    {"name": name, "question": q.question, "params": [asdict(p) for p in q.params]}
                    for name, q in found.items()
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for name, q in found.items():
        click.echo(" ".join([name, *(p.usage for p in q.params)]))
        click.echo(f"    {q.question}")
    click.echo(
        f"\n{len(found)} named queries: run one with `councilgraph query NAME`; "
        "see its SPARQL in graph/query/queries/NAME.rq"
    )


@cli.command()
@root_option
@click.option(
    "--endpoint",
    metavar="URL",
    help="The server's Graph Store Protocol URL (or, with --protocol update, its SPARQL Update URL).",
)
@click.option(
    "--protocol",
    type=click.Choice(choices.PUBLISH_PROTOCOLS),
    default="gsp",
    show_default=True,
    help="gsp: HTTP PUT of the graph; update: DROP then INSERT DATA.",
)
@click.option("--graph", "graph_iri", metavar="IRI", help="Load into this named graph (default: the default graph).")
@click.option(
    "--store",
    "store_spec",
    metavar="oxigraph:PATH",
    help="Instead of a server, (re)load the embedded Oxigraph store in folder PATH.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=60,
    show_default=True,
    help="Give up after this many seconds (0: no limit).",
)
def publish(root, endpoint, protocol, graph_iri, store_spec, timeout) -> None:
    """Load the graph in exports/ into a SPARQL server, replacing what the target graph held."""
    from graph.query.publish import publish as publish_graph
    from graph.query.stores import open_store

    if (endpoint is None) == (store_spec is None):
        raise click.UsageError("give --endpoint URL (a SPARQL server) or --store oxigraph:PATH (one of them)")
    if store_spec:
        if not store_spec.startswith("oxigraph:") or graph_iri:
            raise click.UsageError("--store takes oxigraph:PATH, and --graph applies to --endpoint only")
        with open_store(_paths(root), store_spec) as store:
            count = store.refresh(force=True)
        click.echo(f"loaded {count} triples into the Oxigraph store in {store.path}")
        return
    report = publish_graph(_paths(root), endpoint, protocol, graph_iri, timeout)
    click.echo(f"published {report.triples} triples to {report.target} ({report.how})")


@cli.command()
@root_option
@click.option(
    "--view",
    type=click.Choice(choices.VIEWS),
    default="full",
    show_default=True,
    help="Which network: every entity and relation, councils and what they are tied to, or councils "
    "linked by what they share (docs/projections.md).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many entities to rank per metric, and communities and members to list.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices.REPORT_FORMATS),
    default="table",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=None,
    metavar="K",
    help="Estimate betweenness and closeness from K source entities drawn with the seed, instead of from all "
    "(chosen automatically above 5,000 entities).",
)
@click.option(
    "--exact",
    is_flag=True,
    help="Compute betweenness and closeness from every entity even on a view of more than 5,000 (slow).",
)
@click.option(
    "--seed",
    type=int,
    default=choices.DEFAULT_SEED,
    show_default=True,
    help="Seed for Louvain and for the betweenness and closeness sample.",
)
def analyse(root, view, top, fmt, sample, exact, seed) -> None:
    """Who is central, who brokers, which communities form: a ranked report per network metric."""
    from graph.network.analysis import analyse_network
    from graph.network.report import render_analysis
    from graph.query.project_store import open_facts

    if exact and sample is not None:
        raise click.UsageError("--exact and --sample contradict each other: give one of them")
    report = analyse_network(open_facts(_paths(root)), view=view, top=top, seed=seed, sample=sample, exact=exact)
    click.echo(render_analysis(report, fmt), nl=False)
    for metric, reason in report.failed.items():
        click.echo(f"warning: {metric} could not be computed ({reason}); the report gives the others", err=True)


@cli.command()
@root_option
@click.argument("first")
@click.argument("second")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many of the shortest connections to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def path(root, first, second, limit, as_json) -> None:
    """How two entities are connected: the shortest chains of relations, each hop with its evidence."""
    from graph.network.connect import connect
    from graph.network.report import render_connections
    from graph.query.project_store import open_facts

    found = connect(open_facts(_paths(root)), first, second, limit=limit)
    _emit(found, render_connections, as_json)


@cli.command()
@root_option
@click.argument("name")
@click.option(
    "--view",
    type=click.Choice(choices.SIMILARITY_VIEWS),
    default="bipartite",
    show_default=True,
    help="Compare neighbours in the councils-and-ties network, or in the network of every entity.",
)
@click.option(
    "--method",
    type=click.Choice(choices.SIMILARITY_METHODS),
    default="jaccard",
    show_default=True,
    help="jaccard: shared / all neighbours; adamic-adar: rare shared neighbours count for more.",
)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def similar(root, name, view, method, top, as_json) -> None:
    """The entities most like NAME by the neighbours they share, with what they share."""
    from graph.network.report import render_similarity
    from graph.network.similarity import most_similar
    from graph.query.project_store import open_facts

    found = most_similar(open_facts(_paths(root)), name, view=view, method=method, top=top)
    _emit(found, render_similarity, as_json)


@cli.command()
@root_option
@click.option(
    "--view",
    type=click.Choice(choices.VIZ_VIEWS),
    default="full",
    show_default=True,
    help="Which projection of the graph to draw.",
)
@click.option(
    "--focus",
    metavar="NAME",
    default=None,
    help="Draw only the entity NAME (any of its names) and what lies within --depth steps of it.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="With --focus: how many steps out to draw (default 1).",
)
@click.option(
    "--colour",
    "--color",
    "colour",
    type=click.Choice(choices.COLOURINGS),
    default="type",
    show_default=True,
    help="Colour nodes by entity type, by community (Louvain, seeded) or by network membership tier.",
)
@click.option(
    "--size",
    type=click.Choice(choices.SIZINGS),
    default="degree",
    show_default=True,
    help="Size nodes by this measure, computed on the whole view.",
)
@click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="HTML file to write (default: exports/network.html).",
)
def viz(root, view, focus, depth, colour, size, out_path) -> None:
    """Write the interactive network page: one HTML file that works offline, with search, filters and tables."""
    from graph.model.export import check_writable
    from graph.query.project_store import open_facts
    from graph.viz.page import DEFAULT_FILE
    from graph.viz.render import write_network_html

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus: say which entity to centre on, e.g. --focus Wigan --depth 2")
    paths = _paths(root)
    target = Path(out_path) if out_path else paths.exports / DEFAULT_FILE
    check_writable(target)  # before the graph is loaded and laid out
    page = write_network_html(
        open_facts(paths),
        target,
        view=view,
        focus=focus,
        depth=1 if depth is None else depth,
        colour=colour,
        size=size,
    )
    click.echo(
        f"wrote {target}: {len(page.nodes)} nodes and {len(page.edges)} edges "
        f"({page.title.removeprefix('councilgraph · ')}; colour: {colour}; size: {size})"
    )


_REVIEW_MENU = {
    "a": "[a]ccept",
    "e": "[e]dit type",
    "r": "[r]eject",
    "m": "[m]erge with an existing id",
    "c": "[c]hoose a candidate",
    "l": "[l]ead: say who leads it",
    "s": "[s]kip",
    "q": "[q]uit",
}


def _review_fields(needed, suggested: dict[str, str]) -> dict[str, str]:
    """Ask for each field a proposal needs before it is accepted (an organisation's kind, a status), offering
    what the draft read (a status its trigger says) as the default."""
    return {
        name: click.prompt(name, type=click.Choice(values) if values else str, default=suggested.get(name))
        for name, values in needed
    }


def _review_ask(session, proposal):
    """Show one proposal and ask the reviewer what to do with it: the `review` command's terminal side."""
    from graph.ingest.assistant.review import ACTIONS, Decision

    item = proposal.item
    click.echo("\n" + proposal.text)
    letter = click.prompt(
        ", ".join(_REVIEW_MENU[a] for a in proposal.actions), type=click.Choice(proposal.actions), show_choices=False
    )
    action = {v: k for k, v in ACTIONS.items()}[letter]
    if action == "edit":
        new = click.prompt("type", type=click.Choice(proposal.types))
        return Decision(action, new, _review_fields(session.needed(item, new), session.suggested(item)))
    if action == "accept":
        return Decision(action, fields=_review_fields(session.needed(item), session.suggested(item)))
    if action == "merge":
        similar = item.meta.get("similar") or []
        target = click.prompt("merge into which id", default=similar[0] if similar else None)
        while problem := session.merge_problem(item, target):
            click.echo(problem)
            target = click.prompt("merge into which id")
        return Decision(action, target)
    if action == "lead":
        ask = "who leads it? (an id or council:<name>; blank: the document does not say)"
        who = click.prompt(ask, default="", show_default=False)
        while problem := session.lead_problem(item, who):
            click.echo(problem)
            who = click.prompt(ask, default="", show_default=False)
        return Decision(action, who)
    if action == "choose":
        number = click.prompt("which (0: none of them)", type=click.IntRange(0, len(proposal.candidates)))
        return Decision(action, proposal.candidates[number - 1] if number else "")
    return Decision(action)


@cli.command()
@root_option
@click.argument("source_id", metavar="ID")
@click.option(
    "--accept-all",
    is_flag=True,
    help="Ask nothing: accept every proposed entity and relation of at least --min-confidence "
    "(ambiguous councils are left for a review).",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="With --accept-all: the least confidence accepted (default 0.0: all).",
)
def review(root, source_id, accept_all, min_confidence) -> None:
    """Review the draft `councilgraph ingest` wrote for source ID: accept, edit, reject or merge each proposal;
    what is accepted goes into data/curated/ID.yaml (docs/data-format.md, "Drafts")."""
    from graph.ingest.assistant.review import start_review

    if min_confidence is not None and not accept_all:
        raise click.UsageError("--min-confidence applies to --accept-all only: give both, or neither")
    paths = _paths(root)
    paths.require_data()
    session = start_review(paths, source_id)
    if accept_all:
        session.accept_all(min_confidence or 0.0)
    else:
        for proposal in session.proposals():
            session.decide(proposal, _review_ask(session, proposal))
    summary = session.save()
    for message in summary.messages:
        click.echo(message)
    if summary.written:
        click.echo(f"wrote {summary.written}")
    if summary.draft_removed:
        click.echo(f"removed {summary.draft}: nothing is left to review")
    elif summary.left:
        click.echo(f"kept {summary.left} undecided in {summary.draft}: `councilgraph review {source_id}` goes on")
    click.echo(summary.line())


@cli.command()
@root_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "source_id", metavar="ID", help="The new source's id (default: from the file's name).")
@click.option("--title", help="The document's title (default: the one it gives itself, else its first line).")
@click.option("--publisher", help="Who published the document.")
@click.option("--date", metavar="YYYY[-MM[-DD]]", help="The document's date (default: the first year in its text).")
def ingest(root, file, source_id, title, publisher, date) -> None:
    """Add a document (PDF, HTML or text) as a new source and write a DRAFT of its curated file,
    data/curated/ID.draft.yaml, for `councilgraph review ID` (docs/ingest.md)."""
    from graph.ingest.assistant.pipeline import ingest_document

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= 500:  # a long document: show how far the reading has got
            bar = click.progressbar(length=total, label="reading", file=sys.stderr)
            bar.__enter__()
        if bar is not None:
            bar.update(done - bar.pos)

    try:
        report = ingest_document(_paths(root), file, source_id, title, publisher, date, progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(report.render(), nl=False)


@cli.command()
@root_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10,
    show_default=True,
    help="Stop a SPARQL query after this many seconds.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows (or triples) an answer keeps.",
)
@click.option(
    "--max-queries",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="SPARQL queries running at once; one more is answered 429.",
)
@click.option(
    "--cache-mb",
    type=click.IntRange(min=0),
    default=64,
    show_default=True,
    help="Megabytes of finished pages and answers kept (least recently used out first); 0 keeps none.",
)
@click.option(
    "--cache-entries",
    type=click.IntRange(min=0),
    default=4096,
    show_default=True,
    help="Pages and answers kept at most; 0 keeps none.",
)
@click.option(
    "--warm",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="Make the pages of this many hubs (most neighbours first) in the background at start; 0: none.",
)
@click.option(
    "--tiles",
    metavar="URL",
    help="Draw the map on this tile server's tiles: a URL with {z}, {x} and {y} (default: no tiles, nothing fetched).",
)
@click.option("--tiles-attribution", metavar="TEXT", default="", help="The tiles' attribution, shown under the map.")
def serve(
    root, host, port, timeout, max_rows, max_queries, cache_mb, cache_entries, warm, tiles, tiles_attribution
) -> None:
    """Serve the graph over HTTP, read-only: a page and RDF at the path of every IRI, a SPARQL endpoint,
    a query page, a map of councils, class pages and the dataset's description (docs/serve.md)."""
    from graph.serve.app import make_app, run
    from graph.serve.cache import CacheSettings
    from graph.serve.councilmap import tiles_from
    from graph.serve.sparql import EndpointSettings

    try:
        tile_server = tiles_from(tiles, tiles_attribution) if tiles else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--tiles") from None

    app = make_app(
        _paths(root),
        EndpointSettings(timeout=timeout, max_rows=max_rows, max_queries=max_queries),
        CacheSettings(max_entries=cache_entries, max_bytes=cache_mb * 1024 * 1024),
        warm_pages=warm,
        tiles=tile_server,
    )
    click.echo(f"serving the graph at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    run(app, host, port)


@cli.command()
@root_option
@click.option("-o", "--out", "out_dir", required=True, metavar="DIR", help="The folder to write the site into.")
@click.option(
    "--base-url",
    default="https://w3id.org/councilgraph/",
    show_default=True,
    help="Where the site will be published: the dataset's description names its dumps there.",
)
@click.option("--no-networks", is_flag=True, help="Leave out the network page around each entity (faster).")
def site(root, out_dir, base_url, no_networks) -> None:
    """Write the server's pages as a static site: a page and RDF per resource, classes, sources, the map, the
    ontology, the dataset's description and the dumps (docs/serve.md, "councilgraph site")."""
    from graph.serve.site import write_site

    with click.progressbar(length=1, label="writing pages", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        report = write_site(_paths(root), Path(out_dir), base_url, networks=not no_networks, progress=progress)
    click.echo(
        f"wrote {report.folder}: {report.files:,} files ({report.bytes / 1e6:.1f} MB), "
        f"{report.resources:,} resources, {report.networks:,} network pages"
    )
    for iri in report.skipped or []:
        click.echo(f"skipped {iri}: its path cannot be a file name", err=True)


def _emit(found, render, as_json: bool) -> None:
    """Print a result dataclass as JSON, or as its renderer writes it."""
    if as_json:
        click.echo(json.dumps(asdict(found), indent=2, ensure_ascii=False))
    else:
        click.echo(render(found), nl=False)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
