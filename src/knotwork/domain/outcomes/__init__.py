"""Outcome instruments: definitions as data, scoring, change from baseline (reference section D).

Interface (all pure, no framework):

* `instrument(id) -> Instrument`, `instruments() -> dict[str, Instrument]`: the bundled
  definitions (`data/<id>.yaml`) for `nprs, odi, rmdq, ndi, psfs, start_back, pss10, stress`.
* `score(id, answers) -> ScoreResult`: one answer per item, each the response option number
  (None = missing); `AnswerError(item=...)` for an answer that does not fit or a wrong count.
* `compare(id, baseline, follow_up, rule=None) -> Change`: verdict `improved`,
  `no_meaningful_change`, `worse` (or `no_rule` / `not_comparable`) by the instrument's MCID.
* `current(readings) -> Reading | None` and `CURRENT_RULE`: the one rule for a measure's "now"
  (the most recent reading, a questionnaire or a session's pain rating).
* `baseline_instruments(pain_types) -> tuple[str, ...]`: instruments suited to the pain types.
* `load_pack(path) -> InstrumentPack`, `apply_pack(instrument, pack) -> Instrument`: licensed
  wording a clinic holds; `PackError.problems` lists mismatches.
* `pressure.convert(value, from_unit, to_unit)`, `pressure.threshold(trials, unit)`,
  `pressure.score_threshold(trials, unit) -> ScoreResult` (id `ppt`), `pressure.side_difference`.
"""

from knotwork.domain.outcomes.change import Change, Verdict, compare
from knotwork.domain.outcomes.current import CURRENT_RULE, Reading, current
from knotwork.domain.outcomes.definitions import (
    INSTRUMENT_IDS,
    Instrument,
    Item,
    UnknownInstrument,
    instrument,
    instruments,
)
from knotwork.domain.outcomes.packs import InstrumentPack, PackError, apply_pack, load_pack
from knotwork.domain.outcomes.scoring import AnswerError, ScoreResult, score
from knotwork.domain.outcomes.suitability import baseline_instruments

__all__ = [
    "CURRENT_RULE",
    "INSTRUMENT_IDS",
    "AnswerError",
    "Change",
    "Instrument",
    "InstrumentPack",
    "Item",
    "PackError",
    "Reading",
    "ScoreResult",
    "UnknownInstrument",
    "Verdict",
    "apply_pack",
    "baseline_instruments",
    "compare",
    "current",
    "instrument",
    "instruments",
    "load_pack",
    "score",
]
