"""The ASGI application behind `councilgraph serve`: its routes, and the status and headers of each answer.

- `/id/...`: every resource at the path of its IRI (`https://w3id.org/councilgraph/id/council/wigan` is
  `/id/council/wigan`), as HTML, Turtle, JSON-LD or N-Triples by content negotiation (graph.serve.negotiation),
  `?format=` or a suffix (`.ttl`, `.jsonld`, `.nt`, `.html`); 404 for an IRI the graph does not hold.
- `/sparql`: the SPARQL 1.1 Protocol endpoint (graph.serve.sparql).
- `/dataset` (HTML or RDF) and `/.well-known/void` (RDF): the VoID and DCAT description; `/dumps/NAME`: the
  exports; `/ontology`: the ontology as Turtle.
- `/`: the home page; `/query`: the query page (graph.serve.querypage); `/map`: the map of councils
  (graph.serve.councilmap); `/class/NAME`: a class's entities (graph.serve.classes).

The store is opened once, read-only, when the app is made (`Site`); nothing is loaded per request. The
store does not change while the server runs, so finished answers are kept in a bounded cache
(graph.serve.cache): pages, resources' RDF, and the answers of queries that ran (never refusals or errors).
docs/serve.md says what each answer is and why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..model.export import EXPORTERS, serialise
from ..model.namespaces import KIND_SEGMENTS
from ..paths import Paths
from ..query.describe import EntityDescription
from ..query.library import Query, library
from ..query.project_store import ProjectStore, open_facts
from ..viz.vendored import page_assets
from . import pages
from .cache import AnswerCache, Cached, CacheSettings
from .classes import class_page
from .councilmap import GROUPINGS, Tiles, council_map
from .dataset import Dump, dataset_rdf, summarise
from .extras import entity_extras, hub_paths, source_facts
from .focus import focus_page
from .negotiation import (
    ENTITY_FORMATS,
    BadFormat,
    NotAcceptable,
    Representation,
    choose,
    requested_format,
    split_suffix,
)
from .querypage import RESERVED, QueryRequest, downloads, output_format, read_request, table
from .resources import ResourceView, find_resource, iri_of_path, resource_exists, resource_rdf
from .sparql import GRAPH_FORMATS, ROW_FORMATS, Answer, Endpoint, EndpointError, EndpointSettings, query_text, write

__all__ = ["Site", "make_app", "run", "warm"]

RDF_FORMATS = {name: r for name, r in ENTITY_FORMATS.items() if name != "html"}
MAX_BODY = 2 * 1024 * 1024  # bytes of a POSTed query (the guard allows 1,000,000 characters of text)


class Site:
    """What the server holds from start to stop: the project's store opened once, read-only (as Facts for
    the pages and as a query store for /sparql), the dataset's summary, the dumps and the ontology."""

    def __init__(self, paths: Paths, settings: EndpointSettings, cache: CacheSettings | None = None):
        self.paths = paths
        self.cache = AnswerCache(cache)
        self.queries = library()
        clashes = [f"{q.name}: {p.name}" for q in self.queries.values() for p in q.params if p.name in RESERVED]
        assert not clashes, f"a named query's parameter takes a name /query uses itself: {clashes}"
        self.facts = open_facts(paths)
        self.endpoint = Endpoint(ProjectStore(paths), settings)
        self.summary = summarise(self.facts)
        by_suffix = {e.suffix: e.media_type for e in EXPORTERS.values()}
        self.dump_files = {
            p.name: p for p in sorted(paths.built.glob("*.*")) if p.suffix[1:] in by_suffix and p.is_file()
        }
        self.dumps = [Dump(n, by_suffix[p.suffix[1:]], p.stat().st_size) for n, p in self.dump_files.items()]
        self.ontology = paths.ontology
        self.tiles: Tiles | None = None  # a tile server under the map (serve --tiles)
        self.class_names = frozenset(name.removeprefix("cg:") for name, _, _ in self.summary.classes)


def make_app(
    paths: Paths,
    settings: EndpointSettings | None = None,
    cache: CacheSettings | None = None,
    warm_pages: int = 0,
    tiles: Tiles | None = None,
) -> Starlette:
    """The application over the project at `paths` (its store made or brought up to date first); with
    `warm_pages`, the pages of that many hubs are made in the background from the start (`warm`); with
    `tiles`, the map is drawn on that tile server's tiles."""
    site = Site(paths, settings or EndpointSettings(), cache)
    site.tiles = tiles
    if warm_pages > 0 and site.cache.settings.max_entries > 0:
        threading.Thread(target=warm, args=(site, warm_pages), name="warm-cache", daemon=True).start()
    routes = [
        Route("/", _home(site)),
        Route("/query", _query(site)),
        Route("/map", _map(site)),
        Route("/class/{name}", _class(site)),
        Route("/dataset", _dataset(site)),
        Route("/dataset.{suffix}", _dataset(site)),
        Route("/.well-known/void", _void(site)),
        Route("/ontology", _ontology(site)),
        Route("/ontology.ttl", _ontology(site)),
        Route("/sparql", _sparql(site), methods=["GET", "POST"]),
        Route("/dumps/{name}", _dump(site)),
        Route("/assets/{name}", _asset),
        Route("/source/{name}", _source(site)),
        Route("/network/{rest:path}", _network(site)),
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


def _locate(site: Site, path: str) -> tuple[str, Representation | None]:
    """The resource's path and the representation its suffix names (`/id/council/wigan.ttl`), or 404."""
    if resource_exists(site.facts, iri_of_path(path)):
        return path, None
    bare, suffixed = split_suffix(path, ENTITY_FORMATS)
    if suffixed is None or not resource_exists(site.facts, iri_of_path(bare)):
        raise HTTPException(404, f"the graph holds nothing about {iri_of_path(path)}")
    return bare, suffixed


def _resource_answer(site: Site, path: str, chosen: Representation) -> Cached:
    """The resource at `path` as `chosen` asks, made once and then kept."""

    def make() -> Cached:
        if chosen.renderer != "html":  # the RDF needs no description: only the IRI
            rdf = resource_rdf(site.facts, iri_of_path(path))
            return Cached(serialise(rdf, chosen.renderer), chosen.media_type)
        found = find_resource(site.facts, iri_of_path(path))
        if isinstance(found, EntityDescription):
            extra = entity_extras(site.facts, found.iri, path)
            page = pages.entity_page(found, path, list(ENTITY_FORMATS.values()), extra=extra)
        else:
            assert isinstance(found, ResourceView)
            page = pages.resource_page(found, path, list(ENTITY_FORMATS.values()))
        return Cached(page.encode("utf-8"), chosen.media_type)

    return site.cache.through(("resource", path, chosen.name), make)


def _resource(site: Site):
    def endpoint(request: Request) -> Response:
        path, suffixed = _locate(site, request.url.path)
        return _negotiated(
            request, path, ENTITY_FORMATS, suffixed, lambda chosen: _resource_answer(site, path, chosen).body
        )

    return endpoint


def warm(site: Site, entities: int) -> int:
    """Make the pages a reader meets first before anyone asks: the home page and the pages of the `entities`
    entities with the most neighbours (the hubs, whose pages cost the most to make). Returns how many."""
    made = 0
    site.cache.through(("home",), lambda: Cached(pages.home_page(site.summary).encode("utf-8"), "text/html"))
    for path in hub_paths(site.facts, entities):
        if len(site.cache) >= site.cache.settings.max_entries // 2:  # leave room for what readers ask
            break
        _resource_answer(site, path, ENTITY_FORMATS["html"])
        made += 1
    return made


def _page_number(request: Request) -> int:
    """The page a paged listing is asked for (`?page=`, from 1); 400 when it is not a number."""
    page = request.query_params.get("page", "1")
    if not page.isdigit():
        raise HTTPException(400, f"?page= takes a number from 1, not {page!r}")
    return int(page)


def _source(site: Site):
    def endpoint(request: Request) -> Response:
        name, page = request.path_params["name"], _page_number(request)

        def make() -> str:
            found = source_facts(site.facts, iri_of_path(f"/id/{KIND_SEGMENTS['source']}/{name}"), page)
            if found is None:
                raise HTTPException(404, f"no source document {name!r} with a page {page}; /dataset lists them")
            return pages.source_page(found, request.url.path)

        return _html(site, ("source", name, page), make)

    return endpoint


def _network(site: Site):
    def endpoint(request: Request) -> Response:
        path = "/" + request.path_params["rest"]

        def make() -> str:
            found = focus_page(site.facts, iri_of_path(path), "/assets/") if path.startswith("/id/") else None
            if found is None:
                raise HTTPException(404, f"{iri_of_path(path)} is not an entity of the network")
            return found

        return _html(site, ("network", path), make)

    return endpoint


def _asset(request: Request) -> Response:
    found = page_assets().get(request.path_params["name"])
    if found is None:
        raise HTTPException(404, f"no asset is called {request.path_params['name']!r}")
    kinds = {".js": "text/javascript", ".css": "text/css"}
    return FileResponse(found, media_type=kinds.get(found.suffix, "text/plain"))


def _html(site: Site, key: tuple, make: Callable[[], str]) -> Response:
    """A page that depends only on `key`, made once and then kept."""
    found = site.cache.through(key, lambda: Cached(make().encode("utf-8"), "text/html"))
    return Response(found.body, media_type="text/html")


def _home(site: Site):
    def endpoint(request: Request) -> Response:
        return _html(site, ("home",), lambda: pages.home_page(site.summary))

    return endpoint


def _map(site: Site):
    def endpoint(request: Request) -> Response:
        colour = request.query_params.get("colour", "programme")
        if colour not in GROUPINGS:
            raise HTTPException(400, f"colour by one of {', '.join(GROUPINGS)}, not {colour!r}: /map?colour=nation")
        return _html(
            site, ("map", colour), lambda: pages.map_page(council_map(site.facts, colour, site.tiles), list(GROUPINGS))
        )

    return endpoint


def _class(site: Site):
    def endpoint(request: Request) -> Response:
        name, page = request.path_params["name"], _page_number(request)

        def make() -> str:
            found = class_page(site.facts, site.summary.classes, name, page)
            if found is None:
                listed = ", ".join(n.removeprefix("cg:") for n, _, _ in site.summary.classes)
                raise HTTPException(404, f"no class {name!r} with a page {page}; the classes: {listed}")
            return pages.class_page(found)

        return _html(site, ("class", name, page), make)

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
    """/ontology: its documentation (HTML) or the Turtle file, by the same negotiation as a resource."""
    formats = {name: ENTITY_FORMATS[name] for name in ("html", "ttl")}

    def endpoint(request: Request) -> Response:
        if not site.ontology.is_file():  # a --root that holds only a built graph
            raise HTTPException(404, f"this project has no ontology file ({site.ontology})")
        suffixed = formats["ttl"] if request.url.path.endswith(".ttl") else None

        def render(chosen: Representation) -> bytes:
            if chosen.name == "ttl":
                return site.ontology.read_bytes()

            def page() -> Cached:
                made = pages.ontology_page(site.ontology, site.paths.shapes, site.class_names)
                return Cached(made.encode("utf-8"), "text/html")

            return site.cache.through(("ontology",), page).body

        return _negotiated(request, "/ontology", formats, suffixed, render)

    return endpoint


def _dump(site: Site):
    def endpoint(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in site.dump_files:
            raise HTTPException(404, f"no download is called {name!r}; /dataset lists them")
        media = EXPORTERS[next(e for e in EXPORTERS if EXPORTERS[e].suffix == name.rpartition(".")[2])].media_type
        return FileResponse(site.dump_files[name], media_type=media, filename=name)

    return endpoint


async def _guarded(endpoint: Endpoint, work: Callable, *args):
    """`work(*args)` off the event loop in one of the endpoint's slots: 429 at once when none is free."""
    if not endpoint.slots.take():
        raise EndpointError(429, f"{endpoint.settings.max_queries} queries are running already; try again in a moment")
    try:
        return await run_in_threadpool(work, *args)
    finally:
        endpoint.slots.give()


def _refusal(exc: EndpointError) -> Response:
    headers = {"Retry-After": "1"} if exc.status in (429, 503) else {}
    return PlainTextResponse(str(exc) + "\n", status_code=exc.status, headers=headers)


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
            key = ("sparql", text, request.headers.get("accept"), request.query_params.get("format"))
            found = site.cache.get(key)
            if found is None:
                chosen = endpoint.representation(
                    text, request.headers.get("accept"), request.query_params.get("format")
                )
                result: Answer = await _guarded(endpoint, endpoint.answer, text, chosen)
                extra = () if result.truncated_at is None else (("X-SPARQL-MaxRows", str(result.truncated_at)),)
                found = Cached(result.body, result.media_type, extra)
                site.cache.put(key, found)
        except EndpointError as exc:
            return _refusal(exc)
        headers = {"Vary": "Accept", **dict(found.headers)}
        return Response(found.body, media_type=found.media_type, headers=headers)

    return answer


def _query(site: Site):
    endpoint, listed = site.endpoint, list(site.queries.values())
    limits = (endpoint.settings.timeout, endpoint.settings.max_rows)

    async def answer(request: Request) -> Response:
        try:
            asked = read_request(list(request.query_params.multi_items()), site.queries)
            chosen = output_format(asked, endpoint.limits) if asked.runnable else None
        except EndpointError as exc:
            return _refusal(exc)
        found = site.cache.get(asked.key)
        if found is None:
            try:
                result = await _guarded(endpoint, endpoint.run, asked.query, asked.values) if asked.runnable else None
            except EndpointError as exc:
                if chosen is not None:
                    return _refusal(exc)
                page = pages.query_page(asked, listed, None, [], str(exc), limits)
                return Response(page, status_code=exc.status, media_type="text/html")
            found = _query_answer(asked, chosen, result, listed, limits)
            site.cache.put(asked.key, found)
        return Response(found.body, media_type=found.media_type, headers=dict(found.headers))

    return answer


def _query_answer(asked: QueryRequest, chosen: Representation | None, result, listed: list[Query], limits) -> Cached:
    """The query page with `result` (None: nothing run yet), or the answer written as `chosen` asks."""
    if chosen is not None:
        name = asked.name or "query"
        disposition = (("Content-Disposition", f'attachment; filename="{name}.{chosen.name}"'),)
        return Cached(write(result, chosen), chosen.media_type, disposition)
    answer = table(result) if result is not None else None
    files = downloads(asked, result) if result is not None else []
    return Cached(pages.query_page(asked, listed, answer, files, None, limits).encode("utf-8"), "text/html")


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
