"""An uploaded clearance letter, checked by its whole structure and stored rebuilt.

The first bytes of a file prove little: a PDF with an HTML page behind it, or a PNG with a
script appended, passes a signature check and is still HTML to a browser that sniffs it. So a
letter is parsed whole and only what was parsed is stored: an image is decoded and encoded
anew by Pillow (which also drops its metadata, such as where a photo was taken), a PDF is read
by pypdf and its pages written into a new file without annotations, links or scripts. Anything
that does not parse as what its name says is refused.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

# Suffix -> the format the content must parse as.
FORMATS = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
STORED_SUFFIX = {"PDF": ".pdf", "PNG": ".png", "JPEG": ".jpg"}
MAX_PAGES = 50
# A scan at 600 dpi of an A4 page is about 35 million pixels.
MAX_PIXELS = 50_000_000


class LetterRefused(ValueError):
    """Why an upload cannot be stored as a letter (a sentence for the person uploading it)."""


def max_letter_bytes() -> int:
    """The largest letter accepted (KNOTWORK_MAX_LETTER_BYTES). The clearance form's requests
    may be this much larger than the general request limit (knotwork.web.middleware)."""
    return int(settings.MAX_LETTER_BYTES)


def rebuilt_letter(upload: UploadedFile[Any]) -> ContentFile[bytes]:
    """The letter as it will be stored: parsed and written anew. Raises LetterRefused."""
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in FORMATS:
        raise LetterRefused("Upload the letter as a PDF, PNG or JPEG file.")
    limit = max_letter_bytes()
    if (upload.size or 0) > limit:
        size = (upload.size or 0) // 1024
        raise LetterRefused(
            f"The letter is too large ({size} KiB); the limit is {limit // 1024} KiB."
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    wanted = FORMATS[suffix]
    content = _rebuilt_pdf(data) if wanted == "PDF" else _rebuilt_image(data, wanted)
    return ContentFile(content, name=f"letter{STORED_SUFFIX[wanted]}")


def _rebuilt_pdf(data: bytes) -> bytes:
    not_pdf = LetterRefused("This file is not a real PDF file.")
    if not data.startswith(b"%PDF-"):
        raise not_pdf
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise LetterRefused(
                "This PDF is protected by a password; save it without one and upload it again."
            )
        if not 1 <= len(reader.pages) <= MAX_PAGES:
            raise LetterRefused(f"A letter has between 1 and {MAX_PAGES} pages.")
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        # Links, form fields and their scripts are not part of a letter's text.
        writer.remove_annotations(subtypes=None)
        out = io.BytesIO()
        writer.write(out)
    except LetterRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise not_pdf from error
    return out.getvalue()


def _rebuilt_image(data: bytes, wanted: str) -> bytes:
    not_image = LetterRefused(f"This file is not a real {wanted} file.")
    try:
        with Image.open(io.BytesIO(data), formats=[wanted]) as probe:
            probe.verify()  # the whole file: chunks, checksums, the end marker
        with Image.open(io.BytesIO(data), formats=[wanted]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise LetterRefused("This image is too large; scan the letter at 300 dpi.")
            image.load()
            upright = ImageOps.exif_transpose(image)
            if wanted == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            # Written anew: only the pixels, no metadata, nothing appended.
            upright.save(out, format=wanted, **({"quality": 90} if wanted == "JPEG" else {}))
    except LetterRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise not_image from None
    return out.getvalue()
