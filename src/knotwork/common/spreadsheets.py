"""CSV files a spreadsheet opens safely: no cell runs as a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some programs, with a
tab or carriage return before one) as a formula: a note such as `=HYPERLINK("http://...")`,
written by a patient through a drawing link, would become a link or worse in the clinic's
spreadsheet. Every text cell that starts so is written with a leading `'` (OWASP's advice),
which spreadsheets show as the text itself. Numbers are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: object) -> object:
    """The cell as a spreadsheet should see it: text that starts like a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose every row goes through `safe_cell`."""

    def __init__(self, out: _Writable, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])
