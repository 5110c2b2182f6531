"""Content negotiation: which representation a request asks for, by its `Accept` header (q-values,
wildcards, specificity), a `?format=` argument or a suffix on the path (`/id/council/wigan.ttl`).

Pure functions on strings; the app (graph.serve.app) turns the choice into a response. Each
representation is named once, here: the RDF ones are the exporters' (graph.model.export.EXPORTERS),
so their media types and suffixes are the exports' own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import CouncilGraphError
from ..model.export import EXPORTERS

__all__ = [
    "Representation",
    "NotAcceptable",
    "BadFormat",
    "ENTITY_FORMATS",
    "parse_accept",
    "choose",
    "split_suffix",
    "requested_format",
]


@dataclass(frozen=True)
class Representation:
    """One way to answer: its name (the `?format=` value and the path suffix), its media types (the
    first is the one it is sent as; the others are names clients also use for it) and what renders it
    (an exporter's name for RDF, else the name)."""

    name: str
    media_types: tuple[str, ...]
    renderer: str

    @property
    def media_type(self) -> str:
        return self.media_types[0]


class NotAcceptable(CouncilGraphError):
    """An Accept header that none of the representations satisfies (HTTP 406)."""

    def __init__(self, accept: str, offers: Sequence[Representation]):
        self.offers = list(offers)
        super().__init__(
            f"nothing here matches Accept: {accept}; ask for one of "
            + ", ".join(o.media_type for o in offers)
            + " (or add ?format="
            + "|".join(o.name for o in offers)
            + ")"
        )


class BadFormat(CouncilGraphError):
    """A `?format=` or suffix naming no representation, or two that disagree (HTTP 400)."""


def _rdf(name: str, exporter: str, *aliases: str) -> Representation:
    return Representation(name, (EXPORTERS[exporter].media_type, *aliases), exporter)


# the representations of a resource, in the order preferred when a client likes several equally
ENTITY_FORMATS: dict[str, Representation] = {
    r.name: r
    for r in (
        Representation("html", ("text/html", "application/xhtml+xml"), "html"),
        _rdf(EXPORTERS["turtle"].suffix, "turtle", "application/x-turtle"),
        _rdf(EXPORTERS["jsonld"].suffix, "jsonld", "application/json"),
        _rdf(EXPORTERS["ntriples"].suffix, "ntriples"),
    )
}


def parse_accept(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (1 when not given; a malformed q is 0),
    lower-cased, parameters other than q dropped."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if media == "*":  # some clients write a bare star for */*
            media = "*/*"
        quality = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality))
    return ranges


def _match(media: str, ranges: list[tuple[str, float]]) -> tuple[float, int] | None:
    """The q-value and specificity (2 exact, 1 type/*, 0 */*) of the most specific range `media` matches."""
    kind = media.split("/")[0]
    best = None
    for pattern, quality in ranges:
        if pattern == media:
            specificity = 2
        elif pattern == f"{kind}/*":
            specificity = 1
        elif pattern == "*/*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[1]:
            best = (quality, specificity)
    return best


def choose(accept: str | None, offers: Sequence[Representation]) -> Representation:
    """The representation `accept` likes best: highest q-value, then the most specific range that matched
    it (text/turtle before */*), then the order of `offers`. Another name of a representation counts
    (application/json asks for JSON-LD) unless the media type it is sent as is refused by name (q=0). No
    header, or an empty one: the first offer. NotAcceptable when every offer is refused or matches no range."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    scored = []
    for order, offer in enumerate(offers):
        matches = [m for m in (_match(media, ranges) for media in offer.media_types) if m is not None]
        if not matches or _match(offer.media_type, ranges) == (0.0, 2):  # the type it is sent as, refused by name
            continue
        quality, specificity = max(matches)
        if quality > 0:
            scored.append((-quality, -specificity, order, offer))
    if not scored:
        raise NotAcceptable(accept, offers)
    return min(scored, key=lambda s: s[:3])[3]


def split_suffix(path: str, formats: dict[str, Representation]) -> tuple[str, Representation | None]:
    """`path` without a format suffix (`.ttl`, `.jsonld`, `.nt`, `.html`) and the representation it names."""
    stem, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix and suffix in formats:
        return stem, formats[suffix]
    return path, None


def requested_format(
    given: str | None, suffixed: Representation | None, formats: dict[str, Representation]
) -> Representation | None:
    """The representation a `?format=` value or a path suffix asks for, if either does (they must agree);
    None when the Accept header decides."""
    if given is None:
        return suffixed
    chosen = formats.get(given.strip().lower())
    if chosen is None:
        raise BadFormat(f"unknown format {given!r}; use ?format=" + "|".join(formats))
    if suffixed is not None and suffixed != chosen:
        raise BadFormat(f"the path asks for .{suffixed.name} and ?format= for {chosen.name}; give one")
    return chosen
