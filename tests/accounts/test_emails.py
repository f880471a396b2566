"""Emails are one login whatever their case: stored lower case, found ignoring case, and two
logins can never differ only in case (the migration refuses to run while any do)."""

from __future__ import annotations

import importlib

import pytest
from django.db import IntegrityError, connection
from django.test import Client

from knotwork.accounts.models import User
from knotwork.clinics.models import Invitation, InvitationKind
from knotwork.clinics.services import invite
from tests.conftest import Personas


def test_it_stores_an_email_in_lower_case_however_it_was_typed(db) -> None:
    user = User.objects.create_user(" Kim.Lee@Example.COM ", "a-long-password-1")
    assert user.email == "kim.lee@example.com"
    user.email = "KIM.LEE@example.com"
    user.save()
    assert User.objects.get(pk=user.pk).email == "kim.lee@example.com"


def test_it_refuses_a_second_login_that_differs_only_in_case(db) -> None:
    User.objects.create_user("kim@example.com", "a-long-password-1")
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, is_staff, is_active, "
            "date_joined, email, display_name) VALUES ('x', false, false, true, "
            "CURRENT_TIMESTAMP, 'KIM@example.com', '')"
        )


def test_it_invites_an_email_in_any_case_as_the_same_person(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.admin_a)
    answer = client.post("/clinic/members/", {"email": "New.Person@Example.com", "role": "admin"})
    assert answer.status_code == 302
    assert Invitation.objects.get().email == "new.person@example.com"
    invite(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        email="NEW.PERSON@example.com",
        kind=InvitationKind.ADMIN,
    )
    assert Invitation.objects.filter(revoked_at=None).count() == 1


def test_the_migration_lower_cases_emails_and_refuses_clashes(db) -> None:
    from django.apps import apps

    migration = importlib.import_module("knotwork.accounts.migrations.0002_emails_in_lower_case")
    User.objects.create_user("mixed@example.com", "a-long-password-1")
    User.objects.filter(email="mixed@example.com").update(email="Mixed@Example.com")
    migration.lower_case_emails(apps, None)
    assert User.objects.filter(email="mixed@example.com").exists()
    User.objects.create_user("dup@example.com", "a-long-password-1")
    with connection.constraint_checks_disabled():
        User.objects.bulk_create([User(email="other@example.com", password="x")])
    User.objects.filter(email="other@example.com").update(email="Dup@Example.com ")
    with pytest.raises(RuntimeError, match="differ only in upper and lower case"):
        migration.lower_case_emails(apps, None)
