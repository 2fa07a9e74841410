"""Who may do what with events.

- Officials and coordinators of the organiser (a city hall, a government body or a CSO) prepare
  events, see the list of registrations, record attendance and minutes.
- People with a verified e-mail register themselves and cancel their own registration.
"""

from __future__ import annotations

import rules

from opencity.accounts.models import Membership, Role, User
from opencity.accounts.rules import is_active_user, is_platform_admin
from opencity.consultations.rules import has_verified_email

ORGANISER_ROLES = (Role.OFFICIAL, Role.COORDINATOR)


def _organiser_id(obj: object) -> int | None:
    from opencity.accounts.models import Organisation
    from opencity.events.models import Event, Registration

    if isinstance(obj, Registration):
        obj = obj.event
    if isinstance(obj, Event):
        return obj.organiser_id
    if isinstance(obj, Organisation):
        return obj.pk
    return None


@rules.predicate
def is_organiser_staff(user: User, obj: object) -> bool:
    organiser = _organiser_id(obj)
    if organiser is None or not is_active_user(user):
        return False
    return Membership.objects.filter(
        user=user, role__in=ORGANISER_ROLES, organisation_id=organiser
    ).exists()


# obj: the organiser (an Organisation) or the event
rules.add_perm("events.manage", is_platform_admin | is_organiser_staff)
rules.add_perm("events.view_registrations", is_platform_admin | is_organiser_staff)
rules.add_perm("events.register", has_verified_email)
