"""Patients (and colleagues) get a login only through a one-time, 72-hour invitation link that
goes to their own mailbox."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from knotwork.accounts.models import User
from knotwork.clinics.models import Clinic, Invitation, InvitationKind, Membership
from knotwork.clinics.services import invite
from knotwork.patients.models import Patient
from tests.conftest import Personas

NEW_PASSWORD = "a-long-new-password-7"


def mailed_path(to: str) -> str:
    """The invitation link in the latest mail to `to`: the only place a link ever appears."""
    body = str(next(m.body for m in reversed(mail.outbox) if m.to == [to]))
    found = re.search(r"(?:https?://[^/\s]*)?(/invite/[^/\s]+/)", body)
    assert found, body
    return found.group(1)


def invite_by_mail(
    *, actor: User, clinic: Clinic, email: str, kind: InvitationKind, patient: Patient | None = None
) -> str:
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        invite(actor=actor, clinic=clinic, email=email, kind=kind, patient=patient)
    return mailed_path(email)


def invite_new_patient(personas: Personas) -> tuple[str, Patient]:
    patient = Patient.objects.create(clinic=personas.clinic_a, given_name="Nia", family_name="New")
    path = invite_by_mail(
        actor=personas.therapist_a,
        clinic=personas.clinic_a,
        email="nia@example.com",
        kind=InvitationKind.PATIENT,
        patient=patient,
    )
    return path, patient


def accept(client: Client, path: str, password: str = NEW_PASSWORD, again: str | None = None):
    return client.post(path, {"password": password, "password_again": again or password})


def test_it_lets_an_invited_patient_set_a_password_and_log_in(personas: Personas) -> None:
    path, patient = invite_new_patient(personas)
    assert "nia@example.com" in mail.outbox[0].to
    assert path in mail.outbox[0].body
    client = Client()
    assert client.get(path).status_code == 200
    response = accept(client, path)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.user is not None and patient.user.check_password(NEW_PASSWORD)
    assert client.get("/me/").status_code == 200
    fresh = Client()
    fresh.post("/login/", {"username": "nia@example.com", "password": NEW_PASSWORD})
    assert fresh.get("/me/").status_code == 200


def test_it_refuses_a_link_used_twice(personas: Personas) -> None:
    path, _ = invite_new_patient(personas)
    accept(Client(), path)
    response = accept(Client(), path, password="another-password-9")
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert User.objects.get(email="nia@example.com").check_password(NEW_PASSWORD)


def test_it_refuses_an_expired_link_and_creates_no_login(personas: Personas) -> None:
    path, _ = invite_new_patient(personas)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = accept(Client(), path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email="nia@example.com").exists()


def test_it_refuses_a_forged_link(personas: Personas) -> None:
    invite_new_patient(personas)
    response = accept(Client(), "/invite/forged-token-that-was-never-issued/")
    assert response.status_code == 410
    assert not User.objects.filter(email="nia@example.com").exists()


def test_it_keeps_the_link_usable_when_the_passwords_differ_or_are_weak(personas: Personas) -> None:
    path, patient = invite_new_patient(personas)
    assert accept(Client(), path, again="something-else-entirely").status_code == 400
    assert accept(Client(), path, password="password").status_code == 400
    patient.refresh_from_db()
    assert patient.user is None
    assert accept(Client(), path).status_code == 302


def test_it_replaces_a_pending_link_when_the_clinic_sends_a_new_one(personas: Personas) -> None:
    first, patient = invite_new_patient(personas)
    second = invite_by_mail(
        actor=personas.therapist_a,
        clinic=personas.clinic_a,
        email="nia@example.com",
        kind=InvitationKind.PATIENT,
        patient=patient,
    )
    assert accept(Client(), first).status_code == 410
    assert accept(Client(), second).status_code == 302


def test_it_makes_an_invited_colleague_a_member_with_the_offered_role(personas: Personas) -> None:
    path = invite_by_mail(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        email="kim@example.com",
        kind=InvitationKind.THERAPIST,
    )
    assert accept(Client(), path).status_code == 302
    membership = Membership.objects.get(user__email="kim@example.com")
    assert (membership.clinic, membership.role) == (personas.clinic_a, "therapist")


def test_it_stores_only_a_hash_of_the_link(personas: Personas) -> None:
    path, _ = invite_new_patient(personas)
    token = path.strip("/").split("/")[-1]
    assert not Invitation.objects.filter(token_hash=token).exists()
