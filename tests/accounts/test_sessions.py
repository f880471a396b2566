"""Staff sessions end after inactivity; passwords are hashed with Argon2."""

from __future__ import annotations

import time

from django.test import Client

from knotwork.accounts.middleware import LAST_SEEN_KEY
from tests.conftest import PASSWORD, Personas


def test_it_logs_staff_out_after_thirty_idle_minutes(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    assert client.get("/patients/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get("/patients/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "inactivity" in client.get("/login/").content.decode()


def test_it_keeps_an_active_staff_session(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 29 * 60
    session.save()
    assert client.get("/patients/").status_code == 200


def idle_for(client: Client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - minutes * 60
    session.save()


def test_it_keeps_a_patients_session_for_two_idle_hours(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.patient_user)
    idle_for(client, 119)
    assert client.get("/me/").status_code == 200
    idle_for(client, 121)
    assert client.get("/me/").status_code == 302


def test_it_gives_a_therapist_who_is_also_a_patient_the_staff_limit(
    personas: Personas,
) -> None:
    from knotwork.patients.models import Patient

    Patient.objects.create(
        clinic=personas.clinic_b, user=personas.therapist_a, given_name="T", family_name="A"
    )
    client = Client()
    client.force_login(personas.therapist_a)
    idle_for(client, 31)
    response = client.get("/patients/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_it_hashes_passwords_with_argon2_in_production() -> None:
    import knotwork.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_it_lists_a_users_sessions_with_device_address_and_last_use(personas: Personas) -> None:
    from tests.accounts.conftest import password_step

    phone = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
    password_step("therapist.a@example.com", address="203.0.113.20").get("/patients/")
    here = Client(REMOTE_ADDR="198.51.100.30", HTTP_USER_AGENT=phone)
    here.post("/login/", {"username": "therapist.a@example.com", "password": PASSWORD})
    page = here.get("/account/sessions/").content.decode()
    assert "Chrome on Android" in page and "this one" in page
    assert "203.0.113.20" in page and "198.51.100.30" in page


def test_it_ends_a_session_the_user_chooses(personas: Personas) -> None:
    from knotwork.accounts.models import LoginSession

    other = Client()
    other.force_login(personas.therapist_a)
    here = Client()
    here.force_login(personas.therapist_a)
    theirs = LoginSession.objects.get(session_key=other.session.session_key)
    assert here.post(f"/account/sessions/{theirs.pk}/end/").status_code == 302
    assert other.get("/patients/").status_code == 302
    assert here.get("/patients/").status_code == 200
    stranger = Client()
    stranger.force_login(personas.therapist_b)
    mine = LoginSession.objects.get(session_key=here.session.session_key)
    assert stranger.post(f"/account/sessions/{mine.pk}/end/").status_code == 404


def test_it_ends_sessions_tokens_and_calendar_of_a_deactivated_therapist(
    personas: Personas,
) -> None:
    from knotwork.accounts.services.tokens import create_token
    from knotwork.courses.models import CalendarFeed

    session = Client()
    session.force_login(personas.therapist_a)
    feed_page = session.post("/calendar/").content.decode()
    feed_path = feed_page.split('class="calendar-link">http://testserver', 1)[1].split("<", 1)[0]
    assert Client().get(feed_path).status_code == 200
    membership = personas.therapist_a.memberships.get()
    secret = create_token(
        user=personas.therapist_a, membership=membership, name="t", scopes=["read"]
    ).secret
    admin = Client()
    admin.force_login(personas.admin_a)
    admin.post(f"/clinic/members/{membership.pk}/", {"role": "therapist"})
    assert session.get("/patients/").status_code == 302
    assert Client().get(feed_path).status_code == 404
    assert not CalendarFeed.objects.filter(user=personas.therapist_a).exists()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me")
    assert api.status_code == 401


def test_it_keeps_a_session_acting_in_another_clinic_of_the_person(personas: Personas) -> None:
    from knotwork.clinics.models import Membership
    from knotwork.clinics.services import change_membership

    in_b = Membership.objects.create(
        user=personas.therapist_a, clinic=personas.clinic_b, role="therapist"
    )
    session_b = Client()
    session_b.force_login(personas.therapist_a)
    session_b.post("/clinic/switch/", {"clinic_id": personas.clinic_b.pk})
    session_a = Client()
    session_a.force_login(personas.therapist_a)
    change_membership(
        actor=personas.admin_a,
        membership=personas.therapist_a.memberships.get(clinic=personas.clinic_a),
        active=False,
    )
    assert session_a.get("/patients/").status_code == 302
    assert session_b.get("/patients/").status_code == 200
    assert in_b.is_active
