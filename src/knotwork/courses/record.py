"""What the session record pages show beyond the fields: the live-feedback traces of a session
(and the trigger-point rows they pre-fill), the changes each amendment made, and the error
summary at the top of the form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.safestring import SafeString, mark_safe

from knotwork.common.charts import Line, line_chart
from knotwork.courses.models.session import FIELD_LABELS, trigger_point_label
from knotwork.domain import knowledge
from knotwork.live.services import summary_of

if TYPE_CHECKING:
    from knotwork.courses.models import SessionAmendment, TreatmentSession


@dataclass(frozen=True)
class Trace:
    """One trigger point's live feedback: the discomfort trace, its peak and final, the hold."""

    key: str
    label: str
    chart: SafeString
    peak: int | None
    final: int | None
    hold_seconds: float
    stop_pressed: bool
    release_felt: bool


def _split(wire: str) -> tuple[str, str] | None:
    """`upper_trapezius__tp1` -> ("upper_trapezius", "tp1") when the knowledge base has it."""
    muscle, _, point = wire.partition("__")
    try:
        knowledge.load().muscle(muscle).trigger_point(point)
    except LookupError:
        return None
    return muscle, point


def raw_traces(session: TreatmentSession) -> list[dict[str, Any]]:
    """Every live session's per-point summary for this treatment session, in order."""
    found: list[dict[str, Any]] = []
    for live in session.live_sessions.order_by("started_at", "id"):
        found.extend(live.summary if not live.is_open else summary_of(live))
    return found


def traces(session: TreatmentSession) -> list[Trace]:
    shown = []
    for index, trace in enumerate(raw_traces(session)):
        points = trace.get("discomfort") or []
        columns = [f"{seconds:.0f} s" for seconds, _ in points]
        chart = line_chart(
            f"Discomfort during the hold: {trace['label']}",
            columns,
            [Line("discomfort 0-10", [float(value) for _, value in points])],
            low=0,
            high=10,
            height=160,
        )
        shown.append(
            Trace(
                key=f"trace-{index}",
                label=str(trace["label"]),
                chart=mark_safe(chart),
                peak=trace.get("peak_discomfort"),
                final=trace.get("final_discomfort"),
                hold_seconds=float(trace.get("hold_seconds") or 0),
                stop_pressed=bool(trace.get("stop_pressed")),
                release_felt=bool(trace.get("release_felt")),
            )
        )
    return shown


def live_choice(muscle: str, point: str) -> str:
    return f"live:{muscle}/{point}/"


def live_rows(session: TreatmentSession) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """The trace's trigger points as choices of the form and as pre-filled rows: the point, the
    hold, the peak discomfort and whether release was felt (the pressure is the therapist's)."""
    choices: list[tuple[str, str]] = []
    rows: list[dict[str, Any]] = []
    for trace in raw_traces(session):
        found = _split(str(trace.get("trigger_point") or ""))
        if found is None:
            continue
        value = live_choice(*found)
        if value not in dict(choices):
            choices.append((value, f"{trigger_point_label(*found, '')}, from live feedback"))
        hold = trace.get("hold_seconds")
        rows.append(
            {
                "target": value,
                "hold_seconds": max(1, round(hold)) if hold else None,
                "discomfort": trace.get("peak_discomfort"),
                "release_felt": bool(trace.get("release_felt")),
            }
        )
    return choices, rows


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _muscles(ids: list[str]) -> str:
    base = knowledge.load()
    return ", ".join(base.muscles[m].name if m in base.muscles else m for m in ids) or "none"


def _point(point: dict[str, Any]) -> str:
    try:
        name = trigger_point_label(point["muscle"], point["trigger_point"], point.get("side", ""))
    except LookupError:
        name = f"{point['muscle']}/{point['trigger_point']}"
    parts = []
    if point.get("pressure_grade"):
        parts.append(f"grade {point['pressure_grade']}")
    if point.get("algometer_value") is not None:
        parts.append(f"{point['algometer_value']} {point.get('algometer_unit', '')}".strip())
    if point.get("hold_seconds"):
        parts.append(f"{point['hold_seconds']} s")
    if point.get("repetitions"):
        parts.append(f"× {point['repetitions']}")
    if point.get("discomfort") is not None:
        parts.append(f"discomfort {point['discomfort']}")
    if point.get("release_felt"):
        parts.append("release felt")
    if point.get("referred_pain_reproduced"):
        parts.append("referred pain reproduced")
    return f"{name} ({', '.join(parts)})" if parts else name


def shown(key: str, value: Any) -> str:
    """A stored record value as the pages write it."""
    if value is None or value == "":
        return "—"
    if key == "home_care":
        return _muscles(list(value))
    if key == "points":
        return "; ".join(_point(point) for point in value) or "none"
    return str(value)


def changes(amendment: SessionAmendment) -> list[Change]:
    """Field, old -> new, for every part of the record the amendment changed."""
    return [
        Change(
            FIELD_LABELS.get(key, key.replace("_", " ")),
            shown(key, amendment.before.get(key)),
            shown(key, amendment.after.get(key)),
        )
        for key in amendment.changed_fields
    ]


def original_rows(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    """The record as signed (an amendment's `before`), every part by its form label."""
    return [
        (FIELD_LABELS.get(key, key.replace("_", " ")).capitalize(), shown(key, value))
        for key, value in snapshot.items()
    ]


@dataclass(frozen=True)
class Problem:
    label: str
    message: str
    anchor: str


def error_summary(form: forms.BaseForm, points: forms.BaseFormSet[Any]) -> list[Problem]:
    """Every error of the form and its trigger-point rows, each linking to its field."""
    found: list[Problem] = []

    def collect(one: forms.BaseForm, prefix: str) -> None:
        for name, errors in one.errors.items():
            if name == "__all__":
                first = next(iter(one.fields), None)
                anchor = one[first].id_for_label if first else ""
                found.extend(
                    Problem(prefix.rstrip(": ") or "Record", str(e), anchor) for e in errors
                )
            else:
                field = one[name]
                found.extend(
                    Problem(prefix + str(field.label), str(e), field.id_for_label) for e in errors
                )

    collect(form, "")
    for index, row in enumerate(points.forms):
        collect(row, f"Trigger point {index + 1}: ")
    found.extend(Problem("Trigger points", str(e), "") for e in points.non_form_errors())
    return found
