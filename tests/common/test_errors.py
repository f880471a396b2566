"""One refusal type: its error shape, and the same refusal as form errors on a page."""

from __future__ import annotations

from django import forms

from knotwork.common.errors import Conflict, Refusal, add_to_form


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def test_a_refusal_naming_a_field_answers_the_api_error_shape_with_that_field() -> None:
    refusal = Refusal("must not be empty", field="name")
    assert refusal.status == 422
    assert refusal.body() == {
        "detail": "Some fields are not valid: name: must not be empty",
        "errors": [{"field": "name", "message": "must not be empty"}],
    }


def test_a_conflict_is_409_in_the_same_shape() -> None:
    conflict = Conflict("This patient already has an active course. End it first.")
    assert conflict.status == 409
    assert conflict.body() == {
        "detail": "This patient already has an active course. End it first.",
        "errors": [],
    }


def test_it_puts_a_refusal_on_its_field_and_the_rest_on_the_form() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_to_form(form, Refusal(errors=[("name", "is taken"), ("marks[0]", "unknown region")]))
    assert form.errors["name"] == ["is taken"]
    assert form.non_field_errors() == ["unknown region"]


def test_it_puts_a_refusal_without_a_field_on_the_form() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_to_form(form, Conflict("This session is already signed."))
    assert form.non_field_errors() == ["This session is already signed."]
