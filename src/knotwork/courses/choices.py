"""The trigger points a therapist may pick when recording a session, the finder's first.

Order: trigger points found on palpation (the finder app's findings), then the finder's
candidates for the latest pain map, then every trigger point of the knowledge base (the muscle
list). A choice's value is `source:muscle/trigger_point/side`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knotwork.domain import knowledge

if TYPE_CHECKING:
    from knotwork.patients.models import Patient

Choice = tuple[str, str]
FINDER_TOP = 10


def _label(muscle_id: str, trigger_point_id: str, side: str) -> str:
    base = knowledge.load()
    muscle = base.muscle(muscle_id)
    name = muscle.trigger_point(trigger_point_id).name
    return f"{muscle.name}: {name}" + (f" ({side})" if side and side != "midline" else "")


def key(source: str, muscle: str, trigger_point: str, side: str) -> str:
    return f"{source}:{muscle}/{trigger_point}/{side}"


def parse(value: str) -> dict[str, str]:
    """`finder:upper_trapezius/tp1/left` -> the fields of a treated point."""
    source, _, rest = value.partition(":")
    muscle, trigger_point, side = [*rest.split("/"), "", "", ""][:3]
    return {"chosen_from": source, "muscle": muscle, "trigger_point": trigger_point, "side": side}


def _finder_choices(patient: Patient) -> list[Choice]:
    found: list[Choice] = []
    try:
        from knotwork.finder.querysets import findings_of
    except ImportError:
        findings_of = None
    if findings_of is not None:
        for finding in findings_of(patient):
            if finding.found:
                value = key("finder", finding.muscle, finding.trigger_point, finding.side)
                label = _label(finding.muscle, finding.trigger_point, finding.side)
                found.append((value, f"{label}, found on palpation"))
    pain_map = patient.pain_maps.prefetch_related("marks").first()
    if pain_map is not None and pain_map.marks.exists():
        from knotwork.domain.referral import rank

        for candidate in rank(pain_map.to_domain(), top=FINDER_TOP).candidates:
            value = key("finder", candidate.muscle, candidate.trigger_point, candidate.side)
            found.append((value, _label(candidate.muscle, candidate.trigger_point, candidate.side)))
    return list(dict(found).items())


def _muscle_list() -> list[Choice]:
    found: list[Choice] = []
    for tp in knowledge.load().trigger_points():
        for side in [pattern.side for pattern in tp.patterns]:
            found.append(
                (key("muscle_list", tp.muscle, tp.id, side), _label(tp.muscle, tp.id, side))
            )
    return found


def trigger_point_choices(patient: Patient) -> list[tuple[str, list[Choice]]]:
    """Grouped choices for a select: the finder's list first, then the muscle list."""
    groups = []
    finder = _finder_choices(patient)
    if finder:
        groups.append(("Trigger points to examine (finder)", finder))
    groups.append(("All muscles", _muscle_list()))
    return groups


def muscle_choices() -> list[Choice]:
    """Muscles whose self-care advice can be given as home care."""
    return [(m.id, m.name) for m in knowledge.load().muscles.values() if m.self_care]
