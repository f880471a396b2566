"""`knotwork export fhir --patient`: one patient's Bundle on stdout or in a new file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from knotwork.audit.models import AuditEntry
from knotwork.cli import main
from tests.conftest import Personas
from tests.interop.validators import check_files


def export(*args: str, data_dir: Path) -> int:
    return main(["export", "fhir", *args, "--data-dir", str(data_dir)])


def test_it_prints_a_patients_bundle_that_validates(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = export("--patient", str(personas.patient.pk), data_dir=tmp_path)

    printed = capsys.readouterr()
    assert status == 0, printed.err
    bundle = json.loads(printed.out)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    (tmp_path / "bundle.json").write_text(printed.out)
    assert check_files(tmp_path / "bundle.json").returncode == 0
    entry = AuditEntry.objects.get(subject="fhir_export")
    assert entry.actor is None and "command line" in entry.detail


def test_it_writes_a_new_file_and_refuses_to_overwrite_one(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "pat.json"

    assert (
        export("--patient", str(personas.patient.pk), "--out", str(target), data_dir=tmp_path) == 0
    )
    written = target.read_text()
    assert json.loads(written)["entry"][0]["resource"]["resourceType"] == "Patient"
    assert "Wrote " in capsys.readouterr().err

    again = export("--patient", str(personas.patient.pk), "--out", str(target), data_dir=tmp_path)
    assert again == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == written
    assert sorted(p.name for p in target.parent.iterdir()) == ["pat.json"]


def test_it_names_what_it_cannot_find(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export("--patient", "99999", data_dir=tmp_path) == 2
    assert "no patient has the number 99999" in capsys.readouterr().err
    assert export("--clinic", "Nowhere", "--out", str(tmp_path / "x"), data_dir=tmp_path) == 2
    refused = capsys.readouterr().err
    assert "no clinic is called 'Nowhere'" in refused and "'Clinic A'" in refused
    assert not (tmp_path / "x").exists()


def test_it_needs_a_folder_for_a_clinic_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], db: Any
) -> None:
    assert export("--clinic", "1", data_dir=tmp_path) == 2
    assert "--clinic needs --out DIR" in capsys.readouterr().err
