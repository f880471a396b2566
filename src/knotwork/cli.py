"""The `knotwork` command line: one sub-command per module in `knotwork.commands`.

Each module exposes `add_arguments(parser)` and `run(args) -> int`. Modules are imported only
when their sub-command runs, so `knotwork find` and `knotwork score` start without Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from knotwork.configuration import ConfigurationError

# Sub-command name -> (module in knotwork.commands, one-line help).
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve", "Run everything on one machine: migrate, demo data, web server and worker."),
    "migrate": ("migrate", "Apply database migrations and load reference data."),
    "web": ("web", "Run only the web server (HTTP and WebSocket)."),
    "worker": ("worker", "Run only the background worker (check-ins, reports)."),
    "find": ("find", "Rank the trigger points to examine for a pain map."),
    "score": ("score", "Score an outcome questionnaire from its answers."),
    "export": ("export", "Export records as FHIR R4: one patient, or a whole clinic (NDJSON)."),
    "audit": ("audit", "Check the audit trail's hash chain (verify)."),
    "token": ("token", "Make or revoke a personal API token (for operators)."),
    "backup": ("backup", "Back up the database, uploads and secret key while the server runs."),
    "restore": ("restore", "Restore a backup into an empty data directory (or database)."),
    "manage": ("manage", "Run a Django management command (for operators)."),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the sub-command being run imports its module to add its arguments."""
    parser = argparse.ArgumentParser(prog="knotwork", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(_module=module_name)
        if name == command:
            _module(module_name).add_arguments(command_parser)
    return parser


def _module(module_name: str) -> ModuleType:
    return importlib.import_module(f"knotwork.commands.{module_name}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((word for word in argv if not word.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    try:
        return int(_module(args._module).run(args) or 0)
    except ConfigurationError as error:
        # A bad environment variable is the operator's to fix: say which and how, no traceback.
        print(f"knotwork {args.command}: {error}", file=sys.stderr)
        return 2
