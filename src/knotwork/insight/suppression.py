"""The small-cell rule of clinic insight: no count of fewer than 5 patients is ever shown.

An aggregate of 1-4 patients can point at a person ("the one patient with facial pain seen by
this therapist in March"), so every count the insight pages, charts and CSV files show passes
through `cell` and shows "fewer than 5" instead; a share of a hidden count is hidden too, since
share and denominator would give the count back. Zero is hidden as well: "fewer than 5" is
true of it, and showing 0 beside "fewer than 5" would narrow the hidden ones to 1-4.

Differencing: where the parts of a row add up to a total that is shown (decisions taken, sessions
per course, found and not found of the examined), one hidden part could be computed as the total
minus the others. `partition` then hides the next smallest part too (secondary suppression), so
at least two parts are hidden or none; that part reads "not shown", since "fewer than 5" would
be untrue of it. Rows that are not partitions (a patient may mark several
pain types, so the case-mix shares do not add up to the total) need no second cell. Subsets
shown beside their set (tenderness and referral among the found) are each checked on their own;
their differences are not shown and are not guarded further (docs/insight.md says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The smallest count of patients shown (issue 17).
MIN_PATIENTS = 5
HIDDEN_TEXT = f"fewer than {MIN_PATIENTS}"
# A part of 5 or more hidden only so that a small part beside it cannot be worked out: saying
# "fewer than 5" of it would be untrue.
SECONDARY_TEXT = "not shown"


@dataclass(frozen=True, slots=True)
class Cell:
    """One count of patients as shown: the number, or None when it is hidden."""

    shown: int | None
    of: int | None = None
    # Hidden by `partition` to protect a small part beside it, not for being small itself.
    secondary: bool = False

    @property
    def hidden(self) -> bool:
        return self.shown is None

    @property
    def text(self) -> str:
        if self.shown is None:
            return SECONDARY_TEXT if self.secondary else HIDDEN_TEXT
        return str(self.shown)

    @property
    def share(self) -> float | None:
        """The percentage of `of`, only when both the count and its denominator are shown."""
        if self.shown is None or not self.of:
            return None
        return 100.0 * self.shown / self.of

    @property
    def share_text(self) -> str:
        share = self.share
        if share is None:
            return SECONDARY_TEXT if self.secondary else HIDDEN_TEXT
        return f"{share:.0f}%"


def visible(count: int | None) -> int | None:
    """The count if it may be shown, else None."""
    if count is None or count < MIN_PATIENTS:
        return None
    return count


def cell(count: int | None, of: int | None = None) -> Cell:
    """A count of patients (and its denominator for a share), hidden when under 5."""
    return Cell(visible(count), visible(of))


def partition(counts: Mapping[str, int], total: int | None = None) -> dict[str, Cell]:
    """Cells of parts that add up to `total` (shown beside them): small parts hidden, and when
    exactly one part is hidden the next smallest is hidden too, so no part is a difference."""
    cells = {key: cell(count, total) for key, count in counts.items()}
    hidden = [key for key, found in cells.items() if found.hidden]
    if len(hidden) == 1 and len(cells) > 1:
        shown = sorted((k for k in cells if not cells[k].hidden), key=lambda k: counts[k])
        cells[shown[0]] = Cell(None, cells[shown[0]].of, secondary=True)
    return cells


def mean(value: float | None, patients: int) -> float | None:
    """An average over `patients`, shown only when they are at least 5."""
    if value is None or visible(patients) is None:
        return None
    return value


def texts(cells: Sequence[Cell]) -> list[str]:
    return [found.text for found in cells]
