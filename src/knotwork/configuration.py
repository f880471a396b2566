"""Reading Knotwork's environment variables, each checked before anything starts.

A typo must not quietly become a different configuration (`KNOTWORK_SECURE=ture` meaning "off"
would send session cookies over plain HTTP), so every reader refuses a value it does not know
with a `ConfigurationError` that names the variable, the value and what is accepted. The CLI
prints that message and exits; nothing here imports Django, so the readers work before it is set
up and in tests. An unset or empty variable means its default, as the README's table says.
"""

from __future__ import annotations

import ipaddress
import math
import os
import zoneinfo
from collections.abc import Mapping
from typing import NoReturn
from urllib.parse import urlsplit

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
POSTGRES_SCHEMES = ("postgres", "postgresql")


class ConfigurationError(Exception):
    """An environment variable holds a value Knotwork cannot use; start-up stops."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    """The variable's value without surrounding spaces, or None when it is unset or empty."""
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return value or None


def _refuse(name: str, value: str, requirement: str, default: str) -> NoReturn:
    raise ConfigurationError(
        f"{name} is set to {value!r}; it must be {requirement} (unset, it is {default})."
    )


def flag(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """A yes/no variable: 1/0, true/false, yes/no, on/off in any case."""
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    accepted = f"one of {', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS)}, in any case"
    _refuse(name, value, accepted, "on" if default else "off")


def _whole(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def whole_number(
    name: str,
    default: int,
    *,
    minimum: int = 1,
    unit: str = "",
    environ: Mapping[str, str] | None = None,
) -> int:
    """A whole-number variable of at least `minimum` (a count, a size, a number of minutes)."""
    value = _raw(name, environ)
    if value is None:
        return default
    number = _whole(value)
    if number is None or number < minimum:
        what = f"a whole number of {unit}" if unit else "a whole number"
        _refuse(name, value, f"{what}, {minimum} or more", str(default))
    return number


def _decimal(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return math.nan


def positive_number(
    name: str, default: float, *, unit: str = "", environ: Mapping[str, str] | None = None
) -> float:
    """A number above 0, fractions allowed (e.g. 0.5 hours)."""
    value = _raw(name, environ)
    if value is None:
        return default
    number = _decimal(value)
    if not math.isfinite(number) or number <= 0:
        what = f"a number of {unit}" if unit else "a number"
        _refuse(name, value, f"{what} above 0, e.g. 1 or 0.5", f"{default:g}")
    return number


def text(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """A free-text variable (a class path, an address); empty means the default."""
    value = _raw(name, environ)
    return default if value is None else value


def text_list(name: str, default: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list; spaces around the items and empty items are dropped."""
    value = _raw(name, environ)
    items = (default if value is None else value).split(",")
    return [item.strip() for item in items if item.strip()]


def address_list(name: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """Comma-separated IP addresses or networks (`10.0.0.5`, `10.0.0.0/24`, `::1`); none by default.

    A host name or `*` is refused: trusting proxy headers from anything but the named proxies
    lets any client choose the address that the audit trail records and that throttles count.
    """
    items = text_list(name, "", environ)
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            _refuse(
                name,
                item,
                "a comma-separated list of IP addresses or networks such as 10.0.0.5 or "
                "10.0.0.0/24 (no host names, no *)",
                "none",
            )
    return items


def base_url(name: str, *, required: bool = False, environ: Mapping[str, str] | None = None) -> str:
    """An absolute http(s) address without query or fragment (`https://knotwork.example.org`),
    returned without a trailing slash; "" when unset and not `required`. `required` (behind
    TLS) asks for https."""
    value = _raw(name, environ)
    scheme = "https" if required else "http or https"
    accepted = f"an absolute {scheme} address such as https://knotwork.example.org"
    if value is None:
        if required:
            raise ConfigurationError(
                f"{name} is not set; with KNOTWORK_SECURE=1 it must be {accepted} (the address "
                "mail links start with)."
            )
        return ""
    parts = urlsplit(value)
    schemes = ("https",) if required else ("http", "https")
    if parts.scheme not in schemes or not parts.hostname or parts.query or parts.fragment:
        _refuse(name, value, accepted, "unset" if not required else "required")
    return value.rstrip("/")


def log_level(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """One of Python's logging levels, in any case (stored upper case, as logging wants)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if value.upper() not in LOG_LEVELS:
        _refuse(name, value, f"one of {', '.join(LOG_LEVELS)}, in any case", default)
    return value.upper()


def choice(
    name: str, default: str, choices: tuple[str, ...], environ: Mapping[str, str] | None = None
) -> str:
    """One word of `choices`, in any case (stored lower case)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() not in choices:
        _refuse(name, value, f"one of {', '.join(choices)}, in any case", default)
    return value.lower()


def time_zone(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """An IANA time zone name (what Django's TIME_ZONE needs)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if not _is_time_zone(value):
        _refuse(name, value, "a time zone name such as Europe/Berlin or UTC", default)
    return value


def _is_time_zone(value: str) -> bool:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


# Pooled connections above the pool's minimum are closed after this many idle seconds, so a
# quiet server hands its connections back to PostgreSQL.
POOL_MAX_IDLE_S = 60
# A request waits this long for a free pooled connection before it fails (PoolTimeout, a 500).
POOL_TIMEOUT_S = 10


def database(
    name: str,
    sqlite: dict[str, object],
    environ: Mapping[str, str] | None = None,
    *,
    pool_size: int = 0,
) -> dict[str, object]:
    """Django's database settings: `sqlite` when the variable is unset, else its PostgreSQL URL.

    dj-database-url keeps the URL's query string as connection options, so
    `?sslmode=require&connect_timeout=5` reaches psycopg. The value itself is never echoed in a
    message: it holds the password.

    On PostgreSQL, `pool_size` above 0 gives each server process Django's psycopg pool of at
    most that many connections; 0 opens a connection per request and closes it at the end. Never
    persistent connections (CONN_MAX_AGE > 0): under ASGI every request runs in a thread of its
    own, and each thread kept its own connection until PostgreSQL's max_connections ran out
    (issue 14; benchmarks/http_load.py measures it).
    """
    url = _raw(name, environ)
    if url is None:
        return sqlite
    # Imported here: `knotwork find` and `score` load this module (for ConfigurationError) and
    # need no database.
    import dj_database_url

    shape = "postgres://USER:PASSWORD@HOST:PORT/NAME"
    scheme = urlsplit(url).scheme
    if scheme not in POSTGRES_SCHEMES:
        raise ConfigurationError(f"{name} must be a {shape} URL; its scheme is {scheme!r}.")
    try:
        parsed = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
    except ValueError:
        raise ConfigurationError(
            f"{name} cannot be read as {shape}: check that the port is a number and that "
            "special characters in the password are percent-encoded (e.g. %40 for @)."
        ) from None
    config: dict[str, object] = dict(parsed)
    config["NAME"] = config.get("NAME") or "knotwork"
    if pool_size > 0:
        options: dict[str, object] = dict(parsed.get("OPTIONS") or {})
        # One connection stays open per process; the rest are opened under load and closed
        # again after POOL_MAX_IDLE_S. CONN_HEALTH_CHECKS makes the pool check a connection
        # before handing it out (a PostgreSQL restart costs no failed request).
        options["pool"] = {
            "min_size": 1,
            "max_size": pool_size,
            "max_idle": POOL_MAX_IDLE_S,
            "timeout": POOL_TIMEOUT_S,
        }
        config["OPTIONS"] = options
    return config
