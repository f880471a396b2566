"""Sessions as iCalendar feeds: the secret feed address a calendar app fetches, and the page
that creates (or resets) it.

A calendar app fetches a feed without logging in, so each feed has its own secret URL (a token
whose hash only is stored; resetting it revokes the old URL). Feeds travel to third-party
calendar services, so they say as little as possible: a therapist's feed names patients by
initials only, and no feed carries clinical detail.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from knotwork.audit.services import record_list
from knotwork.clinics.models import hash_token
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.calendar import ics
from knotwork.courses.models import CalendarFeed
from knotwork.courses.querysets import feed_sessions


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, for calendar apps: the secret in the URL is the only credential."""
    feed = (
        CalendarFeed.objects.select_related("user", "patient")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    if feed.patient_id is None and not feed.user.memberships.filter(is_active=True).exists():
        # A staff feed answers only while its owner is a member of a clinic.
        raise Http404("No such calendar.")
    sessions = list(feed_sessions(feed))
    patients = {session.course.patient.pk: session.course.patient for session in sessions}
    # A feed lists patients to whoever holds its link: one list read, as its owner.
    record_list(
        request,
        actor=feed.user,
        clinic=feed.patient.clinic if feed.patient is not None else None,
        patients=patients.values(),
        subject="calendar_feed",
        detail=f"calendar feed of {len(sessions)} sessions, fetched with its secret link",
    )
    body = ics(sessions, for_therapist=feed.patient_id is None, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return response


@login_required
def calendar_links(request: AuthenticatedRequest) -> HttpResponse:
    """Create (or reset) the user's secret calendar link; it is shown once."""
    patient = getattr(request.user, "patient_record", None)
    is_staff = request.user.memberships.filter(is_active=True).exists()
    if not is_staff and patient is None:
        raise Http404("No calendar for this login.")
    link = None
    if request.method == "POST":
        token = secrets.token_urlsafe(24)
        with transaction.atomic():
            CalendarFeed.objects.filter(user=request.user).delete()
            CalendarFeed.objects.create(
                user=request.user,
                patient=None if is_staff else patient,
                token_hash=hash_token(token),
            )
        link = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token}))
        messages.success(request, "New calendar link created; any older link no longer works.")
    has_feed = CalendarFeed.objects.filter(user=request.user).exists()
    return render(
        request,
        "courses/calendar_links.html",
        {"link": link, "has_feed": has_feed, "is_staff": is_staff},
    )
