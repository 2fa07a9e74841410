from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencity.accounts import services
from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_organisation_page_shows_role_counts_but_no_names_or_emails(client, cso):
    people = [UserFactory(display_name=f"Secret Person {n}") for n in range(3)]
    for person in people[:2]:
        MembershipFactory(user=person, organisation=cso, role=Role.ASSESSOR)
    MembershipFactory(user=people[2], organisation=cso, role=Role.COORDINATOR)
    for language in ("en", "uk", "ro", "bg"):
        response = client.get(f"/{language}/organisations/{cso.slug}/")
        assert response.status_code == 200
    page = client.get(f"/en/organisations/{cso.slug}/").content.decode()
    assert "Transparency Watch" in page
    assert "Secret Person" not in page
    assert "@example.org" not in page
    assert ">2<" in page and ">1<" in page


def test_organisation_list_filters_by_kind_and_paginates(client, city_hall):
    OrganisationFactory.create_batch(3, kind=OrganisationKind.DONOR)
    page = client.get("/en/organisations/?kind=city_hall").content.decode()
    assert "Alba Iulia City Hall" in page
    assert "Organisation " not in page
    assert client.get("/en/organisations/?kind=nonsense").status_code == 200


def test_organisation_list_query_count_does_not_grow(client, django_assert_num_queries):
    OrganisationFactory.create_batch(
        5, kind=OrganisationKind.CITY_HALL, municipality=MunicipalityFactory()
    )
    with django_assert_num_queries(2):
        client.get("/en/organisations/")
    OrganisationFactory.create_batch(
        40, kind=OrganisationKind.CITY_HALL, municipality=MunicipalityFactory()
    )
    with django_assert_num_queries(2):
        client.get("/en/organisations/")


def test_municipality_page_lists_its_city_hall(client, city_hall):
    municipality = city_hall.municipality
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "Alba Iulia City Hall" in page


def test_city_hall_needs_a_municipality(make_person):
    admin = make_person("admin")
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=admin, name="Nowhere City Hall", kind=OrganisationKind.CITY_HALL
        )
    assert "municipality" in error.value.message_dict


def test_only_admins_create_organisations(make_person):
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=make_person("coordinator"), name="X", kind=OrganisationKind.CSO
        )
    organisation = services.organisation_create(
        actor=make_person("admin"), name="Civic Lab Iasi", kind=OrganisationKind.CSO
    )
    assert Organisation.objects.get(slug="civic-lab-iasi") == organisation


def test_coordinator_grants_and_revokes_roles_in_their_own_organisation_only(make_person, cso):
    coordinator = make_person("coordinator")
    newcomer = UserFactory()
    membership = services.membership_grant(
        actor=coordinator, organisation=cso, user=newcomer, role=Role.ASSESSOR
    )
    assert membership.history.count() == 1
    other = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=coordinator, organisation=other, user=newcomer, role=Role.ASSESSOR
        )
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=make_person("assessor"), organisation=cso, user=newcomer, role=Role.COORDINATOR
        )
    services.membership_revoke(actor=coordinator, membership=membership)
    assert not Membership.objects.filter(user=newcomer).exists()


def test_membership_with_unknown_role_is_refused(make_person, cso):
    with pytest.raises(ValidationError) as error:
        services.membership_grant(
            actor=make_person("admin"), organisation=cso, user=UserFactory(), role="king"
        )
    assert "role" in error.value.message_dict
