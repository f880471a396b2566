"""Build tools of the body map: the hand-drawn figures, the geometry builder, the demo page."""
