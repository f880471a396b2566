"""Writers for courses: start, book, record, sign, amend, review, decide, end.

Every writer owns its transaction and writes its audit entry in it; the check-in nudges a
recorded session schedules are enqueued on commit. By concept: `course` (start a course, the
safety gate, the refusals), `session` (book, record, sign, amend, report tightness),
`closing` (the review after session 2, the therapist's decision, ending a course). The
check-in's own life after the session (nudges, the patient's answer, alerts) is `checkins.py`.
"""

from knotwork.courses.services.booking import (
    BookingRefused,
    TooCloseToBook,
    book_session,
    first_free,
    save_opening_hours,
    save_working_hours,
    slots_on,
)
from knotwork.courses.services.closing import decide_review, end_course, run_review
from knotwork.courses.services.consent import (
    DEFAULT_TEXT,
    consent_on_file,
    current_text,
    has_withdrawn,
    record_paper_consent,
    save_consent_text,
    sign_consent,
    withdraw_consent,
)
from knotwork.courses.services.course import start_course
from knotwork.courses.services.refusals import CourseError, GateClosed
from knotwork.courses.services.session import (
    NoConsent,
    TooSoon,
    amend_session,
    record_session,
    report_tightness,
    schedule_check_in,
    sign_session,
)

__all__ = [
    "DEFAULT_TEXT",
    "BookingRefused",
    "CourseError",
    "GateClosed",
    "NoConsent",
    "TooCloseToBook",
    "TooSoon",
    "amend_session",
    "book_session",
    "consent_on_file",
    "current_text",
    "decide_review",
    "end_course",
    "first_free",
    "has_withdrawn",
    "record_paper_consent",
    "record_session",
    "report_tightness",
    "run_review",
    "save_consent_text",
    "save_opening_hours",
    "save_working_hours",
    "schedule_check_in",
    "sign_consent",
    "sign_session",
    "slots_on",
    "start_course",
    "withdraw_consent",
]
