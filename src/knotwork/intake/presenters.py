"""What the intake pages show: a small SVG chart of one instrument's scores over time, and an
intake's answers in words (the review page, the physician's report)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from knotwork.common.charts import Line, line_chart
from knotwork.domain import outcomes, safety
from knotwork.intake.forms.steps import FORMS, MEDICINES_FLAG
from knotwork.intake.models import Intake
from knotwork.intake.services.intake import step_context
from knotwork.intake.steps import STEPS, Step


def score_chart(instrument: str, name: str, points: Sequence[tuple[datetime, float]]) -> SafeString:
    """Scores in time order as an inline SVG; the dashed line marks the baseline score. The axis
    is the instrument's score range (its definition's scoring.range, reference D)."""
    if instrument in outcomes.INSTRUMENT_IDS:
        low, high = outcomes.instrument(instrument).score_range
    else:
        low, high = 0, max((p[1] for p in points), default=1) or 1
    columns = [f"{when:%d %b}" for when, _ in points]
    values = [value for _, value in points]
    chart = line_chart(
        f"{name}: {len(points)} scores",
        columns,
        [Line(name, values)],
        low=low,
        high=high,
        baseline=values[0] if values else None,
        width=360,
        height=150,
    )
    # line_chart interpolates only numbers and escaped text.
    return mark_safe(chart)


def answer_summary(intake: Intake) -> list[tuple[Step, list[tuple[str, str]]]]:
    """Each step with its answers as (question, answer) lines, in words (no stored ids)."""
    rows: list[tuple[Step, list[tuple[str, str]]]] = []
    for step in STEPS:
        if step.id in ("questionnaires",):
            continue
        saved = intake.step_answers(step.id)
        form = FORMS[step.id](context=step_context(intake))
        lines = []
        for key, value in saved.items():
            # Only what the patient answered is listed: stored helper values (the map's id, the
            # weeks counted from a date) have no question, and would show as bare keys.
            if key not in form.fields or value in (None, "", []):
                continue
            # A date given decides the duration, so the range computed from it is not repeated.
            if key == "duration" and saved.get("onset_date"):
                continue
            # Safety questions answered no are many; the review lists the yes answers only.
            if step.id == "red_flags" and value is False:
                continue
            label = str(form.fields[key].label)
            if key == "anticoagulant":
                label = safety.red_flag(MEDICINES_FLAG).question
            if isinstance(value, bool):
                shown = "Yes" if value else "No"
            elif key == "onset_date":
                shown = date_format(date.fromisoformat(value), "j F Y")
            elif isinstance(value, list):
                choices = dict(getattr(form.fields.get(key), "choices", []) or [])
                shown = ", ".join(str(choices.get(v, v)) for v in value)
            else:
                choices = dict(getattr(form.fields.get(key), "choices", []) or [])
                shown = str(choices.get(value, choices.get(str(value), value)))
            lines.append((label, shown))
        if step.id == "red_flags":
            lines.append(("Every other safety question", "No"))
        rows.append((step, lines))
    return rows
