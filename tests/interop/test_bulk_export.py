"""The whole clinic as FHIR Bulk Data NDJSON, for moving to another system: it validates line
by line, a second system can parse every resource back, and every reference resolves."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from knotwork.audit.models import AuditEntry
from knotwork.cli import main
from knotwork.commands.export import ProgressLine
from knotwork.interop.services import export_clinic
from tests.conftest import Personas
from tests.interop.conftest import fake_documents
from tests.interop.validators import check_files, parse_with_models, unresolved_in_bulk


def export_demo(clinic: Any, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    status = main(
        [
            "export",
            "fhir",
            "--clinic",
            clinic.name,
            "--out",
            str(out),
            "--data-dir",
            str(out.parent),
        ]
    )
    return status, capsys.readouterr()


def lines(out: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(out.glob("*.ndjson"))
        for line in path.read_text().splitlines()
    ]


def test_it_exports_the_demo_clinic_as_ndjson_that_validates_line_by_line(
    demo_clinic: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    status, printed = export_demo(demo_clinic, out, capsys)

    assert status == 0, printed.err
    checked = check_files(*sorted(out.glob("*.ndjson")))
    assert checked.returncode == 0, checked.stdout[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    total = sum(item["count"] for item in manifest["output"])
    assert f"{total} resources checked against the FHIR R4 JSON schema, 0 errors" in checked.stdout
    for item in manifest["output"]:
        written = (out / item["url"]).read_text().splitlines()
        assert len(written) == item["count"]
        assert all(json.loads(line)["resourceType"] == item["type"] for line in written)
    assert f"Wrote {total} resources" in printed.out
    assert "Exported 5/5 patients (100%)" in printed.err


def test_it_can_be_read_back_by_a_second_system_with_every_reference_resolved(
    demo_clinic: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    export_demo(demo_clinic, out, capsys)
    resources = lines(out)

    parsed = [parse_with_models(resource) for resource in resources]
    assert [p.model_dump(mode="json", exclude_none=True) for p in parsed] == resources
    assert len({(r["resourceType"], r["id"]) for r in resources}) == len(resources)
    assert unresolved_in_bulk(resources) == set()
    questionnaires = {r["url"] for r in resources if r["resourceType"] == "Questionnaire"}
    answered = {
        r["questionnaire"] for r in resources if r["resourceType"] == "QuestionnaireResponse"
    }
    assert answered <= questionnaires
    patients = [r for r in resources if r["resourceType"] == "Patient"]
    assert len(patients) == demo_clinic.patients.count()


def test_it_shows_a_progress_bar_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    progress = ProgressLine(screen)
    progress(1, 4)
    progress(4, 4)

    shown = screen.getvalue()
    assert "\rExporting 1/4 patients [#######" in shown
    assert shown.endswith("Exporting 4/4 patients [" + "#" * 30 + "] 100%\n")


def test_it_refuses_a_folder_that_is_not_empty_and_touches_nothing_in_it(
    demo_clinic: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    out.mkdir()
    (out / "notes.txt").write_text("mine")

    status, printed = export_demo(demo_clinic, out, capsys)

    assert status == 2
    assert "already exists and is not empty" in printed.err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert not AuditEntry.objects.filter(subject="fhir_bulk_export").exists()


def test_it_writes_one_audit_entry_per_patient_exported(
    demo_clinic: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export_demo(demo_clinic, tmp_path / "export", capsys)

    entries = AuditEntry.objects.filter(subject="fhir_bulk_export")
    each = entries.exclude(patient_id=None)
    patients = sorted(demo_clinic.patients.values_list("pk", flat=True))
    assert sorted(e.patient_id or 0 for e in each) == patients
    # And one entry for the export as a whole, naming how many patients and which.
    whole = entries.get(patient_id=None)
    assert sorted(pk for pk, _ in whole.patients) == patients
    assert whole.detail.startswith(f"{len(patients)} patients shown: whole-clinic FHIR export")
    assert all(e.action == "read" and "command line" in e.detail for e in entries)


def test_it_copies_the_generated_documents_beside_the_records(
    personas: Personas, tmp_path: Path
) -> None:
    documents = fake_documents(personas.therapist_a)
    out = tmp_path / "export"
    result = export_clinic(
        clinic=personas.clinic_a,
        out_dir=out,
        documents=lambda patient: documents if patient == personas.patient else [],
    )

    assert result.documents == 2
    references = [
        json.loads(line) for line in (out / "DocumentReference.ndjson").read_text().splitlines()
    ]
    for reference, document in zip(references, documents, strict=True):
        url = reference["content"][0]["attachment"]["url"]
        assert url.startswith("files/") and (out / url).read_bytes() == document.data
    assert check_files(out / "DocumentReference.ndjson").returncode == 0


def test_it_leaves_nothing_behind_when_the_export_fails(
    demo_clinic: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knotwork.interop import export

    calls = []

    def failing(ctx: Any) -> list[Any]:
        calls.append(ctx.patient)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return []

    monkeypatch.setattr(export, "patient_resources", failing)
    with pytest.raises(RuntimeError):
        export_clinic(clinic=demo_clinic, out_dir=tmp_path / "export")

    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.filter(subject="fhir_bulk_export").exists()
