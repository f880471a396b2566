"""A day without pain: asked for, not guessed; recorded as such; never a misleading baseline."""

from __future__ import annotations

import re
from importlib import import_module

from django.test import Client

from knotwork.painmaps.models import PainMapRecord
from knotwork.painmaps.services import create_drawing_link
from tests.conftest import Personas, patient_page
from tests.painmaps.test_pain_map_pages import logged_in, marks

QUESTION = "No pain anywhere today?"


def api_post(client: Client, patient_id: int, body: object):
    return client.post(
        f"/api/v1/patients/{patient_id}/pain-maps", body, content_type="application/json"
    )


def test_it_asks_no_pain_anywhere_today_instead_of_saving_an_empty_drawing(
    personas: Personas,
) -> None:
    page = logged_in(personas.patient_user).post("/me/pain-maps/new/", {"marks": "[]"})
    assert page.status_code == 400
    text = page.content.decode()
    assert QUESTION in text
    assert re.search(r"<dialog[^>]*data-no-pain-question[^>]* open", text)
    assert 'name="no_pain" value="1"' in text
    assert not PainMapRecord.objects.exists()


def test_it_keeps_a_drawing_of_only_zero_marks_on_the_page_while_it_asks(
    personas: Personas,
) -> None:
    page = logged_in(personas.patient_user).post(
        "/me/pain-maps/new/", {"marks": marks(("chin", 0))}
    )
    assert page.status_code == 400
    assert QUESTION in page.content.decode()
    # The widget comes back with the region checked, so nothing drawn is lost.
    assert 'data-region="chin"' in page.content.decode()
    assert "&quot;region&quot;: &quot;chin&quot;" in page.content.decode()


def test_it_records_the_yes_as_a_map_without_pain(personas: Personas) -> None:
    client = logged_in(personas.patient_user)
    answer = client.post("/me/pain-maps/new/", {"marks": "[]", "no_pain": "1"})
    assert answer.status_code == 302
    stored = PainMapRecord.objects.get()
    assert stored.no_pain and not stored.marks.exists()
    assert "Saved: no pain today." in client.get(answer["Location"]).content.decode()


def test_it_refuses_no_pain_with_a_painful_mark_and_stores_nothing(personas: Personas) -> None:
    page = logged_in(personas.patient_user).post(
        "/me/pain-maps/new/", {"marks": marks(("chin", 4)), "no_pain": "1"}
    )
    assert page.status_code == 400
    assert "cannot also say there is no pain" in page.content.decode()
    assert not PainMapRecord.objects.exists()


def test_it_asks_the_same_through_a_one_time_link(personas: Personas) -> None:
    token = create_drawing_link(actor=personas.therapist_a, patient=personas.patient)
    client = Client()
    asked = client.post(f"/draw/{token}/", {"marks": "[]"})
    assert asked.status_code == 400 and QUESTION in asked.content.decode()
    done = client.post(f"/draw/{token}/", {"marks": "[]", "no_pain": "1"})
    assert done.status_code == 200
    assert "knows that nothing hurts today" in done.content.decode()
    assert PainMapRecord.objects.get().no_pain


def test_it_refuses_an_empty_map_through_the_api_unless_no_pain_is_said(
    personas: Personas,
) -> None:
    client = logged_in(personas.therapist_a)
    refused = api_post(client, personas.patient.pk, {"marks": []})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["marks"]
    assert not PainMapRecord.objects.exists()

    created = api_post(client, personas.patient.pk, {"marks": [], "no_pain": True})
    assert created.status_code == 201 and created.json()["no_pain"] is True
    again = client.get(f"/api/v1/pain-maps/{created.json()['id']}").json()
    assert again["no_pain"] is True and again["marks"] == []

    both = api_post(
        client,
        personas.patient.pk,
        {"marks": [{"region": "chin", "intensity": 2}], "no_pain": True},
    )
    assert both.status_code == 422
    assert [e["field"] for e in both.json()["errors"]] == ["no_pain"]
    # A string is not the explicit answer.
    loose = api_post(client, personas.patient.pk, {"marks": [], "no_pain": "yes"})
    assert loose.status_code == 422
    assert PainMapRecord.objects.count() == 1


def test_it_labels_a_no_pain_map_and_compares_later_maps_with_the_last_map_with_pain(
    personas: Personas,
) -> None:
    client = logged_in(personas.patient_user)
    client.post("/me/pain-maps/new/", {"marks": marks(("low_back_left", 8), ("sacrum", 4))})
    client.post("/me/pain-maps/new/", {"marks": "[]", "no_pain": "1"})
    client.post("/me/pain-maps/new/", {"marks": marks(("low_back_left", 5), ("flank_left", 3))})
    page = (
        logged_in(personas.therapist_a)
        .get(f"/patients/{personas.patient.pk}/pain-maps/")
        .content.decode()
    )
    assert "Nothing hurt that day: recorded on purpose" in page
    # The newest map is compared with the first (1 of 3 regions in both), not with the empty
    # day, which would make everything look new.
    assert "1 of 3 painful regions the same (overlap 0.33)" in page
    assert "between them recorded no pain" in page
    assert "Gone: Sacrum" in page
    assert "The last map with pain before it" in page
    # The charts draw the day as a true 0 and say why under its date.
    assert page.count(">no pain</text>") == 2


def test_it_explains_every_number_of_the_history_page_in_a_line(personas: Personas) -> None:
    client = logged_in(personas.patient_user)
    client.post(
        "/me/pain-maps/new/", {"marks": marks(("low_back_left", 8), ("neck_back_upper_left", 4))}
    )
    client.post("/me/pain-maps/new/", {"marks": marks(("low_back_left", 5))})
    page = client.get(f"/patients/{personas.patient.pk}/pain-maps/").content.decode()
    glossary = page[page.index("What the numbers mean") :]
    shown = set(re.findall(r"<dt>([^<]+)</dt>", page[: page.index("What the numbers mean")]))
    explained = set(re.findall(r"<dt>([^<]+)</dt>", glossary))
    pain_types = {"Low back", "Neck", "Headache", "Face and jaw", "Elsewhere"}
    assert shown - pain_types <= explained, f"unexplained: {shown - pain_types - explained}"
    assert "By part of the body" in explained
    for word in ("Overlap", "Weighted extent", "Extent change"):
        assert word in explained
    assert "overlap" in page and "percentage points" in page


def test_it_keeps_a_no_pain_map_in_the_csv(personas: Personas) -> None:
    logged_in(personas.patient_user).post("/me/pain-maps/new/", {"marks": "[]", "no_pain": "1"})
    response = logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/pain-maps.csv")
    rows = response.content.decode().strip().splitlines()
    assert rows[0].endswith(",note,no_pain")
    assert len(rows) == 2 and rows[1].endswith(",yes")


def test_it_offers_no_trigger_points_for_a_map_without_pain(personas: Personas) -> None:
    logged_in(personas.patient_user).post("/me/pain-maps/new/", {"marks": "[]", "no_pain": "1"})
    stored = PainMapRecord.objects.get()
    staff = logged_in(personas.therapist_a)
    detail = staff.get(f"/pain-maps/{stored.pk}/").content.decode()
    assert "No pain anywhere that day." in detail
    assert f"/pain-maps/{stored.pk}/trigger-points/" not in detail
    page = staff.get(f"/pain-maps/{stored.pk}/trigger-points/").content.decode()
    assert "records no pain that day: there is nothing to rank" in page
    panel = patient_page(staff, personas.patient.pk)
    assert "records no pain: nothing to examine for it" in panel


def test_it_marks_maps_saved_empty_before_the_question_as_no_pain(personas: Personas) -> None:
    """The data step of the migration: an old map without a painful region reads as no pain."""
    from django.apps import apps

    from knotwork.painmaps.models import PainMark

    migration = import_module("knotwork.painmaps.migrations.0002_painmaprecord_no_pain")
    # As stored before the question existed: written directly, past the service's refusal.
    empty = PainMapRecord.objects.create(patient=personas.patient, drawn_via="patient")
    zeros = PainMapRecord.objects.create(patient=personas.patient, drawn_via="patient")
    PainMark.objects.create(pain_map=zeros, region="chin", intensity=0)
    painful = PainMapRecord.objects.create(patient=personas.patient, drawn_via="patient")
    PainMark.objects.create(pain_map=painful, region="chin", intensity=3)
    PainMark.objects.create(pain_map=painful, region="sacrum", intensity=0)
    migration.mark_maps_without_pain(apps, None)
    flags = dict(PainMapRecord.objects.values_list("pk", "no_pain"))
    assert flags == {empty.pk: True, zeros.pk: True, painful.pk: False}
