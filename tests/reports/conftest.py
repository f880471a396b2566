"""Fixtures of the report tests: the demo clinic's course, reading a PDF's text as a reader
would (pypdf), and keeping a picture of each document's first page in docs/screenshots/."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.courses import conftest as course_fixtures

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"

clock = course_fixtures.clock


def pdf_text(data: bytes) -> str:
    """Every page's text, with runs of white space made one space (lines wrap anywhere)."""
    from pypdf import PdfReader

    assert data.startswith(b"%PDF-"), data[:20]
    reader = PdfReader(BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)


def keep_first_page(data: bytes, name: str) -> Path:
    """The first page as docs/screenshots/pdf-<name>.png (PDFium, as a PDF viewer draws it)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        bitmap = document[0].render(scale=1.4)
        image = bitmap.to_pil()
        path = SCREENSHOTS / f"pdf-{name}.png"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        image.save(path, optimize=True)
    finally:
        document.close()
    return path


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def demo_course(db: Any) -> Any:
    """Jordan's demo course three weeks in: two sessions signed, reviewed, check-ins answered."""
    from knotwork.courses.models import Course
    from knotwork.demo import seed_demo_clinic

    seed_demo_clinic()
    return Course.objects.select_related("patient", "therapist").get(
        patient__given_name="Jordan", patient__is_demo=True
    )


# The FHIR tests' validators and their patient with every kind of record.
from tests.interop.conftest import fhir_schema, full_record  # noqa: E402, F401
