"""Post-session soreness: when a check-in answer must alert the therapist (reference E.2).

Soreness here is the patient's 0-10 rating of soreness since the session, compared with their
pre-session pain (today's NPRS at the pre-session check). Post-treatment soreness is expected:
most of it begins within 12 h and lasts 36 h or less (CAMBRON-2007); it peaks at 24-48 h and
settles by 72 h (DOMS-SEC). The rules, with their origin:

* Not fading by 36 h alerts the therapist (issue 6): an answer given at or after 36 h whose
  soreness is at or above the pre-session pain, or any answer whose soreness is higher than the
  previous answer's (rising). Soreness 0 never alerts. If an answer before 36 h needed a
  follow-up (see `aftercare.needs_follow_up`) and none came before the check-in closed, the
  therapist is alerted too: fading was never confirmed (project default).
* New numbness, weakness, bruising on anticoagulants, limb swelling or fever: stop and refer
  (E.2 `stop_and_refer`), always an alert; so is a new bladder or bowel change (C.2, cauda
  equina).
* Soreness above the pre-session pain advises lighter pressure or fewer points next session
  (E.2 `adjust`, a design suggestion of the reference); advice, not an alert.

Interface:
    assess_soreness(window, answers, pre_session_pain, now) -> SorenessAssessment
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import pairwise

from knotwork.domain.protocol.aftercare import CheckInAnswer, CheckInWindow, needs_follow_up


class AftercareSymptom(StrEnum):
    """Symptoms after a session that mean stop and refer (reference E.2 `stop_and_refer`)."""

    NEW_NUMBNESS = "new_numbness"
    NEW_WEAKNESS = "new_weakness"
    BRUISING_ON_ANTICOAGULANTS = "bruising_on_anticoagulants"
    LIMB_SWELLING = "limb_swelling"
    FEVER = "fever"
    # Not in E.2's list, but a cauda equina sign of section C.2 (emergency) at any time.
    BLADDER_BOWEL_CHANGE = "bladder_bowel_change"


@dataclass(frozen=True, slots=True)
class SorenessAssessment:
    """Whether the therapist is alerted, why, and whether to ease next session's pressure."""

    alert: bool
    reasons: tuple[str, ...]
    ease_next_session: bool


def assess_soreness(
    window: CheckInWindow,
    answers: Sequence[CheckInAnswer],
    pre_session_pain: int | None,
    now: datetime,
) -> SorenessAssessment:
    """Apply the soreness rules of the module docstring to a check-in's answers so far."""
    ordered = sorted(answers, key=lambda answer: answer.answered_at)
    reasons: list[str] = []
    for answer in ordered:
        unknown = answer.symptoms - set(AftercareSymptom)
        if unknown:
            raise ValueError(f"unknown aftercare symptom(s): {', '.join(sorted(unknown))}")
        for symptom in sorted(answer.symptoms):
            reasons.append(f"Stop and refer: {symptom.replace('_', ' ')} after the session.")
    for earlier, later in pairwise(ordered):
        if later.soreness > earlier.soreness:
            reasons.append(f"Soreness rising: {earlier.soreness} then {later.soreness}.")
    if pre_session_pain is not None:
        for answer in ordered:
            if answer.answered_at >= window.remind_at and needs_follow_up(answer, pre_session_pain):
                reasons.append(
                    f"Soreness not fading by 36 h: {answer.soreness} against pre-session pain "
                    f"{pre_session_pain}."
                )
        if ordered and now >= window.closes_at:
            last = ordered[-1]
            if last.answered_at < window.remind_at and needs_follow_up(last, pre_session_pain):
                reasons.append(
                    f"Soreness {last.soreness} at or above pre-session pain {pre_session_pain} "
                    "and no later answer: fading was never confirmed."
                )
    ease = pre_session_pain is not None and any(
        answer.soreness > pre_session_pain for answer in ordered
    )
    return SorenessAssessment(bool(reasons), tuple(dict.fromkeys(reasons)), ease)
