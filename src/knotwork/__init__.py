"""Knotwork: neuromuscular (trigger-point) therapy for back, neck, head and face pain."""

__version__ = "0.1.0"
