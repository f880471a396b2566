"""The courses' side of the insight page: how courses stand, the session-2 review and its
decisions, sessions per course, days of relief, soreness after sessions."""

from __future__ import annotations

from knotwork.common.charts import Line, line_chart
from knotwork.insight import querysets
from knotwork.insight.presenters.common import Table, mean_text, share
from knotwork.insight.suppression import HIDDEN_TEXT, cell, mean, partition


def reviews(filters: querysets.Filters) -> tuple[Table, Table]:
    figures = querysets.reviews(filters)
    reviewed = figures["reviewed"]
    outcomes = partition(
        {
            "Responding": figures["responding"],
            'Not responding ("may not suit")': figures["not_responding"],
            "Review incomplete (not re-scored)": figures["insufficient_data"],
        },
        reviewed,
    )
    outcome_table = Table(
        "review",
        "The review after session 2",
        ["Outcome", "Patients", "Share of reviewed"],
        note=(
            "Responding: at least one of the course's main measures (pain rating and the "
            "disability questionnaire) improved by its minimal clinically important difference "
            "and none got worse by it, the rule every course page uses."
        ),
    )
    for label, found in outcomes.items():
        outcome_table.rows.append([label, found.text, share(found)])
    outcome_table.rows.append(["Patients reviewed", cell(reviewed).text, ""])
    decisions = partition(
        {
            "Continue": figures["decision_continue"],
            "Refer on": figures["decision_refer"],
            "End the course": figures["decision_end"],
            "Not decided yet": figures["decision_awaiting"],
        },
        figures["not_responding"] + figures["insufficient_data"],
    )
    decision_table = Table(
        "decisions",
        "Decisions after a review that asked for one",
        ["Decision", "Patients"],
    )
    for label, found in decisions.items():
        decision_table.rows.append([label, found.text])
    return outcome_table, decision_table


def end_results(filters: querysets.Filters) -> Table:
    figures = querysets.end_results(filters)
    recorded = figures["recorded"]
    cells = partition(
        {
            "Responding": figures["responding"],
            "Not responding": figures["not_responding"],
            "Not re-scored (no result)": figures["insufficient_data"],
        },
        recorded,
    )
    table = Table(
        "end_results",
        "At the end of the course",
        ["Result", "Patients", "Share of closed courses"],
        note=(
            "The result the course summary shows, by the same rule over every session held, "
            "recorded by the clinic's background worker within about half an hour of a course "
            "closing (completed, referred on or ended early)."
        ),
    )
    for label, found in cells.items():
        table.rows.append([label, found.text, share(found)])
    table.rows.append(["Patients with a closed course", cell(recorded).text, ""])
    return table


def course_statuses(filters: querysets.Filters) -> Table:
    figures = querysets.course_statuses(filters)
    cells = partition(
        {
            "Still running": figures["active"],
            "Completed (every planned session held)": figures["completed"],
            "Ended: referred on": figures["referred"],
            "Ended early": figures["ended"],
        },
        figures["all"],
    )
    table = Table(
        "course_status",
        "How courses stand",
        ["Course", "Patients"],
        note="A patient with two courses counts once for each.",
    )
    for label, found in cells.items():
        table.rows.append([label, found.text])
    table.rows.append(["Patients with a course", cell(figures["all"]).text])
    return table


def sessions(filters: querysets.Filters) -> tuple[Table, str]:
    patients, course_counts = querysets.sessions_per_course(filters)
    cells = partition({str(held): n for held, n in patients.items()})
    courses = sum(course_counts.values())
    held = sum(h * n for h, n in course_counts.items())
    average = mean_text(held / courses if courses else None, sum(patients.values()))
    table = Table(
        "sessions",
        "Sessions held per course",
        ["Sessions held", "Patients"],
        note=f"Average sessions held per course: {average}.",
    )
    for held_count, found in cells.items():
        table.rows.append([held_count, found.text])
    return table, average


def relief(filters: querysets.Filters) -> Table:
    patients, bands, days = querysets.relief(filters)
    cells = partition(bands)
    table = Table(
        "relief",
        "Days of relief reported (session to tightness returning)",
        ["Days of relief", "Patients"],
        note=(
            f"Average: {mean_text(days, patients)} days. The course plan expects 4 to 14 days, "
            "a project rule (the clinical reference gives no figure). A patient whose sessions "
            "fell in different bands counts in each."
        ),
    )
    for label, found in cells.items():
        table.rows.append([label, found.text])
    table.rows.append(["Patients who reported it", cell(patients).text])
    return table


def soreness(filters: querysets.Filters) -> tuple[Table, str]:
    figures = querysets.soreness(filters)
    table = Table(
        "soreness",
        "Soreness after sessions (check-ins)",
        [
            "When answered",
            "Patients",
            "Average soreness (0-10)",
            "No soreness",
            "Soreness at or above the pain before the session",
        ],
        note=(
            "Expected (reference E.2): about one client in ten feels some soreness after a "
            "session (Cambron and colleagues, 2007); most of it fades within 36 hours and it "
            "should not be above the pain before the session (general clinical guidance)."
        ),
    )
    columns = []
    means: list[float | None] = []
    for key, label in (("early", "Before 36 h (asked at 24 h)"), ("late", "36 h or later")):
        row = figures[key]
        n = row["patients"]
        columns.append(label)
        means.append(mean(row["mean"], n))
        table.rows.append(
            [
                label,
                cell(n).text,
                mean_text(row["mean"], n),
                cell(row["none"], n).text,
                cell(row["above"], n).text,
            ]
        )
    chart = line_chart(
        "Average soreness after sessions (0-10)",
        columns,
        [Line("Average soreness", means)],
        low=0,
        high=10,
        notes=[HIDDEN_TEXT if m is None else "" for m in means],
    )
    return table, chart
