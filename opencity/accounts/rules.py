"""Who may do what with people and organisations.

Predicates are composed from the person's platform role (admin = superuser, moderator) and the
roles their memberships give. `tests/accounts/test_rules.py` walks every role over every rule.
"""

from __future__ import annotations

import rules

from opencity.accounts.models import Membership, Organisation, Role, User


@rules.predicate
def is_platform_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_moderator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_moderator)


@rules.predicate
def is_active_user(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def has_role_in(*roles: str) -> rules.Predicate:
    """The person holds one of `roles` in the organisation given as the object."""

    @rules.predicate(name=f"has_role_in({', '.join(roles)})")
    def predicate(user: User, organisation: Organisation | None) -> bool:
        if organisation is None or not is_active_user(user):
            return False
        return Membership.objects.filter(
            user=user, organisation=organisation, role__in=roles
        ).exists()

    return predicate


def has_any_role(*roles: str) -> rules.Predicate:
    """The person holds one of `roles` in some organisation."""

    @rules.predicate(name=f"has_any_role({', '.join(roles)})")
    def predicate(user: User) -> bool:
        if not is_active_user(user):
            return False
        return Membership.objects.filter(user=user, role__in=roles).exists()

    return predicate


is_member_of = has_role_in(*Role.values)
is_coordinator_of = has_role_in(Role.COORDINATOR)

# Places come from the official registers; only administrators change them.
rules.add_perm("places.import_register", is_platform_admin)
rules.add_perm("places.change_place", is_platform_admin)

# Organisations
rules.add_perm("accounts.create_organisation", is_platform_admin)
rules.add_perm("accounts.change_organisation", is_platform_admin | is_coordinator_of)
rules.add_perm("accounts.manage_memberships", is_platform_admin | is_coordinator_of)
rules.add_perm("accounts.view_organisation_members", is_platform_admin | is_member_of)

# A person's own account
rules.add_perm("accounts.export_own_data", is_active_user)
rules.add_perm("accounts.delete_own_account", is_active_user)

# Platform roles
rules.add_perm("accounts.grant_platform_role", is_platform_admin)
rules.add_perm("accounts.view_admin_site", is_platform_admin | is_moderator)
