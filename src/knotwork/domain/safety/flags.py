"""The red-flag screen as data: reference section C.2, loaded from `data/red-flags.yaml`.

A red flag is a sign that pain may have a cause needing a physician (cancer, infection,
fracture, cauda equina syndrome, arterial problems...) or that deep pressure is unsafe. Each
`RedFlag` carries its plain-language question, urgency, the pain areas it applies to, the message
shown, a therapist note, an optional session-plan note and its source keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from knotwork.domain import anatomy

Urgency = Literal["emergency", "urgent", "routine", "caution"]
Scope = Literal["session", "course"]

# Most serious first; `rank` compares urgencies.
URGENCIES: tuple[Urgency, ...] = ("emergency", "urgent", "routine", "caution")


def rank(urgency: Urgency) -> int:
    """0 for emergency up to 3 for caution: lower is more serious."""
    return URGENCIES.index(urgency)


class ScreenDataError(ValueError):
    """The bundled red-flag file is inconsistent."""


@dataclass(frozen=True, slots=True)
class Combine:
    """Raise an item to `urgency` when it is positive together with any of `with_flags`."""

    with_flags: tuple[str, ...]
    urgency: Urgency
    note: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    """One screening question of section C.2; a `yes` answer triggers it."""

    id: str
    group: str
    group_label: str
    areas: tuple[str, ...]
    question: str
    urgency: Urgency
    message: str
    note: str
    plan_note: str
    uncertain: bool
    combine: Combine | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PreSessionQuestion:
    """A question of the short screen repeated before every session."""

    id: str
    flags: tuple[str, ...]
    areas: tuple[str, ...]
    question: str
    urgency: Urgency
    scope: Scope
    message: str
    plan_note: str
    sources: tuple[str, ...]
    always: bool


@cache
def _raw() -> dict[str, Any]:
    text = resources.files("knotwork.domain.safety").joinpath("data/red-flags.yaml").read_text()
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def messages() -> Mapping[str, str]:
    """Patient-facing messages by outcome: emergency, urgent, routine, caution, clear ..."""
    return {key: " ".join(value.split()) for key, value in _raw()["messages"].items()}


def _areas(row: Mapping[str, Any]) -> tuple[str, ...]:
    areas = (row["area"], *row.get("also_areas", ()))
    unknown = set(areas) - set(_raw()["areas"])
    if unknown:
        raise ScreenDataError(f"{row['id']}: unknown areas {sorted(unknown)}")
    return areas


@cache
def red_flags() -> dict[str, RedFlag]:
    """Every red flag by id, in the reference's order."""
    raw = _raw()
    found: dict[str, RedFlag] = {}
    for row in raw["flags"]:
        if row["urgency"] not in URGENCIES:
            raise ScreenDataError(f"{row['id']}: unknown urgency {row['urgency']!r}")
        if not row.get("sources"):
            raise ScreenDataError(f"{row['id']}: no source")
        if row["urgency"] == "caution" and not row.get("plan_note"):
            raise ScreenDataError(f"{row['id']}: a caution item needs a plan note")
        combine = row.get("combine")
        found[row["id"]] = RedFlag(
            id=row["id"],
            group=row["group"],
            group_label=raw["groups"][row["group"]],
            areas=_areas(row),
            question=row["question"],
            urgency=row["urgency"],
            message=" ".join(str(row.get("message", "")).split()),
            note=row.get("note", ""),
            plan_note=row.get("plan_note", ""),
            uncertain=bool(row.get("uncertain", False)),
            combine=Combine(tuple(combine["with"]), combine["urgency"], combine.get("note", ""))
            if combine
            else None,
            sources=tuple(row["sources"]),
        )
    for flag in found.values():
        if flag.combine and set(flag.combine.with_flags) - set(found):
            raise ScreenDataError(f"{flag.id}: combines with an unknown flag")
    return found


def red_flag(flag_id: str) -> RedFlag:
    """The red flag with this id (KeyError names it otherwise)."""
    return red_flags()[flag_id]


@cache
def pre_session_questions() -> dict[str, PreSessionQuestion]:
    """The short pre-session screen by id; its urgency and sources come from its red flags."""
    flags = red_flags()
    found: dict[str, PreSessionQuestion] = {}
    for row in _raw()["pre_session"]:
        linked = [flags[flag_id] for flag_id in row["flags"]]
        urgency = row.get("urgency") or min((f.urgency for f in linked), key=rank)
        sources = tuple(row.get("sources", ())) or tuple(
            dict.fromkeys(s for f in linked for s in f.sources)
        )
        if not sources:
            raise ScreenDataError(f"{row['id']}: no source")
        found[row["id"]] = PreSessionQuestion(
            id=row["id"],
            flags=tuple(row["flags"]),
            areas=_areas(row),
            question=row["question"],
            urgency=urgency,
            scope=row["scope"],
            message=next((f.message for f in linked if f.message), ""),
            plan_note=row.get("plan_note") or next((f.plan_note for f in linked), ""),
            sources=sources,
            always=row["area"] == "any",
        )
    return found


def _applies(areas: tuple[str, ...], pain_types: set[str], groups: set[str]) -> bool:
    table = _raw()["areas"]
    return any(
        pain_types & set(table[area].get("pain_types", ()))
        or groups & set(table[area].get("region_groups", ()))
        for area in areas
    )


def _pain_context(region_ids: Iterable[str]) -> tuple[set[str], set[str]]:
    regions = [anatomy.region(region_id) for region_id in region_ids]
    return {r.pain_type for r in regions}, {r.group for r in regions}


def _where(
    region_ids: Iterable[str] | None, pain_types: Iterable[str] | None
) -> tuple[list[str], str]:
    """The regions the questions are chosen for, and where they come from in words.

    The pain map's regions first; a pain type the patient named (the intake's "Where is your
    pain?") that the map does not show stands for every atlas region of that type, so naming
    "other" pain without a map still gets the questions of the back and the legs.
    """
    drawn = list(region_ids or ())
    named = set(pain_types or ()) - {anatomy.region(r).pain_type for r in drawn}
    unknown = named - set(anatomy.PAIN_TYPES)
    if unknown:
        raise ScreenDataError(f"unknown pain types {sorted(unknown)}")
    implied = [r.id for r in anatomy.regions().values() if r.pain_type in named]
    if drawn and implied:
        basis = "on the pain map or under where it hurts"
    elif drawn:
        basis = "on the pain map"
    else:
        basis = "under where it hurts"
    return drawn + implied, basis


@dataclass(frozen=True, slots=True)
class Skipped:
    """A red-flag question not asked, and why, in words for the therapist."""

    flag: RedFlag
    reason: str


@dataclass(frozen=True, slots=True)
class Selection:
    """The intake's red-flag questions for where it hurts (reference C.2 gives each item the
    area it is asked for): those asked, and those left out with the reason."""

    asked: tuple[RedFlag, ...]
    skipped: tuple[Skipped, ...]


def area_label(area: str) -> str:
    """Whom an area's questions are for, in words ("neck pain")."""
    return str(_raw()["areas"][area]["label"])


def select_questions(
    region_ids: Iterable[str] | None = None, pain_types: Iterable[str] | None = None
) -> Selection:
    """Choose the intake's questions for the pain map's regions and the pain types named.

    Every question for everyone (area `any`: the general ones) is always asked, and those of
    the areas where it hurts; with nothing known of where it hurts, every question is asked.
    """
    flags = tuple(red_flags().values())
    regions, basis = _where(region_ids, pain_types)
    if not regions:
        # Without a pain map or a named pain type we cannot tell which areas are concerned.
        return Selection(flags, ())
    types, groups = _pain_context(regions)
    asked = tuple(f for f in flags if _applies(f.areas, types, groups))
    skipped = tuple(
        Skipped(
            flag,
            "The clinical reference lists it for "
            + " or ".join(area_label(area) for area in flag.areas)
            + f", and none was given {basis}.",
        )
        for flag in flags
        if flag not in asked
    )
    return Selection(asked, skipped)


def questions_for(
    region_ids: Iterable[str] | None = None, pain_types: Iterable[str] | None = None
) -> tuple[RedFlag, ...]:
    """The intake questions for a pain map's regions and the pain types named; every question
    when neither is known (`select_questions`)."""
    return select_questions(region_ids, pain_types).asked


@cache
def check_in_questions() -> dict[str, str]:
    """Aftercare symptom id -> the pre-session question a tick in the check-in answers yes."""
    table: dict[str, str] = dict(_raw()["check_in"])
    unknown = set(table.values()) - set(pre_session_questions())
    if unknown:
        raise ScreenDataError(f"check_in: unknown pre-session questions {sorted(unknown)}")
    return table


def pre_session_for(region_ids: Iterable[str] | None = None) -> tuple[PreSessionQuestion, ...]:
    """The pre-session questions for the regions treated; the inflammation one is always there."""
    wanted = None if region_ids is None else list(region_ids)
    questions = pre_session_questions().values()
    if not wanted:
        return tuple(questions)
    pain_types, groups = _pain_context(wanted)
    return tuple(q for q in questions if q.always or _applies(q.areas, pain_types, groups))


def finding_label(key: str) -> str:
    """What a person reads for a finding's key: its group and question, not the `rf_`/`ps_` id."""
    if key in red_flags():
        flag = red_flags()[key]
        return f"{flag.group_label} (“{flag.question}”)"
    if key in pre_session_questions():
        return f"the pre-session screen (“{pre_session_questions()[key].question}”)"
    return key
