"""What each entity belongs to, for the page's filters and the network colouring: the networks it is in
and the tiers its memberships state, and the programmes (and phases) it takes part in."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .style import NO_TIER

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["memberships", "programmes"]


def memberships(full: nx.MultiDiGraph) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """node -> networks it belongs to (a network belongs to itself); node -> the tiers its memberships
    state, the most recent first (NO_TIER for a member whose tier no document states). A network's tiers
    are those of its members, so that a tier filter keeps the network with its members."""
    networks: dict[str, set[str]] = defaultdict(set)
    stated: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for member, network, data in full.edges(data=True):
        if data["relation"] == "NetworkMembership":
            networks[member].add(network)
            if data.get("tier"):
                stated[member].append((data.get("as_at") or "", data["tier"]))
    tiers: dict[str, list[str]] = {}
    for member in sorted(networks):
        ordered = [tier for _, tier in sorted(stated[member], key=lambda e: (e[0], e[1]), reverse=True)]
        tiers[member] = list(dict.fromkeys(ordered)) or [NO_TIER]
    for node, data in full.nodes(data=True):
        if data["type"] == "Network":
            networks[node].add(node)
            own = sorted(
                {t for member in networks for t in tiers.get(member, ()) if node in networks[member] and member != node}
            )
            tiers[node] = own
    return networks, tiers


def programmes(full: nx.MultiDiGraph) -> dict[str, set[str]]:
    """node -> programmes (and phases) it is in: itself, a part of one, or a participant in one or a part.

    One pass over the edges for the parts, one for the participations (not one per programme)."""
    import networkx as nx

    parts = nx.DiGraph()
    participations: list[tuple[str, str]] = []
    for a, b, data in full.edges(data=True):
        if data["relation"] == "Composition":
            parts.add_edge(a, b)
        elif data["relation"] == "Participation":
            participations.append((a, b))
    # node -> the programmes it is within (the programme itself, or a part of it at any depth)
    within: dict[str, set[str]] = defaultdict(set)
    for programme in sorted(n for n, d in full.nodes(data=True) if d["type"] in ("Programme", "ProgrammePhase")):
        for node in {programme} | (nx.ancestors(parts, programme) if programme in parts else set()):
            within[node].add(programme)
    found: dict[str, set[str]] = defaultdict(set)
    for node, programmes_of_node in within.items():
        found[node] |= programmes_of_node
    for a, b in participations:
        if b in within:
            found[a] |= within[b]
    return found
