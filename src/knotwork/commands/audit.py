"""`knotwork audit verify`: check the audit trail's hash chain, for operators.

    knotwork audit verify [--data-dir DIR]

Walks every entry from the first: each must follow the one before without a gap, link to the
previous entry's hash and hash to what it stores. Exits 0 when the chain is intact, 1 naming
the first entry that does not match (an altered, removed or inserted row).
"""

from __future__ import annotations

import argparse
import sys

from knotwork.commands._django import add_data_dir, setup

BROKEN = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = __doc__.split("\n\n", 1)[1] if __doc__ else None
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="Check the hash chain; exit 1 if it is broken.")
    add_data_dir(verify)


def run(args: argparse.Namespace) -> int:
    setup(args.data_dir)
    from knotwork.audit.chain import verify

    verdict = verify()
    if verdict.first_break is not None:
        print(
            f"knotwork audit verify: the audit trail does not match at {verdict.first_break} "
            f"({verdict.checked} entries before it are intact).",
            file=sys.stderr,
        )
        return BROKEN
    print(f"The audit trail is intact: {verdict.checked} entries, each linked to the one before.")
    return 0
