"""Errors of course actions; each message says why and what to do."""

from __future__ import annotations

from knotwork.domain.safety import GateDecision


class CourseError(Exception):
    """A course action the rules refuse; the message says why and what to do."""


class GateClosed(CourseError):
    """The safety gate is shut for this action; `decision.reasons` say why."""

    def __init__(self, decision: GateDecision) -> None:
        super().__init__(" ".join(decision.reasons) or "The safety gate is shut.")
        self.decision = decision
