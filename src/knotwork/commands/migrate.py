"""`knotwork migrate`: apply migrations and check the bundled reference data."""

from __future__ import annotations

import argparse

from knotwork.commands._django import add_data_dir, migrate_if_needed, setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    setup(args.data_dir)
    from knotwork.reference import load_reference_data

    applied = migrate_if_needed(verbosity=1)
    print("Migrations applied." if applied else "The database is up to date.")
    for line in load_reference_data():
        print(line)
    return 0
