"""`knotwork score`: score an outcome instrument from its answers, or every row of a CSV file.

    knotwork score odi 2 3 1 - 2 2 1 0 3 2 --json
    knotwork score start_back --csv answers.csv > scores.csv

Each answer is the response option number the instrument defines; `-` marks a missing answer.
An answer that is not an option, or a wrong number of answers, exits with status 2 and names
the item on stderr. Too many missing answers is not an error: the result says `valid: false`.
No Django here: this runs on the framework-free core only.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TextIO

from knotwork.common.spreadsheets import SafeWriter
from knotwork.domain.outcomes import (
    INSTRUMENT_IDS,
    AnswerError,
    Instrument,
    ScoreResult,
    instrument,
    score,
)
from knotwork.domain.outcomes.pressure import UNITS, UnknownUnit, score_threshold

MISSING = "-"
USAGE_ERROR = 2
EPILOG_WIDTH = 88


class BadAnswer(ValueError):
    """An answer the command refuses; the message names the item (and the CSV row)."""


def _runs(definition: Instrument) -> str:
    """Items grouped into runs that share a response, e.g. `items 1-8: 0 Disagree, 1 Agree`."""
    runs: list[tuple[int, int, str]] = []
    for item in definition.items:
        described = item.response.describe()
        if runs and runs[-1][2] == described:
            runs[-1] = (runs[-1][0], item.number, described)
        else:
            runs.append((item.number, item.number, described))
    if len(runs) == 1:
        return f"each {runs[0][2]}"
    return "; ".join(
        f"item {first}: {text}" if first == last else f"items {first}-{last}: {text}"
        for first, last, text in runs
    )


def _epilog() -> str:
    lines = ["answers per instrument (option numbers; '-' = missing):"]
    for instrument_id in INSTRUMENT_IDS:
        definition = instrument(instrument_id)
        if definition.repeat:
            low, high = definition.repeat
            count = f"{low} to {high} answers, one rating per activity the patient named"
        else:
            count = f"{definition.item_count} answer{'s' if definition.item_count > 1 else ''}"
        detail = _runs(definition)
        lines.append(_wrap(f"{instrument_id:<11} {count}; {detail}"))
    lines.append(
        _wrap(
            "ppt         1 or more trial readings at one site (3 recommended), in --unit; "
            "gives the mean in kg/cm2, kPa and N/cm2"
        )
    )
    lines.append("")
    lines.append(
        textwrap.fill(
            "--csv FILE: the first column is an id kept in the output; the other columns are "
            "the answers in item order (an empty cell or '-' is missing; for psfs, trailing "
            "empty cells are activities not named). Writes CSV to stdout.",
            width=EPILOG_WIDTH,
        )
    )
    return "\n".join(lines)


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=EPILOG_WIDTH, initial_indent="  ", subsequent_indent=" " * 14)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _epilog()
    choices = [*INSTRUMENT_IDS, "ppt"]
    parser.add_argument(
        "instrument", choices=choices, metavar="INSTRUMENT", help=f"one of: {', '.join(choices)}"
    )
    parser.add_argument("answers", nargs="*", metavar="ANSWER", help="one per item; '-' = missing")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--csv", metavar="FILE", help="score every row of FILE ('-' = stdin)")
    parser.add_argument(
        "--unit", default="kg/cm2", help=f"ppt readings' unit: {', '.join(UNITS)} (default kg/cm2)"
    )


def _parse_answer[N: (int, float)](
    text: str, number: int, number_type: Callable[[str], N]
) -> N | None:
    """One answer as `number_type` (a whole number, or a decimal reading), None when missing."""
    text = text.strip()
    if text in (MISSING, ""):
        return None
    try:
        return number_type(text)
    except ValueError:
        if number_type is int and _is_decimal(text):
            raise BadAnswer(
                f"item {number}: {text!r} is not a whole number; this instrument takes whole "
                "numbers only"
            ) from None
        raise BadAnswer(f"item {number}: {text!r} is not a number") from None


def _is_decimal(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def score_answers(instrument_id: str, texts: Sequence[str], unit: str = "kg/cm2") -> ScoreResult:
    """Score answers given as text; `BadAnswer` names the item when one does not fit."""
    if instrument_id == "ppt":
        readings = [_parse_answer(t, n, float) for n, t in enumerate(texts, start=1)]
        given = [r for r in readings if r is not None]
        if not given:
            raise BadAnswer("ppt needs at least one trial reading")
        try:
            return score_threshold(given, unit)
        except (UnknownUnit, ValueError) as error:
            raise BadAnswer(str(error)) from None
    answers = [_parse_answer(t, n, int) for n, t in enumerate(texts, start=1)]
    try:
        return score(instrument_id, answers)
    except AnswerError as error:
        raise BadAnswer(str(error)) from None


def _describe(result: ScoreResult) -> str:
    if not result.valid:
        return f"{result.instrument}: not scored ({result.reason})"
    parts = [f"{result.instrument}: {result.score:g}"]
    if result.percent is not None:
        parts.append(f"({result.percent:g} %)")
    if result.band:
        parts.append(f"band {result.band}")
    parts.append(f"- {result.answered} answered")
    extra = ", ".join(f"{name} {value:g}" for name, value in result.subscales.items())
    return " ".join(parts) + (f"; {extra}" if extra else "")


def _rows(handle: TextIO, instrument_id: str) -> tuple[str, list[tuple[str, list[str]]]]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if not header:
        raise BadAnswer("the CSV file is empty")
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        answers = cells[1:]
        # A PSFS row lists only the activities the patient named; blank cells after them are
        # not missing ratings.
        if instrument_id == "psfs":
            while answers and not answers[-1].strip():
                answers.pop()
        rows.append((cells[0], answers))
    return header[0] or "id", rows


def _score_csv(args: argparse.Namespace, out: TextIO) -> None:
    if args.csv == "-":
        id_column, rows = _rows(sys.stdin, args.instrument)
    else:
        with open(args.csv, newline="", encoding="utf-8") as handle:
            id_column, rows = _rows(handle, args.instrument)
    results: list[tuple[str, ScoreResult]] = []
    # Every row is checked before anything is written, so a bad row leaves no partial output.
    for row_id, answers in rows:
        try:
            results.append((row_id, score_answers(args.instrument, answers, args.unit)))
        except BadAnswer as error:
            raise BadAnswer(f"row {row_id!r}: {error}") from None
    if args.json:
        shown = [{id_column: row_id, **result.to_dict()} for row_id, result in results]
        out.write(json.dumps(shown, indent=2) + "\n")
        return
    subscales = list(dict.fromkeys(k for _, r in results for k in r.subscales))
    with_percent = any(r.percent is not None for _, r in results)
    columns = [id_column, "score", "band", "answered", "valid"]
    columns += ["percent"] * with_percent + subscales + ["reason"]
    # Row ids come from the input file: a spreadsheet must not run one as a formula.
    writer = SafeWriter(out, lineterminator="\n")
    writer.writerow(columns)
    for row_id, result in results:
        cells = [row_id, "" if result.score is None else result.score, result.band or ""]
        cells += [result.answered, "true" if result.valid else "false"]
        cells += [result.percent if result.percent is not None else ""] * with_percent
        cells += [result.subscales.get(name, "") for name in subscales] + [result.reason]
        writer.writerow(cells)


def run(args: argparse.Namespace) -> int:
    try:
        if args.csv:
            if args.answers:
                raise BadAnswer("give answers or --csv FILE, not both")
            _score_csv(args, sys.stdout)
            return 0
        if not args.answers:
            raise BadAnswer(f"no answers given for {args.instrument} (see knotwork score --help)")
        result = score_answers(args.instrument, args.answers, args.unit)
    except BadAnswer as error:
        print(f"knotwork score: {error}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as error:
        print(f"knotwork score: cannot read {args.csv}: {error.strerror}", file=sys.stderr)
        return USAGE_ERROR
    print(json.dumps(result.to_dict()) if args.json else _describe(result))
    return 0
