"""Open311 API keys: `opencity open311_key create NAME --as ADMIN_EMAIL` prints a new key once;
`opencity open311_key list` shows the clients and the first characters of their keys;
`opencity open311_key deactivate ID --as ADMIN_EMAIL` switches a key off."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencity.accounts.models import Organisation, User
from opencity.feedback import services
from opencity.feedback.models import ApiClient


class Command(BaseCommand):
    help = "Create or list the API keys of Open311 clients."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "deactivate"])
        parser.add_argument(
            "name", nargs="?", help="create: the client's name; deactivate: the client's number"
        )
        parser.add_argument(
            "--as", dest="actor", help="create, deactivate: the e-mail of the administrator"
        )
        parser.add_argument(
            "--organisation", help="create: the slug of the organisation the client belongs to"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for client in ApiClient.objects.select_related("organisation"):
                state = "active" if client.active else "inactive"
                organisation = client.organisation.name if client.organisation else "-"
                self.stdout.write(
                    f"{client.pk}\t{client.name}\t{client.key_hint}…\t{organisation}\t{state}"
                )
            return
        name = (options["name"] or "").strip()
        if not name:
            raise CommandError(
                "Give the client's name (create) or number (deactivate), and --as EMAIL."
            )
        actor = User.objects.filter(email__iexact=options["actor"] or "").first()
        if actor is None:
            raise CommandError("Give --as with the e-mail of an administrator.")
        if options["action"] == "deactivate":
            client = ApiClient.objects.filter(pk=int(name) if name.isdigit() else None).first()
            if client is None:
                raise CommandError(f"No API client has the number {name}.")
            try:
                services.api_client_deactivate(actor=actor, client=client)
            except PermissionDenied as error:
                raise CommandError(f"{actor.email} may not switch keys off.") from error
            self.stdout.write(f"API client {client.pk} ({client.name}) is switched off.")
            return
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation has the slug {options['organisation']}.")
        try:
            client, key = services.api_client_create(
                actor=actor, name=name, organisation=organisation
            )
        except PermissionDenied as error:
            raise CommandError(f"{actor.email} may not issue API keys.") from error
        self.stdout.write(f"API client {client.pk}: {client.name}")
        self.stdout.write("Key (shown only now; store it safely):")
        self.stdout.write(key)
