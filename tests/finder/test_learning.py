"""The finder that learns from the clinic's palpation findings: off by default, one clinic only,
explained in the reasons, and a constant number of queries whatever the number of findings."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from knotwork.audit.models import AuditEntry
from knotwork.clinics.models import Clinic
from knotwork.domain.referral import rank_json
from knotwork.domain.referral.learning import Tally
from knotwork.finder.models import PalpationFinding
from knotwork.painmaps.models import DrawnVia, PainMapRecord
from knotwork.painmaps.services import record_pain_map
from tests.finder.conftest import logged_in

LOW_BACK = [
    {"region": "low_back_right", "intensity": 7},
    {"region": "buttock_upper_right", "intensity": 5},
    {"region": "buttock_lower_right", "intensity": 3},
]


def api(client: Client, pain_map: PainMapRecord, **query: Any) -> dict[str, Any]:
    response = client.get(f"/api/v1/pain-maps/{pain_map.pk}/candidates", query)
    assert response.status_code == 200
    answer: dict[str, Any] = response.json()
    return answer


def page(client: Client, pain_map: PainMapRecord) -> str:
    response = client.get(f"/pain-maps/{pain_map.pk}/trigger-points/")
    assert response.status_code == 200
    return response.content.decode()


def key(candidate: dict[str, Any]) -> tuple[str, str, str]:
    return (candidate["muscle"], candidate["trigger_point"], candidate["side"])


def base_ranking() -> dict[str, Any]:
    return rank_json({"marks": LOW_BACK})


def examined(patient, actor, point: tuple[str, str, str], found: int, refuted: int = 0) -> None:
    """A similar map of `patient`, examined at `point` found / refuted that many times."""
    stored = record_pain_map(actor=actor, patient=patient, marks=LOW_BACK, via=DrawnVia.CLINIC)
    muscle, trigger_point, side = point
    for was_found in [True] * found + [False] * refuted:
        PalpationFinding.objects.create(
            patient=patient,
            pain_map=stored,
            muscle=muscle,
            trigger_point=trigger_point,
            side=side,
            found=was_found,
            tenderness=2 if was_found else 0,
            examined_by=actor,
        )


def learn(clinic: Clinic, on: bool = True) -> None:
    clinic.learn_from_findings = on
    clinic.save(update_fields=["learn_from_findings"])


@pytest.fixture
def fifth() -> tuple[str, str, str]:
    """The base ranking's fifth candidate for the low back map."""
    return key(base_ranking()["candidates"][4])


def test_a_new_clinic_does_not_learn(personas):
    assert Clinic.objects.create(name="New").learn_from_findings is False
    assert personas.clinic_a.learn_from_findings is False


def test_with_the_setting_off_findings_change_nothing(therapist, personas, low_back_map, fifth):
    examined(personas.other_patient, personas.therapist_a, fifth, found=40)
    answer = api(therapist, low_back_map)
    assert answer["learning"] is False
    assert {k: v for k, v in answer.items() if k not in ("context", "learning")} == base_ranking()
    assert "at this clinic for similar maps" not in page(therapist, low_back_map)


def test_with_the_setting_on_and_no_findings_the_ranking_is_the_base(
    therapist, personas, low_back_map
):
    learn(personas.clinic_a)
    answer = api(therapist, low_back_map, top=5)
    assert answer["learning"] is True
    expected = rank_json({"marks": LOW_BACK, "top": 5})
    assert {k: v for k, v in answer.items() if k not in ("context", "learning")} == expected


def test_confirmed_findings_lift_a_candidate_and_say_so(therapist, personas, low_back_map, fifth):
    learn(personas.clinic_a)
    examined(personas.other_patient, personas.therapist_a, fifth, found=12, refuted=3)
    examined(personas.other_patient, personas.therapist_a, fifth, found=28)
    answer = api(therapist, low_back_map)
    first = answer["candidates"][0]
    assert key(first) == fifth
    assert first["learned"]["reason"] == (
        "confirmed in 40 of 43 examinations at this clinic for similar maps"
    )
    assert (first["learned"]["examined"], first["learned"]["confirmed"]) == (43, 40)
    assert all("learned" not in c for c in answer["candidates"][1:])
    html = page(therapist, low_back_map)
    assert "Confirmed in 40 of 43 examinations at this clinic for similar maps" in html
    assert "This clinic also weighs its own palpation findings" in html


def test_findings_of_the_map_being_ranked_do_not_count(therapist, personas, low_back_map, fifth):
    learn(personas.clinic_a)
    muscle, trigger_point, side = fifth
    PalpationFinding.objects.create(
        patient=personas.patient,
        pain_map=low_back_map,
        muscle=muscle,
        trigger_point=trigger_point,
        side=side,
        found=True,
        tenderness=2,
    )
    assert all("learned" not in c for c in api(therapist, low_back_map)["candidates"])


def test_findings_for_dissimilar_maps_do_not_count(therapist, personas, low_back_map, fifth):
    learn(personas.clinic_a)
    neck = record_pain_map(
        actor=personas.therapist_a,
        patient=personas.other_patient,
        marks=[{"region": "neck_back_upper_right", "intensity": 6}],
        via=DrawnVia.CLINIC,
    )
    muscle, trigger_point, side = fifth
    PalpationFinding.objects.create(
        patient=personas.other_patient,
        pain_map=neck,
        muscle=muscle,
        trigger_point=trigger_point,
        side=side,
        found=True,
        tenderness=2,
    )
    assert all("learned" not in c for c in api(therapist, low_back_map)["candidates"])


def test_one_clinics_findings_never_change_another_clinics_ranking(
    therapist, therapist_b, personas, low_back_map, fifth
):
    learn(personas.clinic_a)
    learn(personas.clinic_b)
    # Clinic B confirms the fifth candidate often; clinic A refutes the first one a little.
    examined(personas.patient_b, personas.therapist_b, fifth, found=50)
    top = key(base_ranking()["candidates"][0])
    examined(personas.other_patient, personas.therapist_a, top, found=0, refuted=2)
    map_b = record_pain_map(
        actor=personas.therapist_b, patient=personas.patient_b, marks=LOW_BACK, via=DrawnVia.CLINIC
    )
    answer_a = api(therapist, low_back_map)
    answer_b = api(therapist_b, map_b)
    learned_a = {key(c): c["learned"] for c in answer_a["candidates"] if "learned" in c}
    learned_b = {key(c): c["learned"] for c in answer_b["candidates"] if "learned" in c}
    assert learned_a == {top: learned_a[top]}
    assert (learned_a[top]["examined"], learned_a[top]["confirmed"]) == (2, 0)
    assert learned_b == {fifth: learned_b[fifth]}
    assert (learned_b[fifth]["examined"], learned_b[fifth]["confirmed"]) == (50, 50)
    assert key(answer_a["candidates"][0]) != fifth
    assert key(answer_b["candidates"][0]) == fifth


def test_the_queries_do_not_grow_with_the_findings(therapist, personas, low_back_map, fifth):
    learn(personas.clinic_a)
    examined(personas.other_patient, personas.therapist_a, fifth, found=1)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            api(therapist, low_back_map)
        return len(queries)

    count()  # the first request of a client also reads its session and caches
    few = count()
    second = key(base_ranking()["candidates"][1])
    for _ in range(8):
        examined(personas.other_patient, personas.therapist_a, fifth, found=3, refuted=2)
        examined(personas.other_patient, personas.therapist_a, second, found=1, refuted=1)
    assert count() == few


def test_an_admin_switches_it_on_and_off_audited_with_old_and_new(personas):
    admin = logged_in(personas.admin_a)
    page_html = admin.get("/clinic/finder/").content.decode()
    assert "Learn from this clinic&#x27;s palpation findings" in page_html
    response = admin.post("/clinic/finder/", {"learn_from_findings": "on"})
    assert response.status_code == 302
    personas.clinic_a.refresh_from_db()
    assert personas.clinic_a.learn_from_findings is True
    admin.post("/clinic/finder/", {"learn_from_findings": "on"})  # the same value: no entry
    admin.post("/clinic/finder/", {})
    personas.clinic_a.refresh_from_db()
    assert personas.clinic_a.learn_from_findings is False
    entries = AuditEntry.objects.filter(clinic=personas.clinic_a, subject="clinic").order_by("id")
    assert [e.changes for e in entries] == [
        {"learn_from_findings": {"old": False, "new": True}},
        {"learn_from_findings": {"old": True, "new": False}},
    ]
    personas.clinic_b.refresh_from_db()
    assert personas.clinic_b.learn_from_findings is False


def test_an_admin_of_another_clinic_changes_only_their_own(personas):
    logged_in(personas.admin_b).post("/clinic/finder/", {"learn_from_findings": "on"})
    personas.clinic_a.refresh_from_db()
    personas.clinic_b.refresh_from_db()
    assert (personas.clinic_a.learn_from_findings, personas.clinic_b.learn_from_findings) == (
        False,
        True,
    )


def test_only_clinic_admins_may_change_it(therapist, personas):
    assert therapist.post("/clinic/finder/", {"learn_from_findings": "on"}).status_code == 404
    personas.clinic_a.refresh_from_db()
    assert personas.clinic_a.learn_from_findings is False
    assert not AuditEntry.objects.filter(subject="clinic").exists()


def test_the_replay_reads_only_findings_recorded_before_a_time(personas, fifth):
    from knotwork.finder.learning import past_maps

    examined(personas.other_patient, personas.therapist_a, fifth, found=2)
    cut = PalpationFinding.objects.order_by("examined_at").last()
    assert cut is not None
    examined(personas.other_patient, personas.therapist_a, fifth, found=5)
    earlier = past_maps(personas.clinic_a.pk, before=cut.examined_at)
    assert [dict(p.findings) for p in earlier] == [{fifth: Tally(1, 1)}]
    assert (
        sum(t.examined for p in past_maps(personas.clinic_a.pk) for t in p.findings.values()) == 7
    )
    assert past_maps(personas.clinic_b.pk) == []
    # Maps sharing no painful region with the one ranked are not even read.
    assert past_maps(personas.clinic_a.pk, touching={"neck_back_upper_right"}) == []
    assert len(past_maps(personas.clinic_a.pk, touching={"low_back_right"})) == 2
