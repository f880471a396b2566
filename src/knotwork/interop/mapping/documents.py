"""DocumentReference: each PDF made for the patient (reports app), with its size and hash so a
receiving system can check the file it fetches or is handed."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from knotwork.interop.codes import DOCUMENT_KINDS, coding, concept
from knotwork.interop.documents import KIND_LABELS, GeneratedDocument
from knotwork.interop.links import Key
from knotwork.interop.mapping.context import ExportContext, Mapped, instant


def document_key(document: GeneratedDocument) -> Key:
    return Key("DocumentReference", f"document/{document.key}")


def document(ctx: ExportContext, document: GeneratedDocument, url: str) -> Mapped:
    """One document; `url` is where its file is (a server address or a file of the export)."""
    content = document.content()
    label = KIND_LABELS.get(document.kind, document.kind.replace("_", " ").capitalize())
    body: dict[str, Any] = {
        "status": "current",
        "type": concept(label, coding(DOCUMENT_KINDS, document.kind, label)),
        "subject": ctx.subject,
        "date": instant(document.created_at),
        "description": document.title,
        "custodian": ctx.organization,
        "content": [
            {
                "attachment": {
                    "contentType": document.content_type,
                    "url": url,
                    "size": len(content),
                    # FHIR's Attachment.hash is the SHA-1 of the data, base64-encoded.
                    "hash": base64.b64encode(hashlib.sha1(content).digest()).decode(),
                    "title": document.title,
                    "creation": instant(document.created_at),
                }
            }
        ],
    }
    if document.author is not None and document.author.pk == ctx.patient.user_id:
        # A copy the patient downloaded: the clinic's system made it at their request; the
        # patient is no Practitioner.
        body["author"] = [ctx.organization]
    else:
        author = ctx.practitioner(document.author)
        if author is not None:
            body["author"] = [author]
    return ctx.make(document_key(document), body)


def documents(ctx: ExportContext) -> list[Mapped]:
    return [document(ctx, found, ctx.document_url(found)) for found in ctx.documents(ctx.patient)]
