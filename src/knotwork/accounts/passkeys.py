"""Passkeys (WebAuthn) through django-otp-webauthn, for the site at whatever host it serves.

The relying party is the host the request came to (ALLOWED_HOSTS has already vetted it) and
the expected origin is that host with the request's scheme; behind a TLS proxy the scheme is
https only when the proxy is trusted (`KNOTWORK_TRUSTED_PROXIES`). Browsers offer passkeys on
https sites and on http://localhost, not on a bare IP address.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.http.request import split_domain_port
from django_otp_webauthn.helpers import WebAuthnHelper


def relying_party_id(request: HttpRequest) -> str:
    """The host name the request came to, without its port."""
    domain, _ = split_domain_port(request.get_host())
    return domain.strip("[]")


class PasskeyHelper(WebAuthnHelper):
    def get_relying_party_domain(self) -> str:
        return relying_party_id(self.request)

    def get_relying_party_name(self) -> str:
        return "Knotwork"

    def get_allowed_origins(self) -> list[str]:
        return [f"{self.request.scheme}://{self.request.get_host()}"]
