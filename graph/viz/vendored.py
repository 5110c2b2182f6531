"""The third-party code the page inlines: vis-network's script and stylesheet, vendored in assets/vendor/."""

from __future__ import annotations

from pathlib import Path

from ..errors import VizError

__all__ = ["ASSETS", "VIS_NETWORK", "vis_asset", "inlined_libraries", "page_assets"]

ASSETS = Path(__file__).resolve().parent / "assets"
# vis-network's script and stylesheet, vendored byte for byte from pyvis 0.3.2 with their licence (README there)
VIS_NETWORK = ASSETS / "vendor" / "vis-network-9.1.2"


def vis_asset(name: str) -> str:
    path = VIS_NETWORK / name
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise VizError(f"{path} cannot be inlined: it contains a closing script or style tag")
    return text


def inlined_libraries() -> list[str]:
    """The third-party code the page inlines verbatim (vis-network's script and stylesheet)."""
    return [vis_asset("vis-network.min.js"), vis_asset("vis-network.css")]


def page_assets() -> dict[str, Path]:
    """The files a network page loads when it does not inline them (graph.viz.render `assets`), by the name
    it loads them by: vis-network's script and stylesheet (with their licences) and the page's own."""
    own = {name: ASSETS / name for name in ("network.js", "network-large.js", "network.css")}
    vendored = {p.name: p for p in sorted(VIS_NETWORK.iterdir()) if p.name.startswith(("vis-network", "LICENSE"))}
    return dict(sorted({**own, **vendored}.items()))
