"""Remind registered people of the events starting in the next 24 hours; run it every hour."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencity.events import notifications


class Command(BaseCommand):
    help = (
        "E-mail everyone registered (not the waiting list) for a published event that starts in "
        "the next 24 hours, with the event's calendar file. Each person is reminded once per "
        "event, so this is safe to run at any time; run it hourly (or at least daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the work for the background worker instead of doing it now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from opencity.events.tasks import send_event_reminders

            result = send_event_reminders.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        outcome = notifications.send_reminders()
        self.stdout.write(f"{outcome.emails} reminders sent for {outcome.events} events.")
        if outcome.failed:
            raise CommandError(
                f"{outcome.failed} reminders could not be sent (see the log); they are tried "
                "again on the next run."
            )
