"""The intake's steps, in order, with the title and a line of guidance a patient reads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    intro: str


STEPS: tuple[Step, ...] = (
    Step("reason", "Why you are coming", "Tell us in your own words."),
    Step("where", "Where it hurts", "Your pain map shows it best; you can also choose areas."),
    Step("onset", "When it started", "The date it began, or roughly how long you have had it."),
    Step("start", "How it started", "How your pain began, and what came before it."),
    Step("positions", "What makes it worse or better", "Positions and movements."),
    Step("daily", "Work, daily life, sleep and stress", ""),
    Step("medicines", "Medicines", "Some medicines change how we treat you."),
    Step("history", "Earlier treatment and your goals", ""),
    Step(
        "red_flags",
        "Safety questions",
        "These questions check that treatment is safe for you. Answer each one yes or no.",
    ),
    Step("questionnaires", "Questionnaires", "Short questionnaires to measure your progress."),
)
STEP_IDS: tuple[str, ...] = tuple(step.id for step in STEPS)
BY_ID = {step.id: step for step in STEPS}


def next_step(step_id: str) -> str | None:
    """The step after `step_id`, or None after the last one."""
    index = STEP_IDS.index(step_id)
    return STEP_IDS[index + 1] if index + 1 < len(STEP_IDS) else None


def previous_step(step_id: str) -> str | None:
    index = STEP_IDS.index(step_id)
    return STEP_IDS[index - 1] if index > 0 else None


def first_open_step(done: set[str]) -> str | None:
    """The first step not yet saved; None when every step is saved."""
    return next((step for step in STEP_IDS if step not in done), None)


def reachable(step_id: str, done: set[str]) -> bool:
    """A step can be opened once every step before it is saved."""
    return all(step in done for step in STEP_IDS[: STEP_IDS.index(step_id)])
