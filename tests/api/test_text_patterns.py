"""The OpenAPI document states the text rule of every input: each free-text field of every
request body and query carries the one-line pattern, or the multi-line one where the field is
multi-line (knotwork.common.schemas.InputSchema), so what validation refuses the document
refuses too. (Query parameters are not InputSchemas everywhere yet: the patient search and the
audit list take a plain text.)"""

from __future__ import annotations

from typing import Any

from knotwork.api.root import api
from knotwork.common.text import MULTILINE_PATTERN, ONE_LINE_PATTERN
from tests.conftest import Personas, api_client
from tests.courses.conftest import ready_patient


def resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def free_text(schema: dict[str, Any], document: dict[str, Any], path: str) -> list[tuple[str, str]]:
    """(field path, its pattern or "") for every free-text string inside `schema`."""
    schema = resolve(schema, document)
    found: list[tuple[str, str]] = []
    # An object's own anyOf states a rule between its fields (ConsentIn's), not their types.
    for key in () if "properties" in schema else ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += free_text(option, document, path)
    for name, prop in schema.get("properties", {}).items():
        found += free_text(prop, document, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        found += free_text(schema["items"], document, f"{path}[]")
    plain = not any(k in schema for k in ("enum", "const", "format"))
    if schema.get("type") == "string" and plain:
        found.append((path, schema.get("pattern", "")))
    return found


def input_text_fields() -> dict[str, str]:
    document = api.get_openapi_schema()
    fields: dict[str, str] = {}
    for route, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {route}"
            for content in operation.get("requestBody", {}).get("content", {}).values():
                for field, pattern in free_text(content["schema"], document, ""):
                    fields[f"{where} {field}"] = pattern
    return fields


def test_every_free_text_input_states_the_text_rule() -> None:
    fields = input_text_fields()
    missing = [f for f, pattern in fields.items() if not pattern]
    assert missing == []


def test_the_course_inputs_are_one_line_unless_they_are_notes() -> None:
    fields = input_text_fields()
    record = "POST /api/v1/courses/{course_id}/sessions/{number}/record"
    assert fields[f"{record} .subjective"] == MULTILINE_PATTERN
    assert fields[f"{record} .early_reason"] == MULTILINE_PATTERN
    assert fields[f"{record} .home_care[]"] == ONE_LINE_PATTERN
    consent = [f for f in fields if f.endswith("/consent .signed_name")]
    assert consent and all(fields[f] == ONE_LINE_PATTERN for f in consent)


def test_a_course_api_one_line_field_refuses_a_tab_naming_it(personas: Personas) -> None:
    ready_patient(personas, consent=False)
    response = api_client(personas.patient_user).post(
        f"/api/v1/patients/{personas.patient.pk}/consent",
        {"method": "signed", "signed_name": "Pat\tIent"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "signed_name", "message": "must be one line: no tab or line break"}
    ]
