"""Aftercare check-ins: when to ask the patient about soreness and pain after a session, and remind.

A check-in asks for soreness 0-10 and pain 0-10. The worker keeps each check-in's state in its
own row (when nudges were sent, the answers) and calls `due_nudge` on every pass: the function is
pure and idempotent, so a restarted worker or a periodic sweep re-sends what was missed and never
sends the same nudge twice. Times are aware `datetime`s; the session's end is the reference time.

Interface:
    CheckInPolicy(ask_after=24 h, remind_after=36 h, close_after=72 h)
    check_in_window(session_end, policy) -> CheckInWindow
    due_nudge(window, *, sent, answers, pre_session_pain, now) -> Nudge | None
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from knotwork.domain.protocol.provenance import Origin, Provenance


@dataclass(frozen=True, slots=True)
class CheckInPolicy:
    """Ask at `ask_after`, remind at `remind_after` if unanswered, stop at `close_after`."""

    ask_after: timedelta = timedelta(hours=24)
    remind_after: timedelta = timedelta(hours=36)
    close_after: timedelta = timedelta(hours=72)

    def __post_init__(self) -> None:
        if not timedelta(0) <= self.ask_after < self.remind_after < self.close_after:
            raise ValueError("a check-in needs 0 <= ask_after < remind_after < close_after")


CHECK_IN_PROVENANCE: dict[str, Provenance] = {
    "ask_after": Provenance(
        Origin.ISSUE,
        "Ask 24 h after the session (issue 6); soreness begins within 12 h in most patients, so "
        "by 24 h it has shown itself.",
        "E.2",
        ("CAMBRON-2007",),
    ),
    "remind_after": Provenance(
        Origin.ISSUE,
        "Remind at 36 h (issue 6); most post-session soreness lasts 36 h or less, so 36 h is "
        "also when soreness should be fading.",
        "E.2",
        ("CAMBRON-2007",),
    ),
    "close_after": Provenance(
        Origin.PROJECT_DEFAULT,
        "Stop nudging at 72 h: soreness is expected to have settled by then, and an answer "
        "later than that says little about this session.",
        "E.2",
        ("DOMS-SEC",),
    ),
}


class NudgeKind(StrEnum):
    """The message a check-in sends now."""

    # The first question, from `ask_after`.
    ASK = "ask"
    # The same question again at `remind_after` when the first went unanswered.
    REMIND = "remind"
    # A second question at `remind_after` when the first answer's soreness had not yet fallen
    # below the pre-session pain: it is the only way to learn whether soreness fades by 36 h.
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True, slots=True)
class CheckInWindow:
    """The times of one session's check-in."""

    session_end: datetime
    ask_at: datetime
    remind_at: datetime
    closes_at: datetime


@dataclass(frozen=True, slots=True)
class CheckInAnswer:
    """The patient's answer: soreness since the session and pain now, each 0-10."""

    answered_at: datetime
    soreness: int
    pain: int
    symptoms: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Nudge:
    """A message the worker should send now."""

    kind: NudgeKind
    due_at: datetime


def check_in_window(session_end: datetime, policy: CheckInPolicy | None = None) -> CheckInWindow:
    """The ask, remind and close times of the check-in that follows a session."""
    policy = policy or CheckInPolicy()
    return CheckInWindow(
        session_end=session_end,
        ask_at=session_end + policy.ask_after,
        remind_at=session_end + policy.remind_after,
        closes_at=session_end + policy.close_after,
    )


def needs_follow_up(answer: CheckInAnswer, pre_session_pain: int | None) -> bool:
    """Soreness at or above the pre-session pain (and above zero) must be re-checked at 36 h."""
    if pre_session_pain is None:
        return False
    return answer.soreness > 0 and answer.soreness >= pre_session_pain


def due_nudge(
    window: CheckInWindow,
    *,
    sent: Sequence[datetime],
    answers: Sequence[CheckInAnswer],
    pre_session_pain: int | None,
    now: datetime,
) -> Nudge | None:
    """The nudge to send at `now` given what was already sent and answered, or None.

    At most two messages per check-in. A first message sent late (at or after the reminder
    time, e.g. after a worker outage) already serves as the reminder, so the patient never gets
    two messages back to back. Nothing is sent once the window has closed.
    """
    if now >= window.closes_at:
        return None
    late_sent = [moment for moment in sent if moment >= window.remind_at]
    if answers:
        last = max(answers, key=lambda answer: answer.answered_at)
        asked_again = late_sent or len(sent) >= 2
        if (
            last.answered_at < window.remind_at
            and needs_follow_up(last, pre_session_pain)
            and not asked_again
            and now >= window.remind_at
        ):
            return Nudge(NudgeKind.FOLLOW_UP, window.remind_at)
        return None
    if not sent:
        return Nudge(NudgeKind.ASK, window.ask_at) if now >= window.ask_at else None
    if len(sent) == 1 and not late_sent and now >= window.remind_at:
        return Nudge(NudgeKind.REMIND, window.remind_at)
    return None


@dataclass(frozen=True, slots=True)
class Expectation:
    """One plain sentence for the patient after a session, and where it comes from."""

    text: str
    provenance: Provenance


def what_to_expect(
    *, relief_shortest_days: int, relief_longest_days: int
) -> tuple[Expectation, ...]:
    """What a patient may expect after a session, in plain words, and when to contact the clinic.

    Soreness and its timing are the reference's (E.2); the relief window is the course plan's
    (an issue's figure: the reference has none, see `relief.RELIEF_PROVENANCE`); the warning signs
    are E.2's stop-and-refer list and C.2's cauda equina items. No source keys in the text: the
    provenance carries them for the therapist and the docs.
    """
    return (
        Expectation(
            "Some soreness or tenderness in the treated muscles is normal. It usually starts "
            "within 12 hours and fades within 24 to 36 hours.",
            Provenance(Origin.REFERENCE, "E.2 onset and duration.", "E.2", ("CAMBRON-2007",)),
        ),
        Expectation(
            f"The muscles usually stay more relaxed for {relief_shortest_days} to "
            f"{relief_longest_days} days. With a lot of stress it is usually fewer days.",
            Provenance(
                Origin.ISSUE,
                "The course plan's relief window (issue 6); the reference gives no figure.",
            ),
        ),
        Expectation(
            "Contact your clinic if the soreness is getting worse instead of better, is still "
            "there after 3 days, or is stronger than your pain was before the session.",
            Provenance(
                Origin.REFERENCE,
                "E.2 rules: soreness beyond 72 h or above the pre-treatment pain.",
                "E.2",
                ("CAMBRON-2007", "DOMS-SEC"),
            ),
        ),
        Expectation(
            "Contact your clinic or a doctor the same day if you notice new numbness or "
            "weakness, a swollen arm or leg, bruising while you take blood thinners, or a fever.",
            Provenance(
                Origin.REFERENCE, "E.2 stop and refer.", "E.2", ("CAMBRON-2007", "DOMS-SEC")
            ),
        ),
        Expectation(
            "Get emergency help at once if you have new trouble passing urine or controlling "
            "your bowels, or numbness around your back passage or genitals.",
            Provenance(
                Origin.REFERENCE,
                "C.2 cauda equina items: emergency.",
                "C.2",
                ("CES-BMJ", "CES-EUR", "NHS-GLOS"),
            ),
        ),
    )
