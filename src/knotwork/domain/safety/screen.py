"""Evaluating red-flag answers: from `{question id: yes/no}` to a `ScreenOutcome` (section C.2).

Any positive emergency item stops the intake with a calm message to seek emergency care now and
alerts the clinic; urgent and routine items call for a physician clearance; caution items add
notes to every session plan. Items with a `combine` rule are raised when positive together
(e.g. night pain with a history of cancer becomes urgent). Pure functions; no storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from knotwork.domain.safety.flags import (
    Scope,
    Urgency,
    check_in_questions,
    messages,
    pre_session_for,
    pre_session_questions,
    questions_for,
    rank,
    red_flags,
)

Kind = Literal["intake", "pre_session", "check_in"]
RoutinePolicy = Literal["before_first_session", "within_course"]


class ScreenError(ValueError):
    """Answers that do not fit the screen (unknown question id, or not yes/no)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A question answered yes, with its effective urgency (after any `combine` rule).

    `key` is the question id (`rf_...` at intake, `ps_...` before a session); a clearance names
    the keys it covers.
    """

    key: str
    flags: tuple[str, ...]
    urgency: Urgency
    base_urgency: Urgency
    escalated_with: tuple[str, ...]
    scope: Scope
    message: str
    note: str
    plan_note: str
    sources: tuple[str, ...]

    @property
    def needs_clearance(self) -> bool:
        """Everything above caution needs a physician clearance (routine per clinic policy)."""
        return self.urgency != "caution"


@dataclass(frozen=True, slots=True)
class ScreenOutcome:
    """The result of one screen (intake or pre-session) on one date."""

    kind: Kind
    screened_on: date
    asked: tuple[str, ...]
    findings: tuple[Finding, ...]
    unanswered: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """True when every question asked has a yes or no."""
        return not self.unanswered

    @property
    def urgency(self) -> Urgency | None:
        """The most serious urgency found, or None when every answer was no."""
        return min((f.urgency for f in self.findings), key=rank, default=None)

    @property
    def stop(self) -> bool:
        """True when the screen must stop now and send the patient to emergency care."""
        return self.urgency == "emergency"

    @property
    def alert_clinic(self) -> bool:
        """The clinic is alerted at once for an emergency answer."""
        return self.stop

    @property
    def plan_notes(self) -> tuple[str, ...]:
        """Notes for every session plan, in question order, without repeats."""
        return tuple(dict.fromkeys(f.plan_note for f in self.findings if f.plan_note))

    def patient_message(self, policy: RoutinePolicy = "before_first_session") -> str:
        """The calm message shown to the patient for this outcome."""
        texts = messages()
        urgency = self.urgency
        if urgency is None:
            return texts["clear"]
        specific = [f.message for f in self.findings if f.urgency == urgency and f.message]
        if urgency == "routine" and policy == "within_course":
            return texts["routine_within_course"]
        return specific[0] if specific and urgency != "emergency" else texts[urgency]

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping for storage, audit and JSON."""
        return {
            "kind": self.kind,
            "screened_on": self.screened_on.isoformat(),
            "urgency": self.urgency,
            "complete": self.complete,
            "stop": self.stop,
            "findings": [
                {
                    "key": f.key,
                    "urgency": f.urgency,
                    "base_urgency": f.base_urgency,
                    "escalated_with": list(f.escalated_with),
                    "scope": f.scope,
                    "sources": list(f.sources),
                }
                for f in self.findings
            ],
            "unanswered": list(self.unanswered),
            "plan_notes": list(self.plan_notes),
        }


def _yes(answers: Mapping[str, bool | None], known: Iterable[str]) -> set[str]:
    known = set(known)
    unknown = set(answers) - known
    if unknown:
        raise ScreenError(f"unknown questions: {', '.join(sorted(unknown))}")
    for key, value in answers.items():
        if value is not None and not isinstance(value, bool):
            raise ScreenError(f"{key}: answer yes (true), no (false) or leave it empty")
    return {key for key, value in answers.items() if value}


def screen_intake(
    answers: Mapping[str, bool | None],
    *,
    on: date,
    region_ids: Iterable[str] | None = None,
    pain_types: Iterable[str] | None = None,
) -> ScreenOutcome:
    """Evaluate intake answers by red flag id; the questions asked follow the pain map regions
    and the pain types named (`flags.select_questions`).

    A yes to a question not asked for these regions still counts: a patient's yes is never
    ignored.
    """
    flags = red_flags()
    positive = _yes(answers, flags)
    asked = tuple(flag.id for flag in questions_for(region_ids, pain_types))
    findings = []
    for flag in flags.values():
        if flag.id not in positive:
            continue
        urgency = flag.urgency
        partners: tuple[str, ...] = ()
        if flag.combine:
            partners = tuple(p for p in flag.combine.with_flags if p in positive)
            if partners and rank(flag.combine.urgency) < rank(urgency):
                urgency = flag.combine.urgency
            else:
                partners = ()
        findings.append(
            Finding(
                key=flag.id,
                flags=(flag.id,),
                urgency=urgency,
                base_urgency=flag.urgency,
                escalated_with=partners,
                scope="course",
                message=flag.message,
                note=flag.note,
                plan_note=flag.plan_note,
                sources=flag.sources,
            )
        )
    unanswered = tuple(key for key in asked if answers.get(key) is None)
    return ScreenOutcome("intake", on, asked, tuple(findings), unanswered)


def screen_pre_session(
    answers: Mapping[str, bool | None], *, on: date, region_ids: Iterable[str] | None = None
) -> ScreenOutcome:
    """Evaluate the short screen asked before a session, by pre-session question id."""
    questions = pre_session_questions()
    positive = _yes(answers, questions)
    asked = tuple(q.id for q in pre_session_for(region_ids))
    flags = red_flags()
    findings = tuple(
        Finding(
            key=q.id,
            flags=q.flags,
            urgency=q.urgency,
            base_urgency=q.urgency,
            escalated_with=(),
            scope=q.scope,
            message=q.message,
            note=" ".join(flags[f].note for f in q.flags if flags[f].note),
            plan_note=q.plan_note,
            sources=q.sources,
        )
        for q in questions.values()
        if q.id in positive
    )
    unanswered = tuple(key for key in asked if answers.get(key) is None)
    return ScreenOutcome("pre_session", on, asked, findings, unanswered)


def check_in_answers(symptoms: Iterable[str]) -> dict[str, bool | None]:
    """The pre-session answers the aftercare symptoms ticked in a check-in stand for (yes only).

    Symptoms that re-ask no red flag are left out; an unknown symptom raises ScreenError.
    """
    table = check_in_questions()
    chosen = set(symptoms)
    unknown = chosen - set(table)
    if unknown:
        raise ScreenError(f"unknown check-in symptoms: {', '.join(sorted(unknown))}")
    return {table[symptom]: True for symptom in sorted(chosen)}


def screen_check_in(answers: Mapping[str, bool | None], *, on: date) -> ScreenOutcome:
    """Evaluate the red flags of a check-in answer (`check_in_answers`) as the pre-session screen
    would: the same findings, urgencies and keys, so the gate treats them alike.

    Its kind is `check_in`: it is not a pre-session screen for the day (it asks nothing and
    leaves nothing unanswered), so it never stands in for the screen a session needs.
    """
    outcome = screen_pre_session(answers, on=on)
    return replace(outcome, kind="check_in", asked=tuple(answers), unanswered=())
