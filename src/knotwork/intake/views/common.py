"""Helpers shared by the intake views: who is acting, the htmx field check, error lists."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.utils.html import format_html, format_html_join

from knotwork.clinics.querysets import is_staff_of
from knotwork.common.requests import AuthenticatedRequest


def acting_as_staff(request: AuthenticatedRequest, clinic_id: int) -> bool:
    return is_staff_of(request, clinic_id)


def field_check(request: AuthenticatedRequest, form: forms.Form) -> HttpResponse:
    """The error of the field that just changed, as an htmx out-of-band swap; nothing is saved.

    htmx names the changed input in the HX-Trigger-Name header. Only that field's message is
    sent, so a patient is not told off about questions they have not reached yet.
    """
    name = request.headers.get("HX-Trigger-Name", "")
    if name not in form.fields:
        return HttpResponse("")
    form.is_valid()
    messages = list(form.errors.get(name, ()))
    # The id the field's aria-describedby names (Django: "<auto_id>_error").
    return HttpResponse(
        format_html(
            '<p class="error" id="{}_error" hx-swap-oob="true" aria-live="polite">{}</p>',
            form[name].auto_id,
            format_html_join(" ", "{}", ((m,) for m in messages)),
        )
    )


def error_summary(form: forms.Form) -> list[tuple[str, str]]:
    """(field label, message) for every error, so a refused step names each field."""
    rows: list[tuple[str, str]] = []
    for name, errors in form.errors.items():
        # A message about the whole step (not one field) is shown on its own, without a label.
        label = form.fields[name].label if name in form.fields else ""
        rows.extend((str(label), str(message)) for message in errors)
    return rows
