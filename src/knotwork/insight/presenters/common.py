"""What every insight table shares: the Table a page and its CSV both read, pain-type labels,
the population figures, and the text of a hidden count or mean."""

from __future__ import annotations

from dataclasses import dataclass, field

from knotwork.domain.anatomy import PainType
from knotwork.insight.suppression import HIDDEN_TEXT, Cell, mean

PAIN_TYPE_LABELS: dict[PainType, str] = {
    "low_back": "Low back",
    "neck": "Neck",
    "headache": "Headache",
    "facial": "Face and jaw",
    "other": "Elsewhere",
}
# US adults reporting each pain in the last three months (National Center for Health
# Statistics, Health, United States 2006, special feature on pain; the figures the atlas
# spec/body-regions.yaml cites for its pain types). The survey asked about severe headache or
# migraine, which is what "Headache" is compared with; it has no figure for "elsewhere".
POPULATION_SHARE: dict[PainType, float | None] = {
    "low_back": 27.0,
    "neck": 15.0,
    "headache": 15.0,
    "facial": 4.0,
    "other": None,
}
POPULATION_SOURCE = "National Center for Health Statistics, Health, United States 2006"


@dataclass
class Table:
    """One table of the page and its CSV: column headings and rows of text cells."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Each cell with its column heading (the phone layout labels every cell)."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]


def share(found: Cell) -> str:
    return found.share_text


def mean_text(value: float | None, patients: int, digits: int = 1) -> str:
    shown = mean(value, patients)
    return HIDDEN_TEXT if shown is None else f"{shown:.{digits}f}"
