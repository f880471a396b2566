"""Body-map regions as FHIR body sites: SNOMED CT from clinical-reference.md A.3 (data file
`data/bodysites.yaml`), Knotwork's own region code, and the words a person reads.

R4 has one CodeableConcept for `Observation.bodySite`, so laterality and the topographic
qualifiers go on a BodyStructure (`location` + `locationQualifier`), which the body site points
at through the core `bodySite` extension (A.2 and F.5: a pre-coordinated lateral code where a
confirmed one exists, otherwise the base code with a laterality qualifier).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from knotwork.domain import anatomy
from knotwork.interop.codes import BODY_REGIONS, SNOMED, coding, concept


@dataclass(frozen=True, slots=True)
class BodySite:
    """One region's SNOMED CT code (empty for a region without a confirmed code: words only)
    and the qualifiers (side, topography) that a BodyStructure adds to it."""

    region_id: str
    label: str
    codes: tuple[dict[str, Any], ...]
    qualifiers: tuple[dict[str, Any], ...]

    @property
    def coded(self) -> bool:
        return bool(self.codes)

    def site_concept(self) -> dict[str, Any]:
        """The CodeableConcept of `bodySite`: SNOMED CT (when confirmed), then the region."""
        return concept(self.label, *self.codes, coding(BODY_REGIONS, self.region_id, self.label))

    def location_concept(self) -> dict[str, Any]:
        return concept(self.label, *self.codes)

    def qualifier_concepts(self) -> list[dict[str, Any]]:
        return [concept(q["display"], q) for q in self.qualifiers]


@cache
def _table() -> dict[str, Any]:
    text = resources.files("knotwork.interop").joinpath("data/bodysites.yaml").read_text()
    table: dict[str, Any] = yaml.safe_load(text)
    return table


def _snomed(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return coding(SNOMED, row["code"], row.get("display")) if row else None


@cache
def body_site(region_id: str) -> BodySite:
    """The body site of an atlas region; `anatomy.UnknownRegion` for an id not in the atlas."""
    region = anatomy.region(region_id)
    table = _table()
    row: dict[str, Any] = table["stems"].get(region.stem) or {"base": None}
    qualifier_codes = {
        name: coding(SNOMED, found["code"], found["display"])
        for name, found in table["qualifiers"].items()
    }
    base = _snomed(row.get("base"))
    lateral = _snomed(row.get(region.side)) if region.side != "midline" else None
    topographic = [qualifier_codes[name] for name in row.get("qualifiers", ())]
    side = [qualifier_codes[region.side]] if region.side != "midline" else []
    codes: tuple[dict[str, Any], ...]
    qualifiers: tuple[dict[str, Any], ...]
    if lateral is not None:
        # A pre-coordinated lateral code already says the side.
        codes, qualifiers = (lateral,), tuple(topographic)
    elif base is not None:
        codes, qualifiers = (base,), tuple(side + topographic)
    else:
        # Words only (A.3); the side is still a confirmed qualifier.
        codes, qualifiers = (), tuple(side)
    return BodySite(region.id, region.full_label, codes, qualifiers)
