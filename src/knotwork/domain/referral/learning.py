"""A clinic's confirmed palpation findings as a prior on top of the base ranking (docs/finder.md,
"Learning from the clinic's findings").

Pure and framework-free: the finder app fetches a clinic's past examinations (each a pain map
and, per trigger point examined for it, how often it was examined and found) and hands them in
as plain data; nothing here knows about clinics, so one clinic's findings reach another's
ranking only if a caller passes them, which the finder app never does.

The rule, all of it our own design (the reference says nothing about learning from findings):

- **Similar maps.** Two maps are similar when their intensity-weighted Jaccard similarity,
  sum of min(a_r, b_r) over sum of max(a_r, b_r) across all regions, is at least SIMILAR. Region
  ids carry the side, so a left map is not similar to the same map on the right.
- **Per trigger point on a side**, the findings of similar maps give `examined` and `confirmed`.
- **Calibration.** A fit is not a rate (a fit of 0.7 is not "found 7 times in 10"), so the
  clinic's findings say how often it finds per unit of fit: s = (K + W) / (E + W), with K the
  confirmations and E the sum of examinations x fit of the *other* candidates with findings
  (a candidate's own findings cannot also be the yardstick they are read against), and W
  pseudo-examinations at s = 1 (so s is 1 without such findings).
- **Shrinkage (Beta-binomial).** A candidate's expected rate is s * p0, p0 its score in the
  base ranking; the prior is a Beta of W = PRIOR_WEIGHT pseudo-examinations centred there, and
  the posterior mean rate is (k + W * s * p0) / (n + W). Divided by s it is back in the fit's
  units: the learned score (k / s + W * p0) / (n + W), shown at most 1. A candidate without
  findings keeps p0, and one found as often as the clinic's candidates are on average keeps
  about p0; with no findings at all the ranking is the base ranking exactly.
- The learned layer only reorders: candidates without findings keep the base ranking's order
  among themselves, and the base ranking is returned unchanged when no candidate has findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from knotwork.domain import knowledge
from knotwork.domain.painmap import InvalidPainMap, parse_marks

# Jaccard >= 0.5: at least half of the two drawings' combined pain, intensity-weighted, is pain
# both drew in the same place. Ours: low enough that the same complaint drawn on another day
# (a region more or less, intensities a step apart) still counts, high enough that a map sharing
# one region of several does not.
SIMILAR = 0.5
# Twenty pseudo-examinations: five findings move a score at most a fifth of the way to what they
# show (5 / (5 + 20)), so a handful cannot overturn the reference; after 20 examinations the
# clinic's own rate and the reference weigh alike. Ours, not the reference's.
PRIOR_WEIGHT = 20

Key = tuple[str, str, str]
EXAMINATION_KEYS = frozenset({"marks", "muscle", "trigger_point", "side", "found"})


@dataclass(frozen=True, slots=True)
class Tally:
    """Examinations of one trigger point on one side, and how many found it."""

    examined: int
    confirmed: int

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.examined + other.examined, self.confirmed + other.confirmed)


@dataclass(frozen=True, slots=True)
class PastMap:
    """A pain map examined before (its painful regions and intensities), and its findings."""

    painful: Mapping[str, int]
    findings: Mapping[Key, Tally]


def examination_from_json(item: Any) -> PastMap:
    """One recorded examination as the CLI reads it from a findings file:
    `{"marks": [{region, intensity}, ...], "muscle", "trigger_point", "side", "found"}`.
    ValueError names what is wrong."""
    if not isinstance(item, Mapping):
        raise ValueError("must be a JSON object")
    unknown = sorted(set(item) - EXAMINATION_KEYS)
    if unknown:
        raise ValueError(f"unexpected field(s) {', '.join(unknown)}")
    marks = item.get("marks")
    if not isinstance(marks, list):
        raise ValueError("marks: must be a list of {region, intensity} objects")
    try:
        pain_map = parse_marks(marks)
    except InvalidPainMap as invalid:
        raise ValueError(str(invalid)) from None
    muscle_id, tp_id, side = (item.get(k) for k in ("muscle", "trigger_point", "side"))
    muscle = knowledge.load().muscles.get(muscle_id) if isinstance(muscle_id, str) else None
    if muscle is None:
        raise ValueError(f"muscle: unknown muscle {muscle_id!r}")
    tp = next((t for t in muscle.trigger_points if t.id == tp_id), None)
    if tp is None:
        raise ValueError(f"trigger_point: {muscle_id} has no trigger point {tp_id!r}")
    if side not in [p.side for p in tp.patterns]:
        raise ValueError(f"side: {muscle_id}/{tp_id} has no side {side!r}")
    found = item.get("found")
    if not isinstance(found, bool):
        raise ValueError(f"found: must be true or false, got {found!r}")
    return PastMap(pain_map.painful, {(muscle.id, tp.id, str(side)): Tally(1, int(found))})


def similarity(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    """Intensity-weighted Jaccard similarity of two maps' painful regions, 0 (nothing shared)
    to 1 (the same regions at the same intensities)."""
    shared = 0
    for region, level in a.items():
        other = b.get(region)
        if other:
            shared += min(level, other)
    union = sum(a.values()) + sum(b.values()) - shared
    return shared / union if union > 0 else 0.0


def evidence(
    painful: Mapping[str, int], past: Iterable[PastMap], threshold: float = SIMILAR
) -> dict[Key, Tally]:
    """Per trigger point on a side: the examinations and confirmations of maps similar to
    `painful`."""
    tallies: dict[Key, Tally] = {}
    for earlier in past:
        if similarity(painful, earlier.painful) < threshold:
            continue
        for key, tally in earlier.findings.items():
            found = tallies.get(key)
            tallies[key] = tally if found is None else found + tally
    return tallies


def calibration(examined: Iterable[tuple[float, Tally]], weight: float = PRIOR_WEIGHT) -> float:
    """How often the clinic finds a trigger point per unit of fit, from (fit, tally) pairs of
    the other candidates: (confirmations + weight) / (sum of examinations x fit + weight); 1
    without findings."""
    confirmed = expected = 0.0
    for fit, tally in examined:
        confirmed += tally.confirmed
        expected += tally.examined * fit
    return _per_fit(confirmed, expected, weight)


def _per_fit(confirmed: float, expected: float, weight: float) -> float:
    return (confirmed + weight) / (expected + weight)


def posterior(
    prior: float, tally: Tally, weight: float = PRIOR_WEIGHT, scale: float = 1.0
) -> float:
    """The learned score: the posterior mean confirmation rate with a Beta prior of `weight`
    pseudo-examinations centred on `scale` x `prior`, divided by `scale` (back in the fit's
    units); `prior` itself when nothing was examined. Not capped here."""
    if tally.examined == 0:
        return prior
    return (tally.confirmed / scale + weight * prior) / (tally.examined + weight)


def reason(tally: Tally) -> str:
    """What the learned score rests on, in words for the page and the JSON."""
    noun = "examination" if tally.examined == 1 else "examinations"
    return (
        f"confirmed in {tally.confirmed} of {tally.examined} {noun} at this clinic for similar maps"
    )


def _thousandths(value: float) -> float:
    return int(value * 1000 + 0.5) / 1000


def apply(
    result: Mapping[str, Any],
    tallies: Mapping[Key, Tally],
    top: int | None = None,
    weight: float = PRIOR_WEIGHT,
) -> dict[str, Any]:
    """`rank_json`'s answer with the clinic's findings applied: each candidate with findings
    gets `learned` (examined, confirmed, the base ranking's score, the prior's weight, the
    clinic's calibration, the reason) and the learned
    score as its `score`, and the list is ordered by it, then cut to `top`. Without findings
    for any candidate the answer is the base ranking's, cut to `top`. Rank the map without
    `top` first, so that a trigger point the clinic confirms can rise from below the cut."""
    candidates = result["candidates"]
    if not any((c["muscle"], c["trigger_point"], c["side"]) in tallies for c in candidates):
        return {**result, "candidates": list(candidates[:top])}
    examined = [
        (c["score"], tally)
        for c in candidates
        if (tally := tallies.get((c["muscle"], c["trigger_point"], c["side"]))) is not None
    ]
    confirmed = sum(t.confirmed for _, t in examined)
    expected = sum(t.examined * fit for fit, t in examined)
    keyed: list[tuple[float, int, dict[str, Any]]] = []
    # Candidates without findings keep the base order among themselves: their sort value is
    # the running minimum of the base scores, which never rises along the base list (the base
    # order is not always by score: a band across the midline can sit below a lower score).
    floor = float("inf")
    for position, c in enumerate(candidates):
        tally = tallies.get((c["muscle"], c["trigger_point"], c["side"]))
        floor = min(floor, c["score"])
        if tally is None or tally.examined == 0:
            keyed.append((floor, position, dict(c)))
            continue
        # `calibration` of the other examined candidates, from the sums less this one's.
        scale = _per_fit(
            confirmed - tally.confirmed, expected - tally.examined * c["score"], weight
        )
        learned = posterior(c["score"], tally, weight, scale)
        keyed.append(
            (
                learned,
                position,
                {
                    **c,
                    # At most 1 like the base score; the order reads the uncapped value.
                    "score": _thousandths(min(1.0, learned)),
                    "learned": {
                        "examined": tally.examined,
                        "confirmed": tally.confirmed,
                        "prior_score": c["score"],
                        "prior_weight": weight,
                        "calibration": _thousandths(scale),
                        "reason": reason(tally),
                    },
                },
            )
        )
    keyed.sort(key=lambda item: (-item[0], item[1]))
    return {**result, "candidates": [c for _, _, c in keyed][:top]}
