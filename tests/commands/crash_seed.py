"""Seeds the database of tests/commands/test_crash_recovery.py, run in a subprocess:

    python -m tests.commands.crash_seed CHECK_INS

A clinic, a therapist with an API token, and CHECK_INS patients (each with an email address)
whose first session was recorded through the services, each check-in's first question due now
and its task due now. Prints {"token": ..., "patients": [ids]} as JSON.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta


def main(count: int) -> None:
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from knotwork.accounts.models import User
    from knotwork.accounts.services.tokens import create_token
    from knotwork.clinics.models import Clinic, Membership, Role
    from knotwork.courses.models import CheckIn
    from knotwork.courses.services import record_session, start_course
    from knotwork.domain import safety
    from knotwork.intake.services.safety import record_intake_screen, record_pre_session_screen
    from knotwork.patients.services import create_patient

    clinic = Clinic.objects.create(name="Crash Clinic")
    therapist = User.objects.create_user("crash.therapist@example.com", "a-long-password-1")
    membership = Membership.objects.create(user=therapist, clinic=clinic, role=Role.THERAPIST)
    token = create_token(
        user=therapist, membership=membership, name="crash test", scopes=["read", "write"]
    )
    today = timezone.localdate()
    ids = []
    for number in range(count):
        patient = create_patient(
            actor=therapist,
            clinic=clinic,
            given_name=f"Crash{number:04d}",
            family_name="Test",
            email=f"crash{number:04d}@example.com",
        )
        ids.append(patient.pk)
        record_intake_screen(
            actor=therapist,
            patient=patient,
            answers={flag: False for flag in safety.red_flags()},
        )
        record_pre_session_screen(
            actor=therapist,
            patient=patient,
            answers={q: False for q in safety.pre_session_questions()},
            on=today,
        )
        course = start_course(actor=therapist, patient=patient, start_date=today)
        record_session(
            actor=therapist,
            session=course.treatment_sessions.get(number=1),
            held_at=timezone.now(),
            fields={"pre_nprs": 6},
            points=[],
        )
    # The first question of every check-in is due now, and so is its task.
    due = timezone.now() - timedelta(seconds=1)
    with transaction.atomic():
        for check_in in CheckIn.objects.all():
            asked = DBTaskResult.objects.filter(
                task_path="knotwork.courses.tasks.nudge_check_in",
                args_kwargs__args=[check_in.pk],
                run_after=check_in.ask_at,
            )
            asked.update(run_after=due)
            CheckIn.objects.filter(pk=check_in.pk).update(ask_at=due)
    print(json.dumps({"token": token.secret, "patients": ids}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
