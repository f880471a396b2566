"""`knotwork export fhir`: a patient's record as a FHIR R4 Bundle, or a whole clinic as FHIR
Bulk Data NDJSON for moving to another system.

    knotwork export fhir --patient 12                 the Bundle on stdout
    knotwork export fhir --patient 12 --out jo.json   ... or into a new file
    knotwork export fhir --clinic "Riverside" --out export/   one NDJSON file per resource type

Every export is written to the audit trail (one entry per patient). Progress goes to stderr,
so stdout stays the data (or the summary). Exit status 2 names what was refused.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from knotwork.commands._django import add_data_dir, setup

if TYPE_CHECKING:
    from knotwork.clinics.models import Clinic

USAGE_ERROR = 2


class Refused(ValueError):
    """The command cannot do what was asked; the message says why."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", choices=["fhir"], help="The export format (FHIR R4).")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--patient", metavar="ID", type=int, help="One patient's record (Bundle).")
    which.add_argument(
        "--clinic",
        metavar="CLINIC",
        help="Every patient of a clinic (its number or its exact name), as Bulk Data NDJSON.",
    )
    parser.add_argument(
        "--out",
        metavar="PATH",
        help="A new file for --patient (default: stdout); a new or empty folder for --clinic.",
    )
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    if args.clinic is not None and not args.out:
        print("knotwork export: --clinic needs --out DIR (a new or empty folder).", file=sys.stderr)
        return USAGE_ERROR
    setup(args.data_dir)
    try:
        if args.patient is not None:
            return _patient(args.patient, args.out)
        return _clinic(args.clinic, Path(args.out))
    except Refused as refused:
        print(f"knotwork export: {refused}", file=sys.stderr)
        return USAGE_ERROR


def _patient(patient_id: int, out: str | None) -> int:
    from knotwork.interop.services import export_patient, operator
    from knotwork.patients.models import Patient

    patient = Patient.objects.select_related("clinic").filter(pk=patient_id).first()
    if patient is None:
        raise Refused(f"no patient has the number {patient_id}.")
    target = Path(out) if out else None
    if target is not None and target.exists():
        raise Refused(f"{target} already exists; choose a new file name.")
    bundle = export_patient(
        actor=None, patient=patient, via=f"the command line, run by {operator()}"
    )
    text = json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"
    if target is None:
        sys.stdout.write(text)
        return 0
    _write_new_file(target, text)
    print(f"Wrote {len(bundle['entry'])} resources of {patient} to {target}.", file=sys.stderr)
    return 0


def _write_new_file(target: Path, text: str) -> None:
    """Written beside the target and moved into place, so a failure leaves no partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def find_clinic(wanted: str) -> Clinic:
    from knotwork.clinics.models import Clinic

    found = Clinic.objects.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    found = found or Clinic.objects.filter(name__iexact=wanted.strip()).first()
    if found is None:
        names = ", ".join(f"{c.pk} {c.name!r}" for c in Clinic.objects.order_by("pk")[:20])
        raise Refused(f"no clinic is called {wanted!r}. Clinics: {names or 'none yet'}.")
    return found


class ProgressLine:
    """`Exporting 12/40 patients [######    ] 30%` on a terminal (rewritten in place); in a log,
    one line per tenth of the way."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        if self.live:
            filled = int(share * self.WIDTH)
            bar = "#" * filled + " " * (self.WIDTH - filled)
            end = "\n" if done == total else ""
            self.stream.write(f"\rExporting {done}/{total} patients [{bar}] {share:4.0%}{end}")
        elif int(share * 10) != self.last_tenth or done == total:
            self.last_tenth = int(share * 10)
            self.stream.write(f"Exported {done}/{total} patients ({share:.0%})\n")
        self.stream.flush()


def _clinic(wanted: str, out: Path) -> int:
    from knotwork.interop.export import ExportRefused
    from knotwork.interop.services import export_clinic

    clinic = find_clinic(wanted)
    total = clinic.patients.count()
    print(f"Exporting {total} patients of {clinic.name} to {out}", file=sys.stderr)
    try:
        result = export_clinic(clinic=clinic, out_dir=out, progress=ProgressLine(sys.stderr))
    except ExportRefused as refused:
        raise Refused(str(refused)) from None
    counts = ", ".join(f"{kind} {count}" for kind, count in result.counts.items())
    print(
        f"Wrote {result.total} resources ({counts}) of {result.patients} patients"
        f"{f' and {result.documents} documents' if result.documents else ''} to {out}; "
        f"manifest.json lists the files."
    )
    return 0
