"""Lists page and say how many: the API's `{"items", "count"}` pages, the web lists' pager,
and a panel's "latest N of M"; nothing is cut silently."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from knotwork.common.pagination import latest
from knotwork.patients.models import Patient
from tests.conftest import Personas, api_client


def more_patients(personas: Personas, how_many: int) -> None:
    Patient.objects.bulk_create(
        Patient(clinic=personas.clinic_a, given_name="Extra", family_name=f"Patient {i:03}")
        for i in range(how_many)
    )


def test_an_api_list_has_a_page_2_and_says_how_many(personas: Personas) -> None:
    more_patients(personas, 3)  # with Pat Ient and Other Person: 5 in clinic A
    client = api_client(personas.therapist_a)
    first = client.get("/api/v1/patients", {"page_size": 2}).json()
    second = client.get("/api/v1/patients", {"page": 2, "page_size": 2}).json()
    last = client.get("/api/v1/patients", {"page": 3, "page_size": 2}).json()
    assert (first["count"], second["count"], last["count"]) == (5, 5, 5)
    assert (len(first["items"]), len(second["items"]), len(last["items"])) == (2, 2, 1)
    names = [p["family_name"] for page in (first, second, last) for p in page["items"]]
    assert len(set(names)) == 5, "every patient once, none cut"
    beyond = client.get("/api/v1/patients", {"page": 4, "page_size": 2}).json()
    assert beyond == {"items": [], "count": 5}


def test_an_api_list_refuses_page_0_naming_the_field(personas: Personas) -> None:
    answer = api_client(personas.therapist_a).get("/api/v1/patients", {"page": 0})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "page"


def test_the_dashboard_has_a_page_2_with_the_total(personas: Personas) -> None:
    more_patients(personas, 60)  # 62 in clinic A, 50 a page
    client = api_client(personas.therapist_a)
    first = client.get("/patients/").content.decode()
    assert "1–50 of 62" in first and "Page 1 of 2" in first
    second = client.get("/patients/", {"page": 2}).content.decode()
    assert "51–62 of 62" in second and "Patient 059" in second
    assert "Patient 000" not in second


def test_the_dashboards_first_page_is_a_count_and_one_page_of_rows(personas: Personas) -> None:
    more_patients(personas, 60)
    client = api_client(personas.therapist_a)
    client.get("/patients/")  # the session and the login are warm
    with CaptureQueriesContext(connection) as queries:
        client.get("/patients/", {"q": "Extra"}, headers={"HX-Request": "true"})
    listed = [q["sql"] for q in queries if "%Extra%" in q["sql"]]
    assert len(listed) == 2  # one COUNT(*), one page of rows
    assert "COUNT(*)" in listed[0] and listed[1].endswith("LIMIT 50")


def test_a_panel_list_says_how_many_it_leaves_out(personas: Personas) -> None:
    more_patients(personas, 3)
    shown = latest(Patient.objects.filter(clinic=personas.clinic_a), 2)
    assert (len(shown), shown.total, shown.more) == (2, 5, 3)
    everything = latest(Patient.objects.filter(clinic=personas.clinic_a), 10)
    assert (len(everything), everything.total, everything.more) == (5, 5, 0)


def test_an_api_list_refuses_a_page_beyond_any_list_by_name(personas: Personas) -> None:
    client = api_client(personas.therapist_a)
    answer = client.get("/api/v1/patients", {"page": 10**20})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "page"
    answer = client.get("/api/v1/patients", {"page_size": 201})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "page_size"
