"""Resolve council names in the texts to one identity in mySociety's local-authority reference.

A name resolves through, in order: the project's alias file (OCR breaks and short names the
reference does not know, each written down by a curator), then the reference's own name lookup, then
the authorities' official and short names. Names are compared case-insensitively with white space
collapsed and '&' read as 'and', and a trailing word 'Council' may be dropped -- nothing looser.
A name matching several authorities is narrowed to those in
existence on the source document's date; if that leaves more or less than one, it is an
error, never a guess.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import DataError, DataErrors

__all__ = [
    "Authority",
    "Reference",
    "load_reference",
    "OVERRIDES_FILE",
    "normalise_name",
    "ResolutionError",
    "UnknownCouncil",
    "AmbiguousCouncil",
]

# register prefix in the reference -> org-id.guide list (https://org-id.guide)
_ORG_ID_LISTS = {
    "local-authority-eng": "GB-LAE",
    "local-authority-sct": "GB-LAS",
    "principal-local-authority": "GB-PLA",
}


class ResolutionError(Exception):
    """A name that resolves to no authority, or to several."""


class UnknownCouncil(ResolutionError):
    """A name that matches no authority, whatever the date."""


class AmbiguousCouncil(ResolutionError):
    """A name that matches several authorities, and not one alone on the document's date."""


@dataclass(frozen=True)
class Authority:
    code: str  # mySociety's three-letter local-authority-code
    official_name: str
    nice_name: str
    gss_code: str
    nation: str
    region: str
    type_name: str
    start_date: str
    end_date: str
    replaced_by: tuple[str, ...]
    latitude: str
    longitude: str
    org_id: str | None

    def existed_on(self, date: str) -> bool:
        """Whether the authority existed on `date` (YYYY, YYYY-MM or YYYY-MM-DD)."""
        start_ok = not self.start_date or self.start_date[: len(date)] <= date
        end_ok = not self.end_date or self.end_date[: len(date)] >= date
        return start_ok and end_ok


def normalise_name(name: str) -> str:
    return " ".join(name.replace("&", " and ").casefold().split())


class Reference:
    """The authorities table and every known spelling of each authority's name."""

    def __init__(self, authorities: dict[str, Authority], names: dict[str, set[str]], aliases: dict[str, str]):
        self.authorities = authorities
        self._names = names
        self._aliases = {normalise_name(k): v for k, v in aliases.items()}

    def resolve(self, name: str, on_date: str) -> Authority:
        """The one authority `name` means in a document dated `on_date`, or ResolutionError."""
        key = normalise_name(name)
        target = normalise_name(self._aliases.get(key, name))
        codes = self._names.get(target, set())
        if not codes and target.endswith(" council"):
            # "Brent Council": the word Council names no authority by itself
            codes = self._names.get(target.removesuffix(" council"), set())
        if not codes:
            close = difflib.get_close_matches(target, self._names, n=3, cutoff=0.75)
            hint = f"; close names in the reference: {', '.join(close)}" if close else ""
            raise UnknownCouncil(
                f"council {name!r} is not in the reference lookup{hint}. If it is a "
                f"spelling of a council, add it to data/curated/council_aliases.yaml; if it "
                f"is a town or parish council, declare it as a LocalCouncil"
            )
        if len(codes) > 1:
            current = {c for c in codes if self.authorities[c].existed_on(on_date)}
            if len(current) != 1:
                names = ", ".join(sorted(f"{self.authorities[c].official_name} ({c})" for c in codes))
                raise AmbiguousCouncil(
                    f"council {name!r} is ambiguous: it could be {names}; map it in data/curated/council_aliases.yaml"
                )
            codes = current
        return self.authorities[next(iter(codes))]

    def aliases_of(self, code: str) -> list[str]:
        """The reference's spellings of one authority (for search), sorted."""
        return sorted(n for n, codes in self._names.items() if code in codes)


OVERRIDES_FILE = "overrides.csv"
# the fields of the register a correction may change
CORRECTABLE = {"region": "region", "nation": "nation", "lat": "latitude", "long": "longitude"}
_OVERRIDE_COLUMNS = ["local-authority-code", "field", "was", "now", "reason"]


def _corrected(authorities: dict[str, Authority], path: Path) -> dict[str, Authority]:
    """The register with the corrections of data/reference/overrides.csv applied: each names the authority,
    the field, the value the register has (`was`, so a correction made upstream is noticed, not applied
    twice), the value it should have and why. Any mistake in the file is an error at its line."""
    if not path.exists():
        return authorities
    errors: list[DataError] = []
    corrected = dict(authorities)
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != _OVERRIDE_COLUMNS:
            raise DataErrors([DataError(str(path), 1, f"the header must be {','.join(_OVERRIDE_COLUMNS)}")])
        for row in reader:
            line = reader.line_num
            code, field, was, now = (row.get(c) or "" for c in _OVERRIDE_COLUMNS[:4])
            if None in row or not (row.get("reason") or "").strip():
                errors.append(DataError(str(path), line, "each row needs the five columns, with a reason"))
            elif code not in corrected:
                errors.append(DataError(str(path), line, f"unknown local-authority-code {code!r}"))
            elif field not in CORRECTABLE:
                errors.append(
                    DataError(str(path), line, f"field {field!r} cannot be corrected; known: {', '.join(CORRECTABLE)}")
                )
            elif getattr(corrected[code], CORRECTABLE[field]) != was:
                have = getattr(corrected[code], CORRECTABLE[field])
                errors.append(
                    DataError(
                        str(path),
                        line,
                        f"{code} {field} is {have!r} in the register, not {was!r}: "
                        "the correction is out of date (remove it if the register is now right)",
                    )
                )
            else:
                changes: dict[str, Any] = {CORRECTABLE[field]: now}
                corrected[code] = replace(corrected[code], **changes)
    if errors:
        raise DataErrors(errors)
    return corrected


def load_reference(reference_dir: Path, aliases: dict[str, str]) -> Reference:
    authorities: dict[str, Authority] = {}
    names: dict[str, set[str]] = {}
    with open(reference_dir / "uk_local_authorities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            register, _, register_code = (row.get("old-register-and-code") or "").partition(":")
            org_list = _ORG_ID_LISTS.get(register)
            authority = Authority(
                code=row["local-authority-code"],
                official_name=row["official-name"],
                nice_name=row["nice-name"],
                gss_code=row["gss-code"],
                nation=row["nation"],
                region=row["region"],
                type_name=row["local-authority-type-name"],
                start_date=row["start-date"],
                end_date=row["end-date"],
                replaced_by=tuple(c for c in row["replaced-by"].split(",") if c),
                latitude=row["lat"],
                longitude=row["long"],
                org_id=f"{org_list}-{register_code}" if org_list and register_code else None,
            )
            authorities[authority.code] = authority
    authorities = _corrected(authorities, reference_dir / OVERRIDES_FILE)
    for authority in authorities.values():
        for name in (authority.official_name, authority.nice_name):
            names.setdefault(normalise_name(name), set()).add(authority.code)
    with open(reference_dir / "lookup_name_to_registry.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["local-authority-code"] in authorities:
                names.setdefault(normalise_name(row["la-name"]), set()).add(row["local-authority-code"])
    return Reference(authorities, names, aliases)
