"""`knotwork token`: personal API tokens, for operators.

    knotwork token create --user EMAIL --clinic CLINIC --scopes read,write --name NAME [--days N]
    knotwork token revoke NAME --user EMAIL

CLINIC is the clinic's id or its exact name. `create` prints the token once (only its hash is
kept); both are entries in the clinic's audit trail, made "by an operator on the command line".
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from knotwork.commands._django import add_data_dir, setup

if TYPE_CHECKING:
    from knotwork.accounts.models import User

USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = __doc__.split("\n\n", 1)[1] if __doc__ else None
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="Make a token and print it (shown once).")
    create.add_argument("--user", required=True, metavar="EMAIL", help="The token's owner.")
    create.add_argument("--clinic", required=True, help="The clinic's id or exact name.")
    create.add_argument("--scopes", default="read", help="read, or read,write (default read).")
    create.add_argument("--name", required=True, help="What uses the token (in the audit trail).")
    create.add_argument("--days", type=int, default=90, help="Days until it expires (default 90).")
    add_data_dir(create)
    revoke = actions.add_parser("revoke", help="Revoke a token by its name.")
    revoke.add_argument("name", metavar="NAME")
    revoke.add_argument("--user", required=True, metavar="EMAIL", help="The token's owner.")
    add_data_dir(revoke)


def run(args: argparse.Namespace) -> int:
    setup(args.data_dir)
    from knotwork.accounts.services.tokens import TokenError

    try:
        return _create(args) if args.action == "create" else _revoke(args)
    except TokenError as error:
        print(f"knotwork token: {error}", file=sys.stderr)
        return USAGE_ERROR


def _owner(email: str) -> User:
    from knotwork.accounts.models import User, normalise_email
    from knotwork.accounts.services.tokens import TokenError

    user = User.objects.filter(email=normalise_email(email)).first()
    if user is None:
        raise TokenError(f"no login has the email {email}.")
    return user


def _create(args: argparse.Namespace) -> int:
    from knotwork.accounts.services.tokens import TokenError, create_token
    from knotwork.clinics.models import Membership

    user = _owner(args.user)
    found = Membership.objects.select_related("clinic").filter(user=user, is_active=True)
    clinic = args.clinic.strip()
    found = (
        found.filter(clinic_id=int(clinic))
        if clinic.isdigit()
        else found.filter(clinic__name=clinic)
    )
    membership = found.first()
    if membership is None:
        raise TokenError(f"{user.email} is not an active member of a clinic {clinic!r}.")
    scopes = [scope.strip() for scope in args.scopes.split(",") if scope.strip()]
    made = create_token(
        user=user, membership=membership, name=args.name, scopes=scopes, days=args.days
    )
    print(
        f"API token “{made.token.name}” of {user.email} for {membership.clinic.name} "
        f"({made.token.scopes.replace(',', ', ')}; until {made.token.expires_at:%Y-%m-%d}).",
        file=sys.stderr,
    )
    print("Shown only now; send it as `Authorization: Bearer TOKEN`:", file=sys.stderr)
    print(made.secret)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from knotwork.accounts.models import ApiToken
    from knotwork.accounts.services.tokens import TokenError, revoke_token

    user = _owner(args.user)
    token = ApiToken.objects.filter(user=user, name=args.name.strip(), revoked_at=None).first()
    if token is None:
        raise TokenError(f"{user.email} has no live token named {args.name!r}.")
    revoke_token(token=token, actor=None, why="revoked by an operator on the command line")
    print(f"Revoked the API token “{token.name}” of {user.email}.")
    return 0
