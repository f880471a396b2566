"""What the insight page and its CSV files show: tables whose every count passed the small-cell
rule (`suppression.py`), the charts and the heat maps. The page and the CSV read the same
`Table`, so a count hidden on the page is hidden in the file too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

from knotwork.common.charts import Line, bar_chart, line_chart
from knotwork.domain import anatomy, knowledge
from knotwork.domain.anatomy import PAIN_TYPES, PainType
from knotwork.domain.bodymap.heat import render_shares
from knotwork.insight import querysets
from knotwork.insight.querysets import MapKind
from knotwork.insight.suppression import HIDDEN_TEXT, Cell, cell, mean, partition

PAIN_TYPE_LABELS: dict[PainType, str] = {
    "low_back": "Low back",
    "neck": "Neck",
    "headache": "Headache",
    "facial": "Face and jaw",
    "other": "Elsewhere",
}
# US adults reporting each pain in the last three months (National Center for Health
# Statistics, Health, United States 2006, special feature on pain; the figures the atlas
# spec/body-regions.yaml cites for its pain types). The survey asked about severe headache or
# migraine, which is what "Headache" is compared with; it has no figure for "elsewhere".
POPULATION_SHARE: dict[PainType, float | None] = {
    "low_back": 27.0,
    "neck": 15.0,
    "headache": 15.0,
    "facial": 4.0,
    "other": None,
}
POPULATION_SOURCE = "National Center for Health Statistics, Health, United States 2006"
# How many trigger points a pain type's table lists on the page (the CSV has all of them).
TOP_POINTS = 10


@dataclass
class Table:
    """One table of the page and its CSV: column headings and rows of text cells."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Each cell with its column heading (the phone layout labels every cell)."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]


def _share(found: Cell) -> str:
    return found.share_text


def _mean_text(value: float | None, patients: int, digits: int = 1) -> str:
    shown = mean(value, patients)
    return HIDDEN_TEXT if shown is None else f"{shown:.{digits}f}"


def case_mix(filters: querysets.Filters) -> tuple[Table, Cell, dict[PainType, Cell]]:
    total, counts = querysets.case_mix(filters)
    of = cell(total)
    cells = {kind: cell(counts[kind], total) for kind in PAIN_TYPES}
    table = Table(
        "case_mix",
        "Patients by pain type",
        ["Pain type", "Patients", "Share of patients", "US adults"],
        note=(
            "A patient who marks more than one pain type counts in each, as in the survey, so "
            "the shares do not add up to 100%."
        ),
    )
    for kind in PAIN_TYPES:
        population = POPULATION_SHARE[kind]
        table.rows.append(
            [
                PAIN_TYPE_LABELS[kind],
                cells[kind].text,
                _share(cells[kind]),
                "no figure" if population is None else f"{population:g}%",
            ]
        )
    table.rows.append(["All patients counted", of.text, "", ""])
    return table, of, cells


def case_mix_chart(cells: dict[PainType, Cell]) -> str:
    kinds = list(PAIN_TYPES)
    # Bars, not a line: pain types are categories with no order between them.
    return bar_chart(
        "Share of patients by pain type (%)",
        [PAIN_TYPE_LABELS[k] for k in kinds],
        [
            Line("This clinic", [cells[k].share for k in kinds]),
            Line("US adults (NCHS 2006)", [POPULATION_SHARE[k] for k in kinds]),
        ],
        low=0,
        high=100,
        notes=[HIDDEN_TEXT if cells[k].share is None else "" for k in kinds],
    )


def heat_map(filters: querysets.Filters, kind: MapKind, total: int) -> tuple[str, Table]:
    """The heat map SVG of baseline (or latest) maps and its table of regions."""
    counts = querysets.region_counts(filters, kind)
    which = "first" if kind == "baseline_map" else "latest"
    title = f"The {which} map of each patient: share marking each region"
    cells = {region: cell(n, total) for region, n in counts.items()}
    svg = render_shares(
        {region: found.share for region, found in cells.items()},
        title=title,
        hidden_text=f"{HIDDEN_TEXT} patients (or none)",
    )
    table = Table(
        f"regions_{which}",
        f"Regions marked on the {which} map",
        ["Region", "Patients", "Share of patients"],
        note="Regions nobody marked, or fewer than 5 patients, are not listed.",
    )
    for region in sorted(cells, key=lambda r: (-(counts[r]), r)):
        if cells[region].hidden:
            continue
        table.rows.append(
            [anatomy.region(region).full_label, cells[region].text, _share(cells[region])]
        )
    return svg, table


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
        outcome_table.rows.append([label, found.text, _share(found)])
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


def sessions(filters: querysets.Filters) -> tuple[Table, str]:
    patients, course_counts = querysets.sessions_per_course(filters)
    cells = partition({str(held): n for held, n in patients.items()})
    courses = sum(course_counts.values())
    held = sum(h * n for h, n in course_counts.items())
    average = _mean_text(held / courses if courses else None, sum(patients.values()))
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
            f"Average: {_mean_text(days, patients)} days. The course plan expects 4 to 14 days, "
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
                _mean_text(row["mean"], n),
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


def trigger_points(filters: querysets.Filters, kinds: Sequence[PainType]) -> list[Table]:
    kb = knowledge.load()
    tables = []
    for kind in kinds:
        rows = querysets.trigger_points(filters.with_pain_type(kind))
        table = Table(
            f"trigger_points_{kind}",
            f"{PAIN_TYPE_LABELS[kind]}: trigger points confirmed by palpation",
            [
                "Trigger point",
                "Patients examined",
                "Found",
                "Found / examined",
                "Referred pain reproduced",
                "Average tenderness where found (0-3)",
            ],
        )
        shown = [row for row in rows if cell(row["found_patients"]).shown is not None]
        for row in shown:
            examined = cell(row["examined_patients"])
            parts = partition(
                {
                    "found": row["found_patients"],
                    "not": row["examined_patients"] - row["found_patients"],
                },
                row["examined_patients"],
            )
            found = parts["found"]
            table.rows.append(
                [
                    kb.point_label(row["muscle"], row["trigger_point"]),
                    examined.text,
                    found.text,
                    found.share_text,
                    cell(row["referral_patients"]).text,
                    _mean_text(row["mean_tenderness"], row["found_patients"]),
                ]
            )
        table.note = (
            f"Trigger points found in {HIDDEN_TEXT} patients are not listed "
            f"({len(rows) - len(shown)} of {len(rows)} examined points)."
        )
        tables.append(table)
    return tables


def causes(filters: querysets.Filters, kinds: Sequence[PainType]) -> Table:
    kb = knowledge.load()
    factors = {f"f_{fid}": fid for fid in kb.factors}
    columns = {kind: querysets.causes(filters.with_pain_type(kind), factors) for kind in kinds}
    table = Table(
        "causes",
        'How it started, from the intake ("How it started" step)',
        ["Factor", *(PAIN_TYPE_LABELS[k] for k in kinds)],
        note="Patients of each pain type who chose the factor; a patient may choose several.",
    )
    for key, fid in factors.items():
        cells = [cell(columns[k][1][key], columns[k][0]) for k in kinds]
        if all(found.hidden for found in cells):
            continue
        table.rows.append(
            [
                kb.factors[fid].label,
                *(f"{c.text} ({c.share_text})" if c.shown else c.text for c in cells),
            ]
        )
    table.rows.append(
        ["Patients with a submitted intake", *(cell(columns[k][0]).text for k in kinds)]
    )
    return table


def everything(filters: querysets.Filters) -> dict[str, object]:
    """Every table and chart of the page (a fixed number of queries, whatever the data)."""
    kinds: list[PainType] = [filters.pain_type] if filters.pain_type else list(PAIN_TYPES)
    mix, total, mix_cells = case_mix(filters)
    baseline_svg, baseline_table = heat_map(filters, "baseline_map", total.shown or 0)
    latest_svg, latest_table = heat_map(filters, "latest_map", total.shown or 0)
    review_table, decision_table = reviews(filters)
    sessions_table, _ = sessions(filters)
    soreness_table, soreness_chart = soreness(filters)
    point_tables = trigger_points(filters, kinds)
    tables = [
        mix,
        baseline_table,
        latest_table,
        review_table,
        decision_table,
        sessions_table,
        relief(filters),
        soreness_table,
        *point_tables,
        causes(filters, kinds),
    ]
    return {
        "total": total,
        # Every value in these pictures is a number or escaped text (charts, heat).
        "case_mix_chart": mark_safe(case_mix_chart(mix_cells)),
        "baseline_svg": mark_safe(baseline_svg),
        "latest_svg": mark_safe(latest_svg),
        "soreness_chart": mark_safe(soreness_chart),
        "tables": {table.slug: table for table in tables},
        "point_tables": point_tables,
        "population_source": POPULATION_SOURCE,
    }


def table_for(filters: querysets.Filters, slug: str) -> Table | None:
    """One table by its slug, computing only what it needs (a CSV download)."""
    kinds: list[PainType] = [filters.pain_type] if filters.pain_type else list(PAIN_TYPES)
    found: list[Table] = []
    if slug == "case_mix":
        found = [case_mix(filters)[0]]
    elif slug in ("regions_first", "regions_latest"):
        total = cell(querysets.case_mix(filters)[0]).shown or 0
        kind: MapKind = "baseline_map" if slug == "regions_first" else "latest_map"
        found = [heat_map(filters, kind, total)[1]]
    elif slug in ("review", "decisions"):
        found = list(reviews(filters))
    elif slug == "sessions":
        found = [sessions(filters)[0]]
    elif slug == "relief":
        found = [relief(filters)]
    elif slug == "soreness":
        found = [soreness(filters)[0]]
    elif slug == "causes":
        found = [causes(filters, kinds)]
    elif slug.startswith("trigger_points_"):
        wanted = slug.removeprefix("trigger_points_")
        found = trigger_points(filters, [k for k in kinds if k == wanted])
    return next((table for table in found if table.slug == slug), None)
