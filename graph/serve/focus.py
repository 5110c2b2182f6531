"""The network around one entity (`/network/id/council/wigan`): the project's network view (graph.viz),
focused on the entity with its neighbours, loading vis-network and the page's script from the server's
own `/assets/` (or the static site's `assets/` folder) instead of inlining them in every page."""

from __future__ import annotations

from ..errors import UnknownEntity, VizError
from ..query.facts import StoreFacts

__all__ = ["focus_page", "FOCUS_DEPTH"]

FOCUS_DEPTH = 1  # steps from the entity: its neighbours


def focus_page(facts: StoreFacts, iri: str, assets: str) -> str | None:
    """The network page around the entity at `iri`, loading its assets from `assets` (a folder's address
    ending in /); None when the entity is not in the full view (a source document, a concept)."""
    from ..viz.page import network_page
    from ..viz.render import render_html

    try:
        page = network_page(facts, view="full", focus=iri, depth=FOCUS_DEPTH)
    except (UnknownEntity, VizError):
        return None
    return render_html(page, assets=assets)
