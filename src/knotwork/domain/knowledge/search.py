"""Find muscles by name, abbreviation, common name or symptom word ("QL", "traps", "headache").

Pure and framework-free, so the web page, the API and the CLI can share it. Names and
abbreviations come from the muscle files and `data/synonyms.yaml`; symptom words are looked up
in the knowledge base's own features, symptoms and mimics (reference section B), so a muscle is
only found for a symptom that its entry actually names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from knotwork.domain.knowledge.model import KnowledgeBase, Muscle

# Ranks of the kinds of match: a name beats an abbreviation or common name, which beats a
# symptom the entry mentions.
NAME_MATCH = 3
ALSO_CALLED = 2
SYMPTOM_MATCH = 1


@dataclass(frozen=True, slots=True)
class MuscleMatch:
    """A muscle the search found, and the reasons in words a person reads."""

    muscle: str
    label: str
    rank: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Symptom:
    words: tuple[str, ...]
    look_for: tuple[str, ...]
    features: tuple[str, ...]


def search(query: str, kb: KnowledgeBase, limit: int | None = None) -> list[MuscleMatch]:
    """Muscles matching `query`, best first: names, then other names, then symptom mentions.

    Case and punctuation do not matter ("q.l.", "Tennis-elbow"). An empty query finds nothing.
    """
    text = _normal(query)
    if not text:
        return []
    names, symptoms = _synonyms()
    wanted = _symptom_terms(text, symptoms)
    found: list[MuscleMatch] = []
    for muscle in kb.muscles.values():
        rank, reasons = _match(muscle, text, names.get(muscle.id, ()), wanted, kb)
        if rank:
            found.append(MuscleMatch(muscle.id, muscle.label, rank, reasons))
    # Within a rank, more reasons first; the sort is stable, so knowledge-base order breaks ties.
    found.sort(key=lambda m: (-m.rank, -len(m.reasons)))
    return found if limit is None else found[:limit]


def _match(
    muscle: Muscle,
    text: str,
    other_names: tuple[str, ...],
    wanted: tuple[tuple[str, ...], tuple[str, ...]],
    kb: KnowledgeBase,
) -> tuple[int, tuple[str, ...]]:
    own = [muscle.label, muscle.name, muscle.id.replace("_", " ")]
    own += [tp.name for tp in muscle.trigger_points]
    if any(text in _normal(name) for name in own):
        return NAME_MATCH, (f"name: {muscle.label}",)
    called = [name for name in other_names if _normal(name) == text]
    called += [name for name in other_names if len(text) >= 3 and text in _normal(name)]
    if called:
        return ALSO_CALLED, (f"also called {called[0]}",)
    phrases, features = wanted
    reasons: list[str] = []
    for tp in muscle.trigger_points:
        for label in (kb.features[f].label for f in tp.features if f in features):
            reasons.append(f"symptom: {label}")
        for said in (*tp.features_text, *tp.other_symptoms):
            if any(p in _normal(said) for p in phrases):
                reasons.append(f"symptom: {said}")
        for mimic in tp.mimics:
            if any(p in _normal(mimic) for p in phrases):
                reasons.append(f"can mimic: {mimic}")
    if reasons:
        return SYMPTOM_MATCH, tuple(dict.fromkeys(reasons))
    return 0, ()


def _symptom_terms(
    text: str, symptoms: tuple[_Symptom, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The phrases (and feature ids) a symptom query stands for; the query itself otherwise."""
    for symptom in symptoms:
        if text in symptom.words:
            return symptom.look_for, symptom.features
    return ((text,) if len(text) >= 4 else ()), ()


def _normal(value: str) -> str:
    """Lower case, hyphens and punctuation as spaces, single spaces: "Q.L." -> "ql"."""
    value = value.lower().replace("-", " ")
    value = re.sub(r"[^\w' ]+", "", value)
    return re.sub(r"\s+", " ", value).strip()


@cache
def _synonyms() -> tuple[dict[str, tuple[str, ...]], tuple[_Symptom, ...]]:
    text = resources.files("knotwork.domain.knowledge").joinpath("data/synonyms.yaml")
    data: dict[str, Any] = yaml.safe_load(text.read_text())
    names = {muscle: tuple(words) for muscle, words in (data.get("muscles") or {}).items()}
    symptoms = tuple(
        _Symptom(
            tuple(_normal(w) for w in row["words"]),
            tuple(_normal(p) for p in row["look_for"]),
            tuple(row.get("features") or ()),
        )
        for row in data.get("symptoms") or ()
    )
    return names, symptoms
