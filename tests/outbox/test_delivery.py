"""Every notification mail survives a crash: it is a row written with its event, marked sent
only once the mail backend accepted it, and resent by the sweep: at most one duplicate, never
none (knotwork.outbox)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from knotwork.clinics.models import InvitationKind
from knotwork.clinics.services import invite
from knotwork.courses.tasks import sweep_check_ins
from knotwork.domain import safety
from knotwork.intake.services.safety import record_intake_screen
from knotwork.outbox.models import OutboundMail
from knotwork.outbox.services import Attachment, deliver, deliver_owed, queue_mail
from knotwork.painmaps.services import create_drawing_link
from tests.conftest import Personas

TIMEOUT = 600


def refuse(*args: object, **kwargs: object) -> int:
    raise ConnectionRefusedError("the mail server is down")


def owe_one() -> OutboundMail:
    found = queue_mail(about="test", subject="Hello", body="Body", to=["ann@example.com"])
    assert found is not None
    return found


@pytest.mark.django_db
@override_settings(TASK_TIMEOUT_SECONDS=TIMEOUT)
def test_a_refused_mail_is_not_marked_sent_and_goes_out_with_the_next_sweep(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    with monkeypatch.context() as down:
        down.setattr(EmailMessage, "send", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            owed = owe_one()
    owed.refresh_from_db()
    assert (owed.sent_at, owed.attempts, mail.outbox) == (None, 1, [])

    assert deliver_owed() == 1
    assert deliver_owed() == 0
    owed.refresh_from_db()
    assert owed.sent_at is not None and owed.attempts == 2
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]


@pytest.mark.django_db
@override_settings(TASK_TIMEOUT_SECONDS=TIMEOUT)
def test_a_sender_that_died_before_the_hand_over_is_replaced_after_the_timeout() -> None:
    owed = owe_one()  # its on-commit send never ran: the process died
    now = timezone.now()
    OutboundMail.objects.filter(pk=owed.pk).update(claimed_at=now, attempts=1)

    deliver_owed(now=now + timedelta(seconds=TIMEOUT - 1))
    assert mail.outbox == []  # the lease may still be a live sender's: nothing sent twice
    deliver_owed(now=now + timedelta(seconds=TIMEOUT + 1))
    deliver_owed(now=now + timedelta(seconds=TIMEOUT + 2))
    assert len(mail.outbox) == 1
    assert OutboundMail.objects.get().sent_at is not None


@pytest.mark.django_db
@override_settings(TASK_TIMEOUT_SECONDS=TIMEOUT)
def test_a_sender_that_died_after_the_hand_over_causes_one_duplicate_at_most() -> None:
    owed = owe_one()
    assert deliver(owed.pk)
    # As if the process died between the backend's answer and marking the row.
    OutboundMail.objects.update(sent_at=None)

    later = timezone.now()
    for _ in range(3):
        later += timedelta(seconds=TIMEOUT + 1)
        deliver_owed(now=later)
    assert len(mail.outbox) == 2
    assert OutboundMail.objects.get().sent_at is not None


@pytest.mark.django_db
def test_two_senders_at_once_send_one_mail() -> None:
    owed = owe_one()
    now = timezone.now()
    assert [deliver(owed.pk, now=now), deliver(owed.pk, now=now)] == [True, False]
    assert len(mail.outbox) == 1


def invitation(personas: Personas) -> None:
    invite(
        actor=personas.admin_a,
        clinic=personas.clinic_a,
        email="nia@example.com",
        kind=InvitationKind.THERAPIST,
        base_url="https://clinic.example.org",
    )


def emergency(personas: Personas) -> None:
    emergency_flag = next(
        flag for flag, row in safety.red_flags().items() if row.urgency == "emergency"
    )
    answers = {flag: flag == emergency_flag for flag in safety.red_flags()}
    record_intake_screen(actor=personas.patient_user, patient=personas.patient, answers=answers)


def drawing_link(personas: Personas) -> None:
    create_drawing_link(actor=personas.therapist_a, patient=personas.patient)


EVENTS: dict[str, tuple[Callable[[Personas], None], str]] = {
    "invitation": (invitation, "nia@example.com"),
    "emergency": (emergency, "admin.a@example.com"),
    "drawing link": (drawing_link, "pat@example.com"),
}


@pytest.mark.parametrize("about", EVENTS)
def test_a_mail_whose_process_died_after_the_event_is_sent_by_the_sweep(
    about: str, personas: Personas, django_capture_on_commit_callbacks
) -> None:
    event, to = EVENTS[about]
    # The event commits, then the process dies before its on-commit send runs.
    with django_capture_on_commit_callbacks(execute=False):
        event(personas)
    owed = OutboundMail.objects.get(about=about)
    assert (owed.to, owed.sent_at, mail.outbox) == ([to], None, [])

    sweep_check_ins.call()
    assert [m.to for m in mail.outbox] == [[to]]
    assert OutboundMail.objects.get(pk=owed.pk).sent_at is not None


@pytest.mark.parametrize("about", EVENTS)
def test_an_event_rolled_back_owes_no_mail(
    about: str, personas: Personas, django_capture_on_commit_callbacks
) -> None:
    event, _ = EVENTS[about]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event(personas)
        transaction.set_rollback(True)
    assert (OutboundMail.objects.count(), mail.outbox) == (0, [])


def test_the_database_keeps_no_usable_link_once_the_invitation_was_sent(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation(personas)
    assert "/invite/" in str(mail.outbox[0].body)
    sent = OutboundMail.objects.get(about="invitation")
    assert sent.sent_at is not None and sent.body == ""


def test_an_invitation_mail_still_owed_when_its_link_expired_is_not_sent(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        invitation(personas)
    owed = OutboundMail.objects.get(about="invitation")
    assert owed.expires_at is not None

    assert deliver_owed(now=owed.expires_at + timedelta(seconds=1)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_attachment_is_read_from_storage_when_the_mail_is_sent() -> None:
    path = default_storage.save("reports/test-outbox.pdf", ContentFile(b"%PDF-1.7 test"))
    owed = queue_mail(
        about="report",
        subject="Progress report",
        body="Attached.",
        to=["dr.lee@example.com"],
        reply_to=["therapist.a@example.com"],
        attachment=Attachment(path, "progress-report.pdf", "application/pdf"),
    )
    assert owed is not None and deliver(owed.pk)
    (message,) = mail.outbox
    assert message.attachments[0][:2] == ("progress-report.pdf", b"%PDF-1.7 test")
    assert message.reply_to == ["therapist.a@example.com"]
    default_storage.delete(path)


@pytest.mark.django_db
def test_nobody_to_send_to_owes_nothing() -> None:
    assert queue_mail(about="test", subject="s", body="b", to=["", ""]) is None
    assert OutboundMail.objects.count() == 0
