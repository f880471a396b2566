"""Who may open what: every URL and API operation, for every persona.

A new URL or API operation without a row here fails `test_it_has_a_rule_for_every_url`, so
nobody can add a page without deciding who may see it. Objects in the URLs belong to clinic A's
therapist's patient; clinic B's staff and the other patient must get nothing of them (404).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from knotwork.api.root import api
from tests.conftest import Personas

ANON, THER_A, ADMIN_A, THER_B, ADMIN_B, PAT, OTHER = (
    "anonymous",
    "therapist_a",
    "admin_a",
    "therapist_b",
    "admin_b",
    "patient",
    "other_patient",
)
ALL = (ANON, THER_A, ADMIN_A, THER_B, ADMIN_B, PAT, OTHER)


def expect(default: int, **overrides: int) -> dict[str, int]:
    statuses = dict.fromkeys(ALL, default)
    statuses.update(overrides)
    return statuses


# Staff pages of clinic A's patient: clinic A's staff get in, everyone else 404 (anonymous: login).
CLINIC_A_STAFF = expect(404, anonymous=302, therapist_a=200, admin_a=200)
ADMIN_A_ONLY = expect(404, anonymous=302, admin_a=200, admin_b=200)
# Pages of clinic A's patient's own data: clinic A's staff and the patient themself.
PATIENT_A_PAGE = expect(404, anonymous=302, therapist_a=200, admin_a=200, patient=200)

# name -> (method, url kwargs keys, statuses). Keys are filled by `objects()` below.
WEB_MATRIX: dict[str, tuple[str, tuple[str, ...], dict[str, int]]] = {
    "home": ("get", (), expect(302)),
    "healthz": ("get", (), expect(200)),
    "login": ("get", (), expect(302, anonymous=200)),
    "logout": ("post", (), expect(302)),
    "accept_invitation": ("get", ("token",), expect(410)),
    "dashboard": (
        "get",
        (),
        expect(404, anonymous=302, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200),
    ),
    "patient_new": (
        "get",
        (),
        expect(404, anonymous=302, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200),
    ),
    "patient_detail": ("get", ("patient_id",), CLINIC_A_STAFF),
    "patient_edit": ("get", ("patient_id",), CLINIC_A_STAFF),
    "patient_invite": (
        "post",
        ("patient_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    "my_record": ("get", (), expect(404, anonymous=302, patient=200, other_patient=200)),
    "clinic_members": ("get", (), ADMIN_A_ONLY),
    "member_change": ("post", ("membership_id",), expect(404, anonymous=302, admin_a=302)),
    "invitation_revoke": ("post", ("invitation_id",), expect(404, anonymous=302, admin_a=302)),
    "audit_log": ("get", (), ADMIN_A_ONLY),
    "switch_clinic": ("post", (), expect(404, anonymous=302, therapist_a=302, admin_a=302)),
    "pain_map_history": ("get", ("patient_id",), PATIENT_A_PAGE),
    "staff_draw": ("get", ("patient_id",), CLINIC_A_STAFF),
    "pain_maps_csv": ("get", ("patient_id",), PATIENT_A_PAGE),
    "send_drawing_link": (
        "post",
        ("patient_id",),
        expect(404, anonymous=302, therapist_a=302, admin_a=302),
    ),
    "pain_map_detail": ("get", ("pain_map_id",), PATIENT_A_PAGE),
    "pain_map_svg": ("get", ("pain_map_id",), PATIENT_A_PAGE),
    "my_draw": ("get", (), expect(404, anonymous=302, patient=200, other_patient=200)),
    "link_draw": ("get", ("token",), expect(410)),
}

# Reads of clinic A's patient's data: clinic A's staff and the patient themself.
PATIENT_A_API_READ = expect(404, anonymous=401, therapist_a=200, admin_a=200, patient=200)

# "METHOD /api/v1/path" -> statuses. Anonymous callers get 401 from the API, not a redirect.
API_MATRIX: dict[str, dict[str, int]] = {
    "GET /api/v1/me": expect(200, anonymous=401),
    "GET /api/v1/audit": expect(404, anonymous=401, admin_a=200, admin_b=200),
    "GET /api/v1/patients": expect(
        404, anonymous=401, therapist_a=200, admin_a=200, therapist_b=200, admin_b=200
    ),
    "POST /api/v1/patients": expect(
        404, anonymous=401, therapist_a=201, admin_a=201, therapist_b=201, admin_b=201
    ),
    "GET /api/v1/patients/{patient_id}": expect(
        404, anonymous=401, therapist_a=200, admin_a=200, patient=200
    ),
    "PATCH /api/v1/patients/{patient_id}": expect(404, anonymous=401, therapist_a=200, admin_a=200),
    "POST /api/v1/patients/{patient_id}/invitation": expect(
        404, anonymous=401, therapist_a=201, admin_a=201
    ),
    "GET /api/v1/patients/{patient_id}/pain-maps": PATIENT_A_API_READ,
    "POST /api/v1/patients/{patient_id}/pain-maps": expect(
        404, anonymous=401, therapist_a=201, admin_a=201, patient=201
    ),
    "GET /api/v1/pain-maps/{pain_map_id}": PATIENT_A_API_READ,
}

# Bodies for API writes, valid enough that only access decides the status.
API_BODIES = {
    "POST /api/v1/patients": {"given_name": "New", "family_name": "Patient"},
    "PATCH /api/v1/patients/{patient_id}": {"phone": "555-0100"},
    "POST /api/v1/patients/{patient_id}/invitation": {"email": "pat.new@example.com"},
    "POST /api/v1/patients/{patient_id}/pain-maps": {
        "marks": [{"region": "low_back_left", "intensity": 6}]
    },
}
WEB_BODIES = {
    "member_change": {"role": "therapist", "is_active": "on"},
    "patient_invite": {"email": "pat.new@example.com"},
    "switch_clinic": {"clinic_id": "CLINIC_A"},
}


def objects(personas: Personas) -> dict[str, object]:
    from knotwork.clinics.models import InvitationKind
    from knotwork.clinics.services import invite
    from knotwork.painmaps.models import DrawnVia
    from knotwork.painmaps.services import record_pain_map

    invitation = invite(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        email="new.colleague@example.com",
        kind=InvitationKind.THERAPIST,
    ).invitation
    pain_map = record_pain_map(
        actor=personas.patient_user,
        patient=personas.patient,
        marks=[{"region": "sacrum", "intensity": 4}],
        via=DrawnVia.PATIENT,
    )
    return {
        "pain_map_id": pain_map.pk,
        "patient_id": personas.patient.pk,
        "membership_id": personas.therapist_a.memberships.get().pk,
        "invitation_id": invitation.pk,
        "token": "not-a-real-token",
        "CLINIC_A": personas.clinic_a.pk,
    }


def client_for(personas: Personas, who: str) -> Client:
    client = Client()
    users = {
        THER_A: personas.therapist_a,
        ADMIN_A: personas.admin_a,
        THER_B: personas.therapist_b,
        ADMIN_B: personas.admin_b,
        PAT: personas.patient_user,
        OTHER: personas.other_patient_user,
    }
    if who in users:
        client.force_login(users[who], backend="django.contrib.auth.backends.ModelBackend")
    return client


def named_urls() -> set[str]:
    """Every named URL of the site, except Django's own admin and the API (listed separately)."""
    names: set[str] = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
        elif isinstance(entry, URLResolver) and entry.namespace not in ("admin", "api"):
            names.update(p.name for p in entry.url_patterns if getattr(p, "name", None))
    return names


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_it_has_a_rule_for_every_url() -> None:
    assert named_urls() - set(WEB_MATRIX) == set(), "add the new URL to WEB_MATRIX"
    assert api_operations() - set(API_MATRIX) == set(), "add the new API operation to API_MATRIX"


def test_it_has_no_rule_for_a_url_that_is_gone() -> None:
    assert set(WEB_MATRIX) - named_urls() == set()
    assert set(API_MATRIX) - api_operations() == set()


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("name", sorted(WEB_MATRIX))
def test_it_answers_each_page_as_the_matrix_says(personas: Personas, name: str, who: str) -> None:
    from django.urls import reverse

    method, keys, statuses = WEB_MATRIX[name]
    found = objects(personas)
    url = reverse(name, kwargs={key: found[key] for key in keys})
    body = {k: found.get(v, v) for k, v in WEB_BODIES.get(name, {}).items()}
    response = getattr(client_for(personas, who), method)(url, body)
    assert response.status_code == statuses[who], f"{who} {method.upper()} {url}"


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("operation", sorted(API_MATRIX))
def test_it_answers_each_api_operation_as_the_matrix_says(
    personas: Personas, operation: str, who: str
) -> None:
    method, path = operation.split(" ", 1)
    found = objects(personas)
    url = path.format(**{key: found[key] for key in ("patient_id", "pain_map_id")})
    client = client_for(personas, who)
    body = API_BODIES.get(operation)
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method.lower())(url, **kwargs)
    assert response.status_code == API_MATRIX[operation][who], (
        f"{who} {operation}: {response.content[:200]!r}"
    )
    assert response["Content-Type"].startswith("application/json")


def test_it_never_lists_another_clinics_patients_on_the_dashboard(personas: Personas) -> None:
    page = client_for(personas, THER_B).get("/patients/").content.decode()
    assert "Bea" in page
    assert "Ient" not in page and "Person" not in page
