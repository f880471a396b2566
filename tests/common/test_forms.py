"""Every form of Knotwork applies the one text rule (knotwork.common.forms.TextRules)."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

import knotwork
from knotwork.common.forms import TextRules


def knotwork_forms() -> list[type[forms.BaseForm]]:
    # Forms live in forms modules and, a few, beside their views.
    for module in pkgutil.walk_packages(knotwork.__path__, "knotwork."):
        if ".forms" in module.name or ".views" in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[forms.BaseForm]] = [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("knotwork.") and sub.__module__ != "knotwork.common.forms":
                found.append(sub)
    return found


def test_every_form_applies_the_text_rule() -> None:
    found = knotwork_forms()
    assert len(found) > 30
    assert [f.__qualname__ for f in found if not issubclass(f, TextRules)] == []


class NameForm(TextRules, forms.Form):
    name = forms.CharField()
    note = forms.CharField(widget=forms.Textarea, required=False)
    code = forms.CharField(required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False)

    multiline = frozenset({"code"})


def test_a_one_line_field_refuses_a_tab_beside_the_field() -> None:
    form = NameForm({"name": "Ada\tLovelace", "note": "two\nlines\tand a tab"})
    assert not form.is_valid()
    assert form.errors == {"name": ["Must be one line: no tab or line break."]}


def test_a_multi_line_field_refuses_other_control_characters() -> None:
    form = NameForm({"name": "Ada", "note": "a\x1bb", "code": "x\ty", "password": "p\tw"})
    assert list(form.errors) == ["note"]
    assert "U+001B" in form.errors["note"][0]
