"""`knotwork find --findings`: a clinic's recorded findings weighed after the ranking, as the
learning finder of the pages and API does, with the reason printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from knotwork.cli import main
from knotwork.domain.referral import rank_json

REGIONS = ["low_back_right=7", "buttock_upper_right=5", "buttock_lower_right=3"]
MARKS = [
    {"region": "low_back_right", "intensity": 7},
    {"region": "buttock_upper_right", "intensity": 5},
    {"region": "buttock_lower_right", "intensity": 3},
]


def findings_file(tmp_path: Path, point: dict[str, Any], found: int, refuted: int) -> Path:
    path = tmp_path / "findings.jsonl"
    lines = [
        json.dumps({"marks": MARKS, **point, "found": was_found})
        for was_found in [True] * found + [False] * refuted
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fifth() -> dict[str, Any]:
    c = rank_json({"marks": MARKS})["candidates"][4]
    return {"muscle": c["muscle"], "trigger_point": c["trigger_point"], "side": c["side"]}


def test_it_lifts_a_confirmed_trigger_point_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    point = fifth()
    path = findings_file(tmp_path, point, found=30, refuted=2)
    assert main(["find", *REGIONS, "--top", "3", "--findings", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert point["muscle"] in lines[2]
    reason = next(line for line in lines if line.startswith("#1: "))
    assert "confirmed in 30 of 32 examinations at this clinic for similar maps" in reason


def test_its_json_carries_the_learned_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = findings_file(tmp_path, fifth(), found=30, refuted=2)
    assert main(["find", *REGIONS, "--json", "--findings", str(path)]) == 0
    first = json.loads(capsys.readouterr().out)["candidates"][0]
    assert (first["learned"]["examined"], first["learned"]["confirmed"]) == (32, 30)


def test_without_findings_for_these_candidates_it_prints_the_reference_ranking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    neck = {"muscle": "sternocleidomastoid", "trigger_point": "sternal_division", "side": "right"}
    path = findings_file(tmp_path, neck, found=5, refuted=0)
    assert main(["find", *REGIONS, "--json", "--top", "5", "--findings", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == rank_json({"marks": MARKS, "top": 5})


def test_it_refuses_a_bad_findings_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "findings.jsonl"
    good = json.dumps({"marks": MARKS, **fifth(), "found": True})
    bad = json.dumps({"marks": MARKS, **fifth(), "found": "yes"})
    path.write_text(f"{good}\n\n{bad}\n", encoding="utf-8")
    assert main(["find", *REGIONS, "--findings", str(path)]) == 2
    assert "line 3: found: must be true or false, got 'yes'" in capsys.readouterr().err
