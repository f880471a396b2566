"""Start-up time of `knotwork serve`: process start to the first 200 from /healthz.

    python benchmarks/startup.py [--warm-runs N]

A cold start uses a fresh data directory (secret key, migrations, reference data, demo clinic);
a warm start reuses it, as a restart does. /healthz is polled every 50 ms, so figures are good
to about that. The server runs on SQLite in a temporary directory, whatever DATABASE_URL says.
Prints JSON figures only; it asserts nothing (timing never belongs in tests).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from knotwork.local_servers import free_port, healthy, stop

POLL_S = 0.05
TIMEOUT_S = 120.0


def time_start(data_dir: Path, log_path: Path) -> float:
    """Seconds from launching `knotwork serve` to its first 200 from /healthz; then stop it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["KNOTWORK_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "knotwork", "serve", "--demo", "--data-dir", str(data_dir)]
    command += ["--port", str(port)]
    with log_path.open("ab") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        while not healthy(url):
            if process.poll() is not None or time.perf_counter() - started > TIMEOUT_S:
                raise SystemExit(
                    f"knotwork serve did not come up; its output:\n{log_path.read_text()}"
                )
            time.sleep(POLL_S)
        return time.perf_counter() - started
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm-runs", type=int, default=3, help="Warm restarts to time (median).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="knotwork-startup-") as tmp:
        data_dir = Path(tmp) / "data"
        log_path = Path(tmp) / "serve.log"
        cold = time_start(data_dir, log_path)
        warm = [time_start(data_dir, log_path) for _ in range(max(1, args.warm_runs))]
    print(
        json.dumps(
            {
                "cold_start_s": round(cold, 2),
                "warm_start_s": round(statistics.median(warm), 2),
                "warm_starts_s": [round(seconds, 2) for seconds in warm],
                "poll_interval_s": POLL_S,
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
