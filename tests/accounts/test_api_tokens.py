"""Personal API tokens: made for one clinic with scopes, shown once, stored as a hash, every use
audited with the token's name, rate-limited, and ended by revocation, expiry or the end of the
membership. CSRF applies to the session cookie only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from knotwork.accounts.models import ApiToken
from knotwork.accounts.models.tokens import hash_api_token
from knotwork.accounts.services.tokens import TokenError, create_token
from knotwork.audit.models import AuditEntry
from knotwork.clinics.models import Membership, Role
from knotwork.clinics.services import change_membership
from tests.conftest import Personas


def make(personas: Personas, scopes: list[str] | None = None, name: str = "nightly export") -> str:
    return create_token(
        user=personas.therapist_a,
        membership=personas.therapist_a.memberships.get(),
        name=name,
        scopes=scopes or ["read"],
    ).secret


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", enforce_csrf_checks=True)


def test_it_makes_a_token_on_the_page_and_shows_it_once(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    clinic = personas.therapist_a.memberships.get().pk
    page = client.post(
        "/account/tokens/", {"name": "sync", "clinic": clinic, "scopes": "read", "days": 30}
    )
    body = page.content.decode()
    token = ApiToken.objects.get(name="sync")
    secret = body.split('id="new-token-value" class="secret" type="text" readonly value="')[1]
    secret = secret.split('"')[0]
    assert secret.startswith("kw_") and token.token_hash == hash_api_token(secret)
    assert secret not in client.get("/account/tokens/").content.decode()
    assert bearer(secret).get("/api/v1/me").json()["email"] == "therapist.a@example.com"


def test_it_reads_through_the_api_and_audits_every_use_with_the_token_name(
    personas: Personas,
) -> None:
    client = bearer(make(personas))
    answer = client.get(f"/api/v1/patients/{personas.patient.pk}")
    assert answer.status_code == 200 and answer.json()["family_name"] == "Ient"
    uses = AuditEntry.objects.filter(action="api", detail__contains="“nightly export”")
    assert uses.count() == 1 and uses.get().actor == personas.therapist_a
    read = AuditEntry.objects.get(action="read", patient_id=personas.patient.pk)
    assert "through the API token “nightly export”" in read.detail


def test_it_writes_with_the_write_scope_and_needs_no_csrf_token(personas: Personas) -> None:
    client = bearer(make(personas, ["read", "write"]))
    answer = client.patch(
        f"/api/v1/patients/{personas.patient.pk}",
        {"phone": "555-0199"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["phone"] == "555-0199"


def test_it_refuses_a_write_with_a_read_only_token(personas: Personas) -> None:
    answer = bearer(make(personas)).patch(
        f"/api/v1/patients/{personas.patient.pk}",
        {"phone": "555-0199"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert "may only read" in answer.json()["detail"]


def test_it_still_checks_csrf_for_the_session_cookie(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.therapist_a)
    answer = client.patch(
        f"/api/v1/patients/{personas.patient.pk}",
        {"phone": "555-0199"},
        content_type="application/json",
    )
    assert answer.status_code == 403 and "CSRF" in answer.json()["detail"]


def test_it_reads_nothing_of_another_clinic_of_the_same_person(personas: Personas) -> None:
    secret = make(personas)
    Membership.objects.create(user=personas.therapist_a, clinic=personas.clinic_b, role="admin")
    client = bearer(secret)
    assert client.get(f"/api/v1/patients/{personas.patient_b.pk}").status_code == 404
    names = [p["given_name"] for p in client.get("/api/v1/patients").json()["items"]]
    assert "Bea" not in names and "Pat" in names
    assert [m["clinic"] for m in client.get("/api/v1/me").json()["memberships"]] == ["Clinic A"]


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        ("expired", "expired on"),
        ("revoked", "was revoked on"),
        ("membership", "(the membership ended)"),
        ("unknown", "not valid"),
    ],
)
def test_it_refuses_a_token_that_no_longer_works(
    personas: Personas, spoil: str, words: str
) -> None:
    secret = make(personas)
    token = ApiToken.objects.get()
    if spoil == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    elif spoil == "revoked":
        client = Client()
        client.force_login(personas.therapist_a)
        client.post(f"/account/tokens/{token.pk}/revoke/")
    elif spoil == "membership":
        change_membership(actor=personas.admin_a, membership=token.membership, active=False)
    else:
        secret = secret[:-2] + "xx"
    answer = bearer(secret).get("/api/v1/me")
    assert answer.status_code == 401
    assert words in answer.json()["detail"]
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_it_revokes_the_tokens_of_a_membership_that_ends(personas: Personas) -> None:
    secret = make(personas)
    change_membership(
        actor=personas.admin_a, membership=personas.therapist_a.memberships.get(), active=False
    )
    token = ApiToken.objects.get()
    assert token.revoked_at is not None and token.revoked_why == "the membership ended"
    # Switching the membership on again does not bring the token back.
    change_membership(
        actor=personas.admin_a, membership=personas.therapist_a.memberships.get(), active=True
    )
    assert bearer(secret).get("/api/v1/me").status_code == 401


def test_it_lets_a_clinic_admin_revoke_a_colleagues_token_but_not_another_clinic(
    personas: Personas,
) -> None:
    secret = make(personas)
    token = ApiToken.objects.get()
    other = Client()
    other.force_login(personas.admin_b)
    assert other.delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    admin = Client()
    admin.force_login(personas.admin_a)
    assert admin.delete(f"/api/v1/tokens/{token.pk}").json()["status"] == "revoked"
    assert bearer(secret).get("/api/v1/me").status_code == 401
    entry = AuditEntry.objects.get(action="account", detail__startswith="revoked")
    assert entry.actor == personas.admin_a


@override_settings(API_TOKEN_REQUESTS_PER_MINUTE=3)
def test_it_answers_429_with_retry_after_beyond_the_tokens_rate(personas: Personas) -> None:
    client = bearer(make(personas))
    answers = [client.get("/api/v1/me") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1
    assert "Too many requests with this API token" in answers[-1].json()["detail"]
    # Another token of the same person has its own count.
    assert bearer(make(personas, name="other")).get("/api/v1/me").status_code == 200


def test_it_makes_tokens_through_the_api_only_from_a_session(personas: Personas) -> None:
    session = Client()
    session.force_login(personas.therapist_a)
    body = {"name": "ci", "clinic_id": personas.clinic_a.pk, "scopes": ["read", "write"]}
    made = session.post("/api/v1/tokens", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["scopes"] == ["read", "write"]
    secret = made.json()["token"]
    again = bearer(secret).post(
        "/api/v1/tokens", {**body, "name": "ci 2"}, content_type="application/json"
    )
    assert again.status_code == 403
    listed = session.get("/api/v1/tokens").json()["items"]
    assert [t["name"] for t in listed] == ["ci"] and "token" not in listed[0]


def test_it_refuses_a_token_for_a_clinic_one_is_not_a_member_of(personas: Personas) -> None:
    with pytest.raises(TokenError):
        create_token(
            user=personas.therapist_a,
            membership=personas.therapist_b.memberships.get(),
            name="x",
            scopes=["read"],
        )
    assert Membership.objects.get(user=personas.admin_a).role == Role.ADMIN
