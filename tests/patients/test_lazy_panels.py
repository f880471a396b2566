"""The patient page paints the details and the safety gate first; the heavier panels follow,
each fetched by htmx from its own URL, and each reachable without JavaScript by its link."""

from __future__ import annotations

import re

from django.test import Client

from knotwork.audit.models import AuditEntry
from knotwork.patients.panels import STAFF_PANELS, Lazy
from tests.conftest import Personas, patient_page

LAZY = [panel for panel in STAFF_PANELS if isinstance(panel, Lazy)]


def therapist(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.therapist_a)
    return client


def test_it_shows_the_gate_at_once_and_a_loading_place_for_each_later_panel(
    personas: Personas,
) -> None:
    page = therapist(personas).get(f"/patients/{personas.patient.pk}/").content.decode()
    assert "Safety gate" in page
    for panel in LAZY:
        url = f"/patients/{personas.patient.pk}/panels/{panel.slug}/"
        place = re.search(rf'class="card lazy-panel" hx-get="{url}"(.*?)</section>', page, re.S)
        assert place is not None, panel.slug
        # Screen readers hear that it is on its way; without JavaScript the link opens it.
        assert 'hx-trigger="load"' in place.group(1) and 'aria-busy="true"' in place.group(1)
        assert f"<h2>{panel.title}</h2>" in place.group(1)
        assert f'<a href="{url}">' in place.group(1)
    assert "patients/lazy.js" in page


def test_htmx_gets_the_panel_alone_and_a_link_gets_a_page_with_the_way_back(
    personas: Personas,
) -> None:
    client = therapist(personas)
    url = f"/patients/{personas.patient.pk}/panels/course/"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Treatment course" in fragment and "<html" not in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and "Treatment course" in page
    assert f'href="/patients/{personas.patient.pk}/">Back to the patient page' in page


def test_the_loaded_page_shows_what_the_panels_show(personas: Personas) -> None:
    page = patient_page(therapist(personas), personas.patient.pk)
    assert "lazy-panel" not in page
    for words in ("Safety gate", "Treatment course", "Trigger points to examine", "Pain map"):
        assert words in page


def test_each_panel_read_is_in_the_audit_trail(personas: Personas) -> None:
    client = therapist(personas)
    client.get(f"/patients/{personas.patient.pk}/panels/documents/", headers={"HX-Request": "true"})
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.subject, entry.subject_id) == ("read", "patient_panel", "documents")
    assert entry.patient_id == personas.patient.pk and entry.actor_id == personas.therapist_a.pk


def test_it_answers_404_for_a_panel_it_does_not_have(personas: Personas) -> None:
    client = therapist(personas)
    assert client.get(f"/patients/{personas.patient.pk}/panels/nothing/").status_code == 404
    # The safety gate is part of the page itself, never fetched apart from it.
    assert client.get(f"/patients/{personas.patient.pk}/panels/safety/").status_code == 404
