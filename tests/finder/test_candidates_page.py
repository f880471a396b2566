"""The "Trigger points to examine" page: reasons in plain words, the map, overlays, palpation."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from knotwork.audit.models import AuditEntry
from knotwork.domain.painmap import to_json
from knotwork.domain.referral import rank_json
from knotwork.finder.models import PalpationFinding
from tests.conftest import patient_page

HTMX = {"HX-Request": "true"}


def page_url(pain_map) -> str:
    return f"/pain-maps/{pain_map.pk}/trigger-points/"


def palpation_url(pain_map) -> str:
    return f"/pain-maps/{pain_map.pk}/palpation/"


def top_candidate(pain_map) -> dict[str, Any]:
    best: dict[str, Any] = rank_json({"marks": to_json(pain_map.to_domain())["marks"]})[
        "candidates"
    ][0]
    return best


def choose(candidate: dict[str, Any]) -> dict[str, str]:
    return {k: candidate[k] for k in ("muscle", "trigger_point", "side")}


def test_it_lists_the_best_fitting_trigger_points_with_their_reasons(
    therapist: Client, low_back_map
) -> None:
    page = therapist.get(page_url(low_back_map)).content.decode()
    best = top_candidate(low_back_map)
    first = re.search(r'data-candidate="([^"]+)"', page)
    assert first and first.group(1) == f"{best['muscle']}/{best['trigger_point']}/{best['side']}"
    assert "Trigger points to examine" in page
    assert "not a diagnosis" in page
    assert "In its essential zone: <strong>" in page and "(counted in full)" in page
    assert "Low back beside the spine (right)" in page
    assert "<svg" in page and "Pain map of" in page


def test_it_shows_a_matched_factor_and_its_boost_when_factors_are_chosen(
    therapist: Client, low_back_map
) -> None:
    page = therapist.get(page_url(low_back_map), {"factor": "lifting"}).content.decode()
    assert "Matches intake factor" in page
    assert re.search(r"\+0\.0[3-9] on a pattern fit of", page)


def test_it_overlays_the_chosen_trigger_points_zones_without_a_full_page(
    therapist: Client, low_back_map
) -> None:
    best = top_candidate(low_back_map)
    fragment = therapist.get(page_url(low_back_map), choose(best), headers=HTMX).content.decode()
    assert "<html" not in fragment
    assert f'data-overlay="{best["muscle"]}/{best["trigger_point"]}/{best["side"]}"' in fragment
    assert "Essential zone (solid)" in fragment and "Spillover zone (hatched)" in fragment
    assert "Where to find it:" in fragment
    assert 'name="found"' in fragment


def test_it_records_a_palpation_finding_from_the_page_and_shows_it_next_time(
    therapist: Client, personas, low_back_map
) -> None:
    best = top_candidate(low_back_map)
    form = choose(best) | {"found": "yes", "tenderness": "3", "twitch_response": "on"}
    answer = therapist.post(palpation_url(low_back_map), form, headers=HTMX)
    assert answer.status_code == 200
    assert "Palpation finding recorded." in answer.content.decode()
    stored = PalpationFinding.objects.get()
    assert (stored.found, stored.tenderness, stored.twitch_response) == (True, 3, True)
    assert (stored.examined_by, stored.pain_map) == (personas.therapist_a, low_back_map)
    assert AuditEntry.objects.filter(subject="palpation_finding").count() == 1

    # A later visit, from a new pain map: the earlier finding is shown for the same trigger point.
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map

    later = record_pain_map(
        actor=personas.therapist_a,
        patient=personas.patient,
        marks=to_json(low_back_map.to_domain())["marks"],
        via=DrawnVia.CLINIC,
    )
    page = therapist.get(page_url(later)).content.decode()
    assert "found, tenderness 3 (severe)" in page
    detail = therapist.get(page_url(later), choose(best), headers=HTMX).content.decode()
    assert "Earlier findings for this trigger point" in detail
    assert "3 (severe)" in detail


def test_it_redirects_back_to_the_chosen_trigger_point_without_htmx(
    therapist: Client, low_back_map
) -> None:
    best = top_candidate(low_back_map)
    form = choose(best) | {"found": "no", "tenderness": "0"}
    answer = therapist.post(palpation_url(low_back_map), form)
    assert answer.status_code == 302
    assert f"trigger_point={best['trigger_point']}" in answer["Location"]
    assert PalpationFinding.objects.get().found is False


def test_it_refuses_a_contradictory_finding_and_stores_nothing(
    therapist: Client, low_back_map
) -> None:
    best = top_candidate(low_back_map)
    form = choose(best) | {"found": "no", "tenderness": "1", "referred_pain_reproduced": "on"}
    answer = therapist.post(palpation_url(low_back_map), form)
    assert answer.status_code == 400
    assert "cannot be yes when nothing was found" in answer.content.decode()
    assert not PalpationFinding.objects.exists()


def test_it_links_the_page_from_the_patient_page(therapist: Client, personas, low_back_map):
    page = patient_page(therapist, personas.patient.pk)
    assert page_url(low_back_map) in page


def test_it_shows_clinic_b_and_the_patient_nothing(
    therapist_b: Client, patient_client: Client, low_back_map
) -> None:
    best = top_candidate(low_back_map)
    for client in (therapist_b, patient_client):
        assert client.get(page_url(low_back_map)).status_code == 404
        form = choose(best) | {"found": "yes", "tenderness": "2"}
        assert client.post(palpation_url(low_back_map), form).status_code == 404
    assert not PalpationFinding.objects.exists()
