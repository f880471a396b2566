"""A trigger point has one name: the knowledge base's, in the session form and the live page."""

from __future__ import annotations

from knotwork.courses.models.session import trigger_point_label
from knotwork.domain import knowledge
from knotwork.live.trigger_points import choices, wire_id


def test_a_trigger_point_is_named_one_way_in_the_session_form_and_the_live_page() -> None:
    kb = knowledge.load()
    tp = kb.trigger_points()[0]
    expected = f"{kb.muscle(tp.muscle).name}: {tp.name}"
    assert kb.point_label(tp.muscle, tp.id) == expected
    assert dict(choices())[wire_id(tp.key)] == expected
    assert trigger_point_label(tp.muscle, tp.id, "left") == f"{expected} (left)"
