"""API of booking's hours and the day view: the clinic's opening hours (every staff member reads
them, admins set them), each staff member's working hours (read by the clinic's staff, set by an
admin or the member themself, as on the pages) and the day's sessions of the clinic.

Reads and writes go through the pages' readers and services (`services.booking`), so a refused
week is the same 422 (`week`, `session_minutes`) and a member of another clinic the same 404.
"""

# No `from __future__ import annotations` here: ninja reads the day view's query types through
# the pagination decorator's wrapper, whose module does not know `IsoDate` by name.
from collections.abc import Callable
from datetime import date, time

from django.http import Http404
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from knotwork.audit.services import record_list
from knotwork.clinics.models import Membership, Role
from knotwork.clinics.querysets import current_clinic, current_membership, require_admin
from knotwork.common.errors import Refusal, responses
from knotwork.common.ids import IsoDate
from knotwork.common.pagination import Page, Paged, paged
from knotwork.common.requests import AuthenticatedRequest
from knotwork.courses.models import CourseSettings, OpeningHours, TreatmentSession
from knotwork.courses.querysets import day_alerts, day_sessions
from knotwork.courses.schemas import (
    DayHoursIn,
    DayHoursOut,
    DaySessionOut,
    OpeningHoursIn,
    OpeningHoursOut,
    WeekIn,
    WorkingHoursOut,
)
from knotwork.courses.services import save_opening_hours, save_working_hours
from knotwork.domain.protocol import WEEKDAYS, WeeklyHours
from knotwork.intake.services import gate_for

router = Router(tags=["booking hours"])


def _week_out(week: WeeklyHours) -> list[DayHoursOut]:
    return [
        DayHoursOut(
            weekday=day, day=WEEKDAYS[day], start=f"{hours[0]:%H:%M}", end=f"{hours[1]:%H:%M}"
        )
        for day, hours in sorted(week.items())
    ]


def _week_in(days: list[DayHoursIn]) -> dict[int, tuple[time, time] | None]:
    """The days as the services take them; a weekday given twice is refused (422 `week[i]`)."""
    week: dict[int, tuple[time, time] | None] = {}
    for index, row in enumerate(days):
        if row.weekday in week:
            raise Refusal(f"{WEEKDAYS[row.weekday]} is given twice.", field=f"week[{index}]")
        week[row.weekday] = row.hours()
    return week


def _opening_out(request: AuthenticatedRequest) -> OpeningHoursOut:
    clinic = current_clinic(request)
    return OpeningHoursOut(
        week=_week_out(OpeningHours.week_of(clinic)),
        own_hours=clinic.opening_hours.exists(),
        session_minutes=CourseSettings.for_clinic(clinic).session_minutes,
    )


@router.get(
    "/clinic/opening-hours",
    response=responses(OpeningHoursOut),
    summary="The clinic's opening days and hours and how long a booked session lasts (staff)",
)
def get_opening_hours(request: AuthenticatedRequest) -> OpeningHoursOut:
    return _opening_out(request)


@router.put(
    "/clinic/opening-hours",
    response=responses(OpeningHoursOut),
    summary="Set the clinic's opening days and hours and the session length (admins); each "
    "weekday once, the end after the start",
)
def put_opening_hours(request: AuthenticatedRequest, payload: OpeningHoursIn) -> OpeningHoursOut:
    admin = require_admin(request)
    save_opening_hours(
        actor=request.user,
        clinic=admin.clinic,
        week=_week_in(payload.week),
        session_minutes=payload.session_minutes,
        request=request,
    )
    return _opening_out(request)


def _members(request: AuthenticatedRequest) -> list[Membership]:
    clinic = current_clinic(request)
    return list(
        Membership.objects.filter(clinic=clinic, is_active=True)
        .select_related("user", "clinic")
        .prefetch_related("working_hours", "clinic__opening_hours")
        .order_by("user__display_name", "pk")
    )


def _working_out(member: Membership) -> WorkingHoursOut:
    # From the prefetched rows: the member's own, else the clinic's opening hours.
    own = {row.weekday: (row.starts, row.ends) for row in member.working_hours.all()}
    return WorkingHoursOut(
        membership_id=member.pk,
        user_id=member.user_id,
        name=str(member.user),
        role=member.role,
        own_hours=bool(own),
        week=_week_out(own or OpeningHours.week_of(member.clinic)),
    )


@router.get(
    "/clinic/working-hours",
    response=responses(list[WorkingHoursOut]),
    summary="Each active staff member's working days and hours in the clinic (staff)",
)
@paginate(Page)
def list_working_hours(request: AuthenticatedRequest) -> Paged[Membership, WorkingHoursOut]:
    return paged(_members(request), _working_out)


@router.put(
    "/clinic/working-hours/{membership_id}",
    response=responses(WorkingHoursOut),
    summary="Set a staff member's working days and hours (a clinic admin, or the member "
    "themself); each weekday once, the end after the start",
)
def put_working_hours(
    request: AuthenticatedRequest, membership_id: int, payload: WeekIn
) -> WorkingHoursOut:
    own = current_membership(request)
    member = next((m for m in _members(request) if m.pk == membership_id), None)
    # Another clinic's member, or someone else's hours without being an admin: 404, as the page.
    if own is None or member is None or (member.pk != own.pk and own.role != Role.ADMIN):
        raise Http404("No such member.")
    save_working_hours(
        actor=request.user, membership=member, week=_week_in(payload.week), request=request
    )
    refreshed = next(m for m in _members(request) if m.pk == membership_id)
    return _working_out(refreshed)


def _day_out(day: date) -> Callable[[TreatmentSession], DaySessionOut]:
    def out(session: TreatmentSession) -> DaySessionOut:
        patient = session.course.patient
        therapist = session.booked_with or session.course.therapist
        gate = gate_for(patient, "record_session", on=day)
        return DaySessionOut(
            session_id=session.pk,
            course_id=session.course_id,
            number=session.number,
            sessions=session.course.sessions,
            patient_id=patient.pk,
            patient_name=patient.full_name,
            therapist_id=therapist.pk if therapist else None,
            therapist=str(therapist) if therapist else "",
            status=session.status,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            gate_open=gate.open,
            gate_reasons=list(gate.reasons),
            alerts=day_alerts(session),
        )

    return out


@router.get(
    "/clinic/day",
    response=responses(list[DaySessionOut]),
    summary="The clinic's sessions of a day (today by default), by time, with each patient's "
    "safety gate that day and open check-in alerts; `therapist_id` keeps one therapist's (staff)",
)
@paginate(Page)
def day_view(
    request: AuthenticatedRequest, on: IsoDate | None = None, therapist_id: int | None = None
) -> Paged[TreatmentSession, DaySessionOut]:
    clinic = current_clinic(request)
    day = on or timezone.localdate()
    rows = day_sessions(clinic, day, therapist_id)

    def shown(page: list[TreatmentSession]) -> None:
        record_list(
            request,
            actor=request.user,
            clinic=clinic,
            patients=[session.course.patient for session in page],
            subject="day_view",
            detail=day.isoformat(),
        )

    return paged(rows, _day_out(day), shown=shown)
