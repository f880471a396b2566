"""The one rule for a measure's "current" value, used by the patient page, the course and its
summary alike (issue 11: two pages must never show two different "now" for one patient).

A reading is one score with when and where it was given: a questionnaire answered, or for pain
(NPRS) the pain the patient rated before a session. "Current" is the most recent reading on
record (for a course: since the course began), whichever kind it is. A project rule: the
reference names no "current" value; the latest one is what the patient reported last.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

CURRENT_RULE = (
    "“Now” is the most recent score on record: the latest questionnaire answered or, for pain "
    "(NPRS), the pain rated before the latest session, whichever came last."
)


@dataclass(frozen=True, slots=True)
class Reading:
    """One score of an instrument: when it was given, its value and where it came from."""

    at: datetime
    value: float
    source: str


def current(readings: Iterable[Reading]) -> Reading | None:
    """The most recent reading (the later one listed wins a tie); None without any."""
    latest: Reading | None = None
    for reading in readings:
        if latest is None or reading.at >= latest.at:
            latest = reading
    return latest
