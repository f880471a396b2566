"""Sessions as iCalendar (.ics, RFC 5545) feeds, per therapist and per patient.

A calendar app fetches a feed without logging in, so each feed has its own secret URL (a token
whose hash only is stored; resetting it revokes the old URL). Feeds travel to third-party
calendar services, so they say as little as possible: a therapist's feed names patients by
initials only, and no feed carries clinical detail.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from knotwork.clinics.models import hash_token
from knotwork.courses.models import CalendarFeed, CourseStatus, TreatmentSession


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with a leading space (RFC 5545 3.1)."""
    out, data = [], line.encode()
    while len(data) > 75:
        cut = 75
        while (data[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(data[:cut].decode())
        data = b" " + data[cut:]
    out.append(data.decode())
    return "\r\n".join(out)


def initials(given: str, family: str) -> str:
    return "".join(part[:1].upper() + "." for part in (given, family) if part)


def ics(sessions: Iterable[TreatmentSession], *, for_therapist: bool, now: datetime) -> str:
    """The calendar text: one all-day event per booked or held session."""
    stamp = now.astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Knotwork//Treatment sessions//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + ("Knotwork sessions" if for_therapist else "My sessions"),
    ]
    for session in sessions:
        day = timezone.localdate(session.held_at) if session.held_at else session.scheduled_for
        if day is None:
            continue
        course = session.course
        patient = course.patient
        if for_therapist:
            who = initials(patient.given_name, patient.family_name)
            title = f"Session {session.number}/{course.sessions}: {who}"
        else:
            title = f"Session {session.number} of {course.sessions} at {patient.clinic.name}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@knotwork",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            "SUMMARY:" + _escape(title),
            "STATUS:" + ("CONFIRMED" if session.scheduled_for or session.held_at else "TENTATIVE"),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def feed_sessions(feed: CalendarFeed):  # -> QuerySet[TreatmentSession]
    sessions = TreatmentSession.objects.select_related("course__patient__clinic").exclude(
        course__status=CourseStatus.ENDED, held_at=None
    )
    if feed.patient_id:
        return sessions.filter(course__patient_id=feed.patient_id)
    return sessions.filter(course__therapist=feed.user)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, for calendar apps: the secret in the URL is the only credential."""
    feed = (
        CalendarFeed.objects.select_related("user", "patient")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    body = ics(feed_sessions(feed), for_therapist=feed.patient_id is None, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def calendar_links(request: HttpRequest) -> HttpResponse:
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
