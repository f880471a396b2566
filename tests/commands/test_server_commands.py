"""The server sub-commands as an operator runs them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path


def run_knotwork(
    *args: str, data_dir: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.pop("KNOTWORK_DATA_DIR", None)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "knotwork", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_it_refuses_several_web_workers_on_sqlite(tmp_path: Path) -> None:
    result = run_knotwork("web", "--workers", "2", data_dir=tmp_path)
    assert result.returncode == 2
    assert "several workers need PostgreSQL" in result.stderr


def test_it_migrates_and_keeps_the_secret_key_private(tmp_path: Path) -> None:
    first = run_knotwork("migrate", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Region atlas: 121 regions." in first.stdout
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text()
    again = run_knotwork("migrate", data_dir=tmp_path)
    assert "The database is up to date." in again.stdout
    assert key_file.read_text() == key


def test_it_refuses_the_demo_behind_tls(tmp_path: Path) -> None:
    result = run_knotwork(
        "serve",
        "--demo",
        data_dir=tmp_path,
        extra_env={"KNOTWORK_SECURE": "1", "KNOTWORK_BASE_URL": "https://clinic.example"},
    )
    assert result.returncode == 2
    assert "--demo is refused with KNOTWORK_SECURE=1" in result.stderr


def test_it_refuses_a_proxy_that_is_not_an_address(tmp_path: Path) -> None:
    result = run_knotwork(
        "web", data_dir=tmp_path, extra_env={"KNOTWORK_TRUSTED_PROXIES": "proxy.internal"}
    )
    assert result.returncode == 2
    assert "KNOTWORK_TRUSTED_PROXIES" in result.stderr and "no host names" in result.stderr


def test_serve_sets_the_base_url_from_its_own_address_on_loopback_only(monkeypatch) -> None:
    from knotwork.commands.serve import own_base_url

    monkeypatch.delenv("KNOTWORK_BASE_URL", raising=False)
    monkeypatch.delenv("KNOTWORK_SECURE", raising=False)
    assert own_base_url("127.0.0.1", 8103) == "http://127.0.0.1:8103"
    assert own_base_url("::1", 8103) == "http://[::1]:8103"
    assert own_base_url("localhost", 9000) == "http://localhost:9000"
    # Reachable from elsewhere: only the operator knows the address people open.
    assert own_base_url("0.0.0.0", 8000) is None
    monkeypatch.setenv("KNOTWORK_SECURE", "1")
    assert own_base_url("127.0.0.1", 8000) is None
    monkeypatch.delenv("KNOTWORK_SECURE")
    monkeypatch.setenv("KNOTWORK_BASE_URL", "https://clinic.example")
    assert own_base_url("127.0.0.1", 8000) is None


def test_serve_refuses_to_start_behind_tls_without_a_base_url(tmp_path: Path) -> None:
    result = run_knotwork("serve", data_dir=tmp_path, extra_env={"KNOTWORK_SECURE": "1"})

    assert result.returncode == 2
    assert "KNOTWORK_BASE_URL is not set" in result.stderr
