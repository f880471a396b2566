"""The one scoped read: `restrict(user)` and `get_for_user_or_404` on every patient-owned model.

A record of another clinic is a 404 in one query (no second membership lookup); staff-only
reads refuse the patient themself; the fetch of a page audits the read.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.courses.models import TreatmentSession
from knotwork.painmaps.models import DrawnVia, PainMapRecord
from knotwork.patients.models import Patient
from tests.conftest import Personas, api_client


def pain_map_of(patient: Patient) -> PainMapRecord:
    return PainMapRecord.objects.create(patient=patient, drawn_via=DrawnVia.CLINIC, no_pain=True)


def test_another_clinics_record_is_404_in_one_query(personas: Personas) -> None:
    theirs = pain_map_of(personas.patient_b)
    with CaptureQueriesContext(connection) as queries, pytest.raises(Http404):
        PainMapRecord.objects.get_for_user_or_404(personas.therapist_a, theirs.pk)
    assert len(queries) == 1


def test_a_record_of_the_users_clinic_comes_with_its_patient_in_one_query(
    personas: Personas,
) -> None:
    ours = pain_map_of(personas.patient)
    with CaptureQueriesContext(connection) as queries:
        found = PainMapRecord.objects.get_for_user_or_404(personas.therapist_a, ours.pk)
        assert found.patient.full_name == "Pat Ient"
    assert len(queries) == 1


def test_a_patient_reads_their_own_record_but_not_a_staff_only_one(personas: Personas) -> None:
    own = pain_map_of(personas.patient)
    assert PainMapRecord.objects.get_for_user_or_404(personas.patient_user, own.pk) == own
    with pytest.raises(Http404):
        PainMapRecord.objects.get_for_user_or_404(personas.patient_user, own.pk, staff_only=True)
    with pytest.raises(Http404):
        PainMapRecord.objects.get_for_user_or_404(personas.other_patient_user, own.pk)


def test_restrict_follows_the_path_to_the_patient(personas: Personas) -> None:
    # Sessions reach their patient through the course: the same rule, the same one filter.
    assert TreatmentSession.objects.restrict(personas.therapist_b).count() == 0
    sql = str(TreatmentSession.objects.restrict(personas.therapist_a).query)
    assert "clinic_id" in sql and sql.count("SELECT") == 2, "memberships are one subquery"


def test_a_bad_id_is_a_404_not_an_error(personas: Personas) -> None:
    with pytest.raises(Http404):
        Patient.objects.get_for_user_or_404(personas.therapist_a, "not-a-number")


def test_the_fetch_of_a_page_audits_the_read_and_another_clinic_gets_404(
    personas: Personas,
) -> None:
    ours = pain_map_of(personas.patient)
    answer = api_client(personas.therapist_a).get(f"/api/v1/pain-maps/{ours.pk}")
    assert answer.status_code == 200
    read = AuditEntry.objects.get(action=AuditAction.READ, subject="pain_map")
    assert read.subject_id == str(ours.pk) and read.patient_id == personas.patient.pk
    assert api_client(personas.therapist_b).get(f"/api/v1/pain-maps/{ours.pk}").status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.READ).count() == 1
