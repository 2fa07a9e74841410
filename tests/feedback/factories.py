from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from opencity.feedback.models import Service, ServiceAttribute
from tests import factories


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    municipality = factory.SubFactory(factories.MunicipalityFactory)
    code = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    deadline_days = 10


class ServiceAttributeFactory(DjangoModelFactory):
    class Meta:
        model = ServiceAttribute

    service = factory.SubFactory(ServiceFactory)
    code = factory.Sequence(lambda n: f"attribute-{n}")
    datatype = "string"
    description_en = factory.Sequence(lambda n: f"Question {n}")
