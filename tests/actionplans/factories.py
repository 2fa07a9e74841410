from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from opencity.accounts.models import OrganisationKind
from opencity.actionplans.models import (
    ActionPlan,
    Assessment,
    Commitment,
    Member,
    Milestone,
    PolicyArea,
    ProgressUpdate,
)
from opencity.actionplans.scales import AssessorKind, MemberKind, PlanStatus, ReportType
from tests import factories


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    kind = MemberKind.LOCAL
    name_en = factory.Sequence(lambda n: f"Member {n}")
    slug = factory.Sequence(lambda n: f"member-{n}")
    prefix = factory.Sequence(lambda n: f"M{n:02d}")
    municipality = factory.SubFactory(factories.MunicipalityFactory)
    country = factory.SelfAttribute("municipality.country")
    government = factory.SubFactory(
        factories.OrganisationFactory,
        kind=OrganisationKind.CITY_HALL,
        municipality=factory.SelfAttribute("..municipality"),
    )


class PolicyAreaFactory(DjangoModelFactory):
    class Meta:
        model = PolicyArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name_en = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan

    member = factory.SubFactory(MemberFactory)
    number = factory.Sequence(lambda n: n + 1)
    identifier = factory.LazyAttribute(lambda o: f"AP_{o.member.prefix}{o.number:02d}")
    title_en = factory.LazyAttribute(lambda o: f"Action plan {o.number}")
    start_year = 2024
    end_year = 2026
    status = PlanStatus.IMPLEMENTATION


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    identifier = factory.LazyAttribute(lambda o: f"{o.plan.member.prefix}{int(o.number):04d}")
    title_en = factory.Sequence(lambda n: f"Open the budget, step {n}")
    start_date = datetime.date(2024, 9, 1)
    end_date = datetime.date(2026, 8, 31)
    access_to_information = True


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    deliverable_en = factory.Sequence(lambda n: f"Deliverable {n}")
    start_date = datetime.date(2024, 9, 1)
    end_date = datetime.date(2025, 6, 30)
    weight = Decimal(1)


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    reported_on = datetime.date(2025, 3, 1)
    title_en = factory.Sequence(lambda n: f"Update {n}")


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    commitment = factory.SubFactory(CommitmentFactory)
    report_type = ReportType.RESULTS_REPORT
    assessor_kind = AssessorKind.INDEPENDENT
    organisation = factory.SubFactory(
        factories.OrganisationFactory, kind=OrganisationKind.OTHER, name_en="IRM"
    )
