"""Tell the followers of every milestone that became overdue; run it once a day (e.g. cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencity.actionplans import notifications


class Command(BaseCommand):
    help = (
        "E-mail the followers of each milestone whose end date has passed unfinished, once per "
        "follower and milestone. A milestone already told about is never told again, so this is "
        "safe to run at any time; run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the work for the background worker instead of doing it now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from opencity.actionplans.tasks import notify_overdue

            result = notify_overdue.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        outcome = notifications.notify_overdue()
        self.stdout.write(
            f"{outcome.milestones} newly overdue milestones, {outcome.emails} e-mails sent."
        )
        if outcome.failed:
            raise CommandError(
                f"The e-mails about {outcome.failed} milestones could not be sent (see the log); "
                "they are tried again on the next run."
            )
