"""Writers and readers of live sessions: start, admit a phone or a screen, store, end, summarise."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection, transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from knotwork.audit.models import AuditAction
from knotwork.audit.services import record
from knotwork.domain.live import (
    DiscomfortWindow,
    EventKind,
    SequenceTracker,
    TriggerPointTrace,
    recent_discomfort,
    summarise,
)
from knotwork.intake.services import act_on_gate
from knotwork.intake.services.safety import GateClosed
from knotwork.live import groups
from knotwork.live.models import LiveEvent, LiveSession
from knotwork.live.querysets import get_live_for_staff
from knotwork.live.tokens import DEVICE_ID, JoinRefused, read_join_token
from knotwork.live.trigger_points import label, wire_id

if TYPE_CHECKING:
    from knotwork.accounts.models import User
    from knotwork.courses.models import TreatmentSession
    from knotwork.patients.models import Patient

# No 0/O or 1/I/L: the patient reads the code off a screen and types it on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def start_live_session(
    *,
    actor: User,
    patient: Patient,
    plan: Sequence[str] = (),
    window: DiscomfortWindow | None = None,
    treatment_session: TreatmentSession | None = None,
    request: HttpRequest | None = None,
) -> LiveSession:
    """Open live feedback for a patient: a new session with a short code and a target window.

    Refused (GateClosed) while the gate for recording a session today is shut: live feedback
    is treatment. The decision is audited by the gate, and stays on record when refused.
    Without a plan of its own, the trigger points recorded on the treatment session are used.
    """
    window = window or DiscomfortWindow()
    if treatment_session is not None and treatment_session.course.patient_id != patient.pk:
        raise ValueError("the treatment session belongs to another patient")
    # Its own transaction: a refusal stays on the trail.
    with transaction.atomic():
        decision = act_on_gate(
            patient,
            "record_session",
            on=timezone.localdate(),
            actor=actor,
            request=request,
            acting="live feedback",
        )
    if not decision.open:
        raise GateClosed(decision)
    return _create_live_session(
        actor=actor,
        patient=patient,
        plan=plan,
        window=window,
        treatment_session=treatment_session,
        request=request,
    )


@transaction.atomic
def _create_live_session(
    *,
    actor: User,
    patient: Patient,
    plan: Sequence[str],
    window: DiscomfortWindow,
    treatment_session: TreatmentSession | None,
    request: HttpRequest | None,
) -> LiveSession:
    if not plan and treatment_session is not None:
        plan = [
            wire_id(f"{point.muscle}/{point.trigger_point}")
            for point in treatment_session.points.all()
        ]
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    live = LiveSession.objects.create(
        patient=patient,
        treatment_session=treatment_session,
        started_by=actor,
        short_code=code,
        window_low=window.low,
        window_high=window.high,
        plan=list(plan),
    )
    record(
        actor=actor,
        patient=patient,
        action=AuditAction.CREATE,
        subject="live_session",
        subject_id=live.pk,
        detail=f"window {window.low}-{window.high}, {len(plan)} planned trigger points",
        request=request,
    )
    return live


def find_by_code(code: str, device: str = "") -> LiveSession | None:
    """The open session with this short code that no phone has joined yet, or that this phone
    (`device`, its stored id) joined: the same phone rejoins for as long as the session lasts.
    Raises JoinRefused when another phone holds the session."""
    found = (
        LiveSession.objects.filter(short_code=code.strip().upper(), ended_at=None)
        .order_by("-started_at")
        .first()
    )
    if found is None or not found.phone_device or found.phone_device == device:
        return found
    raise JoinRefused(
        "Another phone has already joined this session; only that phone can rejoin.",
        JoinRefused.TAKEN,
    )


@dataclass(frozen=True)
class PhoneAdmission:
    """What the phone's socket needs to know once let in."""

    live_session_id: int
    window: DiscomfortWindow
    stored: SequenceTracker
    trigger_point: str
    # The phone clock's offset (server - phone, ms) and the last event's time, from what is
    # stored: a reconnecting phone's late taps are timed by them (`domain.live.timing`).
    offset_ms: int | None = None
    last_at_ms: int | None = None


def admit_phone(token: str, device: str) -> PhoneAdmission:
    """Let the one phone of a live session in, or raise JoinRefused saying why not."""
    claim = read_join_token(token)
    if not DEVICE_ID.match(device or ""):
        raise JoinRefused("This phone did not say who it is; reload the page.", JoinRefused.INVALID)
    with transaction.atomic():
        live = (
            LiveSession.objects.select_for_update()
            .filter(pk=claim.live_session_id, patient_id=claim.patient_id)
            .first()
        )
        if live is None:
            raise JoinRefused("This link is not valid. Ask your therapist for a new code.", 4401)
        if not live.is_open:
            raise JoinRefused("This live session has ended. Thank you.", JoinRefused.GONE)
        if live.phone_device and live.phone_device != device:
            raise JoinRefused("Another phone has already joined this session.", JoinRefused.TAKEN)
        if not live.phone_device:
            if not claim.fresh:
                raise JoinRefused("This code has expired. Ask your therapist for a new one.", 4410)
            live.phone_device = device
            live.save(update_fields=["phone_device"])
    offset, last_at = stored_clock(live.pk)
    return PhoneAdmission(
        live.pk,
        live.window,
        stored_sequence(live.pk),
        current_point(live.pk),
        offset,
        last_at,
    )


def stored_clock(live_session_id: int) -> tuple[int | None, int | None]:
    """The offset of the latest stored phone event (its time minus its phone time) and the
    latest event's time, both in ms; None when nothing is stored yet."""
    last = LiveEvent.objects.filter(live_session_id=live_session_id).order_by("-at").first()
    phone = (
        LiveEvent.objects.filter(live_session_id=live_session_id, sent_at_ms__isnull=False)
        .order_by("-seq")
        .first()
    )
    offset = None
    if phone is not None and phone.sent_at_ms is not None:
        offset = int(phone.at.timestamp() * 1000) - phone.sent_at_ms
    return offset, int(last.at.timestamp() * 1000) if last else None


def admit_screen(user: User, live_session_id: int) -> LiveSession:
    """The live session if this user is staff of the patient's clinic; else JoinRefused."""
    try:
        return get_live_for_staff(user, live_session_id)
    except Http404:
        raise JoinRefused("You cannot open this live session.", JoinRefused.FORBIDDEN) from None


def stored_sequence(live_session_id: int) -> SequenceTracker:
    """The phone seqs already in the database, as a tracker (rebuilt on every phone connect)."""
    tracker = SequenceTracker()
    seqs = LiveEvent.objects.filter(live_session_id=live_session_id, seq__isnull=False)
    for seq in seqs.order_by("seq").values_list("seq", flat=True):
        if seq is not None:  # filtered out above; the type of a nullable column says otherwise
            tracker = tracker.accept(seq).tracker
    return tracker


def current_point(live_session_id: int) -> str:
    """The trigger point being worked: the last one the therapist moved to ("" if none)."""
    last = (
        LiveEvent.objects.filter(live_session_id=live_session_id, kind=EventKind.NEXT_TRIGGER_POINT)
        .order_by("-at", "-id")
        .values_list("trigger_point", flat=True)
        .first()
    )
    return last or ""


STORE_COLUMNS = ("live_session_id", "kind", "at", "value", "trigger_point", "seq", "sent_at_ms")


def store_events(rows: Iterable[LiveEvent]) -> None:
    """Write one batch of events; a resent phone event already stored is skipped, not doubled."""
    # One prepared INSERT run over the batch by the driver. bulk_create builds the SQL for every
    # row in Python while holding the GIL, which stalls the event loop serving the sockets; the
    # ON CONFLICT clause (SQLite and PostgreSQL alike) skips a resend stored before a crash.
    table = connection.ops.quote_name(LiveEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in STORE_COLUMNS)
    marks = ", ".join(["%s"] * len(STORE_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    at_field = LiveEvent._meta.get_field("at")
    params = [
        (
            row.live_session_id,
            row.kind,
            at_field.get_db_prep_value(row.at, connection),
            row.value,
            row.trigger_point,
            row.seq,
            row.sent_at_ms,
        )
        for row in rows
    ]
    if not params:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)


def events_of(live: LiveSession) -> list[LiveEvent]:
    return list(live.events.all())


def trace_json(trace: TriggerPointTrace) -> dict[str, Any]:
    """A trace as stored in `LiveSession.summary` and sent to the screen."""
    return {
        "trigger_point": trace.trigger_point,
        "label": label(trace.trigger_point),
        "started_at": trace.started_at.isoformat(),
        "discomfort": [[round(s, 2), v] for s, v in trace.discomfort],
        "hold_seconds": round(trace.hold_seconds, 1),
        "peak_discomfort": trace.peak_discomfort,
        "final_discomfort": trace.final_discomfort,
        "stop_pressed": trace.stop_pressed,
        "release_felt": trace.release_felt,
        "more": trace.more,
        "less": trace.less,
        "good": trace.good,
    }


PHONE_KINDS = frozenset({"discomfort", "more", "less", "good", "stop"})
# How many of the latest events the therapist's screen shows again after a reload.
EVENT_LOG_SIZE = 200


def event_log(live: LiveSession) -> list[dict[str, Any]]:
    """The session's latest events, oldest first, as the therapist's screen lists them: a
    reloaded screen shows them again from the record."""
    rows = list(live.events.order_by("-at", "-id")[:EVENT_LOG_SIZE])
    found = []
    for row in reversed(rows):
        if row.kind == "discomfort":
            text, kind = f"discomfort {row.value}", ""
        elif row.kind == "stop":
            text, kind = "STOP", "stop"
        elif row.kind == "next_trigger_point":
            text, kind = f"next trigger point: {label(row.trigger_point)}", ""
        else:
            text, kind = row.kind.replace("_", " "), ""
        # A phone event's seq, so the screen shows a resend of it only once.
        seq = row.seq if row.kind in PHONE_KINDS else None
        found.append({"at": int(row.at.timestamp() * 1000), "text": text, "cls": kind, "seq": seq})
    return found


def summary_of(live: LiveSession) -> list[dict[str, Any]]:
    """Per trigger point traces of everything stored so far."""
    return [trace_json(t) for t in summarise(e.to_domain() for e in events_of(live))]


def recent_trend(live: LiveSession, now: datetime | None = None) -> list[list[float]]:
    """The last minute's discomfort ratings as [seconds ago, value], for the screen's trend."""
    now = now or timezone.now()
    since = live.events.filter(at__gte=now - timedelta(seconds=60))
    return [[s, v] for s, v in recent_discomfort([e.to_domain() for e in since], now)]


@transaction.atomic
def end_live_session(*, actor: User | None, live: LiveSession) -> LiveSession:
    """Close the session: the phone link stops working and the summary joins the record."""
    live = LiveSession.objects.select_for_update().get(pk=live.pk)
    if live.ended_at is None:
        live.ended_at = timezone.now()
        live.summary = summary_of(live)
        live.save(update_fields=["ended_at", "summary"])
        record(
            actor=actor,
            patient=live.patient,
            action=AuditAction.CHANGE,
            subject="live_session",
            subject_id=live.pk,
            detail=f"ended; {live.events.count()} events, {len(live.summary)} trigger points",
        )
        ended = {"type": "live.ended", "summary": live.summary}
        transaction.on_commit(
            lambda: _publish(groups.phone(live.pk), groups.screen(live.pk), ended)
        )
    return live


def _publish(phone_group: str, screen_group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    send = async_to_sync(layer.group_send)
    send(phone_group, message)
    send(screen_group, message)
