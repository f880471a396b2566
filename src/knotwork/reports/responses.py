"""The HTTP shape of a document: a PDF, never cached, named for a person to read."""

from __future__ import annotations

from django.http import HttpResponse


def pdf_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    # Health data: no browser or proxy may keep a copy.
    response["Cache-Control"] = "no-store"
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
