"""Clinic insight: the page's time with 10,000 patients, on SQLite and on PostgreSQL.

    python benchmarks/insight.py [--patients 10000] [--runs 20] [--json]
                                 [--database-url postgres://postgres@127.0.0.1:5432/knotwork]

Runs once on SQLite (a fresh file in a temporary data directory) and, with --database-url, once
more on PostgreSQL (a fresh database `knotwork_insight_bench_*` on that server, dropped at the
end; the URL's own database is never touched), each in a child process of its own. Each run
migrates, bulk-seeds one synthetic clinic (bulk_create in batches) with --patients patients:
every patient a first pain map of two to four painful regions (low back, neck, headache, face
or elsewhere), half a later map, four in five a submitted intake with "how it started"
factors, three in five a course with held sessions, the session-2 review and its decision, a
reported relief day and a check-in answered at 24 h and 40 h, two in three of those closed
with an end-of-course result (as the insight sweep records it), and two palpation findings
each.
Then it runs ANALYZE (as autovacuum would after such a load) and, in that process, through
Django's test client (the application's own time, no HTTP server), requests the insight page
--runs times after a warm-up, unfiltered and filtered by pain type and therapist, and one
table's CSV; it prints the median and p95, the page's query count and the time its queries took
in the database, with the load average (the machine may be shared: quote the figures with it).
With --json the last line is one object. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from knotwork.local_servers import fresh_postgres

BATCH = 2000
REGIONS = {
    "low_back": ["low_back_left", "low_back_right", "sacrum", "buttock_upper_left"],
    "neck": ["neck_back_upper_left", "neck_back_lower_right", "shoulder_top_left"],
    "headache": ["temple_left", "temple_right", "occiput_left", "forehead_right"],
    "facial": ["jaw_left", "tmj_right", "cheek_left"],
    "other": ["scapula_left", "interscapular_right", "midback_left"],
}
# How often each pain type leads a patient's map (synthetic: a clinic heavy on backs and necks).
WEIGHTS = {"low_back": 40, "neck": 30, "headache": 15, "facial": 5, "other": 10}
POINTS = {
    "low_back": [("quadratus_lumborum", "superficial"), ("quadratus_lumborum", "deep")],
    "neck": [("trapezius", "upper_fibres"), ("trapezius", "middle_fibres")],
    "headache": [("trapezius", "upper_fibres"), ("trapezius", "lower_fibres")],
    "facial": [("trapezius", "upper_fibres")],
    "other": [("trapezius", "middle_fibres")],
}
FACTORS = ["lifting", "repetitive_motion", "poor_posture", "emotional_stress", "prolonged_sitting"]
OUTCOMES = ["responding", "responding", "not_responding", "insufficient_data"]


def seed(patients: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic, Membership, Role
    from knotwork.courses.models import (
        CheckIn,
        CheckInReply,
        Course,
        CourseReview,
        TreatmentSession,
    )
    from knotwork.finder.models import PalpationFinding
    from knotwork.insight.models import CourseEnd
    from knotwork.intake.models import Intake
    from knotwork.painmaps.models import PainMapRecord, PainMark
    from knotwork.patients.models import Patient

    rng = random.Random(17)
    clinic = Clinic.objects.create(name="Insight benchmark (synthetic)", is_demo=True)
    therapists = []
    for number in range(3):
        user = User.objects.create_user(f"insight-{number}@example.com", "insight-password-1")
        Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
        therapists.append(user)
    kinds = list(WEIGHTS)
    now = timezone.now()
    started = time.perf_counter()
    for first in range(0, patients, BATCH):
        with transaction.atomic():
            rows = Patient.objects.bulk_create(
                Patient(clinic=clinic, given_name="Synthetic", family_name=f"P{n}", is_demo=True)
                for n in range(first, min(first + BATCH, patients))
            )
            leads = {p.pk: rng.choices(kinds, [WEIGHTS[k] for k in kinds])[0] for p in rows}
            mine = {p.pk: rng.choice(therapists) for p in rows}
            Patient.therapists.through.objects.bulk_create(
                Patient.therapists.through(patient_id=p.pk, user_id=mine[p.pk].pk) for p in rows
            )
            later = [p for p in rows if rng.random() < 0.5]
            maps = PainMapRecord.objects.bulk_create(
                [PainMapRecord(patient=p, drawn_via="clinic") for p in rows]
                + [PainMapRecord(patient=p, drawn_via="clinic") for p in later]
            )
            marks = []
            for record in maps:
                lead = leads[record.patient_id]
                chosen = set(rng.sample(REGIONS[lead], 2))
                if rng.random() < 0.4:
                    chosen.add(rng.choice(REGIONS[rng.choice(kinds)]))
                marks += [
                    PainMark(pain_map=record, region=r, intensity=rng.randint(1, 9)) for r in chosen
                ]
            PainMark.objects.bulk_create(marks)
            Intake.objects.bulk_create(
                Intake(
                    patient=p,
                    status="submitted",
                    filled_via="clinic",
                    answers={"start": {"factors": rng.sample(FACTORS, rng.randint(1, 3))}},
                    finished_at=now,
                )
                for p in rows
                if rng.random() < 0.8
            )
            PalpationFinding.objects.bulk_create(
                PalpationFinding(
                    patient=p,
                    muscle=muscle,
                    trigger_point=point,
                    side="left",
                    found=rng.random() < 0.6,
                    tenderness=rng.randint(0, 3),
                    referred_pain_reproduced=rng.random() < 0.3,
                )
                for p in rows
                for muscle, point in POINTS[leads[p.pk]][:2]
            )
            courses = Course.objects.bulk_create(
                Course(
                    patient=p,
                    therapist=mine[p.pk],
                    start_date=now.date() - timedelta(days=rng.randint(0, 300)),
                    status=(status := rng.choice(["active", "completed", "ended"])),
                    ended_at=None if status == "active" else now,
                    sessions=4,
                    weeks=6,
                    review_after=2,
                    min_gap_days=3,
                    relief_shortest_days=4,
                    relief_longest_days=14,
                    ask_after_hours=24,
                    remind_after_hours=36,
                    close_after_hours=72,
                    disability_instrument="psfs",
                )
                for p in rows
                if rng.random() < 0.6
            )
            sessions = TreatmentSession.objects.bulk_create(
                TreatmentSession(
                    course=c,
                    number=n,
                    held_at=now - timedelta(days=30 - 7 * n),
                    status="signed",
                    pre_nprs=rng.randint(3, 8),
                    tightness_returned_on=(now - timedelta(days=30 - 7 * n)).date()
                    + timedelta(days=rng.randint(2, 16)),
                )
                for c in courses
                for n in range(1, rng.randint(1, 4) + 1)
            )
            CourseReview.objects.bulk_create(
                CourseReview(
                    course=c,
                    after_session=2,
                    outcome=(outcome := rng.choice(OUTCOMES)),
                    headline=outcome,
                    decision_required=outcome != "responding",
                    decision="" if outcome == "responding" else rng.choice(["continue", "end", ""]),
                )
                for c in courses
            )
            CourseEnd.objects.bulk_create(
                CourseEnd(
                    course=c,
                    outcome=rng.choice(OUTCOMES),
                    sessions_held=2,
                    for_ended_at=c.ended_at,
                    computed_at=now,
                )
                for c in courses
                if c.ended_at is not None
            )
            firsts = [s for s in sessions if s.number == 1]
            check_ins = CheckIn.objects.bulk_create(
                CheckIn(
                    session=s,
                    session_end=s.held_at,
                    ask_at=s.held_at + timedelta(hours=24),
                    remind_at=s.held_at + timedelta(hours=36),
                    closes_at=s.held_at + timedelta(hours=72),
                    pre_session_pain=s.pre_nprs,
                    status="answered",
                )
                for s in firsts
                if s.held_at is not None
            )
            CheckInReply.objects.bulk_create(
                CheckInReply(
                    check_in=c,
                    answered_at=c.session_end + timedelta(hours=hours),
                    soreness=rng.randint(0, 6) // (2 if hours > 36 else 1),
                    pain=rng.randint(0, 6),
                )
                for c in check_ins
                for hours in (24, 40)
            )
    # As autovacuum would after a load: without statistics PostgreSQL's planner takes the one
    # seeded clinic for a handful of rows and walks every map for every patient.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "therapist": therapists[0],
        "clinic": clinic,
        "seed_s": round(time.perf_counter() - started, 1),
    }


def timed(run: Callable[[], Any], runs: int) -> dict[str, float]:
    for _ in range(2):
        run()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        run()
        samples.append((time.perf_counter() - began) * 1000)
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
    }


@contextmanager
def database(backend: str, url: str) -> Iterator[str]:
    """The DATABASE_URL of a fresh database ("" for SQLite in the data directory)."""
    if backend == "sqlite":
        yield ""
        return
    with fresh_postgres(url, "knotwork_insight_bench") as (database_url, _, _):
        yield database_url


def run_one(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    """In this (child) process: migrate, seed, time the page."""
    with (
        tempfile.TemporaryDirectory(prefix="knotwork-insight-") as temp,
        database(backend, args.database_url) as database_url,
    ):
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env |= {"KNOTWORK_DATA_DIR": temp, "DJANGO_SETTINGS_MODULE": "knotwork.settings"}
        env["KNOTWORK_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
        if database_url:
            env["DATABASE_URL"] = database_url
        migrate = [sys.executable, "-m", "knotwork", "migrate"]
        subprocess.run(migrate, env=env, check=True, capture_output=True)
        os.environ.clear()
        os.environ.update(env)
        fixture = seed(args.patients)
        # The pages name their static files through the manifest, as `knotwork serve` does
        # after collecting them into the data directory.
        from knotwork.web.staticfiles import collect

        collect()
        from django.db import connection, connections
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        client = Client()
        client.force_login(fixture["therapist"])
        filtered = {"pain_type": "low_back", "therapist": str(fixture["therapist"].pk)}
        assert client.get("/insight/").status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get("/insight/")
        queries = len(captured.captured_queries)
        sql_ms = round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1)
        results = {
            "page": timed(lambda: client.get("/insight/"), args.runs),
            "page_filtered": timed(lambda: client.get("/insight/", filtered), args.runs),
            "csv_case_mix": timed(lambda: client.get("/insight/case_mix.csv"), args.runs),
        }
        connections.close_all()
        for found in connections.all():
            close_pool = getattr(found, "close_pool", None)
            if close_pool is not None:
                close_pool()
    return {
        "backend": backend,
        "patients": args.patients,
        "seed_s": fixture["seed_s"],
        "queries": queries,
        # The database's share of one unfiltered page (the rest is Python: presenters, SVG).
        "sql_ms": sql_ms,
        "results": results,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL server to run a second time on"
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        # The child: one backend, its figures as the last line.
        print(json.dumps(run_one(args.only, args)))
        return 0
    backends = ["sqlite", *(["postgres"] if args.database_url else [])]
    found = []
    for backend in backends:
        child = [sys.executable, __file__, "--only", backend, "--patients", str(args.patients)]
        child += ["--runs", str(args.runs), "--database-url", args.database_url]
        done = subprocess.run(child, check=True, capture_output=True, text=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        found.append(result)
        print(
            f"{backend}: {result['patients']} patients (seeded in {result['seed_s']} s), "
            f"{result['queries']} queries per page ({result['sql_ms']} ms in the database), "
            f"load average {result['load_average']}"
        )
        for name, figures in result["results"].items():
            print(f"  {name:>14}: median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms")
    if args.json:
        print(json.dumps({"runs": found}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
