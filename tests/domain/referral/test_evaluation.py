"""Measuring the finder on published cases: a group the source names once takes one place."""

from __future__ import annotations

from pathlib import Path

from knotwork.domain import knowledge
from knotwork.domain.referral.evaluation import (
    EvaluationSet,
    MuscleList,
    Vignette,
    evaluate,
    in_units,
    load_set,
    ranked_muscles,
)

EVALUATION = Path(__file__).resolve().parents[3] / "evaluation"


def test_it_gives_the_members_of_a_group_entry_one_place_at_the_first_of_them() -> None:
    quadriceps = ("rectus_femoris", "vastus_medialis", "vastus_lateralis")
    order = ["rectus_femoris", "vastus_medialis", "popliteus", "vastus_lateralis", "hamstrings"]
    assert in_units((quadriceps, ("hamstrings",)), order) == [
        "rectus_femoris",
        "popliteus",
        "hamstrings",
    ]


def test_it_recalls_a_whole_list_when_a_group_would_otherwise_crowd_the_first_five_places() -> None:
    # Front and back of the knee: the finder lists three quadriceps muscles before the
    # hamstrings and gastrocnemius; the source names "the quadriceps" once.
    area = {"knee_front_right": 5, "knee_back_right": 5}
    order = ranked_muscles(area, knowledge.load())
    entries = (
        ("rectus_femoris", "vastus_medialis", "vastus_lateralis", "vastus_intermedius"),
        ("hamstrings",),
        ("gastrocnemius",),
    )
    assert "gastrocnemius" not in order[:5]
    report = evaluate(
        EvaluationSet((), (MuscleList("knee", "a guide", area, entries, ordered=True),))
    )
    assert report.recall5 == [1.0]


def test_it_counts_a_vignette_primary_group_at_its_first_member() -> None:
    vignette = Vignette(
        "wrist",
        "a page",
        {"hand_radial_right": 6, "hand_ulnar_right": 5},
        ("extensor_carpi_radialis", "extensor_carpi_ulnaris"),
    )
    report = evaluate(EvaluationSet((vignette,), ()))
    assert report.top3 == 1


def test_it_reads_every_shipped_case_file_with_its_sources() -> None:
    for name in ("development-set.yaml", "holdout.yaml", "holdout-2.yaml"):
        cases = load_set(EVALUATION / name)
        assert cases.vignettes and cases.lists
        assert all(case.source for case in cases.vignettes)
        assert all(case.source for case in cases.lists)
