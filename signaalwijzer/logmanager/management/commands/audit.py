"""manage.py audit verify [--checkpoint FILE ...] | checkpoint | schedule (deprecated) | anchor | public-key | grants ROLE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from signaalwijzer.audit import checkpoints, privileges
from signaalwijzer.audit.models import AccessEvent, ChainHead
from signaalwijzer.audit.services import (
    checkpoint_line,
    read_checkpoints,
    signing_key,
    verification_key,
    write_checkpoint,
)
from signaalwijzer.audit.verification import AnchorRefused, verify
from signaalwijzer.logmanager.reviews import reviews_out_of_chain


def _read(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read the checkpoint file {path}: {error}") from error


class Command(BaseCommand):
    help = (
        "Check and anchor the access log: its hash chain, signed checkpoints outside the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify",
            help="walk the chain and check it against signed checkpoints; exit 1 and name the first break",
        )
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a file of checkpoint lines (repeatable); every checkpoint in it must still hold",
        )
        verify.add_argument(
            "--full",
            action="store_true",
            help="walk every row from the first kept one, not only those after the last verified anchor",
        )
        verify.add_argument(
            "--public-key",
            metavar="FILE",
            help="the verification key (PEM or base64); default AUDIT_VERIFY_PUBLIC_KEY, else derived "
            "from AUDIT_SIGNING_KEY",
        )
        checkpoint = sub.add_parser(
            "checkpoint",
            help="sign the log's last row, hash and row count; print the line and append it to a file",
        )
        checkpoint.add_argument(
            "--output",
            metavar="FILE",
            help="append to this file instead of AUDIT_CHECKPOINT_FILE; '-' prints only",
        )
        sub.add_parser(
            "schedule", help="deprecated, does nothing: the scheduler runs the checkpoint job"
        )
        sub.add_parser("anchor", help="print the latest row and hash (unsigned)")
        sub.add_parser(
            "public-key",
            help="print the public key of AUDIT_SIGNING_KEY (for AUDIT_VERIFY_PUBLIC_KEY)",
        )
        grants = sub.add_parser(
            "grants",
            help="PostgreSQL: the rights of an application role that does not own the tables; run as the owner",
        )
        grants.add_argument("role")
        grants.add_argument(
            "--apply", action="store_true", help="run the statements instead of printing them"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action.replace('-', '_')}")(**options)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error

    def _verify(
        self, *, checkpoint: list[str], public_key: str | None, full: bool, **options: Any
    ) -> None:
        anchors = []
        key_text = _read(public_key) if public_key else None
        key = verification_key("\n".join(key_text)) if key_text else None
        if checkpoint:
            try:
                anchors = read_checkpoints(
                    [(path, _read(path)) for path in checkpoint], key or verification_key()
                )
            except checkpoints.CheckpointError as error:
                raise CommandError(f"checkpoint refused: {error}") from error
            if not anchors:
                raise CommandError(f"no checkpoints in {', '.join(checkpoint)}")
        try:
            result = verify(full=full, anchors=anchors, key=key)
        except AnchorRefused as error:
            raise CommandError(str(error)) from error
        for note in result.ignored:
            self.stderr.write(f"ignored (its signature does not hold): {note}")
        if result.broken is not None:
            raise CommandError(
                f"access log broken at row {result.broken.id}: {result.broken.reason}"
            )
        problems = reviews_out_of_chain()
        if problems:
            raise CommandError("access log and emergency reviews disagree: " + "; ".join(problems))
        message = f"access log intact: {result.total} rows"
        if result.mode == "incremental" and result.start is not None:
            message += (
                f" ({result.walked} new since the verified anchor at row {result.start.last_id})"
            )
        elif result.start is not None:
            message += f" after the archived rows up to row {result.start.last_id}"
        if anchors:
            latest = max(anchors, key=lambda anchor: anchor.last_id)
            message += f"; {len(anchors)} checkpoint(s) hold, the latest at row {latest.last_id}"
            if result.looked_up:
                message += (
                    f" ({result.looked_up} before the verified anchor: their rows and hashes looked up,"
                    " not walked; --full walks them)"
                )
        self.stdout.write(message)

    def _checkpoint(self, *, output: str | None, **options: Any) -> None:
        try:
            line = checkpoint_line() if output == "-" else write_checkpoint(output)
        except OSError as error:
            raise CommandError(f"cannot append the checkpoint: {error}") from error
        self.stdout.write(line)

    def _schedule(self, **options: Any) -> None:
        self.stderr.write(
            "'audit schedule' is deprecated and does nothing: run 'manage.py scheduler' (or "
            "'manage.py jobs run-due' from cron) and the job 'audit-checkpoint' runs every "
            "AUDIT_CHECKPOINT_MINUTES."
        )

    def _anchor(self, **options: Any) -> None:
        head = ChainHead.objects.filter(pk=1).first()
        last = AccessEvent.objects.order_by("-pk").first()
        if head is None or last is None:
            self.stdout.write("access log empty")
            return
        self.stdout.write(f"{last.pk} {last.at.isoformat()} {head.last_hash}")

    def _public_key(self, **options: Any) -> None:
        self.stdout.write(checkpoints.public_text(signing_key().public_key()))

    def _grants(self, *, role: str, apply: bool, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("grants are for PostgreSQL; SQLite has no roles")
        try:
            statements = privileges.grant_statements(role, connection.settings_dict["NAME"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if apply:
            privileges.apply(statements)
            self.stdout.write(f"Granted the application rights to {role}.")
            return
        self.stdout.write(";\n".join(statements) + ";")
