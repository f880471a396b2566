"""`knotwork find`: the ranked table, JSON, batch mode and clear refusals of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knotwork.cli import main
from knotwork.domain.referral import rank_json


def test_it_prints_a_ranked_table_of_trigger_points_to_examine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["find", "temple_left=7", "neck_back_upper_left", "mastoid_left=4", "--top", "3"]) == 0
    )
    out = capsys.readouterr().out
    assert "not a diagnosis" in out
    first_row = out.splitlines()[2]
    assert "trapezius" in first_row and "upper_fibres" in first_row and "left" in first_row
    assert "temple_left*" in first_row


def test_it_marks_a_reference_row_scored_with_all_its_trigger_points(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["find", "jaw_right=6", "cheek_right=5", "ear_right=4", "--top", "3"]) == 0
    rows = capsys.readouterr().out.splitlines()[2:5]
    masseter = next(row for row in rows if "masseter" in row)
    assert "superficial (whole row)" in masseter and "ear_right*" in masseter


def test_it_marks_candidates_that_explain_the_drawing_alike_and_says_why_they_are_in_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["find", "elbow_right=7", "hand_radial_right=4", "--top", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = lines[2:5]
    assert "1.00=" in rows[0] and "1.00=" in rows[1] and "=" not in rows[2].split()[4]
    note = next(line for line in lines if line.startswith("= #1, #2:"))
    assert "Supinator" in note and "no source says which is more often the cause" in note


def test_it_prints_the_same_json_as_the_shared_entry_point(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["find", "crown=6", "--factor", "cold_exposure", "--json", "--top", "4"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = rank_json(
        {"marks": [{"region": "crown", "intensity": 6}], "factors": ["cold_exposure"], "top": 4}
    )
    assert printed == expected


def test_it_uses_the_default_intensity_it_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["find", "crown", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["candidates"][0]
    assert first["explains"][0]["intensity"] == 5


def test_it_refuses_unknown_regions_and_factors_with_status_two(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["find", "tempel_left=5", "--factor", "gardening"]) == 2
    err = capsys.readouterr().err
    assert "tempel_left" in err and "gardening" in err


def test_it_refuses_a_non_numeric_intensity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["find", "crown=high"]) == 2
    assert "crown" in capsys.readouterr().err


def test_it_ranks_one_map_per_line_in_batch_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    requests = [
        {"marks": [{"region": "crown", "intensity": 6}], "factors": []},
        {"marks": [{"region": "heel_right", "intensity": 7}], "factors": ["sports"]},
    ]
    batch = tmp_path / "maps.jsonl"
    batch.write_text("\n".join(json.dumps(r) for r in requests) + "\n")
    assert main(["find", "--batch", str(batch)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [rank_json(r) for r in requests]


def test_it_reports_a_bad_batch_line_by_number_and_keeps_lines_aligned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "maps.jsonl"
    batch.write_text('{"marks": [{"region": "nowhere", "intensity": 3}]}\n{"marks": []}\n')
    assert main(["find", "--batch", str(batch)]) == 2
    captured = capsys.readouterr()
    assert "line 1" in captured.err and "nowhere" in captured.err
    lines = captured.out.splitlines()
    assert "error" in json.loads(lines[0])
    assert json.loads(lines[1]) == {"candidates": [], "cover": []}


def test_it_exits_quietly_when_the_reader_closes_the_pipe(tmp_path: Path) -> None:
    import subprocess
    import sys

    requests = [{"marks": [{"region": "crown", "intensity": 6}]}] * 400
    batch = tmp_path / "maps.jsonl"
    batch.write_text("\n".join(json.dumps(r) for r in requests) + "\n")
    code = "import sys; from knotwork.cli import main; sys.exit(main())"
    for argv in (["find", "--batch", str(batch)], ["find", "crown", "temple_left", "--top", "50"]):
        # Like `knotwork find ... | head -1`: the reader takes one line and goes away.
        process = subprocess.Popen(
            [sys.executable, "-c", code, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0
        assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_it_evaluates_a_set_of_published_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "vignettes:\n"
        "  - {id: heel, source: 'a page', marks: {heel_right: 7}, primary: soleus}\n"
        "  - {id: toe, source: 'a page', marks: {foot_top_right: 7}, primary: quadratus_plantae}\n"
        "lists:\n"
        "  - {id: jaw, source: 'a guide', area: {jaw_right: 6, tmj_right: 5}, ordered: true,\n"
        "     muscles: [masseter, temporalis, lateral_pterygoid]}\n"
    )
    assert main(["find", "--evaluate", str(cases)]) == 0
    out = capsys.readouterr().out
    assert "primary muscle in top 3" in out and "50.0%" in out
    assert "mean recall@5" in out and "Spearman" in out
    assert "vignette toe: quadratus_plantae" in out


def test_it_refuses_an_evaluation_file_with_an_unknown_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "vignettes:\n  - {id: x, source: s, marks: {elbow_middle: 3}, primary: soleus}\n"
    )
    assert main(["find", "--evaluate", str(cases)]) == 2
    assert "elbow_middle" in capsys.readouterr().err
