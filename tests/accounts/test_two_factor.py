"""Two-factor authentication: asked of everyone who has it, required of admins, superusers and
(when the clinic says so) every staff member, who set it up at their next login."""

from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from knotwork.accounts.services.twofactor import new_recovery_codes
from tests.accounts.conftest import app_code, is_logged_in, password_step
from tests.conftest import Personas


def enrol(user: object) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_it_asks_for_a_code_after_the_password_and_logs_in_only_with_it(
    personas: Personas,
) -> None:
    device = enrol(personas.therapist_a)
    client = password_step("therapist.a@example.com")
    assert not is_logged_in(client)
    assert client.get("/patients/").status_code == 302
    page = client.get("/login/verify/")
    assert "authenticator app" in page.content.decode()
    response = client.post("/login/verify/", {"code": app_code(device)})
    assert response.status_code == 302 and is_logged_in(client)
    assert client.get("/patients/").status_code == 200


def test_it_keeps_everything_shut_between_the_password_and_the_code(personas: Personas) -> None:
    enrol(personas.admin_a)
    client = password_step("admin.a@example.com")
    assert client.get("/clinic/members/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/me/").status_code == 302


def test_it_refuses_a_wrong_code_and_locks_after_five(personas: Personas) -> None:
    device = enrol(personas.therapist_a)
    client = password_step("therapist.a@example.com")
    first = client.post("/login/verify/", {"code": "000000"})
    assert first.status_code == 400 and "not right" in first.content.decode()
    for _ in range(4):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        last = client.post("/login/verify/", {"code": "000000"})
    assert last.status_code == 429
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post("/login/verify/", {"code": app_code(device)})
    assert right.status_code == 429 and not is_logged_in(client)


def test_it_refuses_every_code_for_a_moment_after_a_wrong_one(personas: Personas) -> None:
    """django-otp's own throttling: after a wrong code even the right one waits a second."""
    device = enrol(personas.therapist_a)
    client = password_step("therapist.a@example.com")
    client.post("/login/verify/", {"code": "000000"})
    refused = client.post("/login/verify/", {"code": app_code(device)})
    assert refused.status_code == 400 and "try again in" in refused.content.decode()
    assert not is_logged_in(client)


def test_it_accepts_each_recovery_code_once(personas: Personas) -> None:
    enrol(personas.therapist_a)
    codes = new_recovery_codes(personas.therapist_a)
    client = password_step("therapist.a@example.com")
    assert client.post("/login/verify/", {"code": codes[0].upper()}).status_code == 302
    again = password_step("therapist.a@example.com", address="198.51.100.11")
    assert again.post("/login/verify/", {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.count() == len(codes) - 1


def test_it_makes_an_admin_set_up_an_app_before_anything_else(personas: Personas) -> None:
    client = password_step("admin.a@example.com")
    assert not is_logged_in(client)
    page = client.get("/login/set-up/")
    assert page.status_code == 200 and "QR code" in page.content.decode()
    assert client.get("/clinic/members/").status_code == 302
    device = TOTPDevice.objects.get(user=personas.admin_a, confirmed=False)
    response = client.post("/login/set-up/", {"code": app_code(device)})
    assert response.status_code == 302 and is_logged_in(client)
    codes_page = client.get(response["Location"])
    assert "shown only now" in codes_page.content.decode()
    assert StaticToken.objects.filter(device__user=personas.admin_a).count() == 10
    # Shown once: the page does not show them again.
    assert client.get("/account/two-factor/recovery-codes/").status_code == 302
    assert client.get("/clinic/members/").status_code == 200


def test_it_asks_every_therapist_once_the_clinic_requires_it(personas: Personas) -> None:
    assert is_logged_in(password_step("therapist.a@example.com"))
    admin = Client()
    admin.force_login(personas.admin_a)
    admin.post("/clinic/security/", {"staff_need_two_factor": "on"})
    personas.clinic_a.refresh_from_db()
    assert personas.clinic_a.staff_need_two_factor
    client = password_step("therapist.a@example.com", address="198.51.100.12")
    assert not is_logged_in(client)
    assert client.get("/login/set-up/").status_code == 200
    # Clinic B's therapist is not asked.
    assert is_logged_in(password_step("therapist.b@example.com"))


def test_it_lets_a_patient_opt_in_and_then_asks_them_too(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.patient_user)
    assert "Turn on two-factor" in client.get("/account/").content.decode()
    client.get("/account/two-factor/app/")
    device = TOTPDevice.objects.get(user=personas.patient_user, confirmed=False)
    done = client.post("/account/two-factor/app/", {"code": app_code(device)})
    assert done.status_code == 302
    assert "shown only now" in client.get(done["Location"]).content.decode()
    fresh = password_step("pat@example.com")
    assert not is_logged_in(fresh)
    assert fresh.post("/login/verify/", {"code": app_code(device, 1)}).status_code == 302


def test_it_keeps_the_last_device_of_someone_who_needs_one(personas: Personas) -> None:
    device = enrol(personas.admin_a)
    client = Client()
    client.force_login(personas.admin_a)
    page = client.post(f"/account/two-factor/app/{device.pk}/remove/", follow=True)
    assert "needs two-factor authentication" in page.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_it_lets_someone_who_may_go_without_remove_their_last_device(personas: Personas) -> None:
    device = enrol(personas.patient_user)
    new_recovery_codes(personas.patient_user)
    client = Client()
    client.force_login(personas.patient_user)
    client.post(f"/account/two-factor/app/{device.pk}/remove/")
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not StaticToken.objects.filter(device__user=personas.patient_user).exists()
    assert is_logged_in(password_step("pat@example.com"))


def test_it_sends_the_admin_site_through_the_login_with_its_second_factor(
    personas: Personas,
) -> None:
    from knotwork.accounts.models import User

    User.objects.create_superuser("ops@example.com", "ops-password-long-1")
    client = password_step("ops@example.com", "ops-password-long-1")
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302
    assert "/login/" in Client().get("/admin/login/")["Location"]
