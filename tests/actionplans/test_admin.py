"""The admin lists and forms of action plans open for an administrator, with search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.actionplans.factories import AssessmentFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "member",
    "policyarea",
    "actionplan",
    "commitment",
    "milestone",
    "progressupdate",
    "assessment",
    "follow",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_search_and_add_forms_open(client, make_person, milestone, model):
    ProgressUpdateFactory(commitment=milestone.commitment, title_en="Portal online")
    AssessmentFactory(commitment=milestone.commitment)
    client.force_login(make_person("admin"))
    listing = client.get(reverse(f"admin:actionplans_{model}_changelist"), {"q": "ABI"})
    assert listing.status_code == 200
    assert client.get(reverse(f"admin:actionplans_{model}_add")).status_code == 200


def test_the_commitment_form_shows_its_milestones(client, make_person, milestone):
    client.force_login(make_person("admin"))
    page = client.get(
        reverse("admin:actionplans_commitment_change", args=[milestone.commitment.pk])
    )
    assert page.status_code == 200
    assert milestone.deliverable in page.content.decode()
