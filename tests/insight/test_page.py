"""The insight page and its CSV: staff of the clinic see their clinic in aggregate, small
cells read "fewer than 5" on the page and in the file, and the page's queries do not grow with
the data."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .conftest import Builder

pytestmark = pytest.mark.django_db


def page(client: Client, **params: str) -> str:
    response = client.get("/insight/", params)
    assert response.status_code == 200
    return response.content.decode()


def table(client: Client, slug: str, **params: str) -> list[list[str]]:
    response = client.get(f"/insight/{slug}.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def crowd(clinic: Builder, back: int, headache: int) -> None:
    for _ in range(back):
        clinic.patient({"low_back_left": 6})
    for _ in range(headache):
        clinic.patient({"temple_left": 5})


def test_it_shows_fewer_than_5_for_a_cell_of_four(clinic_a: Builder, personas) -> None:
    crowd(clinic_a, back=9, headache=4)
    client = Client()
    client.force_login(personas.admin_a)
    rows = {row[0]: row for row in table(client, "case_mix")}
    assert rows["Headache"][1:3] == ["fewer than 5", "fewer than 5"]
    assert rows["Low back"][1] == "9"
    assert rows["All patients counted"][1] == "13"
    html = page(client)
    assert "fewer than 5" in html
    assert ">4<" not in html


def test_it_never_shows_another_clinics_patients(
    clinic_a: Builder, clinic_b: Builder, personas
) -> None:
    crowd(clinic_a, back=6, headache=0)
    crowd(clinic_b, back=0, headache=8)
    client = Client()
    client.force_login(personas.therapist_a)
    rows = {row[0]: row for row in table(client, "case_mix")}
    assert rows["Headache"][1] == "fewer than 5"
    assert rows["All patients counted"][1] == "6"
    client.force_login(personas.therapist_b)
    rows = {row[0]: row for row in table(client, "case_mix")}
    assert rows["Headache"][1] == "8"


def test_it_applies_the_filters_to_the_csv(clinic_a: Builder, personas) -> None:
    crowd(clinic_a, back=6, headache=5)
    client = Client()
    client.force_login(personas.admin_a)
    rows = {row[0]: row for row in table(client, "case_mix", pain_type="headache")}
    assert rows["All patients counted"][1] == "5"
    assert rows["Low back"][1] == "fewer than 5"


def test_it_refuses_a_period_that_ends_before_it_starts(clinic_a: Builder, personas) -> None:
    client = Client()
    client.force_login(personas.admin_a)
    response = client.get("/insight/case_mix.csv", {"since": "2026-05-01", "until": "2026-04-01"})
    assert response.status_code == 400
    assert "end of the period" in response.content.decode()
    assert "end of the period" in page(client, since="2026-05-01", until="2026-04-01")


def test_it_answers_404_for_an_unknown_table(personas) -> None:
    client = Client()
    client.force_login(personas.admin_a)
    assert client.get("/insight/patients.csv").status_code == 404


def test_it_says_the_record_holds_no_sex(personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    assert "The patient record does not hold sex" in page(client)


def test_it_names_trigger_points_by_label(clinic_a: Builder, personas) -> None:
    for index in range(10):
        clinic_a.finding(
            clinic_a.patient({"low_back_left": 5}), "quadratus_lumborum", "superficial",
            found=index < 5,
        )  # fmt: skip
    client = Client()
    client.force_login(personas.admin_a)
    rows = table(client, "trigger_points_low_back")
    assert rows[1][0] == "Quadratus lumborum: Superficial (lateral) trigger points"
    assert rows[1][1:4] == ["10", "5", "50%"]


def test_it_hides_found_when_not_found_would_be_small(clinic_a: Builder, personas) -> None:
    for index in range(8):
        clinic_a.finding(
            clinic_a.patient({"low_back_left": 5}), "quadratus_lumborum", "superficial",
            found=index < 6,
        )  # fmt: skip
    client = Client()
    client.force_login(personas.admin_a)
    # 8 examined, 6 found: showing 6 would tell that 2 were examined without a finding.
    assert table(client, "trigger_points_low_back")[1][1:4] == ["8", "not shown", "not shown"]


def queries(client: Client) -> int:
    client.get("/insight/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/insight/").status_code == 200
    return len(captured.captured_queries)


def test_its_queries_do_not_grow_with_the_data(clinic_a: Builder, personas) -> None:
    client = Client()
    client.force_login(personas.admin_a)
    crowd(clinic_a, back=3, headache=3)
    few = queries(client)
    crowd(clinic_a, back=20, headache=10)
    for index in range(10):
        patient = clinic_a.patient({"neck_front_left": 3}, factors=["lifting"])
        clinic_a.course(patient, outcome="responding", relief_days=5, soreness=[(24, 2)])
        clinic_a.finding(patient, "trapezius", "upper_fibres", found=index % 2 == 0)
    assert queries(client) == few
    assert few < 40


def test_each_csv_holds_the_rows_the_page_shows(clinic_a: Builder, personas) -> None:
    from knotwork.insight import presenters
    from knotwork.insight.querysets import Filters

    crowd(clinic_a, back=7, headache=6)
    for index in range(6):
        patient = clinic_a.patient({"neck_front_left": 3}, factors=["lifting"])
        clinic_a.course(patient, outcome="responding", relief_days=5, soreness=[(24, 2)])
        clinic_a.finding(patient, "trapezius", "upper_fibres", found=index < 5)
    filters = Filters(clinic_a.clinic.pk)
    tables = presenters.everything(filters)["tables"]
    assert isinstance(tables, dict)
    for slug, shown in tables.items():
        alone = presenters.table_for(filters, slug)
        assert alone is not None and alone.rows == shown.rows, slug
