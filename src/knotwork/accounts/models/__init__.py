"""The accounts app's models: logins, their API tokens and their sessions."""

from knotwork.accounts.models.sessions import LoginSession
from knotwork.accounts.models.tokens import ApiToken, ClinicScopedUser
from knotwork.accounts.models.user import User, UserManager, normalise_email

__all__ = ["ApiToken", "ClinicScopedUser", "LoginSession", "User", "UserManager", "normalise_email"]
