"""Pieces every document shows: the letterhead, the people, the red flags and clearances, maps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from knotwork.domain import safety
from knotwork.domain.bodymap.render import Overlay, render_svg
from knotwork.intake.forms.safety import finding_label
from knotwork.painmaps.presenters import MapView, map_view

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.painmaps.models import PainMapRecord
    from knotwork.patients.models import Patient

URGENCY_WORDS = {
    "emergency": "emergency: sent to emergency care",
    "urgent": "urgent: physician the same day or within 24-48 h",
    "routine": "routine: physician clearance before treatment",
}


@dataclass(frozen=True)
class Person:
    name: str
    lines: tuple[str, ...] = ()


def physician_of(patient: Patient) -> Person | None:
    if not patient.has_physician:
        return None
    lines = [
        patient.physician_practice,
        *patient.physician_address.splitlines(),
        f"Phone {patient.physician_phone}" if patient.physician_phone else "",
        patient.physician_email,
    ]
    return Person(patient.physician_name, tuple(line.strip() for line in lines if line.strip()))


def therapist_of(user: User | None, clinic_name: str) -> Person | None:
    if user is None:
        return None
    return Person(str(user), (f"Therapist, {clinic_name}", user.email))


def age_on(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def letterhead(patient: Patient, title: str, *, made_at: datetime | None = None) -> dict[str, Any]:
    """The context every document template starts from (base_document.html)."""
    made = timezone.localtime(made_at or timezone.now())
    return {
        "title": title,
        "clinic_name": patient.clinic.name,
        "made_at": made,
        "patient": patient,
        "age": age_on(patient.date_of_birth, made.date()),
        "physician": physician_of(patient),
    }


@dataclass
class FlagRow:
    """One yes answer of a red-flag screen, in words, and the clearance that covers it."""

    question: str
    urgency: str
    screened_on: date
    kind: str
    note: str
    cleared_by: str = ""
    cleared_on: date | None = None

    @property
    def cleared(self) -> bool:
        return self.cleared_on is not None


def red_flags(patient: Patient) -> list[FlagRow]:
    """Every yes answer of every screen, oldest first, with the clearance covering it if any."""
    clearances = list(patient.clearances.all())
    rows = []
    screens = [*patient.red_flag_screens.all(), *patient.pre_session_screens.all()]
    for screen in sorted(screens, key=lambda s: (s.screened_on, s.recorded_at)):
        outcome = screen.outcome()
        for finding in outcome.findings:
            row = FlagRow(
                question=finding_label(finding.key),
                urgency=URGENCY_WORDS.get(finding.urgency, finding.urgency),
                screened_on=outcome.screened_on,
                kind="before a session" if outcome.kind == "pre_session" else "intake",
                note=finding.note,
            )
            for clearance in clearances:
                if clearance.to_domain().covers(finding, outcome.screened_on):
                    row.cleared_by, row.cleared_on = clearance.cleared_by, clearance.cleared_on
                    break
            rows.append(row)
    return rows


@dataclass
class ClearanceRow:
    cleared_by: str
    cleared_on: date
    covers: list[str] = field(default_factory=list)
    note: str = ""
    letter: bool = False


def clearances(patient: Patient) -> list[ClearanceRow]:
    return [
        ClearanceRow(
            c.cleared_by,
            c.cleared_on,
            [finding_label(key) for key in c.keys],
            c.note,
            bool(c.letter),
        )
        for c in patient.clearances.order_by("cleared_on", "id")
    ]


@dataclass
class PrintedMap:
    """A pain map as a document draws it: the picture (SVG) and its headline numbers."""

    view: MapView
    caption: str
    svg: SafeString

    @property
    def record(self) -> PainMapRecord:
        return self.view.record


def printed_map(
    record: PainMapRecord, caption: str, *, overlay: Overlay | None = None, width: int = 300
) -> PrintedMap:
    view = map_view(record, width=width)
    title = f"{timezone.localtime(record.drawn_at):%d %b %Y}" + (
        " · no pain" if record.no_pain else ""
    )
    svg = render_svg(view.pain_map, overlay, title=title, width=width)
    # render_svg escapes every piece of text it writes.
    return PrintedMap(view, caption, mark_safe(svg))


def baseline_and_latest(patient: Patient) -> list[PrintedMap]:
    """The first map with pain and the latest map (one when they are the same)."""
    records = list(patient.pain_maps.prefetch_related("marks").order_by("drawn_at", "id"))
    if not records:
        return []
    with_pain = [r for r in records if not r.no_pain]
    first = with_pain[0] if with_pain else records[0]
    latest = records[-1]
    if first.pk == latest.pk:
        return [printed_map(first, "Baseline and latest map")]
    return [printed_map(first, "Baseline"), printed_map(latest, "Latest")]


def clearance_needed(patient: Patient) -> safety.GateDecision:
    """What the gate says today, read without an audit entry (the document's maker audits)."""
    from knotwork.intake.services.safety import policy_for, screen_outcomes

    return safety.decide(
        "start_course",
        screen_outcomes(patient),
        [c.to_domain() for c in patient.clearances.all()],
        on=timezone.localdate(),
        policy=policy_for(patient.clinic),
    )
