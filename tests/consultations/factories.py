from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from opencity.accounts.models import OrganisationKind
from opencity.consultations.models import (
    Comment,
    Consultation,
    ConsultationStatus,
    Paragraph,
    Section,
)
from tests import factories


class ConsultationFactory(DjangoModelFactory):
    """A published consultation open for comments from yesterday for two weeks."""

    class Meta:
        model = Consultation

    organiser = factory.SubFactory(
        factories.OrganisationFactory,
        kind=OrganisationKind.CITY_HALL,
        municipality=factory.SubFactory(factories.MunicipalityFactory),
    )
    title_en = factory.Sequence(lambda n: f"Draft decision {n}")
    slug = factory.Sequence(lambda n: f"draft-decision-{n}")
    status = ConsultationStatus.PUBLISHED
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    municipality = factory.SelfAttribute("organiser.municipality")


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n}")


class ParagraphFactory(DjangoModelFactory):
    class Meta:
        model = Paragraph

    section = factory.SubFactory(SectionFactory)
    consultation = factory.SelfAttribute("section.consultation")
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Paragraph {n} of the draft decision.")


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    author = factory.SubFactory(factories.UserFactory)
    text = factory.Sequence(lambda n: f"Proposal {n}: publish the annexes too.")
