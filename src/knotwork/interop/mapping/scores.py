"""Outcome instruments: a Questionnaire per instrument used, a QuestionnaireResponse per
answered questionnaire, and the score as an Observation derived from it (section F.5).

The NPRS score carries LOINC 72514-3 (F.1); the other instruments have no LOINC code in the
reference, so their scores are coded in Knotwork's `outcome-instruments` system
(`<instrument>-score`). Questionnaires carry Knotwork's short item labels, never a clinic's
licensed wording.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from knotwork.domain import outcomes
from knotwork.interop.codes import (
    INSTRUMENTS,
    PAIN_SEVERITY_0_10,
    SURVEY,
    UCUM,
    coding,
    concept,
    questionnaire_url,
)
from knotwork.interop.links import Key
from knotwork.interop.mapping.context import ExportContext, Mapped, instant

if TYPE_CHECKING:
    from knotwork.intake.models import InstrumentResponse

# Instruments whose score is one whole-number item, sent as valueInteger like the NPRS (F.5).
WHOLE_NUMBER_SCORES = ("nprs", "stress")


def score_code(instrument: outcomes.Instrument) -> dict[str, Any]:
    codings = [coding(INSTRUMENTS, f"{instrument.id}-score", f"{instrument.name} score")]
    if instrument.id == "nprs":
        codings.insert(0, PAIN_SEVERITY_0_10)
    return concept(f"{instrument.name} score", *codings)


def questionnaire_key(instrument_id: str) -> Key:
    # Questionnaires are the clinic's, not the patient's: one id per clinic and instrument.
    return Key("Questionnaire", f"instrument/{instrument_id}")


def questionnaire(ctx: ExportContext, instrument: outcomes.Instrument) -> Mapped:
    items = []
    for item in instrument.items:
        found: dict[str, Any] = {"linkId": str(item.number), "text": item.label}
        if item.response.options:
            found["type"] = "choice"
            found["answerOption"] = [{"valueInteger": o.value} for o in item.response.options]
        else:
            found["type"] = "integer"
        items.append(found)
    return ctx.make(
        questionnaire_key(instrument.id),
        {
            "url": questionnaire_url(instrument.id),
            "name": instrument.id.replace("_", "").upper(),
            "title": instrument.name,
            "status": "active",
            "subjectType": ["Patient"],
            "code": [coding(INSTRUMENTS, instrument.id, instrument.name)],
            "item": items,
        },
    )


def response_key(response: InstrumentResponse) -> Key:
    return Key("QuestionnaireResponse", f"instrument-response/{response.pk}")


def score_key(response: InstrumentResponse) -> Key:
    return Key("Observation", f"instrument-response/{response.pk}/score")


def responses(ctx: ExportContext) -> list[Mapped]:
    found: list[Mapped] = []
    used: dict[str, outcomes.Instrument] = {}
    for response in ctx.patient.instrument_responses.order_by("answered_at", "id"):
        try:
            instrument = outcomes.instrument(response.instrument)
        except outcomes.UnknownInstrument:
            continue
        used[instrument.id] = instrument
        found.append(questionnaire_response(ctx, response, instrument))
        if response.valid and response.score is not None:
            found.append(score(ctx, response, instrument, response.score))
    return [questionnaire(ctx, instrument) for instrument in used.values()] + found


def _author(ctx: ExportContext, response: InstrumentResponse) -> dict[str, Any]:
    answered_by = response.answered_by
    if answered_by is not None and answered_by.pk != ctx.patient.user_id:
        return ctx.practitioner(answered_by) or ctx.subject
    return ctx.subject


def questionnaire_response(
    ctx: ExportContext, response: InstrumentResponse, instrument: outcomes.Instrument
) -> Mapped:
    items = []
    activities = list(response.activities or [])
    for number, answer in enumerate(response.answers, start=1):
        if answer is None:
            continue
        if instrument.variable:
            label = activities[number - 1] if number <= len(activities) else f"Activity {number}"
        else:
            label = instrument.item(number).label
        items.append(
            {"linkId": str(number), "text": label, "answer": [{"valueInteger": int(answer)}]}
        )
    body: dict[str, Any] = {
        "questionnaire": questionnaire_url(instrument.id),
        "status": "completed",
        "subject": ctx.subject,
        "authored": instant(response.answered_at),
        "author": _author(ctx, response),
        "source": ctx.subject,
    }
    if items:
        body["item"] = items
    return ctx.make(response_key(response), body)


def score(
    ctx: ExportContext,
    response: InstrumentResponse,
    instrument: outcomes.Instrument,
    value: float,
) -> Mapped:
    result = response.result
    body: dict[str, Any] = {
        "status": "final",
        "category": [concept("Survey", SURVEY)],
        "code": score_code(instrument),
        "subject": ctx.subject,
        "effectiveDateTime": instant(response.answered_at),
        "derivedFrom": [ctx.ref(response_key(response))],
    }
    if instrument.id in WHOLE_NUMBER_SCORES and value.is_integer():
        body["valueInteger"] = int(value)
    else:
        unit = "%" if instrument.method == "percent_of_answered" else "{score}"
        body["valueQuantity"] = {"value": value, "unit": unit, "system": UCUM, "code": unit}
    band = next((b for b in instrument.bands if b.id == result.get("band")), None)
    if band is not None:
        body["interpretation"] = [{"text": band.label}]
    components = []
    if result.get("percent") is not None:
        components.append(
            {
                "code": concept("Percent", coding(INSTRUMENTS, f"{instrument.id}-percent")),
                "valueQuantity": {
                    "value": float(result["percent"]),
                    "unit": "%",
                    "system": UCUM,
                    "code": "%",
                },
            }
        )
    if not instrument.variable:
        for name, number in (result.get("subscales") or {}).items():
            components.append(
                {
                    "code": concept(
                        f"{name.capitalize()} subscale",
                        coding(INSTRUMENTS, f"{instrument.id}-{name}"),
                    ),
                    "valueQuantity": {
                        "value": float(number),
                        "unit": "{score}",
                        "system": UCUM,
                        "code": "{score}",
                    },
                }
            )
    if components:
        body["component"] = components
    return ctx.make(score_key(response), body)
