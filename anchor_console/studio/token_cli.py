"""`anchor-console studio tokens …`: access tokens for the people of a team, on a Studio's database
(the running Studio notices a revocation within a second and closes that token's event streams).

  tokens list   --db F [--all]                            the tokens (not their secrets), one JSON line each
  tokens create --db F (--staff ID | --name N --role R) [--room ID]… [--expires 30d] [--label L]
  tokens rotate --db F ID [--grace 10m] [--expires 30d]    a new token; the old one works `grace` more
  tokens revoke --db F ID…

`create` and `rotate` print the new token once, as one JSON line; it is not stored anywhere."""

from __future__ import annotations

import argparse
import json
import re

from anchor_console.studio.errors import ApiError
from anchor_console.studio.permissions import Role

_DURATION = re.compile(r"(\d+)([smhd])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> float:
    """'90s', '10m', '12h', '30d' → seconds."""
    m = _DURATION.fullmatch(text.strip())
    if not m or int(m.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 90s, 10m, 12h or 30d")
    return int(m.group(1)) * _UNITS[m.group(2)]


def add_token_commands(studio_parser: argparse.ArgumentParser) -> None:
    sub = studio_parser.add_subparsers(dest="studio_command", metavar="tokens")
    tokens = sub.add_parser("tokens", help="list, create, rotate and revoke access tokens")
    commands = tokens.add_subparsers(dest="tokens_command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=help)
        p.add_argument("--db", required=True, help="the Studio database file")
        return p

    listing = command("list", "the tokens that work (with --all: revoked and expired ones too)")
    listing.add_argument("--all", action="store_true")
    create = command("create", "a token for a staff member")
    create.add_argument("--staff", type=int, help="the staff account's id")
    create.add_argument("--name", help="the staff member's name (their account is made if missing)")
    create.add_argument("--role", choices=[r.value for r in Role if r is not Role.VIEWER])
    create.add_argument("--room", type=int, action="append", dest="rooms", help="a room it may act in (repeat); "
                        "default: every room")
    create.add_argument("--expires", type=duration, default=None, help="lifetime, e.g. 12h or 30d (default 30d)")
    create.add_argument("--label", default="", help="a note, e.g. whose laptop")
    rotate = command("rotate", "replace a token with a new one")
    rotate.add_argument("id", type=int)
    rotate.add_argument("--grace", type=duration, default=None, help="how long the old one still works (default: not)")
    rotate.add_argument("--expires", type=duration, default=None)
    revoke = command("revoke", "stop tokens working now")
    revoke.add_argument("ids", type=int, nargs="+")


def run_tokens(args: argparse.Namespace) -> int:
    from anchor_console.studio.services import Studio

    studio = Studio(args.db)
    try:
        for line in _run(studio, args):
            print(json.dumps(line, ensure_ascii=False))
        return 0
    except ApiError as exc:
        print(json.dumps({"error": exc.message, "code": exc.code}, ensure_ascii=False))
        return 1
    finally:
        studio.store.close()


def _run(studio, args: argparse.Namespace) -> list[dict]:
    tokens = studio.tokens
    if args.tokens_command == "list":
        staff = {s["id"]: s for s in studio.accounts.list_staff()}
        return [{**t, "staff": staff.get(t["staff_id"], {}).get("name"), "role": staff.get(t["staff_id"], {}).get("role")}
                for t in tokens.list_tokens(include_inactive=args.all)]
    if args.tokens_command == "create":
        if args.staff is None and not (args.name and args.role):
            raise ApiError("Name the staff member: --staff ID, or --name NAME --role ROLE.", code="usage")
        staff_id = args.staff if args.staff is not None else studio.accounts.find_or_create_staff(args.name,
                                                                                                   Role(args.role))
        return [tokens.issue(staff_id, rooms=args.rooms, ttl_s=args.expires, label=args.label)]
    if args.tokens_command == "rotate":
        return [tokens.rotate(args.id, grace_s=args.grace or 0.0, ttl_s=args.expires)]
    return [tokens.revoke(token_id) for token_id in args.ids]
