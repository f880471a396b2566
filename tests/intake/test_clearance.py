"""Urgent flag -> physician clearance recorded (with an optional letter) -> the gate opens."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader, PdfWriter

from knotwork.intake.models import Clearance
from knotwork.intake.services import gate_for
from tests.conftest import Personas
from tests.intake.conftest import client_of, fill, start, valid_steps


def pdf_letter(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_letter(size: tuple[int, int] = (40, 30), noise: bool = False) -> bytes:
    pixels = os.urandom(size[0] * size[1] * 3) if noise else bytes(size[0] * size[1] * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(out, format="PNG")
    return out.getvalue()


PDF = pdf_letter()
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def urgent_intake(personas: Personas) -> None:
    client = client_of(personas.patient_user)
    intake_id = start(client, personas.patient.pk)
    fill(client, intake_id, valid_steps(rf_weight_loss=True))
    client.post(f"/intake/{intake_id}/review/")


def clearance_form(therapist: Client, personas: Personas, **fields: object):
    data = {
        "cleared_by": "Dr Grace Hopper, GP",
        "cleared_on": timezone.localdate().isoformat(),
        "keys": ["rf_weight_loss"],
        "note": "Weight loss explained by diet; fit for massage.",
        **fields,
    }
    return therapist.post(f"/patients/{personas.patient.pk}/clearances/new/", data)


def test_an_urgent_flag_closes_the_gate_and_a_clearance_with_a_letter_opens_it(
    personas: Personas, therapist_client: Client
) -> None:
    urgent_intake(personas)
    page = therapist_client.get(f"/patients/{personas.patient.pk}/").content.decode()
    assert "Safety gate closed" in page
    assert "Physician clearance required for: Possible malignancy" in page
    assert "Have you lost weight recently without trying to?" in page

    letter = SimpleUploadedFile("letter from Dr Hopper.pdf", PDF, "application/pdf")
    saved = clearance_form(therapist_client, personas, letter=letter)

    assert saved.status_code == 302
    assert gate_for(personas.patient, "start_course").open
    clearance = Clearance.objects.get()
    # The stored name is random: the uploaded one may name people.
    assert "Hopper" not in (clearance.letter.name or "")
    page = therapist_client.get(f"/patients/{personas.patient.pk}/").content.decode()
    assert "Safety gate open" in page and "Dr Grace Hopper, GP" in page
    served = therapist_client.get(f"/clearances/{clearance.pk}/letter/")
    assert served.status_code == 200
    assert isinstance(served, FileResponse)
    stored = b"".join(served.streaming_content)
    assert len(PdfReader(io.BytesIO(stored)).pages) == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("letter.exe", b"MZ\x90\x00"),
        ("letter.pdf", b"<html>not a pdf</html>"),
        ("letter.png", PDF),
        # The right first bytes and nothing behind them that parses.
        ("letter.pdf", b"%PDF-1.7\n" + HTML),
        ("letter.png", png_letter()[:40] + HTML),
        ("letter.jpg", b"\xff\xd8\xff\xe0" + HTML),
        # HTML first, a PDF after it: a browser would render the HTML.
        ("letter.pdf", HTML + PDF),
    ],
)
def test_it_refuses_a_letter_that_is_not_a_pdf_or_image_and_saves_nothing(
    personas: Personas, therapist_client: Client, name: str, content: bytes
) -> None:
    urgent_intake(personas)

    refused = clearance_form(therapist_client, personas, letter=SimpleUploadedFile(name, content))

    assert refused.status_code == 422
    assert "Letter" in refused.content.decode()
    assert not Clearance.objects.exists()
    assert not gate_for(personas.patient, "start_course").open


@pytest.mark.parametrize(
    ("name", "polyglot"),
    [("letter.pdf", PDF + HTML), ("letter.png", png_letter() + HTML)],
)
def test_it_stores_a_polyglot_letter_rebuilt_without_what_was_hidden_in_it(
    personas: Personas, therapist_client: Client, name: str, polyglot: bytes
) -> None:
    urgent_intake(personas)

    saved = clearance_form(therapist_client, personas, letter=SimpleUploadedFile(name, polyglot))

    assert saved.status_code == 302
    clearance = Clearance.objects.get()
    served = therapist_client.get(f"/clearances/{clearance.pk}/letter/")
    assert isinstance(served, FileResponse)
    stored = b"".join(served.streaming_content)
    assert b"<script" not in stored and b"<html" not in stored
    if name.endswith(".pdf"):
        assert len(PdfReader(io.BytesIO(stored)).pages) == 1
    else:
        assert Image.open(io.BytesIO(stored)).size == (40, 30)


def test_it_takes_a_letter_up_to_the_documented_five_mib(
    personas: Personas, therapist_client: Client, settings
) -> None:
    """The limit the form states is the real one, above the general request limit (2 MiB)."""
    assert settings.MAX_REQUEST_BYTES == 2 * 1024 * 1024
    urgent_intake(personas)
    scan = png_letter((1200, 1200), noise=True)
    assert 4 * 1024 * 1024 < len(scan) < 5 * 1024 * 1024
    form = therapist_client.get(f"/patients/{personas.patient.pk}/clearances/new/")
    assert "PDF, PNG or JPEG, up to 5 MiB." in form.content.decode()

    saved = clearance_form(therapist_client, personas, letter=SimpleUploadedFile("s.png", scan))

    assert saved.status_code == 302
    assert Clearance.objects.get().letter


def test_it_refuses_a_letter_above_the_size_limit(
    personas: Personas, therapist_client: Client
) -> None:
    urgent_intake(personas)
    big = SimpleUploadedFile("letter.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")

    refused = clearance_form(therapist_client, personas, letter=big)

    assert refused.status_code == 422
    assert "too large" in refused.content.decode() and "the limit is 5120 KiB" in (
        refused.content.decode()
    )
    assert not Clearance.objects.exists()


def test_it_refuses_a_clearance_dated_in_the_future_or_without_findings(
    personas: Personas, therapist_client: Client
) -> None:
    urgent_intake(personas)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    assert clearance_form(therapist_client, personas, cleared_on=tomorrow).status_code == 422
    assert clearance_form(therapist_client, personas, keys=[]).status_code == 422
    assert clearance_form(therapist_client, personas, cleared_by="").status_code == 422
    assert not Clearance.objects.exists()


def test_the_api_refuses_a_clearance_for_a_finding_never_raised(
    personas: Personas, therapist_client: Client
) -> None:
    urgent_intake(personas)

    today = timezone.localdate().isoformat()
    # A real finding this patient's screens never raised, then an id that is no finding at all.
    refused = therapist_client.post(
        f"/api/v1/patients/{personas.patient.pk}/clearances",
        {"cleared_by": "Dr Lee", "cleared_on": today, "keys": ["ps_cad"]},
        content_type="application/json",
    )
    unknown = therapist_client.post(
        f"/api/v1/patients/{personas.patient.pk}/clearances",
        {"cleared_by": "Dr Lee", "cleared_on": today, "keys": ["rf_x"]},
        content_type="application/json",
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "keys"
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0] == {"field": "keys[0]", "message": "unknown finding 'rf_x'"}
    assert not Clearance.objects.exists()


def test_only_the_clinics_staff_can_record_a_clearance_or_read_the_letter(
    personas: Personas, therapist_client: Client
) -> None:
    urgent_intake(personas)
    clearance_form(
        therapist_client, personas, letter=SimpleUploadedFile("l.pdf", PDF, "application/pdf")
    )
    clearance = Clearance.objects.get()

    for user in (personas.patient_user, personas.other_patient_user, personas.therapist_b):
        client = client_of(user)
        assert client.get(f"/clearances/{clearance.pk}/letter/").status_code == 404
        assert clearance_form(client, personas).status_code == 404
    assert Clearance.objects.count() == 1


def test_it_refuses_a_clearance_dated_before_the_finding_and_names_the_date_field(
    personas: Personas, therapist_client: Client
) -> None:
    urgent_intake(personas)
    years_before = (timezone.localdate() - timedelta(days=3 * 365)).isoformat()

    page = clearance_form(therapist_client, personas, cleared_on=years_before)
    api = therapist_client.post(
        f"/api/v1/patients/{personas.patient.pk}/clearances",
        {"cleared_by": "Dr Lee", "cleared_on": years_before, "keys": ["rf_weight_loss"]},
        content_type="application/json",
    )

    assert page.status_code == 422
    assert "before the finding it should clear" in page.content.decode()
    assert api.status_code == 422
    assert [error["field"] for error in api.json()["errors"]] == ["cleared_on"]
    assert "before the finding" in api.json()["errors"][0]["message"]
    assert not Clearance.objects.exists()
    assert not gate_for(personas.patient, "start_course").open
