"""Pages of the finder: `candidates` (a stored map's trigger points to examine, and recording
palpation there) and `muscles` (browsing the knowledge base by muscle or by region)."""
