"""The home-care handout after a session: the self-care of each muscle treated (knowledge base),
the patient's pain map with the points treated drawn on it, and what to expect (reference E.2,
its sources named in words)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from knotwork.domain import knowledge
from knotwork.domain.bodymap.render import Overlay
from knotwork.finder.presenters import resolve_sites
from knotwork.reports.presenters.common import PrintedMap, letterhead, printed_map

if TYPE_CHECKING:
    from knotwork.courses.models import TreatmentSession

AFTERCARE = Path(__file__).resolve().parents[1] / "data" / "aftercare.yaml"


@dataclass(frozen=True)
class Expectation:
    when: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Aftercare:
    expect: tuple[Expectation, ...]
    tell_the_clinic: str
    stop_and_call: str
    sources: tuple[str, ...]


@cache
def aftercare() -> Aftercare:
    """The handout's facts, checked on load: every source key named has a readable name."""
    raw: dict[str, Any] = yaml.safe_load(AFTERCARE.read_text(encoding="utf-8"))
    names: dict[str, str] = raw["sources"]

    def readable(keys: list[str]) -> tuple[str, ...]:
        missing = [key for key in keys if key not in names]
        if missing:
            raise ValueError(f"aftercare.yaml names unknown sources: {', '.join(missing)}")
        return tuple(names[key] for key in keys)

    expect = tuple(
        Expectation(item["when"], item["text"], readable(item["sources"])) for item in raw["expect"]
    )
    used = [
        *(key for item in raw["expect"] for key in item["sources"]),
        *raw["tell_the_clinic_sources"],
        *raw["stop_and_call_sources"],
    ]
    return Aftercare(
        expect,
        raw["tell_the_clinic"],
        raw["stop_and_call"],
        readable(list(dict.fromkeys(used))),
    )


@dataclass
class MuscleCare:
    name: str
    points: list[str]
    self_care: tuple[str, ...]
    cautions: tuple[str, ...]


def _session_map(session: TreatmentSession, sites: list[str]) -> PrintedMap | None:
    """The latest map with pain drawn by the day of the session, with the sites treated."""
    patient = session.course.patient
    maps = patient.pain_maps.prefetch_related("marks").filter(no_pain=False)
    if session.held_at is not None:
        earlier = maps.filter(drawn_at__lte=session.held_at)
        maps = earlier if earlier.exists() else maps
    record = maps.order_by("-drawn_at", "-id").first()
    if record is None:
        return None
    overlay = (
        Overlay.of(trigger_points=sites, label="Where your therapist worked") if sites else None
    )
    return printed_map(record, "Your pain map", overlay=overlay, width=340)


def handout_context(session: TreatmentSession) -> dict[str, Any]:
    patient = session.course.patient
    context = letterhead(patient, f"Home care after session {session.number}")
    base = knowledge.load()
    by_muscle: dict[str, MuscleCare] = {}
    sites: list[str] = []
    for point in session.points.all():
        muscle = base.muscles.get(point.muscle)
        if muscle is None:
            continue
        care = by_muscle.setdefault(
            muscle.id, MuscleCare(muscle.name, [], muscle.self_care, muscle.cautions)
        )
        try:
            tp = muscle.trigger_point(point.trigger_point)
        except KeyError:
            continue
        side = point.side or "midline"
        care.points.append(tp.name + (f" ({side} side)" if side not in ("", "midline") else ""))
        sites.extend(s for s in resolve_sites(tp, side) if s not in sites)
    # Muscles given as home care without a point treated in them (the session form's list).
    for muscle_id in session.home_care:
        muscle = base.muscles.get(muscle_id)
        if muscle is not None and muscle_id not in by_muscle:
            by_muscle[muscle_id] = MuscleCare(muscle.name, [], muscle.self_care, muscle.cautions)
    context.update(
        {
            "session": session,
            "muscles": list(by_muscle.values()),
            "map": _session_map(session, sites),
            "aftercare": aftercare(),
            "therapist": str(session.course.therapist),
        }
    )
    return context
