"""`knotwork serve`: everything on one machine, in one command.

Creates the data directory and secret key, migrates when needed, checks the reference data,
collects the static files when they changed (knotwork/web/staticfiles.py), seeds the demo
clinic when asked (`--demo`), runs the background worker as a supervised child process and
serves HTTP and WebSocket until Ctrl-C, which stops every child.

The demo's logins share one published password, so they exist only while the server runs with
`--demo`: started without it, the server switches any demo login off (whatever the host it
listens on), and `--demo` is refused behind TLS (`KNOTWORK_SECURE=1`), where real clinics run.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import subprocess
import sys
import threading
import time

from knotwork import configuration
from knotwork.commands._django import add_data_dir, migrate_if_needed, proxy_options, setup

WORKER_RESTART_LIMIT = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument(
        "--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)."
    )
    parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="Seed the demo clinic and switch its logins on (password knotwork-demo); refused "
        "with KNOTWORK_SECURE=1. Without it the demo logins are switched off.",
    )
    parser.add_argument(
        "--no-worker", action="store_true", help="Do not start the background worker."
    )


class SupervisedWorker:
    """The background worker as a child process, restarted (a few times) if it dies."""

    def __init__(self, data_dir: str) -> None:
        self.command = [
            sys.executable,
            "-m",
            "knotwork",
            "worker",
            "--quiet",
            "--data-dir",
            data_dir,
        ]
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, env=os.environ.copy())
        self.thread.start()

    def _watch(self) -> None:
        restarts = 0
        while not self.stopping.wait(1.0):
            if self.process is None or self.process.poll() is None:
                continue
            if restarts >= WORKER_RESTART_LIMIT:
                print("The background worker keeps failing; see its output above.", file=sys.stderr)
                return
            restarts += 1
            print(
                f"The background worker stopped (exit {self.process.returncode}); restarting.",
                file=sys.stderr,
            )
            self.process = subprocess.Popen(self.command, env=os.environ.copy())

    def stop(self) -> None:
        self.stopping.set()
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1 or localhost: only this machine reaches the server."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def own_base_url(host: str, port: int) -> str | None:
    """The KNOTWORK_BASE_URL serve sets from its own address: on loopback only, unless set.

    Never behind TLS (`KNOTWORK_SECURE=1`): there people open the proxy's https address, which
    the operator sets (the settings refuse to start without it).
    """
    if os.environ.get("KNOTWORK_BASE_URL", "").strip() or not is_loopback(host):
        return None
    if configuration.flag("KNOTWORK_SECURE"):
        return None
    url_host = f"[{host}]" if ":" in host else host
    return f"http://{url_host}:{port}"


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    # Before the settings are read, so this process and the worker (which inherits the
    # environment) write mail links that start with the address people open.
    if found := own_base_url(args.host, args.port):
        os.environ["KNOTWORK_BASE_URL"] = found
    elif not os.environ.get("KNOTWORK_BASE_URL", "").strip() and not is_loopback(args.host):
        print(
            "knotwork serve: set KNOTWORK_BASE_URL to the address people open Knotwork at; "
            "until then links in mails start with http://127.0.0.1:8000.",
            file=sys.stderr,
        )
    data_dir = setup(args.data_dir)
    from django.conf import settings

    if args.demo and settings.SESSION_COOKIE_SECURE:
        print(
            "knotwork serve: --demo is refused with KNOTWORK_SECURE=1: the demo logins share a "
            "published password and must never exist on a server that real clinics reach.",
            file=sys.stderr,
        )
        return 2
    from knotwork.demo import DEMO_PASSWORD, demo_logins, seed_demo_clinic, switch_off_demo_logins
    from knotwork.reference import load_reference_data
    from knotwork.web.staticfiles import collect as collect_static

    migrate_if_needed()
    load_reference_data()
    collect_static()
    if args.demo:
        seed_demo_clinic()
    elif switched_off := switch_off_demo_logins():
        print(f"Demo logins switched off ({switched_off}); start with --demo to use them again.")

    import uvicorn

    worker = None if args.no_worker else SupervisedWorker(str(data_dir))
    if worker:
        worker.start()
    url_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Knotwork is running at http://{url_host}:{args.port}/  (data in {data_dir})")
    logins = demo_logins() if args.demo else []
    if logins:
        print(f"Demo logins (password for all: {DEMO_PASSWORD}) — synthetic demo data only:")
        for role, email in logins:
            print(f"  {role:<22} {email}")
        print("  The clinic admin sets up two-factor authentication at the first login.")
    print(f"Ready in {time.monotonic() - started:.1f} s. Press Ctrl-C to stop.", flush=True)
    config = uvicorn.Config(
        "knotwork.asgi:application",
        host=args.host,
        port=args.port,
        lifespan="off",
        log_level="warning",
        **proxy_options(),
    )
    try:
        uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass
    finally:
        if worker:
            worker.stop()
        print("Knotwork stopped.", flush=True)
    return 0
