from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from factory.django import DjangoModelFactory

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.places.models import (
    Country,
    Municipality,
    MunicipalityType,
    Region,
    RegionType,
    Register,
)

PASSWORD = "correct-horse-battery-staple"


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "RO"
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    name_en = factory.LazyAttribute(
        lambda o: {"RO": "Romania", "UA": "Ukraine", "BG": "Bulgaria"}.get(o.code, o.code)
    )


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    country = factory.SubFactory(CountryFactory)
    register = Register.SIRUTA
    code = factory.Sequence(lambda n: f"9{n:04d}")
    unit_type = RegionType.JUDET
    name_en = factory.Sequence(lambda n: f"County {n}")
    slug = factory.Sequence(lambda n: f"county-{n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    country = factory.SelfAttribute("region.country")
    register = Register.SIRUTA
    code = factory.Sequence(lambda n: f"8{n:05d}")
    unit_type = MunicipalityType.COMUNA
    name_en = factory.Sequence(lambda n: f"Town {n}")
    slug = factory.Sequence(lambda n: f"town-{n}")
    search_text = factory.LazyAttribute(lambda o: o.name_en.lower())


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.CSO


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER


def add_totp(user: User) -> Authenticator:
    """Give a user a TOTP authenticator, as if they had set one up."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    return TOTP.activate(user, generate_totp_secret()).instance
