"""Replay of recorded palpation findings: is the confirmed trigger point in the finder's top 3,
with and without the clinic's learned layer (docs/finder.md, "Learning from the clinic's
findings")?

    python benchmarks/finder_replay.py [--json] [--no-demo] [--patients 80] [--seed 17]

Leave-one-out in time order: for each confirmed finding (found = yes), the map it was recorded
for is ranked with only the findings recorded before it (never those of the same map), and we
count whether its trigger point (muscle, trigger point, side) is among the first three.

Two clinics:
- the demo clinic (`knotwork.demo` seeds it into a fresh SQLite database in a temporary folder),
  replayed through the finder app's own reads (`finder.learning.past_maps`);
- a SYNTHETIC clinic made here, twice: for each of four pain types a drawing is jittered per
  patient, the true trigger point is drawn from a known distribution over the base ranking's
  places, one that differs from the base order (4th 55%, 6th 25%, 1st 20%) and one that agrees
  with it (1st 60%, 2nd 25%, 3rd 15%), and each visit the simulated therapist palpates the
  first six of the ranking of the patient's drawing (and the true one), finding the true one
  with probability 0.85 and any other with 0.10. Those rates are invented for the simulation;
  they are no clinical figure.

Prints figures only; it asserts nothing. With --json the last line is one object.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from knotwork.domain.referral import rank_json
from knotwork.domain.referral.learning import Key, PastMap, Tally, apply, evidence

TOP = 3

# The SYNTHETIC clinic's pain types: a drawing (region, intensity) each patient varies.
PAIN_TYPES: dict[str, dict[str, int]] = {
    "low back (right)": {"low_back_right": 7, "buttock_upper_right": 5, "si_joint_right": 4},
    "headache (right)": {"temple_right": 6, "eye_right": 4, "forehead_right": 3},
    "neck (left)": {"neck_back_upper_left": 6, "shoulder_top_left": 5, "occiput_left": 3},
    "jaw (left)": {"jaw_left": 6, "tmj_left": 5, "teeth_lower_left": 4},
}
# Where the true trigger point sits in the base ranking of the type's drawing (0-based place),
# with its probability: known to the simulation. "differs": deliberately not the base order
# (the case learning is for); "agrees": the base order is right (learning should not hurt).
SCENARIOS: dict[str, tuple[tuple[int, float], ...]] = {
    "differs": ((3, 0.55), (5, 0.25), (0, 0.20)),
    "agrees": ((0, 0.60), (1, 0.25), (2, 0.15)),
}
RELATION = {"differs": "differs from", "agrees": "agrees with"}
EXAMINED = 6
SENSITIVITY = 0.85
FALSE_POSITIVE = 0.10


@dataclass(frozen=True)
class Examination:
    """One recorded palpation finding, with the map it was recorded for."""

    at: int  # order of recording
    map_id: int
    painful: dict[str, int]
    key: Key
    found: bool


def marks(painful: dict[str, int]) -> list[dict[str, Any]]:
    return [{"region": r, "intensity": i} for r, i in painful.items()]


def _key(candidate: dict[str, Any]) -> Key:
    return (candidate["muscle"], candidate["trigger_point"], candidate["side"])


def past_of(records: Iterable[Examination], before: int, map_id: int) -> list[PastMap]:
    """The maps examined before `before` (the map `map_id` left out), with their tallies."""
    tallies: dict[int, dict[Key, Tally]] = defaultdict(dict)
    painful: dict[int, dict[str, int]] = {}
    for r in records:
        if r.at >= before or r.map_id == map_id:
            continue
        painful[r.map_id] = r.painful
        found = tallies[r.map_id].get(r.key, Tally(0, 0))
        tallies[r.map_id][r.key] = found + Tally(1, int(r.found))
    return [PastMap(painful[m], t) for m, t in tallies.items()]


def _earlier_in(records: Sequence[Examination]) -> Callable[[Examination], list[PastMap]]:
    """The maps examined before a finding, read from the recorded findings themselves."""
    return lambda r: past_of(records, r.at, r.map_id)


def replay(
    records: Sequence[Examination], past: Callable[[Examination], list[PastMap]]
) -> dict[str, Any]:
    """Top-3 hits of the confirmed findings, without and with the learned layer."""
    confirmed = [r for r in records if r.found]
    base_hits = learned_hits = 0
    moved = 0
    for r in confirmed:
        base = rank_json({"marks": marks(r.painful)})
        base_top = [_key(c) for c in base["candidates"][:TOP]]
        learned = apply(base, evidence(r.painful, past(r)), top=TOP)
        learned_top = [_key(c) for c in learned["candidates"]]
        base_hits += r.key in base_top
        learned_hits += r.key in learned_top
        moved += base_top != learned_top
    total = len(confirmed)
    return {
        "findings": len(records),
        "confirmed": total,
        "top3_without_learning": _share(base_hits, total),
        "top3_with_learning": _share(learned_hits, total),
        "hits_without_learning": base_hits,
        "hits_with_learning": learned_hits,
        "rankings_changed": moved,
    }


def layer_cost(records: Sequence[Examination], runs: int = 50) -> dict[str, Any]:
    """Time of the learned layer alone (similarity to every examined map, tallies, the prior
    and the order) for one map against all the clinic's examined maps: the in-process part a
    ranking adds when learning is on (the database's part is two queries)."""
    past = past_of(records, len(records), -1)
    painful = records[-1].painful
    base = rank_json({"marks": marks(painful)})
    timings = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        apply(base, evidence(painful, past), top=12)
        timings.append((time.perf_counter_ns() - start) / 1000)
    return {"maps": len(past), "median_us": round(statistics.median(timings), 1)}


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def synthetic(
    patients_per_type: int, seed: int, true_places: tuple[tuple[int, float], ...]
) -> list[Examination]:
    """The SYNTHETIC clinic's findings in the order they were recorded (patients interleaved
    across pain types)."""
    rng = random.Random(seed)
    bases = {name: rank_json({"marks": marks(drawing)}) for name, drawing in PAIN_TYPES.items()}
    records: list[Examination] = []
    visits = [(name, n) for n in range(patients_per_type) for name in PAIN_TYPES]
    for map_id, (name, _) in enumerate(visits):
        painful = _jitter(PAIN_TYPES[name], rng)
        candidates = [_key(c) for c in bases[name]["candidates"]]
        place = rng.choices([p for p, _ in true_places], [w for _, w in true_places])[0]
        truth = candidates[place]
        # The therapist examines the first six of the ranking of this patient's own drawing.
        shown = [_key(c) for c in rank_json({"marks": marks(painful)})["candidates"][:EXAMINED]]
        for point in dict.fromkeys([*shown, truth]):
            found = rng.random() < (SENSITIVITY if point == truth else FALSE_POSITIVE)
            records.append(Examination(len(records), map_id, painful, point, found))
    return records


def _jitter(drawing: dict[str, int], rng: random.Random) -> dict[str, int]:
    """The type's drawing as one patient draws it: each intensity a step or two off."""
    return {r: max(1, min(10, i + rng.randint(-2, 2))) for r, i in drawing.items()}


def demo_clinic() -> dict[str, Any]:
    """The demo clinic's recorded findings, replayed through the finder app's reads."""
    with tempfile.TemporaryDirectory(prefix="knotwork-replay-") as temp:
        os.environ.pop("DATABASE_URL", None)
        os.environ["KNOTWORK_DATA_DIR"] = temp
        os.environ["DJANGO_SETTINGS_MODULE"] = "knotwork.settings"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from knotwork.clinics.models import Clinic
        from knotwork.demo import seed_demo_clinic
        from knotwork.finder.learning import past_maps
        from knotwork.finder.models import PalpationFinding

        # The seed's what-to-expect mails go to the console backend: not part of the figures.
        with contextlib.redirect_stdout(io.StringIO()):
            seed_demo_clinic()
        clinic = Clinic.objects.get(is_demo=True)
        rows = list(
            PalpationFinding.objects.filter(
                patient__clinic=clinic, pain_map__isnull=False, pain_map__no_pain=False
            )
            .select_related("pain_map")
            .prefetch_related("pain_map__marks")
            .order_by("examined_at", "id")
        )
        all_findings = PalpationFinding.objects.filter(patient__clinic=clinic).count()
        records: list[Examination] = []
        times: dict[int, datetime] = {}
        for row in rows:
            assert row.pain_map is not None and row.pain_map_id is not None
            times[len(records)] = row.examined_at
            key = (row.muscle, row.trigger_point, row.side)
            painful = row.pain_map.to_domain().painful
            records.append(Examination(len(records), row.pain_map_id, painful, key, row.found))

        def past(r: Examination) -> list[PastMap]:
            return past_maps(clinic.pk, exclude_map=r.map_id, before=times[r.at])

        result = replay(records, past)
        return {**result, "findings_in_clinic": all_findings}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    parser.add_argument("--no-demo", action="store_true", help="the synthetic clinic only")
    parser.add_argument("--patients", type=int, default=80, help="synthetic patients per type")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    figures: dict[str, Any] = {"load_average": [round(x, 2) for x in os.getloadavg()]}
    if not args.no_demo:
        demo = demo_clinic()
        figures["demo"] = demo
        print(f"Demo clinic: {demo['findings_in_clinic']} palpation findings recorded")
        if demo["confirmed"]:
            _print(demo)
        else:
            none = " (the demo seeds none)" if not demo["findings_in_clinic"] else ""
            print(f"  no confirmed finding to replay{none}: no figures for the demo clinic")
    for scenario, true_places in SCENARIOS.items():
        records = synthetic(args.patients, args.seed, true_places)
        result = {
            "label": "SYNTHETIC",
            "patients": args.patients * len(PAIN_TYPES),
            "seed": args.seed,
            "true_places": [{"place": p + 1, "probability": w} for p, w in true_places],
            **replay(records, _earlier_in(records)),
            "layer_cost": layer_cost(records),
        }
        figures[f"synthetic_{scenario}"] = result
        places = " / ".join(str(p + 1) for p, _ in true_places)
        chances = " / ".join(f"{w:.2f}" for _, w in true_places)
        print(
            f"SYNTHETIC clinic, true pattern {RELATION[scenario]} the base order "
            f"({result['patients']} "
            f"simulated patients, seed {args.seed}; true trigger point at the base ranking's "
            f"place {places} with probability {chances}; invented rates, not clinical figures)"
        )
        _print(result)
        cost = result["layer_cost"]
        print(
            f"  learned layer for one map against {cost['maps']} examined maps: "
            f"median {cost['median_us']} us (in process)"
        )
    print(f"load average {figures['load_average']}")
    if args.json:
        print(json.dumps(figures))
    return 0


def _print(result: dict[str, Any]) -> None:
    print(f"  {result['findings']} findings, {result['confirmed']} confirmed")
    for label, share, hits in (
        ("without learning", result["top3_without_learning"], result["hits_without_learning"]),
        ("with learning", result["top3_with_learning"], result["hits_with_learning"]),
    ):
        print(f"  confirmed trigger point in the top {TOP} {label}: {hits} ({share:.1%})")
    print(f"  rankings whose top {TOP} the learned layer changed: {result['rankings_changed']}")


if __name__ == "__main__":
    sys.exit(main())
