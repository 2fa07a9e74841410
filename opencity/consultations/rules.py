"""Who may do what in consultations.

- Officials of the organiser (a city hall or a government body) prepare the consultation, answer
  every comment with a reason and publish the report.
- People with a verified e-mail comment, reply and support (login needs a verified e-mail).
- Anyone, signed in or not, may report abuse; moderators hide or restore comments, with a reason.
What each phase allows is decided by phases.py; the services ask both.
"""

from __future__ import annotations

import rules
from allauth.account.models import EmailAddress

from opencity.accounts.models import Membership, Role, User
from opencity.accounts.rules import is_active_user, is_moderator, is_platform_admin


def _organiser_id(obj: object) -> int | None:
    from opencity.accounts.models import Organisation
    from opencity.consultations.models import Comment, Consultation

    if isinstance(obj, Comment):
        obj = obj.consultation
    if isinstance(obj, Consultation):
        return obj.organiser_id
    if isinstance(obj, Organisation):
        return obj.pk
    return None


@rules.predicate
def is_official_of_organiser(user: User, obj: object) -> bool:
    organiser = _organiser_id(obj)
    if organiser is None or not is_active_user(user):
        return False
    return Membership.objects.filter(
        user=user, role=Role.OFFICIAL, organisation_id=organiser
    ).exists()


@rules.predicate
def has_verified_email(user: User) -> bool:
    if not is_active_user(user):
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


# obj: the organiser (an Organisation) or the consultation
rules.add_perm("consultations.manage", is_platform_admin | is_official_of_organiser)
rules.add_perm("consultations.respond", is_platform_admin | is_official_of_organiser)
rules.add_perm("consultations.view_draft", is_platform_admin | is_official_of_organiser)
rules.add_perm("consultations.comment", has_verified_email)
rules.add_perm("consultations.support", has_verified_email)
rules.add_perm("consultations.report_abuse", rules.always_allow)
rules.add_perm("consultations.moderate", is_platform_admin | is_moderator)
