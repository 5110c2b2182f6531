"""vis-network's options for the page: how nodes are scaled and labelled, how edges are drawn, physics (off; a
reader may switch it on in small views) and interaction. A large view (graph.viz.largelayout.is_large) also hides
its edges while the reader drags or zooms, so that tens of thousands of them do not slow every frame; its
positions are fixed beforehand, so vis-network runs neither physics nor its stabilisation or improvedLayout."""

from __future__ import annotations

from typing import Any

from .largelayout import is_large
from .layout import PHYSICS_NODE_LIMIT

__all__ = ["MIN_SIZE", "MAX_SIZE", "vis_options"]

MIN_SIZE, MAX_SIZE = 7.0, 36.0  # node radius range (pixels at zoom 1)


def vis_options(count: int, seed: int, edges: int = 0) -> dict[str, Any]:
    """The options for a page of `count` nodes and `edges` edges (labels and hiding edges depend on its size)."""
    big = count > 150
    options: dict[str, Any] = {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {
                "face": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
                "color": "#1b1b1b",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": MIN_SIZE,
                "max": MAX_SIZE,
                "label": {
                    "enabled": True,
                    "min": 12 if big else 16,
                    "max": 70 if big else 28,
                    "maxVisible": 24,
                    "drawThreshold": 9 if big else 6,
                },
            },
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 0.5, "arrows": {"to": {"scaleFactor": 0.45}}},
        # the layout is computed beforehand; physics is off, and a reader may switch it on in views of up to
        # PHYSICS_NODE_LIMIT nodes (the page's "let the nodes move" box)
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2500,
                "centralGravity": 0.05,
                "springLength": 120,
                "springConstant": 0.02,
                "damping": 0.6,
                "avoidOverlap": 0.5,
            },
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": count > PHYSICS_NODE_LIMIT,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
    }
    if is_large(count, edges):
        options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True)
    return options
