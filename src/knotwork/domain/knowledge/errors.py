"""The one error a broken knowledge-base file raises, naming the file, the entry and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class KnowledgeError(ValueError):
    """A knowledge-base file is invalid: `file`, `entry` and `field` say exactly where."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: field {self.field!r}: {self.message}"
