"""The demo clinic: synthetic people with plausible histories, clearly labelled as demo data.

Seeded by `knotwork serve --demo` (which `bin/demo` runs). Its logins share one published
password, so they work only while the server runs with `--demo`: a start without it switches
them off. Nothing here is a real person; all addresses are on example.com, a domain reserved
for examples.
"""

from __future__ import annotations

from datetime import date

from django.db import models, transaction

from knotwork.accounts.models import User
from knotwork.clinics.models import Clinic, Membership, Role
from knotwork.courses.demo import seed_demo_courses
from knotwork.intake.demo import seed_demo_intake
from knotwork.painmaps.models import DrawnVia
from knotwork.painmaps.services import record_pain_map
from knotwork.patients.services import create_patient

DEMO_PASSWORD = "knotwork-demo"
DEMO_CLINIC_NAME = "Riverside Neuromuscular Therapy (demo)"

STAFF = [
    ("Clinic admin", "admin@example.com", "Alex Admin (demo)", Role.ADMIN),
    ("Therapist", "maria@example.com", "Maria Lopez (demo)", Role.THERAPIST),
    ("Therapist", "sam@example.com", "Sam Okafor (demo)", Role.THERAPIST),
]
PATIENT_LOGIN = ("Patient", "jordan@example.com")

# given, family, born, therapist index, history in the therapist's words.
PATIENTS = [
    (
        "Jordan",
        "Reyes",
        date(1986, 4, 12),
        1,
        "Warehouse picker. Low back pain on the right for 3 weeks after lifting boxes while "
        "twisting; "
        "worse rising from a chair and turning in bed. No leg numbness reported.",
    ),
    (
        "Priya",
        "Shah",
        date(1991, 9, 3),
        1,
        "Software developer, long hours at a laptop. Neck and right shoulder pain with afternoon "
        "headaches at the temple for 4 months; high work stress.",
    ),
    (
        "Tom",
        "Becker",
        date(1974, 1, 28),
        2,
        "Bus driver. Aching in the left buttock and side of the hip after long shifts seated; "
        "some pain down the outer thigh. Chronic, about 8 months.",
    ),
    (
        "Aiko",
        "Tanaka",
        date(1968, 11, 5),
        2,
        "Teacher. Jaw pain on both sides, clenching at night reported by partner; pain in front of "
        "the ears and in the cheeks in the morning.",
    ),
    (
        "Lena",
        "Novak",
        date(1999, 6, 19),
        1,
        "Rower. Pain between the shoulder blades and at the top of the left shoulder after "
        "increasing training volume two weeks ago.",
    ),
]


# A first pain map per demo patient, drawn with the therapist, matching each history above.
DEMO_PAIN_MAPS: dict[str, dict[str, int]] = {
    "Jordan": {"low_back_right": 7, "buttock_upper_right": 5, "buttock_lower_right": 3},
    "Priya": {
        "neck_back_upper_right": 5,
        "neck_back_lower_right": 4,
        "shoulder_top_right": 5,
        "temple_right": 6,
    },
    "Tom": {
        "buttock_upper_left": 5,
        "buttock_lower_left": 6,
        "hip_lateral_left": 5,
        "thigh_lateral_left": 4,
    },
    "Aiko": {
        "jaw_left": 6,
        "jaw_right": 6,
        "cheek_left": 5,
        "cheek_right": 5,
        "tmj_left": 6,
        "tmj_right": 6,
    },
    "Lena": {"interscapular_left": 5, "interscapular_right": 4, "shoulder_top_left": 6},
}


# The demo patients' physician (the addressee of their reports and clearance requests).
DEMO_PHYSICIAN = "Dr Hana Lee (demo)"
DEMO_PRACTICE = "Riverside Family Practice (demo)"


def demo_login_emails() -> list[str]:
    return [email for _, email, _, _ in STAFF] + [PATIENT_LOGIN[1]]


def _demo_users() -> list[User]:
    """The demo logins, found through the demo clinic (a real clinic's user is never touched)."""
    demo_clinics = Clinic.objects.filter(is_demo=True)
    return list(
        User.objects.filter(email__in=demo_login_emails()).filter(
            models.Q(memberships__clinic__in=demo_clinics)
            | models.Q(patient_record__clinic__in=demo_clinics)
        )
    )


def switch_off_demo_logins() -> int:
    """Make the demo logins unusable (no password works); return how many were switched off."""
    switched = 0
    for user in _demo_users():
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
            switched += 1
    return switched


def seed_demo_clinic() -> Clinic | None:
    """Create the demo clinic unless it exists (return it when created); switch its logins on."""
    if Clinic.objects.filter(is_demo=True).exists():
        for user in _demo_users():
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
        return None
    with transaction.atomic():
        clinic = Clinic.objects.create(name=DEMO_CLINIC_NAME, is_demo=True)
        staff: list[User] = []
        for _, email, name, role in STAFF:
            user = User.objects.create_user(email, DEMO_PASSWORD, display_name=name)
            Membership.objects.create(user=user, clinic=clinic, role=role)
            staff.append(user)
        for given, family, born, therapist, history in PATIENTS:
            patient = create_patient(
                actor=staff[therapist],
                clinic=clinic,
                given_name=given,
                family_name=f"{family} (demo)",
                date_of_birth=born,
                email=f"{given.lower()}@example.com",
                history=history,
                therapists=[staff[therapist]],
                physician_name=DEMO_PHYSICIAN,
                physician_practice=DEMO_PRACTICE,
                physician_email="dr.lee@example.com",
                physician_phone="555-0142",
                physician_address="12 Mill Lane, Riverside",
                is_demo=True,
            )
            record_pain_map(
                actor=staff[therapist],
                patient=patient,
                marks=[{"region": r, "intensity": i} for r, i in DEMO_PAIN_MAPS[given].items()],
                via=DrawnVia.CLINIC,
            )
            # Filled with the therapist at the first visit, after the pain map above.
            seed_demo_intake(actor=staff[therapist], patient=patient, given_name=given)
            if patient.email == PATIENT_LOGIN[1]:
                # The demo patient can log in straight away; real patients are invited.
                patient.user = User.objects.create_user(
                    patient.email, DEMO_PASSWORD, display_name=given
                )
                patient.save(update_fields=["user"])
        # Jordan's course three weeks in; Priya ready to start one (knotwork.courses.demo).
        seed_demo_courses(clinic)
    return clinic


def demo_logins() -> list[tuple[str, str]]:
    """(role, email) of the demo logins, if the demo clinic exists."""
    if not Clinic.objects.filter(is_demo=True).exists():
        return []
    return [(role, email) for role, email, _, _ in STAFF] + [PATIENT_LOGIN]
