"""The text rule of `knotwork.common.text` in every page's form, as an error beside the field.

`TextRules` is the first base of every form of Knotwork (`tests/common/test_forms.py` checks
it): a text field refuses control characters, and one that is not multi-line (its widget is not
a `Textarea`, and it is not named in `multiline`) refuses tabs and line breaks too, the rule the
API's `InputSchema` applies. The text middleware refuses control characters for every request
before any view; a view whose text all comes through such forms is marked with
`@text_checked_by_forms`, so the person sees what to fix beside the field instead of a bare 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django import forms

from knotwork.common.text import text_problem

# What marks a view for the text middleware (`knotwork.web.middleware.TextInputMiddleware`).
CHECKED_BY_FORMS = "text_checked_by_forms"


def text_checked_by_forms[V: Callable[..., object]](view: V) -> V:
    """Mark a view whose every text input is a field of a `TextRules` form: the middleware then
    leaves a control character to the form, which names it beside the field."""
    setattr(view, CHECKED_BY_FORMS, True)
    return view


class TextRules(forms.BaseForm):
    """Every text field of the form obeys the one text rule; a field breaking it shows why."""

    multiline: ClassVar[frozenset[str]] = frozenset()

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            problem = self._text_problem(name, field)
            if problem:
                self.add_error(name, f"{problem[0].upper()}{problem[1:]}.")

    def _text_problem(self, name: str, field: forms.Field) -> str | None:
        if isinstance(field.widget, forms.PasswordInput):
            # A password is checked, never shown: only the middleware's control characters.
            return None
        raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        multiline = name in self.multiline or isinstance(field.widget, forms.Textarea)
        for value in raw if isinstance(raw, list | tuple) else [raw]:
            if isinstance(value, str):
                problem = text_problem(value, multiline=multiline)
                if problem:
                    return problem
        return None
