"""Text with control characters is refused with 422 naming the field, everywhere, on every
database (this file runs in the SQLite and the PostgreSQL tier): NUL used to answer 500 on
PostgreSQL in the API and in search."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from knotwork.patients.models import Patient
from tests.conftest import Personas, api_client
from tests.web.test_access_matrix import API_BODIES, objects

FORBIDDEN = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800"]


def text_fields(body: object, path: str = "") -> list[str]:
    """The field path of every text value in an API body."""
    if isinstance(body, str):
        return [path]
    if isinstance(body, dict):
        return [f for k, v in body.items() for f in text_fields(v, f"{path}.{k}" if path else k)]
    if isinstance(body, list):
        return [f for i, v in enumerate(body) for f in text_fields(v, f"{path}[{i}]")]
    return []


def with_text(body: object, path: str, text: str, here: str = "") -> object:
    if here == path and isinstance(body, str):
        return body + text
    if isinstance(body, dict):
        return {k: with_text(v, path, text, f"{here}.{k}" if here else k) for k, v in body.items()}
    if isinstance(body, list):
        return [with_text(v, path, text, f"{here}[{i}]") for i, v in enumerate(body)]
    return body


CASES = [
    (operation, field)
    for operation, body in sorted(API_BODIES.items())
    for field in text_fields(body)
    # Placeholders for ids the matrix fills in are numbers, not text.
    if not str(body.get(field, "")).isupper()
]


@pytest.mark.parametrize(("operation", "field"), CASES)
def test_every_api_text_field_refuses_a_nul(personas: Personas, operation: str, field: str) -> None:
    method, path = operation.split(" ", 1)
    found = objects(personas)
    body = {
        k: found.get(v, v) if isinstance(v, str) else v for k, v in API_BODIES[operation].items()
    }
    client = api_client(personas.therapist_a)
    response = getattr(client, method.lower())(
        path.format(**found), data=with_text(body, field, "\x00"), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == field
    assert "U+0000" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("character", FORBIDDEN)
def test_the_patient_fields_refuse_every_control_character(
    personas: Personas, character: str
) -> None:
    client = api_client(personas.therapist_a)
    for field in ("given_name", "family_name", "phone", "history"):
        body = {"given_name": "Ada", "family_name": "Lovelace", field: f"a{character}b"}
        response = client.post(
            "/api/v1/patients", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 422, (field, response.content)
        assert response.json()["errors"] == [
            {"field": field, "message": response.json()["errors"][0]["message"]}
        ]
    assert not Patient.objects.filter(given_name="Ada").exists()


def test_multi_line_text_keeps_its_tabs_and_line_breaks_and_one_line_text_refuses_them(
    personas: Personas,
) -> None:
    client = api_client(personas.therapist_a)
    history = "Lifts boxes.\r\n\tWorse in the evening.\n"
    created = client.post(
        "/api/v1/patients",
        {"given_name": "Ada", "family_name": "Lovelace", "history": history},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert Patient.objects.get(given_name="Ada").history == history

    refused = client.patch(
        f"/api/v1/patients/{created.json()['id']}",
        {"family_name": "Love\tlace"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "family_name", "message": "must be one line: no tab or line break"}
    ]


def test_search_refuses_a_nul_on_the_page_and_in_the_api(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    page = client.get("/patients/", {"q": "Pat\x00"})
    assert page.status_code == 422
    assert "'q'" in page.content.decode() and "U+0000" in page.content.decode()
    api = api_client(personas.therapist_a).get("/api/v1/patients", {"q": "Pat\x00"})
    assert api.status_code == 422
    assert api.json()["errors"][0]["field"] == "q"
    assert client.get("/patients/", {"q": "Pat"}).status_code == 200


# A form post is UTF-8: a lone surrogate cannot be sent in one (the API's JSON can spell it).
@pytest.mark.parametrize("character", ["\t", "\n", *FORBIDDEN[:-1]])
def test_a_web_form_refuses_a_control_character_beside_the_field(
    personas: Personas, character: str
) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    response = client.post(
        "/patients/new/",
        {"given_name": "Ada", "family_name": f"Love{character}lace", "history": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    # The error follows the field's input, before the next field's label.
    error = page[page.index('name="family_name"') :].split("<label")[0]
    expected = "one line" if character in "\t\n" else f"U+{ord(character):04X}"
    assert expected in error, error
    assert not Patient.objects.filter(given_name="Ada").exists()


def test_a_web_forms_multi_line_field_keeps_its_tabs_and_line_breaks(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.therapist_a)
    history = "Lifts boxes.\r\n\tWorse in the evening."
    response = client.post(
        "/patients/new/", {"given_name": "Ada", "family_name": "Lovelace", "history": history}
    )
    assert response.status_code == 302
    assert Patient.objects.get(given_name="Ada").history == history


def test_a_page_reading_its_text_without_a_form_still_refuses_with_422(
    personas: Personas,
) -> None:
    # The drawing page takes its note from the request itself, not through a form.
    client = Client()
    client.force_login(personas.therapist_a)
    response = client.post(
        f"/patients/{personas.patient.pk}/pain-maps/new/",
        {"marks": "[]", "no_pain": "1", "note": "a\x07b"},
    )
    assert response.status_code == 422
    assert "'note'" in response.content.decode()
