"""`councilgraph serve`: the graph over HTTP, read-only (issue #16; docs/serve.md).

- app: the ASGI application (starlette) and its routes; the store opened once at start-up;
- negotiation: which representation a request asks for (Accept with q-values, ?format=, a suffix);
- resources: what the graph says about one IRI, as a description and as RDF (a CONSTRUCT on the store);
- pages: the HTML pages (Jinja2, autoescaped, nothing loaded from elsewhere);
- sparql: the SPARQL 1.1 Protocol endpoint and its guards (read-only, no SERVICE, timeout, row cap, 429);
- dataset: the VoID and DCAT description of the dataset;
- querypage: the query page (named queries as forms, free SPARQL, answers as tables) through the endpoint;
- councilmap: the map of councils (points projected into an SVG, groupings, legend);
- classes: class pages (every entity of a class, paged);
- cache: the bounded cache of finished answers (the store is fixed while the server runs).
"""
