"""The body-map region atlas: the region ids every part of Knotwork speaks.

The atlas is `data/body-regions.yaml`, a copy of the shared contract `spec/body-regions.yaml`
(a test keeps the two identical). Left and right are always the patient's own sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

Side = Literal["left", "right", "midline"]
View = Literal["front", "back", "both", "inner"]
PainType = Literal["low_back", "neck", "headache", "facial", "other"]

SIDES: tuple[str, ...] = ("left", "right")
PAIN_TYPES: tuple[PainType, ...] = ("low_back", "neck", "headache", "facial", "other")


@dataclass(frozen=True, slots=True)
class Region:
    """One region of the body map, e.g. `low_back_left`."""

    id: str
    stem: str
    side: Side
    view: View
    group: str
    pain_type: PainType
    label: str

    @property
    def full_label(self) -> str:
        """The label a person reads, with the patient's side spelled out."""
        if self.side == "midline":
            return self.label
        return f"{self.label} ({self.side})"


class UnknownRegion(KeyError):
    """A region id that is not in the atlas."""


@cache
def regions() -> dict[str, Region]:
    """All regions by id, in atlas order (head to feet, left before right)."""
    text = resources.files("knotwork.domain").joinpath("data/body-regions.yaml").read_text()
    atlas: dict[str, Region] = {}
    for row in yaml.safe_load(text)["regions"]:
        if "id" in row:
            found = [
                Region(
                    row["id"],
                    row["id"],
                    "midline",
                    row["view"],
                    row["group"],
                    row["pain_type"],
                    row["label"],
                )
            ]
        else:
            stem = row["id_stem"]
            found = [
                Region(
                    f"{stem}_{side}",
                    stem,
                    side,
                    row["view"],
                    row["group"],
                    row["pain_type"],
                    row["label"],
                )
                for side in row["sides"]
            ]
        for region in found:
            atlas[region.id] = region
    return atlas


def region(region_id: str) -> Region:
    """The region with this id; `UnknownRegion` names the id when it is not in the atlas."""
    try:
        return regions()[region_id]
    except KeyError:
        raise UnknownRegion(region_id) from None


def is_region(region_id: str) -> bool:
    return region_id in regions()


def mirror(region_id: str) -> str:
    """The same region on the patient's other side; a midline region is its own mirror."""
    found = region(region_id)
    if found.side == "midline":
        return found.id
    other = "right" if found.side == "left" else "left"
    return f"{found.stem}_{other}"


def sided(stem: str, side: str) -> str:
    """The id of `stem` on `side`; for a midline region the stem is the id itself."""
    atlas = regions()
    if stem in atlas and atlas[stem].side == "midline":
        return stem
    region_id = f"{stem}_{side}"
    if region_id not in atlas:
        raise UnknownRegion(region_id)
    return region_id


def regions_in_view(view: View) -> list[Region]:
    """Regions drawn on one figure: its own view plus the `both` regions (hands)."""
    return [
        r for r in regions().values() if r.view == view or (r.view == "both" and view != "inner")
    ]
