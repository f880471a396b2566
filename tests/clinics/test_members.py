"""Clinic admins invite colleagues: a member needs no invitation, therapist is the default role."""

from __future__ import annotations

import pytest
from django.test import Client

from knotwork.clinics.models import Invitation
from tests.conftest import Personas


def test_it_refuses_to_invite_someone_who_is_already_a_member(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.admin_a)
    response = client.post(
        "/clinic/members/", {"email": "Therapist.A@example.com", "role": "admin"}
    )
    assert response.status_code == 400
    assert "already a member of this clinic" in response.content.decode()
    assert not Invitation.objects.filter(email="therapist.a@example.com").exists()


def test_it_offers_a_therapist_invitation_unless_the_admin_chooses_otherwise(
    personas: Personas,
) -> None:
    client = Client()
    client.force_login(personas.admin_a)
    page = client.get("/clinic/members/").content.decode()
    invite_form = page.split("Invite a colleague", 1)[1]
    assert '<option value="therapist" selected>' in invite_form


def test_the_database_keeps_one_pending_invitation_per_person(personas: Personas) -> None:
    from django.db import IntegrityError, transaction

    from knotwork.clinics.models import InvitationKind, hash_token
    from knotwork.clinics.services import invite

    first = invite(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        email="twice@example.com",
        kind=InvitationKind.THERAPIST,
    )
    second = invite(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        email="twice@example.com",
        kind=InvitationKind.THERAPIST,
    )
    first.refresh_from_db()
    assert first.status == "revoked" and second.is_usable
    # A writer that skipped the service's withdrawal is refused by the constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            clinic=personas.clinic_a,
            kind=InvitationKind.THERAPIST,
            email="twice@example.com",
            token_hash=hash_token("another"),
            expires_at=Invitation.default_expiry(),
        )
