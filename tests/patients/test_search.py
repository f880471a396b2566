"""The dashboard's live search: names, email and phone, served by an index on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from knotwork.patients.models import Patient
from tests.conftest import Personas


def search(personas: Personas, text: str) -> str:
    client = Client()
    client.force_login(personas.therapist_a)
    response = client.get("/patients/", {"q": text}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_a_patient_by_part_of_a_name_an_email_or_a_phone_number(
    personas: Personas,
) -> None:
    Patient.objects.filter(pk=personas.patient.pk).update(phone="+44 7700 900123")
    for text in ("ien", "PAT@EXAMPLE", "900123"):
        page = search(personas, text)
        assert "Pat Ient" in page or "Ient" in page, text
        assert "Person" not in page, text


def test_it_never_finds_another_clinics_patient(personas: Personas) -> None:
    assert "Bea Bee" not in search(personas, "Bee")


@pytest.mark.postgres_only  # trigram indexes exist on PostgreSQL only (0002 is a no-op here)
def test_on_postgresql_the_search_reads_the_trigram_indexes_not_the_table(
    personas: Personas,
) -> None:
    from django.db.models import Q

    query = Patient.objects.filter(
        Q(given_name__icontains="reyes")
        | Q(family_name__icontains="reyes")
        | Q(email__icontains="reyes")
        | Q(phone__icontains="reyes")
    )
    with connection.cursor() as cursor:
        # A handful of rows is always cheapest to scan; forbid that to see what can serve it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for column in ("given_name", "family_name", "email", "phone"):
        assert f"patients_patient_{column}_trgm" in plan, plan
