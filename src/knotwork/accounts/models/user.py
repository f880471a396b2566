"""People who log in: clinic staff and invited patients. The email address is the login.

Emails are kept in lower case and compared that way everywhere (login, invitations, login
codes): `Maria@Example.com` and `maria@example.com` are one person, and a database constraint
keeps two logins from differing only in case.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower


def normalise_email(email: str) -> str:
    """The form an email is stored and compared in: trimmed and lower case."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        """The login form's lookup: `Maria@Example.com ` finds maria@example.com."""
        return self.get(email=normalise_email(username or ""))


class User(AbstractUser):
    """A login. What a user may see follows from clinic memberships or a patient record."""

    # Django's documented way to drop an inherited field; the stubs type these as fields.
    username = None  # type: ignore[assignment]  # AbstractUser's field, removed: the email logs in
    first_name = None  # type: ignore[assignment]  # removed: display_name is the one name
    last_name = None  # type: ignore[assignment]  # removed: display_name is the one name
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # by email, not username

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="one_login_per_email_ignoring_case")
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every path that stores a user (admin, createsuperuser, services) stores it lower case.
        self.email = normalise_email(self.email or "")
        super().save(*args, **kwargs)

    @property
    def is_patient(self) -> bool:
        return hasattr(self, "patient_record")

    @property
    def is_clinic_staff(self) -> bool:
        return self.memberships.filter(is_active=True).exists()
