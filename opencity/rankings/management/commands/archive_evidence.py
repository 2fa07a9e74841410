"""Archive every evidence link still waiting, e.g. after the task queue was down, or to retry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from opencity.rankings import evidence
from opencity.rankings.models import ArchiveStatus, EvidenceArchive


class Command(BaseCommand):
    help = (
        "Fetch the copy of every evidence link waiting to be archived (and of those that failed, "
        "with --retry-failed). A copy already archived is never fetched again, so this is safe to "
        "run at any time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retry-failed", action="store_true", help="also fetch again the links that failed"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        statuses = [ArchiveStatus.PENDING]
        if options["retry_failed"]:
            statuses.append(ArchiveStatus.FAILED)
        identifiers = list(
            EvidenceArchive.objects.filter(status__in=statuses)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        outcome = dict.fromkeys(ArchiveStatus.values, 0)
        for identifier in tqdm(
            identifiers,
            desc="Archiving evidence",
            unit=" links",
            file=self.stderr._out,
            disable=options["no_progress"] or options["verbosity"] == 0 or not identifiers,
            leave=False,
        ):
            evidence.archive(identifier)
            status = (
                EvidenceArchive.objects.filter(pk=identifier)
                .values_list("status", flat=True)
                .first()
            )
            if status is not None:  # the answer may have been deleted meanwhile
                outcome[status] += 1
        self.stdout.write(
            f"{len(identifiers)} links: {outcome[ArchiveStatus.ARCHIVED]} archived, "
            f"{outcome[ArchiveStatus.FAILED]} failed, {outcome[ArchiveStatus.PENDING]} still "
            "waiting."
        )
        if outcome[ArchiveStatus.FAILED]:
            self.stdout.write(
                "The reason for each failure is on the answer's archived evidence; "
                "run again with --retry-failed once it is fixed."
            )
