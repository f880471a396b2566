"""The refusals every course writer shares (kept apart so that starting a course may book its
first session without the two modules importing each other)."""

from knotwork.common.errors import Conflict
from knotwork.intake.services.safety import GateClosed as SafetyGateClosed


class CourseError(Conflict):
    """A course action the course's state refuses (409); the message says why and what to do."""


class GateClosed(CourseError, SafetyGateClosed):
    """The safety gate is shut for this course action; `decision.reasons` say why."""
