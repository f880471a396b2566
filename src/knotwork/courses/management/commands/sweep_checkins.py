"""`knotwork manage sweep_checkins`: run the check-in sweep now and make sure the next is queued."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from knotwork.courses.checkins import sweep
from knotwork.courses.tasks import ensure_sweep_scheduled


class Command(BaseCommand):
    help = "Send the check-in nudges that are due (idempotent) and queue the periodic sweep."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = sweep(now=timezone.now())
        queued = ensure_sweep_scheduled()
        self.stdout.write(
            f"{sent} nudge(s) sent; next sweep {'queued' if queued else 'already queued'}."
        )
