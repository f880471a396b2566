"""Course rules as pure date arithmetic over frozen dataclasses (reference sections D and E).

A course is a planned series of sessions for one patient; this package knows nothing of storage,
web or tasks. Its parts:

* `booking`: opening and working hours, the no-overlap rule, free slots, opening days.
* `plan`: `CoursePlan` (4 sessions over 6 weeks, review after session 2, minimum gap 3 days),
  suggested dates, `course_progress` (sessions done vs planned, weeks elapsed, next due).
* `review`: the review after session 2 over per-instrument MCID verdicts; "responding" or
  "not responding: this therapy may not suit this patient", and the therapist's decision.
* `aftercare`: check-in times (ask at 24 h, remind at 36 h, close at 72 h), `due_nudge`, and
  `what_to_expect` (the patient's plain-words aftercare after a session).
* `soreness`: when a check-in answer alerts the therapist (not fading by 36 h, stop-and-refer).
* `relief`: the relief window (4-14 days, shorter with more stress) and `suggest_next_session`.
* `provenance`: where every number comes from (`*_PROVENANCE` tables in each module).
"""

from knotwork.domain.protocol.aftercare import (
    CHECK_IN_PROVENANCE,
    CheckInAnswer,
    CheckInPolicy,
    CheckInWindow,
    Expectation,
    Nudge,
    NudgeKind,
    check_in_window,
    due_nudge,
    needs_follow_up,
    what_to_expect,
)
from knotwork.domain.protocol.booking import (
    DEFAULT_OPENING,
    WEEKDAYS,
    Unbookable,
    WeeklyHours,
    check_slot,
    free_slots,
    on_opening_day,
    open_weekdays,
)
from knotwork.domain.protocol.plan import (
    PLAN_PROVENANCE,
    CoursePlan,
    CourseProgress,
    InvalidPlan,
    course_end,
    course_progress,
    suggested_session_dates,
)
from knotwork.domain.protocol.provenance import Origin, Provenance
from knotwork.domain.protocol.relief import (
    RELIEF_PROVENANCE,
    Basis,
    Limit,
    NextSessionSuggestion,
    ReliefRule,
    suggest_next_session,
)
from knotwork.domain.protocol.review import (
    NOT_RESPONDING_TEXT,
    RESPONSE_RULE,
    WORSE_RULE,
    ChangeVerdict,
    Decision,
    InstrumentChange,
    InstrumentResult,
    InvalidDecision,
    ReviewDecision,
    ReviewOutcome,
    SessionReview,
    decide,
    review_course,
)
from knotwork.domain.protocol.soreness import AftercareSymptom, SorenessAssessment, assess_soreness

__all__ = [
    "CHECK_IN_PROVENANCE",
    "DEFAULT_OPENING",
    "NOT_RESPONDING_TEXT",
    "PLAN_PROVENANCE",
    "RELIEF_PROVENANCE",
    "RESPONSE_RULE",
    "WEEKDAYS",
    "WORSE_RULE",
    "AftercareSymptom",
    "Basis",
    "ChangeVerdict",
    "CheckInAnswer",
    "CheckInPolicy",
    "CheckInWindow",
    "CoursePlan",
    "CourseProgress",
    "Decision",
    "Expectation",
    "InstrumentChange",
    "InstrumentResult",
    "InvalidDecision",
    "InvalidPlan",
    "Limit",
    "NextSessionSuggestion",
    "Nudge",
    "NudgeKind",
    "Origin",
    "Provenance",
    "ReliefRule",
    "ReviewDecision",
    "ReviewOutcome",
    "SessionReview",
    "SorenessAssessment",
    "Unbookable",
    "WeeklyHours",
    "assess_soreness",
    "check_in_window",
    "check_slot",
    "course_end",
    "course_progress",
    "decide",
    "due_nudge",
    "free_slots",
    "needs_follow_up",
    "on_opening_day",
    "open_weekdays",
    "review_course",
    "suggest_next_session",
    "suggested_session_dates",
    "what_to_expect",
]
