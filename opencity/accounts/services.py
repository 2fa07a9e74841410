"""Writes about people and organisations: each checks its actor and runs in one transaction."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from opencity.accounts.models import (
    TWO_FACTOR_ROLES,
    Membership,
    Organisation,
    OrganisationKind,
    User,
)
from opencity.core.permissions import require
from opencity.core.registry import registry
from opencity.places.models import Country, Municipality


def user_requires_two_factor(user: User) -> bool:
    """Admins, moderators and coordinators may act only after logging in with a second factor."""
    if user.is_superuser or user.is_moderator:
        return True
    return Membership.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists()


def user_has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def organisation_create(
    *,
    actor: User,
    name: str,
    kind: str,
    country: Country | None = None,
    municipality: Municipality | None = None,
    description: str = "",
    website: str = "",
    parent: Organisation | None = None,
    slug: str = "",
) -> Organisation:
    require(actor, "accounts.create_organisation")
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("Unknown kind of organisation.")})
    if kind == OrganisationKind.CITY_HALL and municipality is None:
        raise ValidationError(
            {"municipality": _("A city hall must be linked to its municipality.")}
        )
    organisation = Organisation(
        name=name,
        slug=slug or slugify(name)[:120],
        kind=kind,
        country=country or (municipality.country if municipality else None),
        municipality=municipality,
        description=description,
        website=website,
        parent=parent,
    )
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
    return organisation


def membership_grant(
    *, actor: User, organisation: Organisation, user: User, role: str
) -> Membership:
    require(actor, "accounts.manage_memberships", organisation)
    membership = Membership(organisation=organisation, user=user, role=role)
    membership.full_clean()
    with transaction.atomic():
        membership.save()
    return membership


def membership_revoke(*, actor: User, membership: Membership) -> None:
    require(actor, "accounts.manage_memberships", membership.organisation)
    with transaction.atomic():
        membership.delete()


def user_profile_update(*, user: User, display_name: str) -> User:
    """Change what a person shows publicly beside their contributions."""
    user.display_name = display_name.strip()
    user.full_clean(validate_unique=False)
    with transaction.atomic():
        user.save(update_fields=["display_name"])
    return user


def user_personal_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about a person, for the data download (GDPR art. 15 and 20)."""
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_moderator": user.is_moderator,
            "is_admin": user.is_superuser,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_methods": [
            {"type": authenticator.type, "created_at": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "role": membership.role,
                "since": membership.created_at.isoformat(),
            }
            for membership in Membership.objects.filter(user=user).select_related("organisation")
        ],
    }
    for key, exporter in registry.personal_data_exporters.items():
        data[key] = exporter(user)
    return data


def user_delete(*, actor: User, user: User) -> None:
    """Delete an account: personal data goes, public contributions stay under "Former user".

    The row itself is kept, emptied, so that everything the person published still points at it.
    """
    if actor.pk != user.pk:
        require(actor, "accounts.grant_platform_role")
    else:
        require(actor, "accounts.delete_own_account")
    with transaction.atomic():
        # Each app removes or unlinks what it holds about the person (core/registry.py).
        for eraser in registry.account_erasers.values():
            eraser(user)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        Membership.objects.filter(user=user).delete()
        user.email = f"deleted-{uuid.uuid4().hex}@invalid"
        user.display_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.is_moderator = False
        user.last_login = None
        user.deleted_at = timezone.now()
        user.save()
        user.user_permissions.clear()
        user.groups.clear()
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
