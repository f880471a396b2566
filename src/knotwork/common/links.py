"""Absolute links for mail: `KNOTWORK_BASE_URL` plus a path of ours.

Every mail link starts with the configured address (never a request's Host header, which the
sender chooses, and the worker has no request at all), so a link works from any mailbox.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """`/me/` -> `https://knotwork.example.org/me/`."""
    base: str = settings.KNOTWORK_BASE_URL
    return base.rstrip("/") + path


def absolute_url(name: str, **kwargs: object) -> str:
    """The absolute address of a named URL pattern."""
    return absolute(reverse(name, kwargs=kwargs or None))


def base_url() -> str:
    """The configured address itself, without a trailing slash."""
    base: str = settings.KNOTWORK_BASE_URL
    return base.rstrip("/")
