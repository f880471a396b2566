"""The one answer to "which address did this request come from?", for the audit trail and
every throttle (logins, live-feedback codes, login codes, password-reset mail).

It is the address of the connection as the server saw it. Uvicorn replaces that with the
client's address from `X-Forwarded-For` only when the connection comes from a proxy named in
`KNOTWORK_TRUSTED_PROXIES` (passed to its `forwarded_allow_ips`; none by default), so a client
cannot choose its own address by writing the header. Nothing here reads a forwarded header.
"""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address, or None without a request (a task, a command)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
