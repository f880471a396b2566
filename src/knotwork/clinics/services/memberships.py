"""Memberships: change a member's role or switch the membership off, keeping an admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest

from knotwork.audit.models import AuditAction
from knotwork.audit.services import diff, record_event
from knotwork.clinics.models import Membership, Role
from knotwork.clinics.signals import membership_ended
from knotwork.common.errors import Conflict

if TYPE_CHECKING:
    from knotwork.accounts.models import User


class LastAdminError(Conflict):
    """A clinic must keep at least one active admin."""


@transaction.atomic
def change_membership(
    *,
    actor: User | None,
    membership: Membership,
    role: Role | None = None,
    active: bool | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Change a member's role or switch the membership off, keeping at least one admin; audited
    with the actor and each field's old and new value (`actor` None: an operator)."""
    new_role = role or Role(membership.role)
    new_active = membership.is_active if active is None else active
    loses_admin = membership.role == Role.ADMIN and (new_role != Role.ADMIN or not new_active)
    if loses_admin:
        other_admins = (
            Membership.objects.select_for_update()
            .filter(clinic=membership.clinic, role=Role.ADMIN, is_active=True)
            .exclude(pk=membership.pk)
        )
        if not other_admins.exists():
            raise LastAdminError("A clinic needs at least one active admin.")
    ended = membership.is_active and not new_active
    before = {"role": membership.role, "is_active": membership.is_active}
    membership.role = new_role
    membership.is_active = new_active
    membership.save(update_fields=["role", "is_active"])
    changes = diff(before, {"role": membership.role, "is_active": membership.is_active})
    if changes:
        member = membership.user
        words = {
            "role": f"role {before['role']} to {membership.role}",
            "is_active": "switched the membership " + ("on" if new_active else "off"),
        }
        record_event(
            actor=actor,
            clinic=membership.clinic,
            action=AuditAction.ADMIN,
            subject="membership",
            subject_id=membership.pk,
            detail=f"{member.email}: " + ", ".join(words[name] for name in changes),
            changes=changes,
            request=request,
        )
    if ended:
        # In the same transaction: the person's sessions in this clinic, their API tokens and
        # calendar feeds end with the membership (the apps that own them listen).
        membership_ended.send(sender=Membership, membership=membership)
