"""`knotwork manage ...`: Django's management commands, for operators (e.g. createsuperuser)."""

from __future__ import annotations

import argparse

from knotwork.commands._django import add_data_dir, setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="The management command and its arguments."
    )


def run(args: argparse.Namespace) -> int:
    setup(args.data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["knotwork manage", *args.args])
    return 0
