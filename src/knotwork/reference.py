"""Loading and checking the bundled reference data at start-up.

The knowledge base, the region atlas and the instrument definitions are versioned data files
inside the package; loading them here means a broken file stops the server at start with a
message naming the file, instead of failing in the middle of a patient's visit.
"""

from __future__ import annotations

import importlib


def load_reference_data() -> list[str]:
    """Load every bundled data set that exists; return one line per data set for the log."""
    from knotwork.domain import anatomy

    lines = [f"Region atlas: {len(anatomy.regions())} regions."]
    # Each entry: module, loader function, how to describe what it loaded.
    optional = [
        ("knotwork.domain.knowledge", "load", "Trigger-point knowledge base"),
    ]
    for module_name, function_name, label in optional:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        loader = getattr(module, function_name, None)
        if loader is None:
            continue
        loaded = loader()
        size = len(getattr(loaded, "muscles", ()) or ())
        lines.append(f"{label}: loaded{f' ({size} muscles)' if size else ''}.")
    return lines
