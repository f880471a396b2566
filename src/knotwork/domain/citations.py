"""Readable citations for the reference's source keys, for pages people read.

Source keys (`OSTELO-2008`, `TS-TPPR`) tie a fact to `shared/reference/clinical-reference.md`;
a therapist reads "Ostelo et al., Spine 2008" instead. `cite(keys)` joins them; a key without a
readable citation raises, so no key reaches a page unnoticed (the tests check every key used).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

import yaml


class UnknownCitation(KeyError):
    """A source key with no readable citation in `data/citations.yaml`."""


@cache
def citations() -> dict[str, str]:
    """Source key -> readable citation."""
    text = resources.files("knotwork.domain").joinpath("data/citations.yaml").read_text()
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return {str(key): str(value) for key, value in data["citations"].items()}


def cite(keys: Iterable[str]) -> str:
    """`["OSTELO-2008", "CHILDS-2005"]` -> "Ostelo et al., Spine 2008; Childs et al., ..."."""
    found = citations()
    readable = []
    for key in dict.fromkeys(keys):
        if key not in found:
            raise UnknownCitation(key)
        readable.append(found[key])
    return "; ".join(readable)
