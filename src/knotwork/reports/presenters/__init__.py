"""What each document shows, computed from the records and the domain: one module per document
(progress, clearance, handout, painmap, record) and the pieces they share (common)."""
