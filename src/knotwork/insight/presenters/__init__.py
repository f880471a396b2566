"""What the insight page and its CSV files show: tables whose every count passed the small-cell
rule (`suppression.py`), the charts and the heat maps. The page and the CSV read the same
`Table`, so a count hidden on the page is hidden in the file too.

`patients` holds the case mix, heat maps, trigger points and causes; `courses` the course
figures; `common` the Table and the labels.
"""

from __future__ import annotations

from django.utils.safestring import mark_safe

from knotwork.domain.anatomy import PAIN_TYPES, PainType
from knotwork.insight import querysets
from knotwork.insight.presenters.common import PAIN_TYPE_LABELS, POPULATION_SOURCE, Table
from knotwork.insight.presenters.courses import (
    course_statuses,
    end_results,
    relief,
    reviews,
    sessions,
    soreness,
)
from knotwork.insight.presenters.patients import (
    case_mix,
    case_mix_chart,
    causes,
    heat_map,
    trigger_points,
)
from knotwork.insight.querysets import MapKind
from knotwork.insight.suppression import cell

__all__ = ["PAIN_TYPE_LABELS", "Table", "everything", "table_for"]


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
        course_statuses(filters),
        review_table,
        decision_table,
        end_results(filters),
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
    elif slug == "end_results":
        found = [end_results(filters)]
    elif slug == "course_status":
        found = [course_statuses(filters)]
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
