"""`knotwork web`: only the web server (HTTP and WebSocket), for larger deployments."""

from __future__ import annotations

import argparse
import sys

from knotwork.commands._django import add_data_dir, proxy_options, setup, uses_sqlite


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Server processes (needs PostgreSQL and Redis above 1).",
    )


def run(args: argparse.Namespace) -> int:
    data_dir = setup(args.data_dir)
    if args.workers > 1 and uses_sqlite():
        print(
            "knotwork web: several workers need PostgreSQL (set DATABASE_URL): SQLite allows one "
            "writer at a time and the in-memory channel layer cannot cross processes.",
            file=sys.stderr,
        )
        return 2
    if args.workers > 1:
        from django.conf import settings

        if not settings.REDIS_URL:
            print(
                "knotwork web: several workers need REDIS_URL for live feedback across processes.",
                file=sys.stderr,
            )
            return 2
    from knotwork.web.staticfiles import collect

    # Before the workers start, once: each serves the collected files (a warm start skips it).
    collect()
    import uvicorn

    print(f"Knotwork web on http://{args.host}:{args.port} (data in {data_dir})", flush=True)
    uvicorn.run(
        "knotwork.asgi:application",
        host=args.host,
        port=args.port,
        workers=args.workers,
        lifespan="off",
        log_level="warning",
        **proxy_options(),
    )
    return 0
