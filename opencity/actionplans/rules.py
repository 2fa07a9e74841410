"""Who may do what with action plans.

- Officials of the member's government body (a city hall for a local member, a ministry for a
  national one) keep its plans up to date: the co-creation record, commitments, milestones,
  progress, and the government's self-assessment. Officials of a commitment's lead institution
  may report its progress and update its milestones too.
- Independent assessors (a membership with the role "independent assessor") record independent
  assessments on the IRM scales.
- Civil-society organisations publish their own monitoring assessment: any member of a CSO may,
  on behalf of that CSO.
- Anyone signed in may follow a commitment.
"""

from __future__ import annotations

import rules

from opencity.accounts.models import Membership, OrganisationKind, Role, User
from opencity.accounts.rules import has_any_role, is_active_user, is_platform_admin


def _member_and_lead(obj: object) -> tuple[object | None, int | None]:
    """The member an object belongs to, and the lead institution's id for a commitment."""
    from opencity.actionplans.models import ActionPlan, Commitment, Member, Milestone

    if isinstance(obj, Member):
        return obj, None
    if isinstance(obj, ActionPlan):
        return obj.member, None
    if isinstance(obj, Milestone):
        obj = obj.commitment
    if isinstance(obj, Commitment):
        return obj.plan.member, obj.lead_institution_id
    return None, None


@rules.predicate
def is_official_of_member(user: User, obj: object) -> bool:
    """An official of the member's government body (for any object of the member)."""
    member, _lead = _member_and_lead(obj)
    if member is None or not is_active_user(user) or member.government_id is None:
        return False
    return Membership.objects.filter(
        user=user, role=Role.OFFICIAL, organisation_id=member.government_id
    ).exists()


@rules.predicate
def is_official_of_lead_institution(user: User, obj: object) -> bool:
    _member, lead = _member_and_lead(obj)
    if lead is None or not is_active_user(user):
        return False
    return Membership.objects.filter(user=user, role=Role.OFFICIAL, organisation_id=lead).exists()


is_independent_assessor = has_any_role(Role.INDEPENDENT_ASSESSOR)


@rules.predicate
def is_cso_member(user: User) -> bool:
    if not is_active_user(user):
        return False
    return Membership.objects.filter(user=user, organisation__kind=OrganisationKind.CSO).exists()


# A member's plans, commitments and co-creation record (obj: Member, ActionPlan or Commitment).
rules.add_perm("actionplans.manage_plan", is_platform_admin | is_official_of_member)
# Milestones and progress (obj: Commitment or Milestone).
rules.add_perm(
    "actionplans.report_progress",
    is_platform_admin | is_official_of_member | is_official_of_lead_institution,
)
# The government's self-assessment (obj: Commitment).
rules.add_perm("actionplans.self_assess", is_platform_admin | is_official_of_member)
rules.add_perm("actionplans.assess_independently", is_platform_admin | is_independent_assessor)
rules.add_perm("actionplans.monitor", is_platform_admin | is_cso_member)
# Drafts of plans are seen by those who keep them (obj: ActionPlan or Member).
rules.add_perm("actionplans.view_draft_plan", is_platform_admin | is_official_of_member)
rules.add_perm("actionplans.follow", is_active_user)
# Importing OGP's published data creates members and organisations: administrators only.
rules.add_perm("actionplans.import_ogp", is_platform_admin)
