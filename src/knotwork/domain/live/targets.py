"""The target discomfort window and the hold-time guidance for sustained trigger-point pressure.

Discomfort: the patient's 0-10 rating under sustained pressure (reference E.1). The target window
is 5-7/10 ("therapeutic": tolerable, breathing relaxed, no guarding); above 7 is a stop signal.
The reference marks the window's source (NMT teaching, Chaitow & DeLany) as not retrieved, so
`DISCOMFORT_WINDOW_PROVENANCE.uncertain` is true. Hold time: 30-90 s per point, 1-3 repetitions
(E.1 practical range; HOU-2002, FRYER-2008).

Interface:
    DiscomfortWindow(low=5, high=7).zone(value) -> Zone
    HoldGuidance(shortest_s=30, longest_s=90).phase(seconds) -> HoldPhase
"""

from dataclasses import dataclass
from enum import StrEnum

from knotwork.domain.live.messages import DISCOMFORT_MAX, DISCOMFORT_MIN
from knotwork.domain.protocol.provenance import Origin, Provenance


class Zone(StrEnum):
    """Where a discomfort rating sits against the target window."""

    BELOW = "below"
    IN_WINDOW = "in_window"
    # Above the window: E.1 lists "above 7/10" among the reasons to stop.
    ABOVE = "above"


@dataclass(frozen=True, slots=True)
class DiscomfortWindow:
    """The target discomfort range during sustained pressure, inclusive at both ends."""

    low: int = 5
    high: int = 7

    def __post_init__(self) -> None:
        if not DISCOMFORT_MIN <= self.low <= self.high <= DISCOMFORT_MAX:
            raise ValueError("the discomfort window needs 0 <= low <= high <= 10")

    def zone(self, value: int) -> Zone:
        """Below, inside or above the window."""
        if not DISCOMFORT_MIN <= value <= DISCOMFORT_MAX:
            raise ValueError(f"discomfort must be 0-10, got {value}")
        if value < self.low:
            return Zone.BELOW
        return Zone.IN_WINDOW if value <= self.high else Zone.ABOVE


DISCOMFORT_WINDOW_PROVENANCE = Provenance(
    Origin.REFERENCE,
    "5-7/10 'therapeutic' window; above 7/10, sharp or electric pain, neurological or autonomic "
    "signs, held breath or tensing mean stop. Source named (Chaitow & DeLany) but not retrieved.",
    "E.1",
    (),
    uncertain=True,
)


class HoldPhase(StrEnum):
    """Where a hold stands against the 30-90 s guidance."""

    BUILDING = "building"
    IN_RANGE = "in_range"
    PAST_RANGE = "past_range"


@dataclass(frozen=True, slots=True)
class HoldGuidance:
    """Guidance for one hold of sustained pressure on a trigger point, in seconds."""

    shortest_s: int = 30
    longest_s: int = 90
    repetitions_max: int = 3

    def __post_init__(self) -> None:
        if not 0 < self.shortest_s <= self.longest_s or self.repetitions_max < 1:
            raise ValueError("hold guidance needs 0 < shortest_s <= longest_s, repetitions >= 1")

    def phase(self, seconds: float) -> HoldPhase:
        """Before, within or past the guided hold time."""
        if seconds < self.shortest_s:
            return HoldPhase.BUILDING
        return HoldPhase.IN_RANGE if seconds <= self.longest_s else HoldPhase.PAST_RANGE


HOLD_PROVENANCE = Provenance(
    Origin.REFERENCE,
    "30-90 s per point, 1-3 repetitions, re-palpate between (E.1 practical range). Hou 2002 "
    "tested 30/60/90 s holds; the 2008 RCT released after tension eased or at 1 min.",
    "E.1",
    ("HOU-2002", "FRYER-2008", "IC-META-2022"),
)
