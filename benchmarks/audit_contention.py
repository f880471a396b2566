"""Audit writes under contention: every entry locks the chain's one head row, so concurrent
writers queue. How many entries a second does PostgreSQL take with N writer threads, against
the same threads writing rows that take no shared lock?

    python benchmarks/audit_contention.py [--database-url URL] [--threads 1 2 4 8] [--seconds 5]

On PostgreSQL only: creates a fresh database `knotwork_auditbench_*` on the URL's server
(dropped at the end), migrates it, and for each thread count runs, for --seconds each:
"audit" (each thread writes `record_event` entries, one transaction each, as a service does)
and "unchained" (each thread writes an outbox row per transaction: the same commit per write,
no shared row). Prints writes a second for both and their ratio, and the load average. It
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable

from knotwork.local_servers import fresh_postgres


def run_threads(threads: int, seconds: float, write: Callable[[int], None]) -> float:
    """Writes a second by `threads` threads calling write(n) in a loop for `seconds`."""
    from django.db import connections

    counts = [0] * threads
    stop = time.monotonic() + seconds
    barrier = threading.Barrier(threads)

    def loop(index: int) -> None:
        barrier.wait()
        while time.monotonic() < stop:
            write(index)
            counts[index] += 1
        connections.close_all()

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.monotonic() - started)


def measure(thread_counts: list[int], seconds: float) -> list[tuple[int, float, float]]:
    import django

    django.setup()
    from django.db import transaction

    from knotwork.audit.models import AuditAction
    from knotwork.audit.services import record_event
    from knotwork.clinics.models import Clinic
    from knotwork.outbox.models import OutboundMail

    clinic = Clinic.objects.create(name="Audit benchmark (synthetic)", is_demo=True)

    def audit(index: int) -> None:
        with transaction.atomic():
            record_event(
                actor=None,
                clinic=clinic,
                action=AuditAction.ADMIN,
                subject="benchmark",
                detail=f"writer {index}",
            )

    def unchained(index: int) -> None:
        with transaction.atomic():
            OutboundMail.objects.create(
                about="benchmark", subject="s", body=f"writer {index}", to=["a@example.com"]
            )

    results = []
    for threads in thread_counts:
        results.append(
            (
                threads,
                run_threads(threads, seconds, audit),
                run_threads(threads, seconds, unchained),
            )
        )
    from knotwork.audit.chain import verify

    assert verify().intact  # the benchmark's entries form one intact chain
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/knotwork",
    )
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="knotwork-auditbench-") as temp,
        fresh_postgres(args.database_url, "knotwork_auditbench") as (database_url, _, _),
    ):
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        env |= {"DATABASE_URL": database_url, "KNOTWORK_DATA_DIR": temp}
        env |= {"DJANGO_SETTINGS_MODULE": "knotwork.settings", "KNOTWORK_DB_POOL_SIZE": "0"}
        migrate = [sys.executable, "-m", "knotwork", "migrate"]
        subprocess.run(migrate, env=env, check=True, capture_output=True)
        os.environ.update(env)
        results = measure(args.threads, args.seconds)
        from django.db import connections

        connections.close_all()
    print("threads  audit entries/s  unchained rows/s  audit/unchained")
    for threads, audit, unchained in results:
        print(f"{threads:>7}  {audit:>15.0f}  {unchained:>16.0f}  {audit / unchained:>15.2f}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
