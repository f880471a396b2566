"""The trail is complete: lists of patients, admin actions (pages and Django's admin), old and
new values, and an export for an investigation."""

from __future__ import annotations

import csv
import io

from django.test import Client

from knotwork.audit.chain import verify
from knotwork.audit.models import AuditAction, AuditEntry
from knotwork.clinics.models import Invitation, Membership, Role
from tests.conftest import Personas


def logged_in(user) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def last(**match: object) -> AuditEntry:
    found = AuditEntry.objects.filter(**match).order_by("-seq").first()
    assert found is not None, f"no entry {match}"
    return found


def test_the_dashboard_is_one_entry_naming_the_patients_shown(personas: Personas) -> None:
    client = logged_in(personas.therapist_a)
    client.get("/patients/")
    entry = last(subject="patient_list")
    assert entry.action == AuditAction.READ and entry.actor == personas.therapist_a
    assert entry.detail.startswith("2 patients shown")
    assert sorted(name for _, name in entry.patients) == ["Other Person", "Pat Ient"]

    client.get("/patients/", {"q": "ient"})
    searched = last(subject="patient_list")
    assert searched.patients == [[personas.patient.pk, "Pat Ient"]]
    assert "search 'ient'" in searched.detail
    assert AuditEntry.objects.filter(subject="patient_list").count() == 2


def test_the_api_list_is_one_entry_too(personas: Personas) -> None:
    answer = logged_in(personas.therapist_a).get("/api/v1/patients")
    assert len(answer.json()) == 2
    entry = last(subject="patient_list")
    assert entry.detail.startswith("2 patients shown: API list")
    assert {pk for pk, _ in entry.patients} == {personas.patient.pk, personas.other_patient.pk}


def test_a_patient_edit_keeps_each_fields_old_and_new_value(personas: Personas) -> None:
    logged_in(personas.therapist_a).post(
        f"/patients/{personas.patient.pk}/edit/",
        {"given_name": "Pat", "family_name": "Ient", "history": "Whiplash in 2019"},
    )
    entry = last(action=AuditAction.CHANGE, subject="patient")
    assert entry.changes["history"] == {"old": "", "new": "Whiplash in 2019"}


def test_role_and_activation_changes_name_the_admin_and_the_values(personas: Personas) -> None:
    membership = personas.therapist_a.memberships.get()
    admin = logged_in(personas.admin_a)
    admin.post(f"/clinic/members/{membership.pk}/", {"role": "admin", "is_active": "on"})
    promoted = last(subject="membership")
    assert promoted.action == AuditAction.ADMIN
    assert (promoted.actor, promoted.actor_email) == (personas.admin_a, "admin.a@example.com")
    assert promoted.changes == {"role": {"old": "therapist", "new": "admin"}}

    admin.post(f"/clinic/members/{membership.pk}/", {"role": "admin"})
    ended = last(subject="membership")
    assert ended.changes == {"is_active": {"old": True, "new": False}}
    assert "switched the membership off" in ended.detail


def test_invitations_sent_and_withdrawn_are_entries_with_their_actor(personas: Personas) -> None:
    admin = logged_in(personas.admin_a)
    admin.post("/clinic/members/", {"email": "new.colleague@example.com", "role": "therapist"})
    sent = last(subject="invitation")
    assert sent.actor == personas.admin_a and "new.colleague@example.com" in sent.detail
    invitation = Invitation.objects.get(email="new.colleague@example.com")
    admin.post(f"/clinic/invitations/{invitation.pk}/revoke/")
    withdrawn = last(subject="invitation")
    assert withdrawn.pk != sent.pk and withdrawn.actor == personas.admin_a
    assert withdrawn.detail == "withdrew the invitation of new.colleague@example.com"


def test_changes_in_the_django_admin_are_entries_of_the_operator(
    personas: Personas, operator_client: Client
) -> None:
    membership = personas.therapist_a.memberships.get()
    answer = operator_client.post(
        f"/admin/clinics/membership/{membership.pk}/change/",
        {"user": personas.therapist_a.pk, "clinic": personas.clinic_a.pk, "role": "therapist"},
    )
    assert answer.status_code == 302
    entry = last(subject="membership")
    assert entry.actor_email == "operator@example.com"
    assert entry.changes == {"is_active": {"old": True, "new": False}}
    assert "in the Django admin" in entry.detail

    operator_client.post(
        f"/admin/clinics/clinic/{personas.clinic_a.pk}/change/",
        {"name": "Clinic A", "routine_flags_need_clearance": ""},
    )
    setting = last(subject="clinic")
    assert setting.changes["routine_flags_need_clearance"] == {"old": True, "new": False}
    assert verify().intact


def test_admins_export_the_filtered_trail_as_csv(personas: Personas) -> None:
    logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/")
    logged_in(personas.therapist_a).get(f"/patients/{personas.other_patient.pk}/")
    answer = logged_in(personas.admin_a).get("/clinic/audit/export.csv", {"patient": "Ient"})
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert [row["patient_name"] for row in rows] == ["Pat Ient"]
    assert rows[0]["actor_email"] == "therapist.a@example.com" and len(rows[0]["hash"]) == 64
    exported = last(subject="audit_export")
    assert exported.actor == personas.admin_a
    assert exported.detail == "exported 1 audit entries as CSV (patient Ient)"


def test_the_export_keeps_a_formula_in_a_name_as_text(personas: Personas) -> None:
    personas.other_patient.given_name = "=HYPERLINK(x)"
    personas.other_patient.save()
    logged_in(personas.therapist_a).get(f"/patients/{personas.other_patient.pk}/")
    body = logged_in(personas.admin_a).get("/clinic/audit/export.csv").content.decode()
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["patient_name"] == "'=HYPERLINK(x) Person"


def test_other_clinics_admins_export_nothing_of_clinic_a(personas: Personas) -> None:
    logged_in(personas.therapist_a).get(f"/patients/{personas.patient.pk}/")
    body = logged_in(personas.admin_b).get("/clinic/audit/export.csv").content.decode()
    assert "Pat Ient" not in body
    assert logged_in(personas.therapist_a).get("/clinic/audit/export.csv").status_code == 404


def test_a_membership_switched_off_in_the_admin_ends_like_one_on_the_page(
    personas: Personas, operator_client: Client
) -> None:
    client = logged_in(personas.therapist_a)
    assert client.get("/patients/").status_code == 200
    membership = Membership.objects.get(user=personas.therapist_a)
    operator_client.post(
        f"/admin/clinics/membership/{membership.pk}/change/",
        {"user": personas.therapist_a.pk, "clinic": personas.clinic_a.pk, "role": Role.THERAPIST},
    )
    # The person's sessions in the clinic ended with it.
    assert client.get("/patients/").status_code == 302


def test_a_new_consent_text_keeps_the_old_and_the_new_wording(personas: Personas) -> None:
    from knotwork.courses.services import save_consent_text
    from knotwork.courses.services.consent import current_text

    before = current_text(personas.clinic_a)
    save_consent_text(actor=personas.admin_a, clinic=personas.clinic_a, text="New wording.")
    entry = last(subject="consent_text")
    assert entry.action == AuditAction.ADMIN and entry.actor == personas.admin_a
    assert entry.changes["text"] == {"old": before.text, "new": "New wording."}
