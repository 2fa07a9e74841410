"""Who may do what with citizen feedback.

- Anyone may submit a request (rate-limited, with a honeypot on the web form).
- Officials of the municipality's city hall, and officials of a category's responsible
  organisation, handle its requests: respond, change the status, assign, note, merge.
- Officials of the city hall keep the municipality's categories and reply templates.
- Administrators issue Open311 API keys.
"""

from __future__ import annotations

import rules

from opencity.accounts.models import Membership, OrganisationKind, Role, User
from opencity.accounts.rules import is_active_user, is_platform_admin


def _scope(obj: object) -> tuple[int | None, int | None]:
    """(municipality id, responsible organisation id) of a request, a category or a municipality."""
    from opencity.feedback.models import Request, Service
    from opencity.places.models import Municipality

    if isinstance(obj, Request):
        return obj.municipality_id, obj.service.responsible_id
    if isinstance(obj, Service):
        return obj.municipality_id, obj.responsible_id
    if isinstance(obj, Municipality):
        return obj.pk, None
    return None, None


def _is_city_hall_official(user: User, municipality_id: int | None) -> bool:
    if municipality_id is None or not is_active_user(user):
        return False
    return Membership.objects.filter(
        user=user,
        role=Role.OFFICIAL,
        organisation__kind=OrganisationKind.CITY_HALL,
        organisation__municipality_id=municipality_id,
    ).exists()


@rules.predicate
def is_city_hall_official(user: User, obj: object) -> bool:
    municipality_id, _responsible = _scope(obj)
    return _is_city_hall_official(user, municipality_id)


@rules.predicate
def is_official_of_responsible(user: User, obj: object) -> bool:
    _municipality, responsible = _scope(obj)
    if responsible is None or not is_active_user(user):
        return False
    return Membership.objects.filter(
        user=user, role=Role.OFFICIAL, organisation_id=responsible
    ).exists()


@rules.predicate
def is_any_feedback_official(user: User) -> bool:
    """An official of some city hall: may open the inbox (which shows only their requests)."""
    if not is_active_user(user):
        return False
    return Membership.objects.filter(user=user, role=Role.OFFICIAL).exists()


# obj: a Request, a Service or a Municipality
rules.add_perm(
    "feedback.handle", is_platform_admin | is_city_hall_official | is_official_of_responsible
)
rules.add_perm("feedback.manage_services", is_platform_admin | is_city_hall_official)
rules.add_perm("feedback.view_inbox", is_platform_admin | is_any_feedback_official)
rules.add_perm("feedback.submit", rules.always_allow)
rules.add_perm("feedback.manage_api_clients", is_platform_admin)
