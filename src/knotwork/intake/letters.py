"""Checks for an uploaded clearance letter: a PDF or an image, small enough to store."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

# File signatures: the extension alone can be renamed, the first bytes cannot lie as easily.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
LETTER_LIMIT_BYTES = 5 * 1024 * 1024


def max_letter_bytes() -> int:
    """The largest letter accepted: 5 MiB, or less when the request size limit is lower."""
    # A request larger than MAX_REQUEST_BYTES is refused before the view runs (413), so the
    # letter limit must leave room for the rest of the form.
    return min(LETTER_LIMIT_BYTES, settings.MAX_REQUEST_BYTES - 64 * 1024)


def letter_problem(upload: UploadedFile[Any]) -> str | None:
    """Why this upload cannot be stored as a letter, or None when it can."""
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in SIGNATURES:
        return "Upload the letter as a PDF, PNG or JPEG file."
    limit = max_letter_bytes()
    if (upload.size or 0) > limit:
        size = (upload.size or 0) // 1024
        return f"The letter is too large ({size} KiB); the limit is {limit // 1024} KiB."
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[suffix]):
        return f"This file is not a real {suffix[1:].upper()} file."
    return None
