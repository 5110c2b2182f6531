"""Where a page's links go: the same pages are served by `councilgraph serve` and written as files by
`councilgraph site`, and only their links differ.

Templates name the project's own pages by their server path (`/id/council/wigan`, `/class/Council?page=2`,
`/map?colour=network`). On the server a path is the link. In a static site each page is a file, so a path
becomes the file that holds that page, written relative to the page that links to it (so the folder works
from any address and from the disk):

| server path | file in the site |
| --- | --- |
| `/` | `index.html` |
| `/id/council/wigan` (`.ttl`, `.jsonld`, `.nt`) | `id/council/wigan.html` (`.ttl`, `.jsonld`, `.nt`) |
| `/network/id/council/wigan` | `network/id/council/wigan.html` |
| `/class/Council`, `/class/Council?page=2` | `class/Council.html`, `class/Council-2.html` |
| `/source/ID`, `/source/ID?page=2` | `source/ID.html`, `source/ID-2.html` |
| `/map`, `/map?colour=network` | `map.html`, `map-network.html` |
| `/dataset`, `/dataset.ttl`, `/.well-known/void` | `dataset.html`, `dataset.ttl`, `void.ttl` |
| `/ontology`, `/ontology.ttl` | `ontology.html`, `ontology.ttl` |
| `/query`, `/sparql` | `query.html`, `sparql.html` (what to use instead: a static host runs no queries) |
| `/dumps/NAME`, `/assets/NAME` | `dumps/NAME`, `assets/NAME` |

Anything that is not a path (an IRI elsewhere, `#anchor`) is left as it is.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

__all__ = ["Links", "SERVER", "static_file"]

_PAGES = {
    "/": "index.html",
    "/dataset": "dataset.html",
    "/.well-known/void": "void.ttl",
    "/ontology": "ontology.html",
    "/query": "query.html",
    "/sparql": "sparql.html",
    "/map": "map.html",
}
_DATA_SUFFIXES = (".ttl", ".jsonld", ".nt")


def static_file(path: str) -> str:
    """The file (relative to the site's root) that holds the page at server path `path`."""
    parts = urlsplit(path)
    where, query = parts.path, parse_qs(parts.query)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if where == "/map" and query.get("colour", ["programme"])[0] != "programme":
        return f"map-{query['colour'][0]}.html{fragment}"
    if where in _PAGES:
        return _PAGES[where] + fragment
    if where.startswith(("/class/", "/source/")):
        page = query.get("page", ["1"])[0]
        return where[1:] + ("" if page == "1" else f"-{page}") + ".html" + fragment
    if where in ("/assets/", "/dumps/"):
        return where[1:]
    if (
        where.startswith(("/dumps/", "/assets/", "/query/"))
        or where.endswith(_DATA_SUFFIXES)
        or where == "/ontology.ttl"
    ):
        return where[1:] + fragment
    return where[1:] + ".html" + fragment


@dataclass(frozen=True)
class Links:
    """How the page being made links to the project's pages: by server path (`page` None), or relative to
    the file `page` of a static site (`id/council/wigan.html`)."""

    page: str | None = None

    @property
    def static(self) -> bool:
        return self.page is not None

    def to(self, path: str) -> str:
        """The link to the page at server path `path` (anything else unchanged)."""
        if self.page is None or not path.startswith("/"):
            return path
        target = static_file(path)
        here = posixpath.dirname(self.page) or "."
        return posixpath.relpath(target.split("#")[0], here) + (f"#{target.split('#', 1)[1]}" if "#" in target else "")

    def to_folder(self, path: str) -> str:
        """The link to the folder at server path `path` (`/assets/`), ending in /."""
        return self.to(path).rstrip("/") + "/"


SERVER = Links()
