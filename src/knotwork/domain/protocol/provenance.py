"""Where each course-rule number comes from: the clinical reference, an issue, or a project default.

Knotwork never presents a project choice as a clinical fact. Every configurable number of the
course rules carries a `Provenance` naming its origin, the reference section and source keys
(from `shared/reference/clinical-reference.md`), and a sentence saying why it was chosen.
"""

from dataclasses import dataclass
from enum import StrEnum


class Origin(StrEnum):
    """Kinds of origin, from the strongest to the weakest claim."""

    # A fact stated in the clinical reference, with its source keys.
    REFERENCE = "reference"
    # The reference lists it, but itself marks it as a project default rather than a guideline.
    REFERENCE_PROJECT_DEFAULT = "reference_project_default"
    # A product requirement written in an issue; not a clinical fact of the reference.
    ISSUE = "issue"
    # Decided while building this module; the note says why.
    PROJECT_DEFAULT = "project_default"


@dataclass(frozen=True, slots=True)
class Provenance:
    """The origin of one rule parameter: section and source keys of the reference, and why."""

    origin: Origin
    note: str
    section: str = ""
    sources: tuple[str, ...] = ()
    uncertain: bool = False
