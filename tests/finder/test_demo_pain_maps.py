"""The demo clinic: every demo patient has a pain map for the finder to rank."""

from __future__ import annotations

from knotwork.demo import seed_demo_clinic
from knotwork.domain.painmap import to_json
from knotwork.domain.referral import rank_json
from knotwork.patients.models import Patient


def test_it_gives_each_demo_patient_a_pain_map_with_candidates(db) -> None:
    seed_demo_clinic()
    patients = list(Patient.objects.filter(is_demo=True))
    assert len(patients) == 5
    for patient in patients:
        pain_map = patient.pain_maps.get()
        answer = rank_json({"marks": to_json(pain_map.to_domain())["marks"]})
        assert answer["candidates"], patient.given_name
