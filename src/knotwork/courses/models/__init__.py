"""Treatment courses: the course and its plan, sessions, reviews, check-ins and calendar feeds."""

from knotwork.courses.models.booking import OpeningHours, WorkingHours
from knotwork.courses.models.checkin import (
    CalendarFeed,
    CheckIn,
    CheckInNudge,
    CheckInReply,
    CheckInStatus,
)
from knotwork.courses.models.consent import (
    ConsentMethod,
    ConsentText,
    TreatmentConsent,
)
from knotwork.courses.models.course import (
    Course,
    CourseReview,
    CourseSettings,
    CourseStatus,
)
from knotwork.courses.models.session import (
    RECORD_FIELDS,
    PressureUnit,
    SessionAmendment,
    SessionStatus,
    TreatedPoint,
    TreatmentSession,
)

__all__ = [
    "RECORD_FIELDS",
    "CalendarFeed",
    "CheckIn",
    "CheckInNudge",
    "CheckInReply",
    "CheckInStatus",
    "ConsentMethod",
    "ConsentText",
    "Course",
    "CourseReview",
    "CourseSettings",
    "CourseStatus",
    "OpeningHours",
    "PressureUnit",
    "SessionAmendment",
    "SessionStatus",
    "TreatedPoint",
    "TreatmentConsent",
    "TreatmentSession",
    "WorkingHours",
]
