"""`knotwork manage live_fixture --sessions N`: synthetic live sessions for load tests.

Creates a clinic marked as demo data, one therapist logged in (a server-side session whose
cookie is printed), N synthetic patients each with an open live session, and prints JSON:
{"cookie": "sessionid=...", "sessions": [{"live_id": 1, "token": "..."}, ...]}. It refuses to
run on a database that holds a real (non-demo) clinic: it is for throw-away data directories.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from knotwork.accounts.models import User
from knotwork.clinics.models import Clinic, Membership, Role
from knotwork.domain import safety
from knotwork.intake.services.safety import record_intake_screen, record_pre_session_screen
from knotwork.live.services import start_live_session
from knotwork.live.tokens import make_join_token
from knotwork.patients.models import Patient


class Command(BaseCommand):
    help = "Create synthetic open live sessions and print their phone tokens and a staff cookie."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sessions", type=int, default=1)

    def handle(self, *args: Any, sessions: int, **options: Any) -> None:
        if Clinic.objects.filter(is_demo=False).exists():
            raise CommandError("This database holds a real clinic; use a throw-away data dir.")
        with transaction.atomic():
            clinic = Clinic.objects.create(name="Live feedback load test (synthetic)", is_demo=True)
            therapist = User.objects.create_user(
                f"load-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(16)
            )
            Membership.objects.create(user=therapist, clinic=clinic, role=Role.THERAPIST)
            found = []
            for number in range(sessions):
                patient = Patient.objects.create(
                    clinic=clinic, given_name="Load", family_name=f"Test {number}", is_demo=True
                )
                # Screened today, every answer no: live feedback opens only through the gate.
                record_intake_screen(
                    actor=therapist,
                    patient=patient,
                    answers=dict.fromkeys(safety.red_flags(), False),
                )
                record_pre_session_screen(
                    actor=therapist,
                    patient=patient,
                    answers=dict.fromkeys(safety.pre_session_questions(), False),
                    on=timezone.localdate(),
                )
                live = start_live_session(actor=therapist, patient=patient)
                found.append({"live_id": live.pk, "token": make_join_token(live.pk, patient.pk)})
        store = SessionStore()
        store[SESSION_KEY] = str(therapist.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = therapist.get_session_auth_hash()
        store.create()
        cookie = f"sessionid={store.session_key}"
        self.stdout.write(json.dumps({"cookie": cookie, "sessions": found}))
