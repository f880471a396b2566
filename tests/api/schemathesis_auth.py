"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS): a therapist's login on every request.

The web login's session cookie and its CSRF pair (the csrftoken cookie and the X-CSRFToken
header) come from the environment, set by `test_openapi_conformance.py` after it logged in. The
session is given as the document's `SessionAuth` cookie, so schemathesis knows it is the
credential: its `ignored_auth` check sends the same request without it, and with a wrong one,
and expects a 401. A session rather than an API token because the run also calls
`DELETE /tokens/{id}`, which would revoke its own token half-way.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis


@schemathesis.auth()
class TherapistSession:
    def get(self, case: Any, ctx: Any) -> dict[str, str]:
        return {
            "session": os.environ["KNOTWORK_ST_SESSION"],
            "csrf": os.environ["KNOTWORK_ST_CSRF"],
        }

    def set(self, case: Any, data: dict[str, str], ctx: Any) -> None:
        case.cookies = {
            **(case.cookies or {}),
            "sessionid": data["session"],
            "csrftoken": data["csrf"],
        }
        case.headers = {**(case.headers or {}), "X-CSRFToken": data["csrf"]}
