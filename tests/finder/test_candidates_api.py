"""GET /api/v1/pain-maps/{id}/candidates: a stored map ranked like a posted one, scoped like it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from knotwork.audit.models import AuditEntry
from knotwork.domain.painmap import to_json
from knotwork.domain.referral import rank_json


def url(pain_map) -> str:
    return f"/api/v1/pain-maps/{pain_map.pk}/candidates"


def ranking(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer without the context and learning flag it reports, which the CLI's JSON lacks."""
    return {key: value for key, value in answer.items() if key not in ("context", "learning")}


def test_it_ranks_a_stored_map_as_the_finder_ranks_its_marks(therapist: Client, low_back_map):
    answer = therapist.get(url(low_back_map)).json()
    assert ranking(answer) == rank_json({"marks": to_json(low_back_map.to_domain())["marks"]})
    assert answer["candidates"][0]["side"] == "right"
    assert answer["context"]["source"] == "none"


def test_it_takes_intake_factors_and_a_limit_from_the_query(therapist: Client, low_back_map):
    query: dict[str, list[str] | int] = {"factors": ["lifting"], "top": 3}
    answer = therapist.get(url(low_back_map), query).json()
    marks = to_json(low_back_map.to_domain())["marks"]
    assert ranking(answer) == rank_json({"marks": marks, "factors": ["lifting"], "top": 3})
    assert len(answer["candidates"]) == 3
    assert (answer["context"]["source"], answer["context"]["factors"]) == ("adjusted", ["lifting"])


def test_it_refuses_an_unknown_factor_naming_it(therapist: Client, low_back_map):
    response = therapist.get(url(low_back_map), {"factors": ["gaming"]})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["factors[0]"]
    assert "gaming" in response.json()["errors"][0]["message"]


def test_it_records_the_read_in_the_audit_trail(therapist: Client, personas, low_back_map):
    therapist.get(url(low_back_map))
    entry = AuditEntry.objects.filter(subject="pain_map_candidates").get()
    assert (entry.patient_id, entry.actor, entry.subject_id) == (
        personas.patient.pk,
        personas.therapist_a,
        str(low_back_map.pk),
    )


def test_it_shows_clinic_b_nothing_of_clinic_as_map(therapist_b: Client, low_back_map):
    response = therapist_b.get(url(low_back_map))
    assert response.status_code == 404
    assert "candidates" not in response.json()


def test_it_answers_the_patient_as_the_page_does_404(
    patient_client: Client, therapist: Client, low_back_map
):
    """Candidates are the clinic's suggestions for an examination (docs/finder.md, "Who sees the
    candidates"): the patient gets neither the page nor the API, and nothing is audited."""
    assert patient_client.get(url(low_back_map)).status_code == 404
    assert patient_client.get(f"/pain-maps/{low_back_map.pk}/trigger-points/").status_code == 404
    assert not AuditEntry.objects.filter(subject="pain_map_candidates").exists()
    # The same map stays the patient's own to read, and the clinic's staff get both.
    assert patient_client.get(f"/api/v1/pain-maps/{low_back_map.pk}").status_code == 200
    assert therapist.get(url(low_back_map)).status_code == 200
    assert therapist.get(f"/pain-maps/{low_back_map.pk}/trigger-points/").status_code == 200
