"""A patient without email gets a short one-time code printed by staff (72 h, single use,
audited as handed over by that staff member) and sets their own password with it and their
date of birth. Staff never see an invitation link, and never set or learn a password."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone

from knotwork.audit.models import AuditEntry
from knotwork.clinics.models import Invitation
from knotwork.patients.models import Patient
from tests.accounts.conftest import is_logged_in, password_step
from tests.conftest import Personas

BORN = date(1961, 3, 14)
PASSWORD = "my-own-secret-password-7"


def staff_client(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.therapist_a)
    return client


def printed_code(personas: Personas, patient: Patient) -> str:
    sheet = staff_client(personas).post(f"/patients/{patient.pk}/login-code/")
    assert sheet.status_code == 200 and sheet["Cache-Control"] == "no-store"
    found = re.search(r'class="login-code"[^>]*>([A-Z0-9]{4}-[A-Z0-9]{4})<', sheet.content.decode())
    assert found, sheet.content.decode()
    return found.group(1)


def new_patient(personas: Personas) -> Patient:
    patient = Patient.objects.create(
        clinic=personas.clinic_a, given_name="Ola", family_name="Nomail", date_of_birth=BORN
    )
    patient.therapists.set([personas.therapist_a])
    return patient


def redeem(code: str, born: date = BORN, client: Client | None = None) -> Client:
    client = client or Client()
    client.post("/start/", {"code": code, "date_of_birth": born.isoformat()})
    return client


def test_it_lets_a_patient_set_their_own_login_with_a_printed_code(personas: Personas) -> None:
    patient = new_patient(personas)
    code = printed_code(personas, patient)
    client = redeem(code.lower().replace("-", " "))
    page = client.get("/start/password/")
    assert page.status_code == 200
    done = client.post(
        "/start/password/",
        {"email": "Ola@Example.com", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert done.status_code == 302 and is_logged_in(client)
    patient.refresh_from_db()
    assert patient.user is not None and patient.user.email == "ola@example.com"
    assert patient.email == "ola@example.com"
    assert is_logged_in(password_step("ola@example.com", PASSWORD))
    trail = AuditEntry.objects.filter(patient_id=patient.pk).order_by("at", "id")
    handed = trail.get(subject="login_code")
    assert handed.actor == personas.therapist_a
    assert "hand over in person" in handed.detail
    used = trail.get(subject="invitation")
    assert used.actor == patient.user
    assert f"handed over by {personas.therapist_a}" in used.detail


def test_it_refuses_a_code_with_the_wrong_date_of_birth_and_withdraws_it_after_five(
    personas: Personas,
) -> None:
    code = printed_code(personas, new_patient(personas))
    for _ in range(4):
        page = redeem(code, date(1970, 1, 1)).get("/start/password/")
        assert page.status_code == 302
    last = Client().post("/start/", {"code": code, "date_of_birth": "1970-01-01"})
    assert "no longer works" in last.content.decode()
    assert redeem(code).get("/start/password/").status_code == 302


def test_it_accepts_a_code_once(personas: Personas) -> None:
    code = printed_code(personas, new_patient(personas))
    client = redeem(code)
    client.post(
        "/start/password/",
        {"email": "ola@example.com", "password": PASSWORD, "password_again": PASSWORD},
    )
    again = Client().post("/start/", {"code": code, "date_of_birth": BORN.isoformat()})
    assert again.status_code == 400 and "do not match" in again.content.decode()


def test_it_refuses_a_code_after_72_hours(personas: Personas) -> None:
    code = printed_code(personas, new_patient(personas))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    page = Client().post("/start/", {"code": code, "date_of_birth": BORN.isoformat()})
    assert "expired" in page.content.decode()


def test_it_asks_for_the_date_of_birth_before_printing_a_code(personas: Personas) -> None:
    patient = new_patient(personas)
    Patient.objects.filter(pk=patient.pk).update(date_of_birth=None)
    page = staff_client(personas).post(f"/patients/{patient.pk}/login-code/", follow=True)
    assert "date of birth first" in page.content.decode()
    assert not Invitation.objects.exists()


def test_it_keeps_a_new_code_from_the_old_one(personas: Personas) -> None:
    patient = new_patient(personas)
    first = printed_code(personas, patient)
    second = printed_code(personas, patient)
    assert redeem(first).get("/start/password/").status_code == 302
    assert redeem(second).get("/start/password/").status_code == 200


def test_it_stores_no_readable_code(personas: Personas) -> None:
    code = printed_code(personas, new_patient(personas)).replace("-", "")
    stored = Invitation.objects.get()
    assert code not in stored.token_hash and len(stored.token_hash) == 64


def test_it_never_shows_an_invitation_link_to_staff(personas: Personas) -> None:
    client = staff_client(personas)
    with TestCase.captureOnCommitCallbacks(execute=True):
        page = client.post(
            f"/patients/{personas.other_patient.pk}/invite/",
            {"email": "o@example.com"},
            follow=True,
        )
        api = client.post(
            f"/api/v1/patients/{personas.other_patient.pk}/invitation",
            {"email": "o2@example.com"},
            content_type="application/json",
        )
    links = [re.findall(r"/invite/[^/\s]+/", str(m.body)) for m in mail.outbox]
    assert len(links) == 2
    detail = client.get(f"/patients/{personas.other_patient.pk}/").content.decode()
    for answer in (page.content.decode(), api.content.decode(), detail):
        assert "/invite/" not in answer
    assert set(api.json()) == {"email", "expires_at"}
    admin = Client()
    admin.force_login(personas.admin_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        members = admin.post(
            "/clinic/members/", {"email": "colleague@example.com", "role": "therapist"}, follow=True
        )
    assert "/invite/" not in members.content.decode()
    assert "/invite/" in mail.outbox[-1].body and mail.outbox[-1].to == ["colleague@example.com"]
