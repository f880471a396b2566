"""Clinic insight: the clinic's own patients in aggregate (issue 17), never one patient."""
