"""manage.py audit verify | anchor"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.audit.models import AccessEvent, ChainHead
from signaalwijzer.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Check the access log's hash chain, or print its latest hash to store outside the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="walk the chain; exit 1 and name the first broken row")
        sub.add_parser(
            "anchor", help="print the latest row and hash (store it elsewhere, e.g. daily)"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            broken = verify_chain()
            if broken is not None:
                raise CommandError(f"access log broken at row {broken.id}: {broken.reason}")
            self.stdout.write(f"access log intact: {AccessEvent.objects.count()} rows")
            return
        head = ChainHead.objects.filter(pk=1).first()
        last = AccessEvent.objects.order_by("-pk").first()
        if head is None or last is None:
            self.stdout.write("access log empty")
            return
        self.stdout.write(f"{last.pk} {last.at.isoformat()} {head.last_hash}")
