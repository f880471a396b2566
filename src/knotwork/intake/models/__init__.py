"""Intake drafts, red-flag screens, clearances, clinic alerts, instrument assignments and packs."""

from knotwork.intake.models.instruments import (
    AssignmentStatus,
    InstrumentAssignment,
    InstrumentPackFile,
    InstrumentResponse,
    Purpose,
)
from knotwork.intake.models.intake import FilledVia, Intake, IntakeStatus
from knotwork.intake.models.safety import (
    CheckInScreen,
    Clearance,
    ClinicAlert,
    PreSessionScreen,
    RedFlagScreen,
)

__all__ = [
    "AssignmentStatus",
    "CheckInScreen",
    "Clearance",
    "ClinicAlert",
    "FilledVia",
    "InstrumentAssignment",
    "InstrumentPackFile",
    "InstrumentResponse",
    "Intake",
    "IntakeStatus",
    "PreSessionScreen",
    "Purpose",
    "RedFlagScreen",
]
