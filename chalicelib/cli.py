"""Command line: `python -m chalicelib.cli token --sub alice --perm manage_activity`,
`python -m chalicelib.cli sync --conference pycon-us-2026 [--force]` (Pretalx sync with progress),
`python -m chalicelib.cli backfill [--dry-run]` (upgrade stored items that lack what the code reads; needs the
stage's TABLE_NAME and AWS credentials, or the local stack's environment)."""

from __future__ import annotations

import argparse
import os
import sys

from .auth import PERMISSIONS, mint_dev_token
from .config import DEFAULT_DEV_SECRET
from .pretalx import command as pretalx_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m chalicelib.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    token = commands.add_parser("token", help="mint an HS256 token for the local stage")
    token.add_argument("--sub", required=True)
    token.add_argument("--name", default="")
    token.add_argument("--email", default="")
    token.add_argument("--unverified-email", action="store_true",
                       help="the e-mail is not verified (the API mails nothing to it and marks it to reviewers)")
    token.add_argument("--perm", action="append", default=[], choices=PERMISSIONS, help="repeat for several")
    token.add_argument("--ttl", type=int, default=12 * 3600, help="lifetime in seconds")
    token.add_argument("--secret", default=None, help="defaults to $AUTH_DEV_SECRET")
    pretalx_command.add_parser(commands)
    backfill = commands.add_parser("backfill", help="upgrade stored items that lack what the code reads: active signups get "
                                                    "their 'my signups' index keys, waitlisted signups their queue "
                                                    "entry, grants their readiness facts "
                                                    "and their place in the scoring queue "
                                                    "(safe to re-run)")
    backfill.add_argument("--dry-run", action="store_true", help="count what would change, write nothing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "token":
        secret = args.secret or os.environ.get("AUTH_DEV_SECRET") or DEFAULT_DEV_SECRET
        print(mint_dev_token(secret, args.sub, name=args.name, email=args.email,
                             email_verified=not args.unverified_email, permissions=args.perm, ttl_seconds=args.ttl))
    if args.command == "sync":
        return pretalx_command.run(args)
    if args.command == "backfill":
        from .store import backfill as upgrade

        report = upgrade.my_signups_index(dry_run=args.dry_run)
        verb = "would update" if args.dry_run else "updated"
        print(f"my-signups index: {report.locks_without_keys} active signups without keys, {verb} {report.updated}, "
              f"skipped {report.skipped} (gone or changed meanwhile)")
        readiness = upgrade.readiness_facts(dry_run=args.dry_run)
        print(f"readiness facts: {readiness.grants_without_facts} grants without them, {verb} {readiness.updated}, "
              f"skipped {readiness.skipped} (gone or kept changing; run again)")
        waiting = upgrade.waitlist_entries(dry_run=args.dry_run)
        print(f"waitlist queue: {waiting.signups_without_entry} waitlisted signups without a queue entry, {verb} "
              f"{waiting.updated}, skipped {waiting.skipped} (promoted or cancelled meanwhile)")
        queued = upgrade.score_queue(dry_run=args.dry_run)
        print(f"scoring queue: {queued.grants_without_queue} unscored grants to queue, {verb} {queued.updated}, "
              f"skipped {queued.skipped} (queued already, scored or decided meanwhile)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
