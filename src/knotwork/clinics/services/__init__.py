"""Writers for clinics, memberships and invitations. Each owns its transaction.

By concept: `invitations` (the emailed one-time link: invite, accept, withdraw), `codes` (the
printed login code a patient enters with their date of birth), `memberships` (role and
switching off, keeping at least one admin).
"""

from knotwork.clinics.services.codes import (
    WRONG_CODE,
    LoginCodeError,
    PrintedCode,
    accept_login_code,
    check_login_code,
    issue_login_code,
)
from knotwork.clinics.services.invitations import (
    InvitationError,
    accept_invitation,
    find_invitation,
    invite,
    revoke_invitation,
)
from knotwork.clinics.services.memberships import LastAdminError, change_membership

__all__ = [
    "WRONG_CODE",
    "InvitationError",
    "LastAdminError",
    "LoginCodeError",
    "PrintedCode",
    "accept_invitation",
    "accept_login_code",
    "change_membership",
    "check_login_code",
    "find_invitation",
    "invite",
    "issue_login_code",
    "revoke_invitation",
]
