"""Test-wide set-up: a throw-away data directory, and the personas every access test uses.

Personas (the architecture guide's habit, from healthchecks): a therapist and an admin of
clinic A, a therapist of clinic B, a patient of the clinic A therapist, and another patient.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests share two cores with the rest of the suite (and CI with the browser tier): a slow
# moment must not fail a test, so no per-example deadline and no "too slow" health check.
hypothesis_settings.register_profile(
    "knotwork", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("knotwork")

# Settings read these at import time: keep tests away from the developer's ./var.
os.environ.setdefault("KNOTWORK_DATA_DIR", tempfile.mkdtemp(prefix="knotwork-tests-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "knotwork.settings")

if TYPE_CHECKING:
    # Django is imported inside the fixtures: settings must be in place first.
    from django.test import Client

    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic
    from knotwork.patients.models import Patient

PASSWORD = "correct-horse-battery-1"


def api_client(user: User) -> Client:
    """A test client logged in as `user` (the API accepts the web session)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# A place of the patient page that htmx fills after the page (patients/_lazy_panel.html).
LAZY_PLACE = re.compile(r'<section class="card lazy-panel" hx-get="([^"]+)".*?</section>', re.S)


def patient_page(client: Client, patient_id: int) -> str:
    """The staff patient page as the browser shows it once loaded: each lazy panel's place
    replaced by the fragment htmx fetches for it (each asked as htmx asks, and each a 200)."""
    page = client.get(f"/patients/{patient_id}/")
    assert page.status_code == 200, page.status_code

    def fragment(place: re.Match[str]) -> str:
        answer = client.get(place.group(1), headers={"HX-Request": "true"})
        assert answer.status_code == 200, place.group(1)
        return answer.content.decode()

    return LAZY_PLACE.sub(fragment, page.content.decode())


def pytest_configure(config: pytest.Config) -> None:
    """Argon2 is slow by design and tests create many users; tests/accounts/test_sessions.py checks
    that the real settings hash with Argon2. Pages rendered in the test process link the apps'
    static files as they are (nothing is collected for them); tests/web/test_staticfiles.py
    checks the collected, hashed and minified ones, and every server the tests start collects
    its own."""
    if config.pluginmanager.has_plugin("django"):
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        settings.STATIC_ROOT = None
        settings.WHITENOISE_USE_FINDERS = True


# What a test asks for when it touches the tier's database (pytest-django's fixtures).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
)


def touches_the_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres_only` (trigram plans, concurrent writers) belong to the PostgreSQL
    tier: the SQLite tier deselects them rather than skipping them, so a skip never counts as a
    pass and the summary says where they ran.

    The PostgreSQL tier runs the tests again on PostgreSQL, so it deselects those that touch no
    database (no database fixture, no `django_db` mark, not `postgres_only`): they would run the
    same a second time. The servers and commands such tests start drop DATABASE_URL and run on a
    SQLite data directory of their own; a test whose subprocess uses the tier's database asks
    for `db` (tests/commands/test_crash_recovery.py) or is `postgres_only`."""
    from django.db import connection

    if connection.vendor == "postgresql":
        kept = [
            i for i in items if touches_the_database(i) or i.get_closest_marker("postgres_only")
        ]
        if len(kept) < len(items):
            keep = set(kept)
            config.hook.pytest_deselected(items=[i for i in items if i not in keep])
            items[:] = kept
        return
    elsewhere = [item for item in items if item.get_closest_marker("postgres_only")]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if not item.get_closest_marker("postgres_only")]


@dataclass
class Personas:
    clinic_a: Clinic
    clinic_b: Clinic
    therapist_a: User
    admin_a: User
    therapist_b: User
    admin_b: User
    patient_user: User
    patient: Patient
    other_patient_user: User
    other_patient: Patient
    patient_b: Patient


@pytest.fixture
def personas(db: None) -> Personas:
    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic, Membership, Role
    from knotwork.patients.models import Patient

    def staff(email: str, clinic: Clinic, role: Role) -> User:
        user = User.objects.create_user(email, PASSWORD, display_name=email.split("@")[0])
        Membership.objects.create(user=user, clinic=clinic, role=role)
        return user

    clinic_a = Clinic.objects.create(name="Clinic A")
    clinic_b = Clinic.objects.create(name="Clinic B")
    therapist_a = staff("therapist.a@example.com", clinic_a, Role.THERAPIST)
    admin_a = staff("admin.a@example.com", clinic_a, Role.ADMIN)
    therapist_b = staff("therapist.b@example.com", clinic_b, Role.THERAPIST)
    admin_b = staff("admin.b@example.com", clinic_b, Role.ADMIN)
    patient_user = User.objects.create_user("pat@example.com", PASSWORD)
    patient = Patient.objects.create(
        clinic=clinic_a,
        user=patient_user,
        given_name="Pat",
        family_name="Ient",
        email="pat@example.com",
    )
    patient.therapists.set([therapist_a])
    other_patient_user = User.objects.create_user("other@example.com", PASSWORD)
    other_patient = Patient.objects.create(
        clinic=clinic_a, user=other_patient_user, given_name="Other", family_name="Person"
    )
    patient_b = Patient.objects.create(clinic=clinic_b, given_name="Bea", family_name="Bee")
    patient_b.therapists.set([therapist_b])
    return Personas(
        clinic_a,
        clinic_b,
        therapist_a,
        admin_a,
        therapist_b,
        admin_b,
        patient_user,
        patient,
        other_patient_user,
        other_patient,
        patient_b,
    )


def open_gate(patient: Patient, actor: User) -> None:
    """An intake screen and today's pre-session screen, every answer no: the gate opens today."""
    from django.utils import timezone

    from knotwork.domain import safety
    from knotwork.intake.services.safety import record_intake_screen, record_pre_session_screen

    record_intake_screen(
        actor=actor, patient=patient, answers=dict.fromkeys(safety.red_flags(), False)
    )
    record_pre_session_screen(
        actor=actor,
        patient=patient,
        answers=dict.fromkeys(safety.pre_session_questions(), False),
        on=timezone.localdate(),
    )
