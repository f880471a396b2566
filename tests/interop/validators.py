"""The two validators every FHIR export of the tests must pass, and the reference checks.

1. The official FHIR R4 JSON schema, run by node (tools/fhir_validator/validate.js): independent
   of the Python code that builds the export. One node process serves a whole test session.
2. The `fhir.resources` R4B models, parsing the JSON back (what a second Python system does).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "tools" / "fhir_validator"
SCRIPT = VALIDATOR / "validate.js"


def node() -> str:
    found = shutil.which("node")
    assert found, "node is missing: the FHIR schema validator needs Node.js (bin/test says how)"
    assert (VALIDATOR / "node_modules" / "@asymmetrik").is_dir(), (
        "tools/fhir_validator has no node_modules: run bin/test (it runs npm ci there) or "
        "`npm ci --prefix tools/fhir_validator`"
    )
    return found


class SchemaValidator:
    """The R4 JSON schema in a node process: one resource a line in, its errors a line out."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [node(), str(SCRIPT), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def errors(self, resource: dict[str, Any]) -> list[dict[str, str]]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(resource) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the node validator stopped"
        errors: list[dict[str, str]] = json.loads(line)["errors"]
        return errors

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def check_files(*paths: Path) -> subprocess.CompletedProcess[str]:
    """The validator's command line on export files (JSON or NDJSON), as a person runs it."""
    return subprocess.run(
        [node(), str(SCRIPT), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def parse_with_models(resource: dict[str, Any]) -> Any:
    """The resource parsed by its fhir.resources R4B model (raises when the model refuses)."""
    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def references(value: Any) -> Iterator[str]:
    """Every `reference` string anywhere in a resource."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield inner
            else:
                yield from references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from references(inner)


def unresolved_in_bundle(bundle: dict[str, Any]) -> set[str]:
    names = {entry["fullUrl"] for entry in bundle["entry"]}
    found = {ref for entry in bundle["entry"] for ref in references(entry["resource"])}
    return found - names


def unresolved_in_bulk(resources: Iterable[dict[str, Any]]) -> set[str]:
    rows = list(resources)
    names = {f"{r['resourceType']}/{r['id']}" for r in rows}
    return {ref for r in rows for ref in references(r)} - names
