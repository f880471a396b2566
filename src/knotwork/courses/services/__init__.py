"""Writers for courses: start, book, record, sign, amend, review, decide, end.

Every writer owns its transaction and writes its audit entry in it; the check-in nudges a
recorded session schedules are enqueued on commit. By concept: `course` (start a course, the
safety gate, the refusals), `session` (book, record, sign, amend, report tightness),
`closing` (the review after session 2, the therapist's decision, ending a course). The
check-in's own life after the session (nudges, the patient's answer, alerts) is `checkins.py`.
"""

from knotwork.courses.services.booking import (
    BookingRefused,
    book_session,
    save_opening_hours,
    save_working_hours,
    slots_on,
)
from knotwork.courses.services.closing import decide_review, end_course, run_review
from knotwork.courses.services.course import CourseError, GateClosed, start_course
from knotwork.courses.services.session import (
    TooSoon,
    amend_session,
    record_session,
    report_tightness,
    schedule_check_in,
    sign_session,
)

__all__ = [
    "BookingRefused",
    "CourseError",
    "GateClosed",
    "TooSoon",
    "amend_session",
    "book_session",
    "decide_review",
    "end_course",
    "record_session",
    "report_tightness",
    "run_review",
    "save_opening_hours",
    "save_working_hours",
    "schedule_check_in",
    "sign_session",
    "slots_on",
    "start_course",
]
