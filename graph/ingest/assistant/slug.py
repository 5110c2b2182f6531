"""Ids in the project's style: kind/slug, lower-case ASCII words joined with '-' (graph.ingest.entities.ID)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slugify", "entity_id"]


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("&", " and ")).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


def entity_id(kind: str, name: str) -> str:
    return f"{kind}/{slugify(name)}"
