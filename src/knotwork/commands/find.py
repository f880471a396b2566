"""`knotwork find`: rank the trigger points to examine for a pain map, or for a batch of maps.

Every path goes through `knotwork.domain.referral.rank_json`, the same function the HTTP API
calls, so the CLI, batch mode and API give the same ranking for the same input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from knotwork.domain.referral import FinderInputError, learning, rank_json
from knotwork.domain.referral.patterns import TOGETHER
from knotwork.domain.referral.ties import find_ties

# A region named without `=INTENSITY` counts as moderate pain: the middle of the 0-10 scale.
DEFAULT_INTENSITY = 5
DEFAULT_TOP = 10
EXIT_BAD_INPUT = 2
# How the table marks the way a candidate explains a region (spillover stays unmarked).
ZONE_MARKS = {"essential": "*", "site": "+", "site_spillover": "+", "adjacent": "~"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Suggests trigger points to examine; it does not diagnose. "
        "Region ids come from the body-map atlas (e.g. low_back_left, temple_right)."
    )
    parser.add_argument(
        "regions",
        nargs="*",
        metavar="REGION[=INTENSITY]",
        help=f"a painful region, optionally with intensity 0-10 (default {DEFAULT_INTENSITY})",
    )
    parser.add_argument(
        "--factor",
        action="append",
        default=[],
        metavar="F",
        help="an activating or perpetuating factor id from intake (repeatable)",
    )
    parser.add_argument(
        "--feature",
        action="append",
        default=[],
        metavar="S",
        help="a symptom or aggravating-movement feature id (repeatable)",
    )
    parser.add_argument(
        "--top", type=int, default=DEFAULT_TOP, help=f"how many candidates (default {DEFAULT_TOP})"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--findings",
        metavar="FILE.jsonl",
        help='a clinic\'s recorded palpation findings, one per line ({"marks": [...], '
        '"muscle", "trigger_point", "side", "found"}), weighed after the ranking as the '
        "learning finder does (docs/finder.md); without it the ranking is the reference's",
    )
    parser.add_argument(
        "--batch",
        metavar="FILE.jsonl",
        help='one request per line ({"marks": [...], "factors": [...]}); one JSON result per line',
    )
    parser.add_argument(
        "--evaluate",
        metavar="FILE.yaml",
        help="measure the finder on a set of published cases (vignettes and pain-area lists) "
        "and print top-1/top-3, recall@5/@10, first-listed-in-top-3 and Spearman's rho",
    )


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader went away (`knotwork find ... | head`): stop quietly, and point stdout at
        # /dev/null so that the interpreter's final flush does not raise again on exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(args: argparse.Namespace) -> int:
    if args.evaluate:
        return _run_evaluation(Path(args.evaluate))
    if args.batch:
        return _run_batch(args.batch, sys.stdout, sys.stderr)
    if not args.regions:
        print(
            "knotwork find: name at least one REGION[=INTENSITY], or use --batch", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    marks, problems = _parse_regions(args.regions)
    if problems:
        print(f"knotwork find: {'; '.join(problems)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    past: list[learning.PastMap] | None = None
    if args.findings:
        past = _read_findings(args.findings, sys.stderr)
        if past is None:
            return EXIT_BAD_INPUT
    request = {"marks": marks, "factors": args.factor, "features": args.feature, "top": args.top}
    try:
        if past is None:
            result = rank_json(request)
        else:
            # Ranked in full, so that a trigger point the findings confirm can rise from below.
            result = rank_json({**request, "top": None})
            painful = {m["region"]: m["intensity"] for m in marks if m["intensity"] > 0}
            result = learning.apply(result, learning.evidence(painful, past), args.top)
    except FinderInputError as error:
        print(f"knotwork find: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(render_table(result))
    return 0


def _read_findings(path: str, err: TextIO) -> list[learning.PastMap] | None:
    """The findings file as examined maps; None (after saying which line and why) if bad."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        print(f"knotwork find: cannot read {path}: {error}", file=err)
        return None
    past = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            past.append(learning.examination_from_json(json.loads(line)))
        except (json.JSONDecodeError, ValueError) as error:
            print(f"knotwork find: {path} line {number}: {error}", file=err)
            return None
    return past


def _run_evaluation(path: Path) -> int:
    # Imported here: only evaluation runs need the YAML reader of the case files.
    from knotwork.domain.referral.evaluation import EvaluationSetError, evaluate, load_set

    try:
        cases = load_set(path)
    except EvaluationSetError as error:
        print(f"knotwork find: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    report = evaluate(cases)
    summary = report.summary()
    print(f"Finder evaluation on {path.name} (development figures, not a clinical validation)")
    rows = [
        ("vignettes", summary["vignettes"]),
        ("  primary muscle first (top-1)", _percent(summary["vignette_top1"])),
        ("  primary muscle in top 3", _percent(summary["vignette_top3"])),
        ("pain-area lists", summary["lists"]),
        ("  mean recall@5", summary["list_recall_at_5"]),
        ("  mean recall@10", summary["list_recall_at_10"]),
        ("  ordered lists", summary["ordered_lists"]),
        ("  first listed muscle in top 3", _percent(summary["first_listed_in_top3"])),
        (
            f"  Spearman's rho (mean of {summary['spearman_lists']} ordered lists)",
            summary["spearman_mean"],
        ),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label.ljust(width)}  {'-' if value is None else value}")
    if report.misses:
        print(f"\nCases below the mark ({len(report.misses)}):")
        for miss in report.misses:
            print(f"  {miss}")
    return 0


def _percent(share: float | None) -> str | None:
    return None if share is None else f"{share:.1%}"


def _parse_regions(items: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    marks: list[dict[str, Any]] = []
    problems: list[str] = []
    for item in items:
        region, _, level = item.partition("=")
        if not level:
            marks.append({"region": region, "intensity": DEFAULT_INTENSITY})
        elif level.isdigit():
            marks.append({"region": region, "intensity": int(level)})
        else:
            problems.append(f"intensity of {region!r} must be a whole number 0-10, got {level!r}")
    return marks, problems


def _run_batch(path: str, out: TextIO, err: TextIO) -> int:
    """Rank each line; a bad line gets an `{"error": ...}` line (so output lines stay aligned
    with input lines), a message on stderr naming its line, and the run exits 2."""
    status = 0
    try:
        lines = open(path, encoding="utf-8").read().splitlines()  # noqa: SIM115
    except OSError as error:
        print(f"knotwork find: cannot read {path}: {error}", file=err)
        return EXIT_BAD_INPUT
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            result: dict[str, Any] = rank_json(json.loads(line))
        except (json.JSONDecodeError, FinderInputError) as error:
            message = (
                f"not JSON: {error}" if isinstance(error, json.JSONDecodeError) else str(error)
            )
            print(f"knotwork find: line {number}: {message}", file=err)
            result = {"error": message, "line": number}
            status = EXIT_BAD_INPUT
        out.write(json.dumps(result, separators=(",", ":")) + "\n")
    return status


def render_table(result: dict[str, Any]) -> str:
    """A readable ranked table: muscle, trigger point, side, score and what it explains."""
    candidates = result["candidates"]
    if not candidates:
        return "No painful region is in any referral zone of the knowledge base."
    ties = find_ties(candidates)
    tied = {position for tie in ties for position in tie.positions}
    rows = [("#", "muscle", "trigger point", "side", "score", "explains")]
    for index, c in enumerate(candidates, start=1):
        explains = ", ".join(e["region"] + ZONE_MARKS.get(e["zone"], "") for e in c["explains"])
        score = f"{c['score']:.2f}" + ("=" if index - 1 in tied else "")
        # Scored with the other trigger points of its reference row (docs/finder.md).
        point = c["trigger_point"] + (" (whole row)" if c.get("part") == TOGETHER else "")
        rows.append((str(index), c["muscle"], point, c["side"], score, explains))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "Trigger points to examine (not a diagnosis). Explains: * essential zone, "
        "+ the trigger point's own site (and maybe its spillover zone), ~ next to an essential "
        "zone, unmarked = spillover zone. A score marked = explains the drawing exactly as "
        "another candidate does (see below)."
    ]
    for row in rows:
        lines.append(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5]
        )
    for tie in ties:
        numbers = ", ".join(f"#{position + 1}" for position in tie.positions)
        lines.append(f"= {numbers}: {tie.note}")
    for index, c in enumerate(candidates, start=1):
        if learned := c.get("learned"):
            lines.append(
                f"#{index}: {learned['reason']} (score {c['score']:.2f} with them, "
                f"{learned['prior_score']:.2f} from the reference's patterns alone)"
            )
    if result["cover"] and len(result["cover"]) > 1:
        together = ", ".join(
            f"{c['muscle']}/{c['trigger_point']} ({c['side']})" for c in result["cover"]
        )
        lines.append(f"Together these explain the whole map: {together}")
    return "\n".join(lines)
