"""The patients' side of the insight page: case mix, heat maps, trigger points, causes."""

from __future__ import annotations

from collections.abc import Sequence

from knotwork.common.charts import Line, bar_chart
from knotwork.domain import anatomy, knowledge
from knotwork.domain.anatomy import PAIN_TYPES, PainType
from knotwork.domain.bodymap.heat import render_shares
from knotwork.insight import querysets
from knotwork.insight.presenters.common import (
    PAIN_TYPE_LABELS,
    POPULATION_SHARE,
    Table,
    mean_text,
    share,
)
from knotwork.insight.querysets import MapKind
from knotwork.insight.suppression import HIDDEN_TEXT, Cell, cell, partition


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
                share(cells[kind]),
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
            [anatomy.region(region).full_label, cells[region].text, share(cells[region])]
        )
    return svg, table


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
                    mean_text(row["mean_tenderness"], row["found_patients"]),
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
