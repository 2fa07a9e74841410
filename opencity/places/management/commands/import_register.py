from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from opencity.places.models import MunicipalityType, RegionType, Register
from opencity.places.registers import RegisterFormatError
from opencity.places.services import register_import


def summary_labels() -> dict[str, str]:
    """Labels for the counts, built when printing so that they follow the active language."""
    return {
        **{f"region:{value}": f"regions, {label}" for value, label in RegionType.choices},
        **{
            f"municipality:{value}": f"municipalities, {label}"
            for value, label in MunicipalityType.choices
        },
    }


class Command(BaseCommand):
    help = (
        "Import an official register of territorial units (KATOTTH, SIRUTA, EKATTE) into places. "
        "Safe to run again: units are matched on their official code, renamed units are updated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--register",
            choices=[*Register.values, "all"],
            default="all",
            help="Which register to import (default: all three).",
        )
        parser.add_argument(
            "--path",
            type=Path,
            help="A file (KATOTTH, SIRUTA) or folder (EKATTE) to read instead of the shipped copy.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        registers = Register.values if options["register"] == "all" else [options["register"]]
        if options["path"] and len(registers) != 1:
            raise CommandError("--path needs --register to say which register the file holds.")
        show_progress = not options["no_progress"] and options["verbosity"] > 0

        def progress(items: Iterator[Any], total: int, description: str) -> Iterator[Any]:
            return tqdm(
                items,
                total=total,
                desc=description,
                unit=" rows",
                file=self.stderr._out,
                disable=not show_progress,
                leave=False,
            )

        labels = summary_labels()
        for register in registers:
            try:
                result = register_import(register=register, path=options["path"], progress=progress)
            except RegisterFormatError as error:
                raise CommandError(
                    f"{Register(register).label}: {error}. Nothing was imported."
                ) from error
            self.stdout.write(self.style.SUCCESS(f"{Register(register).label}"))
            for key, count in sorted(result.counts.items()):
                self.stdout.write(f"  {labels.get(key, key)}: {count}")
            self.stdout.write(
                f"  created {result.created}, updated {result.updated}, "
                f"unchanged {result.unchanged}"
            )
