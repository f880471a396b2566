"""Trigger-point ids on the wire and their labels, from the bundled knowledge base."""

from __future__ import annotations

from functools import cache

from knotwork.domain.knowledge import load


def wire_id(key: str) -> str:
    """The knowledge base's `muscle/trigger_point` key as a live-message id (no slash allowed)."""
    # The live messages accept [a-z0-9_] only; a double underscore cannot occur inside either
    # part of a key, so the mapping stays reversible.
    return key.replace("/", "__")


@cache
def choices() -> tuple[tuple[str, str], ...]:
    """(wire id, "Muscle: trigger point name") for every trigger point, in knowledge-base order."""
    kb = load()
    return tuple((wire_id(tp.key), kb.point_label(tp.muscle, tp.id)) for tp in kb.trigger_points())


def label(trigger_point: str | None) -> str:
    """A readable name for a wire id; unknown ids (a clinic's own) are shown as they are."""
    if not trigger_point:
        return "No trigger point chosen"
    return dict(choices()).get(trigger_point, trigger_point.replace("_", " "))
