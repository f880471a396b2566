"""POST /api/v1/finder/rank answers exactly what `knotwork find --json` answers, errors included."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from knotwork.audit.models import AuditEntry
from knotwork.domain.referral import FinderInputError, rank_json
from knotwork.finder.schemas import RankingOut

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

URL = "/api/v1/finder/rank"

REQUESTS: list[dict[str, Any]] = [
    {"marks": [{"region": "low_back_right", "intensity": 7}]},
    {
        "marks": [
            {"region": "temple_left", "intensity": 6},
            {"region": "neck_back_upper_left", "intensity": 4},
            {"region": "shoulder_top_left", "intensity": 5},
        ],
        "factors": ["head_forward_posture", "emotional_stress"],
        "top": 5,
    },
    {
        "marks": [
            {"region": "jaw_left", "intensity": 6},
            {"region": "jaw_right", "intensity": 6},
            {"region": "tmj_left", "intensity": 5},
            {"region": "tmj_right", "intensity": 5},
            {"region": "cheek_left", "intensity": 4, "quality": "aching"},
        ],
        "factors": ["bruxism_clenching"],
        "features": ["pain_chewing"],
        "id": "line-7",
    },
]


def post(client: Client, body: object) -> TestResponse:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type="application/json")


@pytest.mark.parametrize("body", REQUESTS)
def test_it_gives_the_same_ranking_as_the_cli_for_the_same_input(therapist: Client, body) -> None:
    response = post(therapist, body)
    assert response.status_code == 200
    assert response.json() == rank_json(body)
    assert response.json()["candidates"], "a ranking to compare"


def test_it_documents_the_answer_with_the_schema_it_really_returns(therapist: Client) -> None:
    answer = post(therapist, REQUESTS[1]).json()
    # extra="forbid" on every level: a key the schema does not know would fail here.
    assert (
        RankingOut.model_validate(answer).candidates[0].muscle == answer["candidates"][0]["muscle"]
    )


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"marks": [{"region": "low_back_middle", "intensity": 5}]}, {"marks[0].region"}),
        ({"marks": [{"region": "sacrum", "intensity": 11}]}, {"marks[0].intensity"}),
        ({"marks": [{"region": "sacrum", "intensity": "4"}]}, {"marks[0].intensity"}),
        ({"marks": [{"region": "sacrum", "intensity": 4}], "factors": ["gaming"]}, {"factors"}),
        ({"marks": [{"region": "sacrum", "intensity": 4}], "features": "x"}, {"features"}),
        ({"marks": [{"region": "sacrum", "intensity": 4}], "top": 0}, {"top"}),
        ({"marks": "sacrum"}, {"marks"}),
        (
            {"marks": [{"region": "nose", "intensity": 4}], "factors": ["gaming"], "top": True},
            {"marks[0].region", "factors", "top"},
        ),
        ({"marks": [], "colour": "red"}, {"colour"}),
    ],
)
def test_it_refuses_bad_input_naming_every_field_with_the_clis_words(
    therapist: Client, body: dict[str, Any], fields: set[str]
) -> None:
    before = AuditEntry.objects.count()
    response = post(therapist, body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == fields
    with pytest.raises(FinderInputError) as cli:
        rank_json(body)
    assert [(e["field"], e["message"]) for e in errors] == [
        (e.field, e.message) for e in cli.value.errors
    ]
    assert AuditEntry.objects.count() == before


def test_it_says_so_when_the_body_is_not_json(therapist: Client) -> None:
    response = post(therapist, "{marks: [")
    assert response.status_code == 422
    assert response.json()["detail"] == "The request body is not valid JSON."


def test_it_asks_an_anonymous_caller_to_log_in(db) -> None:
    assert post(Client(), REQUESTS[0]).status_code == 401


def test_it_prints_in_the_cli_what_the_api_answers(
    therapist: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    from knotwork.cli import main

    argv = ["find", "temple_left=6", "neck_back_upper_left=4", "shoulder_top_left=5"]
    assert main([*argv, "--factor", "head_forward_posture", "--top", "5", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    body = {**REQUESTS[1], "factors": ["head_forward_posture"]}
    assert post(therapist, body).json() == printed
