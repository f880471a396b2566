"""`{% clinic_alerts %}`: the clinic's unacknowledged alerts, for the top of the dashboard."""

from __future__ import annotations

from typing import Any

from django import template

from knotwork.common.pagination import latest
from knotwork.intake.models import ClinicAlert

register = template.Library()


@register.inclusion_tag("intake/_clinic_alerts.html", takes_context=True)
def clinic_alerts(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    clinic = context.get("clinic")
    if request is None or clinic is None:
        return {"alerts": []}
    alerts = (
        ClinicAlert.objects.restrict(request.user, staff_only=True)
        .filter(clinic=clinic)
        .open()
        .select_related("patient")
    )
    return {"alerts": latest(alerts, 20)}
