"""The one rule for text a request may carry: no control characters.

NUL breaks PostgreSQL (a 500 instead of an answer) and the other control characters (bell,
escape, backspace, C1 codes) and lone surrogates are never part of what a person types; they
hide text on screen, in CSV files and in logs. Tab and line breaks are text only where text may
span lines (notes, history); a one-line field (a name, a search) refuses them too.

`knotwork.web.middleware.TextInputMiddleware` applies the rule to every request (query string,
form fields, JSON bodies) before any view; `knotwork.common.schemas.InputSchema` adds the
one-line rule to the API's input fields not declared multi-line.
"""

from __future__ import annotations

import re

# C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates (which
# JSON can spell as \ud800 and no database can store).
_NEVER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS_AND_TABS = re.compile("[\t\n\r]")
# The same rules as JSON Schema patterns, for the OpenAPI document (lone surrogates, which no
# UTF-8 text can hold, are left out: regular expression engines refuse to name them).
MULTILINE_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
ONE_LINE_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"


def text_problem(value: str, *, multiline: bool = True) -> str | None:
    """Why `value` cannot be stored as text, or None when it can."""
    found = _NEVER.search(value)
    if found:
        return (
            f"contains the control character U+{ord(found.group()):04X}, "
            "which text may not hold; remove it and send again"
        )
    if not multiline and _LINE_BREAKS_AND_TABS.search(value):
        return "must be one line: no tab or line break"
    return None
