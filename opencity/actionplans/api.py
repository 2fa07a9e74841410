"""The read API of action plans: members, plans, commitments with milestones and assessments."""

from ninja import Router

router = Router(tags=["action plans"])
