"""API of treatment courses: courses and session reads (`course`), the session writers the pages
have (book, record, sign, amend: `session`), treatment consent (`consent`), and the opening and
working hours bookings fit with the day view (`hours`)."""

from ninja import Router

from knotwork.courses.api.consent import router as consent_router
from knotwork.courses.api.course import router as course_router
from knotwork.courses.api.hours import router as hours_router
from knotwork.courses.api.session import router as session_router

router = Router()
router.add_router("/", course_router)
router.add_router("/", session_router)
router.add_router("/", consent_router)
router.add_router("/", hours_router)
