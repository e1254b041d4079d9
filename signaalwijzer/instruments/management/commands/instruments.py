"""manage.py instruments check | list | show KEY VERSION | import FILE --organisation NAME | lock"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.accounts.models import Organisation
from signaalwijzer.instruments.loader import add_to_lock, check_directory, load_file
from signaalwijzer.instruments.models import UploadedDefinition, too_large_error
from signaalwijzer.instruments.schema import DefinitionError


class Command(BaseCommand):
    help = "Check, list, show, import and lock screening instrument definitions."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "check", help="validate every shipped definition and the lock (exit 1 on any problem)"
        )
        sub.add_parser("list", help="list the shipped definitions")
        show = sub.add_parser("show", help="show one definition")
        show.add_argument("key")
        show.add_argument("version")
        imported = sub.add_parser("import", help="import a definition file for one organisation")
        imported.add_argument("file", type=Path)
        imported.add_argument("--organisation", required=True, help="the organisation's exact name")
        sub.add_parser(
            "lock", help="add released versions that are not locked yet to released.lock"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"do_{action}")(**options)

    def do_check(self, **options: Any) -> None:
        loaded, problems = check_directory()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the instrument definitions")
        self.stdout.write(
            f"{len(loaded)} definition(s) are valid, released versions match the lock."
        )

    def do_list(self, **options: Any) -> None:
        loaded, problems = check_directory()
        for item in loaded:
            d = item.definition
            self.stdout.write(
                f"{d.key:40} {d.version:8} {d.status:9} {d.kind:22} {item.sha256[:12]}"
            )
        for problem in problems:
            self.stderr.write(problem)

    def do_show(self, key: str, version: str, **options: Any) -> None:
        loaded, _problems = check_directory()
        for item in loaded:
            d = item.definition
            if (d.key, d.version) == (key, version):
                self.stdout.write(f"{d.title.nl} / {d.title.en} ({d.kind}, {d.status})")
                self.stdout.write(
                    f"sha256 {item.sha256}; validated: {d.validated}; ages {d.age_min}-{d.age_max}"
                )
                for area in d.areas:
                    self.stdout.write(f"  area {area.key}: {len(area.signals)} signals")
                for cluster in d.clusters:
                    self.stdout.write(f"  protective {cluster.key}: {len(cluster.factors)} factors")
                for factor in d.factors:
                    self.stdout.write(f"  factor {factor.key}")
                return
        raise CommandError(f"no definition {key} {version}")

    def do_import(self, file: Path, organisation: str, **options: Any) -> None:
        org = Organisation.objects.filter(name=organisation).first()
        if org is None:
            raise CommandError(f"no organisation named {organisation!r}")
        limit = settings.INSTRUMENT_DEFINITION_MAX_BYTES
        try:
            with file.open("rb") as handle:
                raw = handle.read(limit + 1)  # never more: the size is checked before parsing
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from error
        if len(raw) > limit:
            raise CommandError(too_large_error().messages[0])
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text") from error
        upload = UploadedDefinition(organisation=org, content=content)
        try:
            upload.full_clean()
        except ValidationError as error:
            for messages in error.message_dict.values():
                for message in messages:
                    self.stderr.write(message)
            raise CommandError("the definition was not imported") from error
        upload.save()
        self.stdout.write(f"Imported {upload.key} {upload.version} for {org.name}.")

    def do_lock(self, **options: Any) -> None:
        loaded, problems = check_directory()
        unlocked_only = [p for p in problems if "not in released.lock" not in p]
        for problem in unlocked_only:
            self.stderr.write(problem)
        if unlocked_only:
            raise CommandError("fix the problems above first")
        added = 0
        for item in loaded:
            if item.definition.is_released:
                try:
                    added += add_to_lock(item)
                except DefinitionError as error:
                    raise CommandError("\n".join(error.problems)) from error
        self.stdout.write(f"{added} released version(s) added to the lock.")


__all__ = ["Command", "load_file"]
