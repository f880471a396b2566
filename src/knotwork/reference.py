"""Loading and checking the bundled reference data at start-up.

The knowledge base, the region atlas and the instrument definitions are versioned data files
inside the package; loading them here means a broken file stops the server at start with a
message naming the file, instead of failing in the middle of a patient's visit.
"""

from __future__ import annotations

from knotwork.domain import anatomy, knowledge


def load_reference_data() -> list[str]:
    """Load every bundled data set; return one line per data set for the log."""
    size = len(knowledge.load().muscles)
    return [
        f"Region atlas: {len(anatomy.regions())} regions.",
        f"Trigger-point knowledge base: loaded{f' ({size} muscles)' if size else ''}.",
    ]
