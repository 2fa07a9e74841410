"""Who may edit methodologies: methodology managers of a CSO, and administrators."""

from __future__ import annotations

import rules

from opencity.accounts.models import Membership, OrganisationKind, Role, User
from opencity.accounts.rules import has_any_role, is_active_user, is_platform_admin
from opencity.places.models import Municipality

is_methodology_manager = has_any_role(Role.METHODOLOGY_MANAGER)

rules.add_perm("rankings.change_methodology", is_platform_admin | is_methodology_manager)
rules.add_perm("rankings.freeze_methodology", is_platform_admin | is_methodology_manager)

is_coordinator = has_any_role(Role.COORDINATOR)

# Coordinators open cycles and assign the work.
rules.add_perm("rankings.manage_cycle", is_platform_admin | is_coordinator)

# Publishing a cycle, its corrections and disqualifications are the coordinators' decisions.
rules.add_perm("rankings.publish_cycle", is_platform_admin | is_coordinator)
rules.add_perm("rankings.disqualify", is_platform_admin | is_coordinator)

# City replies are decided by reviewers and coordinators; the service also checks that the
# person did not score the answer in dispute.
is_reviewer = has_any_role(Role.REVIEWER)
rules.add_perm("rankings.resolve_dispute", is_platform_admin | is_coordinator | is_reviewer)


@rules.predicate
def is_official_of(user: User, municipality: Municipality | None) -> bool:
    """The person is an official of the city hall of `municipality`."""
    if municipality is None or not is_active_user(user):
        return False
    return Membership.objects.filter(
        user=user,
        role=Role.OFFICIAL,
        organisation__kind=OrganisationKind.CITY_HALL,
        organisation__municipality=municipality,
    ).exists()


# Officials reply to their own city's draft results, never to another city's; they never score.
rules.add_perm("rankings.dispute_answer", is_official_of)

# Before a cycle is published, its answers and their evidence are the coalition's work in
# progress: the CSO team sees them, nobody else does.
is_coalition_member = has_any_role(
    Role.ASSESSOR, Role.REVIEWER, Role.COORDINATOR, Role.METHODOLOGY_MANAGER
)
rules.add_perm("rankings.view_draft_results", is_platform_admin | is_coalition_member)
