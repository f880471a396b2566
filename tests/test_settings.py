"""Settings as an operator meets them: every variable's bad value stops start-up, named."""

from __future__ import annotations

import importlib.util
import os
import secrets
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import knotwork.settings
from knotwork import configuration
from knotwork.configuration import ConfigurationError

# What every variable the settings read refuses, with the words its message must contain.
BAD_VALUES: list[tuple[str, str, str]] = [
    ("KNOTWORK_DEBUG", "ture", "1, true, yes, on or 0, false, no, off"),
    ("KNOTWORK_SECURE", "yes please", "1, true, yes, on or 0, false, no, off"),
    ("KNOTWORK_STAFF_IDLE_MINUTES", "abc", "whole number of minutes, 1 or more"),
    ("KNOTWORK_TASK_TIMEOUT", "0", "whole number of seconds, 1 or more"),
    ("KNOTWORK_STAFF_IDLE_MINUTES", "-5", "whole number of minutes, 1 or more"),
    ("KNOTWORK_PATIENT_IDLE_MINUTES", "0", "whole number of minutes, 1 or more"),
    ("KNOTWORK_PATIENT_IDLE_MINUTES", "1.5", "whole number of minutes, 1 or more"),
    ("KNOTWORK_LOGIN_FAILURE_LIMIT", "five", "whole number of failed logins, 1 or more"),
    ("KNOTWORK_LOCKOUT_HOURS", "-1", "number of hours above 0"),
    ("KNOTWORK_LOCKOUT_HOURS", "nan", "number of hours above 0"),
    ("KNOTWORK_MAX_REQUEST_BYTES", "2MB", "whole number of bytes, 131072 or more"),
    ("KNOTWORK_MAX_REQUEST_BYTES", "1000", "whole number of bytes, 131072 or more"),
    ("KNOTWORK_TIME_ZONE", "Europe/Berln", "time zone name"),
    ("KNOTWORK_LOG_LEVEL", "loud", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("KNOTWORK_TRUSTED_PROXIES", "*", "IP addresses or networks"),
    ("KNOTWORK_TRUSTED_PROXIES", "10.0.0.1,proxy.lan", "no host names"),
    ("KNOTWORK_ADDRESS_ACCOUNT_LIMIT", "1", "whole number of accounts, 2 or more"),
    ("KNOTWORK_API_TOKEN_RATE", "fast", "whole number of requests a minute, 1 or more"),
    ("KNOTWORK_DB_POOL_SIZE", "-1", "whole number of connections, 0 or more"),
    ("KNOTWORK_DB_POOL_SIZE", "ten", "whole number of connections, 0 or more"),
    ("KNOTWORK_BASE_URL", "knotwork.example.org", "absolute http or https address"),
    ("KNOTWORK_BASE_URL", "https://knotwork.example.org/?clinic=1", "absolute http or https"),
    ("KNOTWORK_BASE_URL", "ftp://knotwork.example.org", "absolute http or https address"),
    ("KNOTWORK_HSTS_SECONDS", "a year", "whole number of seconds, 0 or more"),
    ("KNOTWORK_SMTP_SECURITY", "ssl", "one of starttls, tls, none"),
    ("KNOTWORK_SMTP_PORT", "smtp", "a whole number, 1 or more"),
    ("DATABASE_URL", "mysql://knotwork@db/knotwork", "postgres://USER:PASSWORD@HOST:PORT/NAME"),
    ("DATABASE_URL", "postgres://knotwork@db:port/knotwork", "port is a number"),
]


def load_settings(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **variables: str) -> ModuleType:
    """Run the real settings module afresh (under another name) with only `variables` set."""
    for name in list(os.environ):
        if name.startswith("KNOTWORK_") or name in ("DATABASE_URL", "REDIS_URL"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KNOTWORK_DATA_DIR", str(data_dir))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", knotwork.settings.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "value", "accepted"), BAD_VALUES)
def test_it_refuses_a_bad_value_naming_the_variable_and_what_it_accepts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, accepted: str
) -> None:
    with pytest.raises(ConfigurationError) as refused:
        load_settings(monkeypatch, tmp_path, **{name: value})
    message = str(refused.value)
    assert message.startswith(name)
    assert accepted in message


def test_it_never_shows_the_database_password_in_its_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ConfigurationError) as refused:
        load_settings(monkeypatch, tmp_path, DATABASE_URL="mysql://clinic:hunter2@db/knotwork")
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize(
    ("spelling", "meaning"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("on", True),
        (" on ", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("OFF", False),
        ("", False),
    ],
)
def test_it_accepts_the_usual_spellings_of_yes_and_no(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, spelling: str, meaning: bool
) -> None:
    settings = load_settings(
        monkeypatch,
        tmp_path,
        KNOTWORK_SECURE=spelling,
        KNOTWORK_BASE_URL="https://knotwork.example.org",
    )
    assert settings.SESSION_COOKIE_SECURE is meaning
    assert settings.CSRF_COOKIE_SECURE is meaning


def test_it_starts_with_the_readme_defaults_when_nothing_is_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = load_settings(monkeypatch, tmp_path)
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is False
    assert settings.ALLOWED_HOSTS == ["127.0.0.1", "localhost", "[::1]"]
    assert settings.CSRF_TRUSTED_ORIGINS == []
    assert settings.STAFF_IDLE_MINUTES == 30
    assert settings.PATIENT_IDLE_MINUTES == 120
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 1
    assert settings.MAX_REQUEST_BYTES == 2 * 1024 * 1024
    assert settings.TIME_ZONE == "UTC"
    assert settings.LOGGING["root"]["level"] == "WARNING"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.DATABASES["default"]["NAME"] == tmp_path / "knotwork.sqlite3"
    assert (tmp_path / "secret_key").read_text().strip() == settings.SECRET_KEY


def test_it_takes_good_values_as_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = load_settings(
        monkeypatch,
        tmp_path,
        KNOTWORK_STAFF_IDLE_MINUTES=" 15 ",
        KNOTWORK_LOCKOUT_HOURS="0.5",
        KNOTWORK_TIME_ZONE="Europe/Berlin",
        KNOTWORK_LOG_LEVEL="info",
        KNOTWORK_ALLOWED_HOSTS="knotwork.example.org, clinic.example.org",
    )
    assert settings.STAFF_IDLE_MINUTES == 15
    assert settings.AXES_COOLOFF_TIME == 0.5
    assert settings.TIME_ZONE == "Europe/Berlin"
    assert settings.LOGGING["root"]["level"] == "INFO"
    assert settings.ALLOWED_HOSTS == ["knotwork.example.org", "clinic.example.org"]


def test_it_keeps_the_options_of_the_database_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = load_settings(
        monkeypatch,
        tmp_path,
        DATABASE_URL=(
            "postgres://clinic:p%40ss%2Fword@db.internal:6543/knotwork_prod"
            "?sslmode=require&connect_timeout=5"
        ),
    )
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["OPTIONS"]["sslmode"] == "require"
    assert database["OPTIONS"]["connect_timeout"] == 5
    assert (database["USER"], database["PASSWORD"]) == ("clinic", "p@ss/word")
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        6543,
        "knotwork_prod",
    )
    # Connections come from a bounded pool, checked before reuse, never kept per thread.
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (0, True)
    assert database["OPTIONS"]["pool"]["max_size"] == 8


def test_it_bounds_the_connections_of_each_process_by_the_pool_size(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = "postgres://clinic@db.internal/knotwork"
    pooled = load_settings(monkeypatch, tmp_path, DATABASE_URL=url, KNOTWORK_DB_POOL_SIZE="3")
    pool = pooled.DATABASES["default"]["OPTIONS"]["pool"]
    # At most 3 connections, one kept open, the others handed back after a minute idle.
    assert (pool["min_size"], pool["max_size"], pool["max_idle"]) == (1, 3, 60)
    unpooled = load_settings(monkeypatch, tmp_path, DATABASE_URL=url, KNOTWORK_DB_POOL_SIZE="0")
    database = unpooled.DATABASES["default"]
    # 0: no pool, and still no persistent connection (one per request, closed after it).
    assert "pool" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 0


def test_it_names_the_database_knotwork_when_the_url_has_no_name() -> None:
    database = configuration.database(
        "DATABASE_URL", sqlite={}, environ={"DATABASE_URL": "postgresql://postgres@127.0.0.1"}
    )
    assert database["NAME"] == "knotwork"


@pytest.mark.parametrize(
    "command",
    [["migrate"], ["serve", "--port", "8110"], ["web", "--port", "8110"], ["manage", "check"]],
)
def test_it_stops_the_command_with_the_message_and_no_traceback(
    tmp_path: Path, command: list[str]
) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KNOTWORK_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env["KNOTWORK_DEBUG"] = "ture"
    result = subprocess.run(
        [sys.executable, "-m", "knotwork", *command, "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "KNOTWORK_DEBUG is set to 'ture'" in result.stderr
    assert "1, true, yes, on or 0, false, no, off" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Knotwork is running" not in result.stdout


def test_it_needs_an_https_base_url_behind_tls(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ConfigurationError) as unset:
        load_settings(monkeypatch, tmp_path, KNOTWORK_SECURE="1")
    with pytest.raises(ConfigurationError) as plain:
        load_settings(
            monkeypatch, tmp_path, KNOTWORK_SECURE="1", KNOTWORK_BASE_URL="http://clinic.example"
        )
    assert str(unset.value).startswith("KNOTWORK_BASE_URL is not set")
    assert "KNOTWORK_SECURE=1" in str(unset.value)
    assert "absolute https address" in str(plain.value)
    found = load_settings(
        monkeypatch, tmp_path, KNOTWORK_SECURE="1", KNOTWORK_BASE_URL="https://clinic.example/"
    )
    assert found.KNOTWORK_BASE_URL == "https://clinic.example"


def test_it_starts_mail_links_at_the_local_address_when_no_base_url_is_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert load_settings(monkeypatch, tmp_path).KNOTWORK_BASE_URL == "http://127.0.0.1:8000"


def test_it_turns_on_https_only_behind_tls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    plain = load_settings(monkeypatch, tmp_path, KNOTWORK_HSTS_SECONDS="600")
    assert (plain.SECURE_HSTS_SECONDS, plain.SECURE_SSL_REDIRECT) == (0, False)
    secure = load_settings(
        monkeypatch, tmp_path, KNOTWORK_SECURE="1", KNOTWORK_BASE_URL="https://k.example.org"
    )
    assert secure.SECURE_HSTS_SECONDS == 365 * 24 * 3600
    assert secure.SECURE_SSL_REDIRECT is True and secure.SECURE_REDIRECT_EXEMPT == [r"^healthz$"]
    shorter = load_settings(
        monkeypatch,
        tmp_path,
        KNOTWORK_SECURE="1",
        KNOTWORK_BASE_URL="https://k.example.org",
        KNOTWORK_HSTS_SECONDS="60",
    )
    assert shorter.SECURE_HSTS_SECONDS == 60


def test_it_sends_mail_by_smtp_when_given_a_host(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert load_settings(monkeypatch, tmp_path).MAILERS["default"] == {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    settings = load_settings(
        monkeypatch,
        tmp_path,
        KNOTWORK_SMTP_HOST="smtp.example.org",
        KNOTWORK_SMTP_USER="knotwork@example.org",
        KNOTWORK_SMTP_PASSWORD=" spaced secret ",
    )
    mailer = settings.MAILERS["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "smtp.example.org",
        "port": 587,
        "username": "knotwork@example.org",
        "password": " spaced secret ",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 20,
    }
    implicit = load_settings(
        monkeypatch, tmp_path, KNOTWORK_SMTP_HOST="smtp.example.org", KNOTWORK_SMTP_SECURITY="TLS"
    )
    options = implicit.MAILERS["default"]["OPTIONS"]
    assert (options["port"], options["use_ssl"], options["use_tls"]) == (465, True, False)


def readme_production_environment() -> dict[str, str]:
    """The variables the README's production set-up exports (its `export NAME=VALUE` lines)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme[readme.index("## Running on PostgreSQL and Redis") :]
    found: dict[str, str] = {}
    for line in section.splitlines():
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").split("#")[0].strip().partition("=")
            found[name] = value.strip("'\"")
    return found


def test_the_readme_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    production = readme_production_environment()
    assert production["KNOTWORK_SECURE"] == "1" and "KNOTWORK_SMTP_HOST" in production
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KNOTWORK_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(production)
    # The one value the README leaves to the operator: a long random key of their own.
    env["KNOTWORK_SECRET_KEY"] = secrets.token_urlsafe(50)
    command = [
        "manage",
        "--data-dir",
        str(tmp_path),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "knotwork", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
