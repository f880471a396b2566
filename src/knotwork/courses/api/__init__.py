"""API of treatment courses: courses and session reads (`course`), the session writers the pages
have (book, record, sign, amend: `session`), and treatment consent (`consent`)."""

from ninja import Router

from knotwork.courses.api.consent import router as consent_router
from knotwork.courses.api.course import router as course_router
from knotwork.courses.api.session import router as session_router

router = Router()
router.add_router("/", course_router)
router.add_router("/", session_router)
router.add_router("/", consent_router)
