"""`knotwork manage record_course_ends`: record every owed end-of-course result now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from knotwork.insight.services import record_course_ends
from knotwork.insight.tasks import ensure_sweep_scheduled


class Command(BaseCommand):
    help = "Record the end-of-course results clinic insight counts, and queue its sweep."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        while recorded := record_course_ends(now=timezone.now()):
            total += recorded
        queued = ensure_sweep_scheduled()
        self.stdout.write(
            f"{total} result(s) recorded; next sweep {'queued' if queued else 'already queued'}."
        )
