"""Running Knotwork's own servers on loopback, for the browser tests and the benchmarks.

The browser tier, `benchmarks/startup.py` and `benchmarks/live_feedback.py` all start real
`knotwork` processes on a free port, wait for `/healthz`, and stop them as a terminal would.
`fresh_postgres` gives a benchmark a throw-away PostgreSQL database next to the one named.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def healthy(base_url: str, timeout: float = 1.0) -> bool:
    """Whether the server at `base_url` answers 200 on /healthz."""
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=timeout) as response:
            status: int = response.status
            return status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen[bytes], grace_s: float = 15) -> None:
    """Ctrl-C to the server's process group, as in a terminal; kill what is left after grace_s.

    The server must have been started with `start_new_session=True`: its worker child shares
    the group, and nothing of it may outlive the caller.
    """
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace_s)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextlib.contextmanager
def fresh_postgres(url: str, prefix: str) -> Iterator[tuple[str, str, str]]:
    """(database URL, admin URL, name) of a new database `<prefix>_<pid>` on the server of
    `url`, dropped on exit: the URL's own database is never touched."""
    import psycopg

    parts = urlsplit(url)
    name = f"{prefix}_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), admin, name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
