"""A stored pain map never changes: its drawing is made once and reused by every page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from knotwork.domain.bodymap.render import render_svg
from knotwork.painmaps import presenters
from knotwork.painmaps.models import DrawnVia
from knotwork.painmaps.services import record_pain_map
from tests.conftest import Personas


def test_the_history_page_draws_each_map_once_across_requests(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    for intensity in (3, 5, 7):
        record_pain_map(
            actor=personas.therapist_a,
            patient=personas.patient,
            marks=[{"region": "low_back_right", "intensity": intensity}],
            via=DrawnVia.CLINIC,
        )
    presenters.drawn_svg.cache_clear()
    drawn = []

    def counting(*args: Any, **kwargs: Any) -> str:
        drawn.append(args)
        return render_svg(*args, **kwargs)

    monkeypatch.setattr("knotwork.painmaps.presenters.render_svg", counting)
    client = Client()
    client.force_login(personas.therapist_a)
    url = f"/patients/{personas.patient.pk}/pain-maps/"
    first = client.get(url).content
    second = client.get(url).content
    assert len(drawn) == 3
    assert first.count(b"<svg") == second.count(b"<svg") >= 3
