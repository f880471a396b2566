"""Finder latency: in-process ranking of a 30-region map, and optionally the HTTP endpoint.

    python benchmarks/finder.py [--json] [--runs N]
    python benchmarks/finder.py --api-url URL [--concurrency 50] [--requests N] [--header K:V]

Prints figures only; it asserts nothing (timing never belongs in tests).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from knotwork.domain import anatomy, knowledge
from knotwork.domain.painmap import Mark, PainMap
from knotwork.domain.referral import Context, rank

MAP_SIZE = 30


def sample_map() -> PainMap:
    """A widespread 30-region map: every fourth atlas region, intensities cycling 1-9."""
    ids = list(anatomy.regions())[::4][:MAP_SIZE]
    return PainMap(tuple(Mark(region_id, 1 + index % 9) for index, region_id in enumerate(ids)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# Intake answers as a typical intake gives them: a few factors and features that many trigger
# points list, so that the history is computed for most candidates.
SAMPLE_CONTEXT = Context(
    factors=frozenset({"prolonged_sitting", "poor_posture", "emotional_stress"}),
    features=frozenset({"pain_sitting", "neck_stiffness", "sleep_disturbed"}),
)


def bench_in_process(runs: int) -> dict[str, float]:
    kb = knowledge.load()
    pain_map = sample_map()
    for _ in range(50):
        rank(pain_map, kb=kb)
        rank(pain_map, SAMPLE_CONTEXT, kb=kb)
    timings = []
    with_answers = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        rank(pain_map, kb=kb)
        timings.append((time.perf_counter_ns() - start) / 1000)
        start = time.perf_counter_ns()
        rank(pain_map, SAMPLE_CONTEXT, kb=kb)
        with_answers.append((time.perf_counter_ns() - start) / 1000)
    return {
        "regions": len(pain_map.painful),
        "candidates": len(rank(pain_map, kb=kb).candidates),
        "runs": runs,
        "median_us": round(statistics.median(timings), 1),
        "p99_us": round(percentile(timings, 0.99), 1),
        "median_with_answers_us": round(statistics.median(with_answers), 1),
    }


def bench_api(url: str, concurrency: int, requests: int, headers: dict[str, str]) -> dict[str, Any]:
    body = json.dumps(
        {
            "marks": [{"region": m.region, "intensity": m.intensity} for m in sample_map().marks],
            "factors": [],
        }
    ).encode()
    timings: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            request = urllib.request.Request(
                url,
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", **headers},
            )
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    timings.append(elapsed)
            except (urllib.error.URLError, OSError) as error:
                with lock:
                    failures.append(str(error))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall
    result: dict[str, Any] = {
        "requests": requests,
        "concurrency": concurrency,
        "ok": len(timings),
        "failed": len(failures),
        "throughput_rps": round(len(timings) / wall, 1) if wall else 0.0,
    }
    if timings:
        result["p50_ms"] = round(statistics.median(timings), 1)
        result["p95_ms"] = round(percentile(timings, 0.95), 1)
    if failures:
        result["first_failure"] = failures[0]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--runs", type=int, default=2000, help="in-process repetitions")
    parser.add_argument("--api-url", help="POST the map here (e.g. .../api/v1/finder/rank)")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument(
        "--header", action="append", default=[], help="extra header 'Name: value' (repeatable)"
    )
    args = parser.parse_args(argv)
    if args.api_url:
        headers = dict(h.split(":", 1) for h in args.header)
        headers = {k.strip(): v.strip() for k, v in headers.items()}
        result = bench_api(args.api_url, args.concurrency, args.requests, headers)
    else:
        result = bench_in_process(args.runs)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>16}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
