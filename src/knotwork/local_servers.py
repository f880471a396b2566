"""Running Knotwork's own servers on loopback, for the browser tests and the benchmarks.

The browser tier, `benchmarks/startup.py` and `benchmarks/live_feedback.py` all start real
`knotwork` processes on a free port, wait for `/healthz`, and stop them as a terminal would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import urllib.error
import urllib.request


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
