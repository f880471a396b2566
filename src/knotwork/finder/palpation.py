"""Validation of a palpation finding, shared by the web form and the API (framework-free).

The fields are the ones issue 4 asks the therapist to record per trigger point: found or not,
tenderness 0-3 (0 none, 1 mild, 2 moderate, 3 severe), local twitch response, referred pain
reproduced. The clinical reference gives no grading of its own for these (it notes that the
inter-examiner reliability of trigger-point palpation is modest; B.1, EVID-1, EVID-2), so
they are kept as the therapist's record and never feed the finder's score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from knotwork.domain import knowledge
from knotwork.domain.painmap import FieldError

MAX_TENDERNESS = 3
TENDERNESS_LABELS: dict[int, str] = {0: "none", 1: "mild", 2: "moderate", 3: "severe"}
FIELDS = (
    "muscle",
    "trigger_point",
    "side",
    "found",
    "tenderness",
    "twitch_response",
    "referred_pain_reproduced",
    "note",
)
MAX_NOTE = 2000


@dataclass
class InvalidFinding(ValueError):
    """The finding cannot be recorded; `errors` names every bad field."""

    errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{error.field}: {error.message}" for error in self.errors)


@dataclass(frozen=True, slots=True)
class Finding:
    """A validated palpation finding of one trigger point on one side."""

    muscle: str
    trigger_point: str
    side: str
    found: bool
    tenderness: int
    twitch_response: bool
    referred_pain_reproduced: bool
    note: str


def parse_finding(raw: Mapping[str, Any]) -> Finding:
    """Check ids against the knowledge base and values strictly; raise InvalidFinding naming
    every bad field."""
    errors: list[FieldError] = []
    kb = knowledge.load()
    muscle_id = raw.get("muscle")
    tp_id = raw.get("trigger_point")
    side = raw.get("side")
    muscle = kb.muscles.get(muscle_id) if isinstance(muscle_id, str) else None
    tp = None
    if muscle is None:
        errors.append(FieldError("muscle", f"unknown muscle {muscle_id!r}"))
    else:
        tp = next((t for t in muscle.trigger_points if t.id == tp_id), None)
        if tp is None:
            known = ", ".join(t.id for t in muscle.trigger_points)
            errors.append(
                FieldError(
                    "trigger_point", f"{muscle_id} has no trigger point {tp_id!r}; use {known}"
                )
            )
    if tp is not None:
        sides = [p.side for p in tp.patterns]
        if side not in sides:
            errors.append(FieldError("side", f"must be one of {', '.join(sides)}, got {side!r}"))
    found = _flag(raw, "found", errors, required=True)
    twitch = _flag(raw, "twitch_response", errors)
    reproduced = _flag(raw, "referred_pain_reproduced", errors)
    tenderness = raw.get("tenderness")
    if (
        not isinstance(tenderness, int)
        or isinstance(tenderness, bool)
        or not 0 <= tenderness <= MAX_TENDERNESS
    ):
        errors.append(FieldError("tenderness", f"must be a whole number 0-3, got {tenderness!r}"))
        tenderness = 0  # never stored: the errors are raised below
    # A twitch or reproduced referral is elicited from the trigger point itself, so recording
    # either for a point that was not found would make the record contradict itself.
    if found is False:
        if twitch:
            errors.append(FieldError("twitch_response", "cannot be yes when nothing was found"))
        if reproduced:
            errors.append(
                FieldError("referred_pain_reproduced", "cannot be yes when nothing was found")
            )
    note = raw.get("note") or ""
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        errors.append(FieldError("note", f"must be text of at most {MAX_NOTE} characters"))
    errors.extend(
        FieldError(str(key), "unexpected field") for key in sorted(set(raw) - set(FIELDS))
    )
    if errors:
        raise InvalidFinding(errors)
    return Finding(
        str(muscle_id),
        str(tp_id),
        str(side),
        bool(found),
        tenderness,
        bool(twitch),
        bool(reproduced),
        str(note).strip(),
    )


def _flag(
    raw: Mapping[str, Any], key: str, errors: list[FieldError], *, required: bool = False
) -> bool | None:
    value = raw.get(key, None if required else False)
    if not isinstance(value, bool):
        errors.append(FieldError(key, f"must be true or false, got {value!r}"))
        return None
    return value
