"""A check-in's mail is marked sent only once the mail backend accepted it, and a crash around
the hand-over sends it at most twice, never not at all (checkins.deliver_mail); the session's
what-to-expect mail and the therapist's aftercare alert are owed in the outbox with their event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings

from knotwork.courses import checkins
from knotwork.courses.checkins import answer_check_in, process_check_in, sweep
from knotwork.courses.models import CheckIn, CheckInNudge
from knotwork.courses.services import start_course
from knotwork.outbox.models import OutboundMail
from knotwork.outbox.services import deliver_owed
from tests.conftest import Personas
from tests.courses.conftest import Clock, hold, ready_patient

TIMEOUT = 600


@pytest.fixture
def check_in(personas: Personas, clock: Clock) -> CheckIn:
    ready_patient(personas)
    course = start_course(
        actor=personas.therapist_a, patient=personas.patient, start_date=clock.today()
    )
    hold(personas, course, 1, clock, pre=6, post=3)
    found = CheckIn.objects.get()
    clock.at(found.ask_at)
    return found


def refuse_mail(*args: object, **kwargs: object) -> int:
    raise ConnectionRefusedError("the mail server is down")


@override_settings(TASK_TIMEOUT_SECONDS=TIMEOUT)
def test_a_refused_mail_is_not_marked_sent_and_goes_out_with_the_next_sweep(
    check_in: CheckIn, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as down:
        down.setattr(checkins, "send_mail", refuse_mail)
        assert process_check_in(check_in.pk, now=clock.now) == "ask"
    nudge = CheckInNudge.objects.get()
    assert (nudge.emailed, nudge.mail_to, len(mail.outbox)) == (False, "pat@example.com", 0)

    clock.advance(minutes=10)
    sweep(now=clock.now)
    sweep(now=clock.now)
    nudge.refresh_from_db()
    assert nudge.emailed and nudge.mail_attempts == 2
    assert [m.to for m in mail.outbox] == [["pat@example.com"]]


@override_settings(TASK_TIMEOUT_SECONDS=TIMEOUT)
def test_a_sender_that_died_before_the_hand_over_is_replaced_after_the_timeout(
    check_in: CheckIn, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker leased the mail and was killed before the backend had it.
    with monkeypatch.context() as dying:
        dying.setattr(checkins, "deliver_mail", lambda nudge_id, now: False)
        process_check_in(check_in.pk, now=clock.now)
    CheckInNudge.objects.update(mail_claimed_at=clock.now, mail_attempts=1)

    clock.advance(seconds=TIMEOUT - 1)
    sweep(now=clock.now)
    assert mail.outbox == []  # the lease may still be a live sender's: nothing sent twice
    clock.advance(seconds=2)
    sweep(now=clock.now)
    sweep(now=clock.now)
    assert len(mail.outbox) == 1
    assert CheckInNudge.objects.get().emailed


@override_settings(TASK_TIMEOUT_SECONDS=TIMEOUT)
def test_a_sender_that_died_after_the_hand_over_causes_one_duplicate_at_most(
    check_in: CheckIn, clock: Clock
) -> None:
    process_check_in(check_in.pk, now=clock.now)
    assert len(mail.outbox) == 1
    # As if the worker died between the backend's answer and marking the row.
    CheckInNudge.objects.update(emailed=False, emailed_at=None)

    for _ in range(3):
        clock.advance(seconds=TIMEOUT + 1)
        sweep(now=clock.now)
    assert len(mail.outbox) == 2
    assert CheckInNudge.objects.get().emailed


def test_a_patient_without_an_email_is_owed_no_mail(
    personas: Personas, check_in: CheckIn, clock: Clock
) -> None:
    personas.patient.email = ""
    personas.patient.save()
    process_check_in(check_in.pk, now=clock.now + timedelta(seconds=1))
    assert mail.outbox == [] and CheckInNudge.objects.get().mail_to == ""


@override_settings(TASK_TIMEOUT_SECONDS=TIMEOUT)
def test_a_retried_task_sends_the_mail_its_dead_worker_left_owed(
    check_in: CheckIn, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker wrote the nudge row and was killed before it leased the mail.
    with monkeypatch.context() as dying:
        dying.setattr(checkins, "deliver_mail", lambda nudge_id, now: False)
        assert process_check_in(check_in.pk, now=clock.now) == "ask"
    assert mail.outbox == []

    # Its task, taken up again after the timeout, has nothing new to ask but the mail to send.
    clock.advance(seconds=TIMEOUT + 1)
    assert process_check_in(check_in.pk, now=clock.now) is None
    assert [m.to for m in mail.outbox] == [["pat@example.com"]]
    assert CheckInNudge.objects.get().emailed


def test_what_to_expect_is_owed_with_the_session_and_sent_by_the_sweep(
    check_in: CheckIn, clock: Clock
) -> None:
    # The session's on-commit send never ran here (as if the process died after the commit).
    owed = OutboundMail.objects.get(about="what to expect")
    assert (owed.to, owed.sent_at, mail.outbox) == (["pat@example.com"], None, [])
    assert deliver_owed(now=clock.now) == 1
    assert mail.outbox[0].subject == "After your session: what to expect"


def test_the_therapists_aftercare_alert_is_owed_with_the_alert(
    personas: Personas, check_in: CheckIn, clock: Clock, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        answer_check_in(
            actor=personas.patient_user,
            check_in=check_in,
            soreness=2,
            pain=2,
            symptoms=["new_numbness"],
        )
    owed = OutboundMail.objects.get(about="aftercare alert")
    assert owed.to == ["therapist.a@example.com"] and owed.sent_at is None
    deliver_owed(now=clock.now)
    assert [m.to for m in mail.outbox if m.subject == "Knotwork: aftercare alert"] == [
        ["therapist.a@example.com"]
    ]
