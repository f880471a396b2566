"""The HTTP shape of an export: FHIR's JSON media type, never cached, optionally a download."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from knotwork.interop.export import FHIR_JSON


def fhir_response(bundle: dict[str, Any], *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=1),
        content_type=f"{FHIR_JSON}; charset=utf-8",
    )
    # A whole health record: no browser or proxy may keep a copy.
    response["Cache-Control"] = "no-store"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_name(words: str) -> str:
    """E.g. `jordan-reyes-fhir-record-2031-03-03.json`: readable, no internal ids."""
    return f"{slugify(words) or 'record'}-fhir-record-{timezone.localdate().isoformat()}.json"
