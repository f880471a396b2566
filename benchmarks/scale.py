"""Scale: the dashboard, search, a patient page and the API list with 100,000 patients.

    python benchmarks/scale.py --database-url postgres://postgres@127.0.0.1:5432/knotwork
                               [--patients 100000] [--runs 50] [--json]

On PostgreSQL only: creates a fresh database `knotwork_scale_*` on the URL's server (the URL's
own database is never touched; dropped at the end), migrates it, and bulk-seeds one clinic with
--patients patients (bulk_create in batches), a therapist assigned to every tenth, and a pain map
with three marks for every tenth. Then, in this process through Django's test client (the
application's own time, no HTTP server), it requests each page --runs times after a warm-up and
prints the median and p95 of: the dashboard's first page, a search by name (the dashboard's live
search, as htmx asks for it), a patient page and the API list; and the `EXPLAIN ANALYZE` plan of
the search query the page ran. With --json the last line is one object:
{"patients": N, "search_p95_ms": ..., "dashboard_p95_ms": ..., "patient_page_p95_ms": ...,
"api_list_p95_ms": ..., "search_seq_scan": true|false}. It asserts nothing.
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
from collections.abc import Callable
from typing import Any

from knotwork.local_servers import fresh_postgres

BATCH = 5000
SYLLABLES = [
    "an", "ber", "cas", "dor", "el", "fin", "gar", "hol", "is", "jen", "kov", "lin", "mar",
    "nor", "ol", "pet", "quin", "ros", "sten", "tal", "ul", "ver", "wes", "yan", "zel",
]  # fmt: skip
GIVEN = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kira"]
MARKS = [("low_back_right", 6), ("buttock_upper_right", 4), ("neck_back_upper_right", 3)]


def family_name(rng: random.Random) -> str:
    """One of 25^3 = 15,625 surnames: a search by one matches a handful of patients."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def seed(patients: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection, transaction

    from knotwork.accounts.models import User
    from knotwork.clinics.models import Clinic, Membership, Role
    from knotwork.painmaps.models import DrawnVia, PainMapRecord, PainMark
    from knotwork.patients.models import Patient

    rng = random.Random(14)
    clinic = Clinic.objects.create(name="Scale benchmark (synthetic)", is_demo=True)
    therapist = User.objects.create_user("scale-therapist@example.com", "scale-password-1")
    Membership.objects.create(user=therapist, clinic=clinic, role=Role.THERAPIST)
    started = time.perf_counter()
    for first in range(0, patients, BATCH):
        with transaction.atomic():
            rows = Patient.objects.bulk_create(
                Patient(
                    clinic=clinic,
                    given_name=rng.choice(GIVEN),
                    family_name=family_name(rng),
                    email=f"patient{number}@example.com",
                    phone=f"+44 7700 {number:06d}",
                    is_demo=True,
                )
                for number in range(first, min(first + BATCH, patients))
            )
            tenth = rows[::10]
            Patient.therapists.through.objects.bulk_create(
                Patient.therapists.through(patient_id=p.pk, user_id=therapist.pk) for p in tenth
            )
            maps = PainMapRecord.objects.bulk_create(
                PainMapRecord(patient=p, drawn_by=therapist, drawn_via=DrawnVia.CLINIC)
                for p in tenth
            )
            PainMark.objects.bulk_create(
                PainMark(pain_map=m, region=region, intensity=intensity)
                for m in maps
                for region, intensity in MARKS
            )
    seeded_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sample = Patient.objects.filter(clinic=clinic).order_by("pk")[patients // 2]
    return {
        "therapist": therapist,
        "patient_id": sample.pk,
        "search": sample.family_name.lower(),
        "seed_s": round(seeded_s, 1),
    }


def timed(run: Callable[[], Any], runs: int) -> dict[str, float]:
    for _ in range(3):
        run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
    }


def search_plan(client: Any, search: str) -> str:
    """EXPLAIN ANALYZE of the query the live search ran (the one with the LIKE)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/patients/", {"q": search}, headers={"HX-Request": "true"})
    sql = next(q["sql"] for q in captured.captured_queries if "LIKE" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(args: argparse.Namespace) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="knotwork-scale-") as temp,
        fresh_postgres(args.database_url, "knotwork_scale") as (database_url, _, _),
    ):
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        env |= {"DATABASE_URL": database_url, "KNOTWORK_DATA_DIR": temp}
        env["KNOTWORK_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
        env["DJANGO_SETTINGS_MODULE"] = "knotwork.settings"
        migrate = [sys.executable, "-m", "knotwork", "migrate"]
        subprocess.run(migrate, env=env, check=True, capture_output=True)
        os.environ.update(env)
        fixture = seed(args.patients)
        # The pages name their static files through the manifest, as `knotwork serve` does
        # after collecting them into the data directory.
        from knotwork.web.staticfiles import collect

        collect()
        from django.db import connections
        from django.test import Client

        client = Client()
        client.force_login(fixture["therapist"])
        patient_url = f"/patients/{fixture['patient_id']}/"
        for url in ("/patients/", patient_url, "/api/v1/patients"):
            status = client.get(url).status_code
            assert status == 200, (url, status)
        results = {
            "dashboard": timed(lambda: client.get("/patients/"), args.runs),
            "search": timed(
                lambda: client.get(
                    "/patients/", {"q": fixture["search"]}, headers={"HX-Request": "true"}
                ),
                args.runs,
            ),
            "patient_page": timed(lambda: client.get(patient_url), args.runs),
            "api_list": timed(lambda: client.get("/api/v1/patients"), args.runs),
        }
        plan = search_plan(client, fixture["search"])
        connections.close_all()
        for connection in connections.all():
            close_pool = getattr(connection, "close_pool", None)
            if close_pool is not None:
                close_pool()
    return {
        "patients": args.patients,
        "seed_s": fixture["seed_s"],
        "search_term": fixture["search"],
        "results": results,
        "plan": plan,
        "search_p95_ms": results["search"]["p95_ms"],
        "dashboard_p95_ms": results["dashboard"]["p95_ms"],
        "patient_page_p95_ms": results["patient_page"]["p95_ms"],
        "api_list_p95_ms": results["api_list"]["p95_ms"],
        "search_seq_scan": "Seq Scan on patients_patient" in plan,
        "load_average": os.getloadavg(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/knotwork",
        help="PostgreSQL server to create the benchmark's database on",
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args()
    result = measure(args)
    print(f"{result['patients']} patients (seeded in {result['seed_s']} s)")
    for name, figures in result["results"].items():
        print(f"{name:>14}: median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms")
    print(f"search for {result['search_term']!r}:\n{result['plan']}")
    print(f"load average {result['load_average']}")
    if args.json:
        keys = ("patients", "search_p95_ms", "dashboard_p95_ms", "patient_page_p95_ms")
        summary = {k: result[k] for k in (*keys, "api_list_p95_ms", "search_seq_scan")}
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
