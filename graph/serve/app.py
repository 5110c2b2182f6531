"""The ASGI application behind `councilgraph serve`: its routes, and the status and headers of each answer.

- `/id/...`: every resource at the path of its IRI (`https://w3id.org/councilgraph/id/council/wigan` is
  `/id/council/wigan`), as HTML, Turtle, JSON-LD or N-Triples by content negotiation (graph.serve.negotiation),
  `?format=` or a suffix (`.ttl`, `.jsonld`, `.nt`, `.html`); 404 for an IRI the graph does not hold.
- `/sparql`: the SPARQL 1.1 Protocol endpoint (graph.serve.sparql).
- `/dataset` (HTML or RDF) and `/.well-known/void` (RDF): the VoID and DCAT description; `/dumps/NAME`: the
  exports; `/ontology`: the ontology as Turtle.

The store is opened once, read-only, when the app is made (`Site`); nothing is loaded per request.
docs/serve.md says what each answer is and why.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..model.export import EXPORTERS, serialise
from ..paths import Paths
from ..query.describe import EntityDescription
from ..query.project_store import ProjectStore, open_facts
from . import pages
from .dataset import Dump, dataset_rdf, summarise
from .negotiation import (
    ENTITY_FORMATS,
    BadFormat,
    NotAcceptable,
    Representation,
    choose,
    requested_format,
    split_suffix,
)
from .resources import ResourceView, find_resource, iri_of_path, resource_rdf
from .sparql import GRAPH_FORMATS, ROW_FORMATS, Endpoint, EndpointError, EndpointSettings, query_text

__all__ = ["Site", "make_app", "run"]

RDF_FORMATS = {name: r for name, r in ENTITY_FORMATS.items() if name != "html"}
MAX_BODY = 2 * 1024 * 1024  # bytes of a POSTed query (the guard allows 1,000,000 characters of text)


class Site:
    """What the server holds from start to stop: the project's store opened once, read-only (as Facts for
    the pages and as a query store for /sparql), the dataset's summary, the dumps and the ontology."""

    def __init__(self, paths: Paths, settings: EndpointSettings):
        self.paths = paths
        self.facts = open_facts(paths)
        self.endpoint = Endpoint(ProjectStore(paths), settings)
        self.summary = summarise(self.facts)
        by_suffix = {e.suffix: e.media_type for e in EXPORTERS.values()}
        self.dump_files = {
            p.name: p for p in sorted(paths.built.glob("*.*")) if p.suffix[1:] in by_suffix and p.is_file()
        }
        self.dumps = [Dump(n, by_suffix[p.suffix[1:]], p.stat().st_size) for n, p in self.dump_files.items()]
        self.ontology = paths.ontology


def make_app(paths: Paths, settings: EndpointSettings | None = None) -> Starlette:
    """The application over the project at `paths` (its store made or brought up to date first)."""
    site = Site(paths, settings or EndpointSettings())
    routes = [
        Route("/", lambda request: RedirectResponse("/dataset", status_code=303)),
        Route("/dataset", _dataset(site)),
        Route("/dataset.{suffix}", _dataset(site)),
        Route("/.well-known/void", _void(site)),
        Route("/ontology", _ontology(site)),
        Route("/ontology.ttl", _ontology(site)),
        Route("/sparql", _sparql(site), methods=["GET", "POST"]),
        Route("/dumps/{name}", _dump(site)),
        Route("/id/{rest:path}", _resource(site)),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    app.state.site = site
    return app


def run(app: Starlette, host: str, port: int) -> None:
    """Serve `app` with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info")


# --- answers -----------------------------------------------------------------------------------------


def _negotiated(
    request: Request, path: str, formats: dict[str, Representation], suffixed: Representation | None, render: Callable
) -> Response:
    """The representation the request asks for (suffix, ?format=, else Accept), rendered by `render`."""
    try:
        given = requested_format(request.query_params.get("format"), suffixed, formats)
        chosen = given or choose(request.headers.get("accept"), list(formats.values()))
    except BadFormat as exc:
        return PlainTextResponse(str(exc) + "\n", status_code=400)
    except NotAcceptable as exc:
        listed = "".join(f"{path}.{o.name}  {o.media_type}\n" for o in exc.offers)
        return PlainTextResponse(f"{exc}\n\n{listed}", status_code=406, headers={"Vary": "Accept"})
    headers = {
        "Link": ", ".join(f'<{path}.{r.name}>; rel="alternate"; type="{r.media_type}"' for r in formats.values())
    }
    if given is None:  # chosen by Accept: caches must key on it, and the answer names its own URL
        headers["Vary"] = "Accept"
        headers["Content-Location"] = f"{path}.{chosen.name}"
    return Response(render(chosen), media_type=chosen.media_type, headers=headers)


def _resource(site: Site):
    def endpoint(request: Request) -> Response:
        path = request.url.path
        found = find_resource(site.facts, iri_of_path(path))
        suffixed = None
        if found is None:
            path, suffixed = split_suffix(path, ENTITY_FORMATS)
            found = find_resource(site.facts, iri_of_path(path)) if suffixed else None
        if found is None:
            raise HTTPException(404, f"the graph holds nothing about {iri_of_path(request.url.path)}")

        def render(chosen: Representation) -> str | bytes:
            if chosen.renderer != "html":
                return serialise(resource_rdf(site.facts, found.iri), chosen.renderer)
            if isinstance(found, EntityDescription):
                return pages.entity_page(found, path, list(ENTITY_FORMATS.values()))
            assert isinstance(found, ResourceView)
            return pages.resource_page(found, path, list(ENTITY_FORMATS.values()))

        return _negotiated(request, path, ENTITY_FORMATS, suffixed, render)

    return endpoint


def _base_url(request: Request) -> str:
    return str(request.base_url)


def _dataset(site: Site):
    def endpoint(request: Request) -> Response:
        suffix = request.path_params.get("suffix")
        suffixed = ENTITY_FORMATS.get(suffix) if suffix else None
        if suffix and suffixed is None:
            raise HTTPException(404, f"/dataset has no format {suffix!r}")

        def render(chosen: Representation) -> str | bytes:
            if chosen.renderer == "html":
                return pages.dataset_page(site.summary, site.dumps, list(ENTITY_FORMATS.values()))
            return serialise(dataset_rdf(site.summary, _base_url(request), site.dumps), chosen.renderer)

        return _negotiated(request, "/dataset", ENTITY_FORMATS, suffixed, render)

    return endpoint


def _void(site: Site):
    def endpoint(request: Request) -> Response:
        def render(chosen: Representation) -> bytes:
            return serialise(dataset_rdf(site.summary, _base_url(request), site.dumps), chosen.renderer)

        return _negotiated(request, "/dataset", RDF_FORMATS, None, render)

    return endpoint


def _ontology(site: Site):
    def endpoint(request: Request) -> Response:
        if not site.ontology.is_file():  # a --root that holds only a built graph
            raise HTTPException(404, f"this project has no ontology file ({site.ontology})")
        return FileResponse(site.ontology, media_type=EXPORTERS["turtle"].media_type)

    return endpoint


def _dump(site: Site):
    def endpoint(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in site.dump_files:
            raise HTTPException(404, f"no download is called {name!r}; /dataset lists them")
        media = EXPORTERS[next(e for e in EXPORTERS if EXPORTERS[e].suffix == name.rpartition(".")[2])].media_type
        return FileResponse(site.dump_files[name], media_type=media, filename=name)

    return endpoint


def _sparql(site: Site):
    endpoint = site.endpoint

    async def answer(request: Request) -> Response:
        if request.method == "GET" and not request.query_params:
            settings = endpoint.settings
            page = pages.endpoint_page(
                settings.timeout, settings.max_rows, settings.max_queries, ROW_FORMATS.values(), GRAPH_FORMATS.values()
            )
            return Response(page, media_type="text/html")
        try:
            body = await _body(request)
            params = list(request.query_params.multi_items())
            text = query_text(request.method, params, request.headers.get("content-type"), body)
            chosen = endpoint.representation(text, request.headers.get("accept"), request.query_params.get("format"))
            if not endpoint.slots.take():
                raise EndpointError(
                    429, f"{endpoint.settings.max_queries} queries are running already; try again in a moment"
                )
            try:
                result = await run_in_threadpool(endpoint.answer, text, chosen)
            finally:
                endpoint.slots.give()
        except EndpointError as exc:
            headers = {"Retry-After": "1"} if exc.status in (429, 503) else {}
            return PlainTextResponse(str(exc) + "\n", status_code=exc.status, headers=headers)
        headers = {"Vary": "Accept"}
        if result.truncated_at is not None:
            headers["X-SPARQL-MaxRows"] = str(result.truncated_at)
        return Response(result.body, media_type=result.media_type, headers=headers)

    return answer


async def _body(request: Request) -> bytes:
    if request.method != "POST":
        return b""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise EndpointError(
                413, f"the request body is over {MAX_BODY:,} bytes; a query may be 1,000,000 characters"
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    titles = {404: "Not found", 405: "Method not allowed"}
    page = pages.error_page(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail))
    return Response(page, status_code=exc.status_code, media_type="text/html", headers=exc.headers)
