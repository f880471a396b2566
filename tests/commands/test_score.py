"""`knotwork score`: answers in, the instrument's score out; bad answers exit 2 naming the item."""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from knotwork.commands import score as command


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="knotwork score")
    command.add_arguments(parser)
    status = command.run(parser.parse_args(list(argv)))
    out, err = capsys.readouterr()
    return status, out, err


def test_it_prints_the_json_shape_the_issue_asks_for(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "odi", "2", "2", "2", "2", "2", "2", "2", "2", "2", "2", "--json")
    assert status == 0
    assert json.loads(out) == {
        "instrument": "odi",
        "score": 40.0,
        "band": "moderate",
        "answered": 10,
        "valid": True,
        "subscales": {},
    }


def test_it_treats_a_dash_as_a_missing_answer(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "odi", "2", "2", "2", "2", "2", "2", "1", "1", "-", "2", "--json")
    assert (json.loads(out)["score"], json.loads(out)["answered"]) == (35.6, 9)


def test_it_says_valid_false_and_no_score_when_too_much_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "pss10", "-", *["2"] * 9, "--json")
    shown = json.loads(out)
    assert status == 0
    assert (shown["valid"], shown["score"]) == (False, None)


def test_it_gives_start_back_band_and_psychosocial_subscale(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "start_back", "1", "0", "0", "0", "1", "1", "1", "0", "4", "--json")
    shown = json.loads(out)
    assert (shown["score"], shown["band"], shown["subscales"]) == (5, "high", {"psychosocial": 4})


def test_it_puts_the_ndi_percent_beside_the_raw_score(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ndi", *["3"] * 10, "--json")
    assert (json.loads(out)["score"], json.loads(out)["percent"]) == (30, 60.0)


def test_it_scores_a_variable_number_of_psfs_activities(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "psfs", "2", "5", "--json")
    assert json.loads(out)["score"] == 3.5


def test_it_prints_a_readable_line_without_json(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "rmdq", *["1"] * 6, *["0"] * 18)
    assert out.strip() == "rmdq: 6 - 24 answered"


def test_it_exits_2_naming_an_out_of_range_item(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "start_back", "0", "0", "0", "0", "0", "0", "0", "0", "5")
    assert status == 2
    assert out == ""
    assert "item 9" in err


def test_it_exits_2_on_a_wrong_number_of_answers(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "odi", "1", "2", "3")
    assert status == 2
    assert "takes 10 answers, not 3" in err


def test_it_exits_2_naming_an_answer_that_is_not_a_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "nprs", "seven")
    assert (status, "item 1" in err) == (2, True)


def test_it_converts_pressure_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ppt", "300", "310", "290", "--unit", "kPa", "--json")
    shown = json.loads(out)
    assert (shown["score"], shown["subscales"]["n_cm2"]) == (3.06, 30.0)


def test_it_explains_every_instrument_in_help() -> None:
    parser = argparse.ArgumentParser(prog="knotwork score")
    command.add_arguments(parser)
    text = parser.format_help()
    for name in ("nprs", "odi", "rmdq", "ndi", "psfs", "start_back", "pss10", "stress", "ppt"):
        assert f"  {name} " in text
    assert "one rating per activity" in text


def test_it_scores_every_csv_row_keeping_the_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "odi.csv"
    path.write_text(
        "patient,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10\n"
        "p-1,2,2,2,2,2,2,2,2,2,2\n"
        "p-2,1,1,1,1,1,1,1,,1,1\n"
        "p-3,1,1,1,1,1,1,-,-,-,1\n"
    )
    status, out, _ = run(capsys, "odi", "--csv", str(path))
    assert status == 0
    assert out.splitlines() == [
        "patient,score,band,answered,valid,reason",
        "p-1,40.0,moderate,10,true,",
        "p-2,20.0,minimal,9,true,",
        "p-3,,,7,false,7 of 10 items answered; at least 8 needed",
    ]


def test_it_writes_subscale_columns_for_start_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "sb.csv"
    path.write_text("id,1,2,3,4,5,6,7,8,9\na,1,1,1,1,0,0,0,0,0\nb,0,0,0,0,1,1,1,1,3\n")
    _, out, _ = run(capsys, "start_back", "--csv", str(path))
    assert out.splitlines() == [
        "id,score,band,answered,valid,psychosocial,reason",
        "a,4,medium,9,true,0,",
        "b,5,high,9,true,5,",
    ]


def test_it_refuses_a_bad_csv_row_by_id_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "nprs.csv"
    path.write_text("id,pain\nfirst,4\nsecond,11\n")
    status, out, err = run(capsys, "nprs", "--csv", str(path))
    assert (status, out) == (2, "")
    assert "row 'second'" in err and "item 1" in err


def test_it_runs_from_the_knotwork_command_without_django() -> None:
    code = "import sys; from knotwork.commands import score; print('django' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
    done = subprocess.run(
        [sys.executable, "-m", "knotwork", "score", "nprs", "12"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "item 1" in done.stderr


def test_it_says_a_decimal_is_a_number_but_not_a_whole_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "nprs", "6.5")
    assert status == 2
    assert "'6.5' is not a whole number" in err
    assert "is not a number" not in err
    assert "'six' is not a number" in run(capsys, "nprs", "six")[2]
