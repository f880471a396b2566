"""Red-flag screen and safety gate (clinical-reference.md sections C and E.4).

Interface (all pure, no framework):

* `red_flags() -> dict[str, RedFlag]`, `questions_for(region_ids, pain_types)`: the intake
  screen, every item of section C.2 with urgency, areas, message, notes and source keys; the
  general questions always, those of an area (low back, neck, head, thoracic) only when the pain
  map or the pain types named concern it, all of them when neither is known.
  `select_questions(...)` also gives the questions left out, each with why (`Skipped`).
* `pre_session_for(region_ids | None)`: the short screen before each session; it always asks
  "Is the area hot, red or swollen, or do you feel feverish today?".
* `screen_intake(answers, on=, region_ids=)` and `screen_pre_session(answers, on=, region_ids=)`
  `-> ScreenOutcome`: answers are `{question id: True | False | None}`. The outcome gives
  `urgency`, `stop` (emergency: end the intake), `alert_clinic`, `patient_message(policy)`,
  `plan_notes`, `findings` and `unanswered`.
* `check_in_answers(symptoms)` and `screen_check_in(answers, on=)`: the aftercare symptoms of a
  check-in as yes answers to the pre-session questions that re-ask the same red flags (kind
  `check_in`), so a fever after a session closes the gate as the same answer would before one.
* `decide(action, screens, clearances, on=, policy=) -> GateDecision`: may a course start
  (`start_course`) or a session be recorded (`record_session`)? `open`, `reasons`,
  `outstanding` findings still needing a `Clearance`, `reminders`, `plan_notes`.
"""

from knotwork.domain.safety.flags import (
    URGENCIES,
    PreSessionQuestion,
    RedFlag,
    Selection,
    Skipped,
    Urgency,
    area_label,
    check_in_questions,
    finding_label,
    messages,
    pre_session_for,
    pre_session_questions,
    questions_for,
    red_flag,
    red_flags,
    select_questions,
)
from knotwork.domain.safety.gate import Action, Clearance, GateDecision, GatePolicy, decide
from knotwork.domain.safety.screen import (
    Finding,
    ScreenError,
    ScreenOutcome,
    check_in_answers,
    screen_check_in,
    screen_intake,
    screen_pre_session,
)

__all__ = [
    "URGENCIES",
    "Action",
    "Clearance",
    "Finding",
    "GateDecision",
    "GatePolicy",
    "PreSessionQuestion",
    "RedFlag",
    "ScreenError",
    "ScreenOutcome",
    "Selection",
    "Skipped",
    "Urgency",
    "area_label",
    "check_in_answers",
    "check_in_questions",
    "decide",
    "finding_label",
    "messages",
    "pre_session_for",
    "pre_session_questions",
    "questions_for",
    "red_flag",
    "red_flags",
    "screen_check_in",
    "screen_intake",
    "screen_pre_session",
    "select_questions",
]
