"""manage.py statistics rebuild [--all]"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from signaalwijzer.statistics import selectors, summary


class Command(BaseCommand):
    help = (
        "Rebuild the statistics summary: the organisation-years whose cases changed, "
        "or (--all) every organisation-year (after a deployment or loading data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--all", action="store_true", help="rebuild every organisation-year")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        pairs = summary.rebuild_all() if options["all"] else summary.rebuild_dirty()
        cubes = selectors.warm(pairs)
        self.stdout.write(
            f"{len(pairs)} organisation-year(s) rebuilt, {cubes} protected table(s) made; "
            f"summary version {summary.version()}."
        )
