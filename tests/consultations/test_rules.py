"""Every role over every consultation permission: allowed or refused."""

from __future__ import annotations

import pytest
import rules

from tests.conftest import ROLES

ALL = set(ROLES)
SIGNED_IN = ALL - {"visitor"}

# permission -> (object: None or "consultation"; roles allowed)
MATRIX: dict[str, tuple[str | None, set[str]]] = {
    "consultations.manage": ("consultation", {"city_official", "admin"}),
    "consultations.respond": ("consultation", {"city_official", "admin"}),
    "consultations.view_draft": ("consultation", {"city_official", "admin"}),
    "consultations.comment": (None, SIGNED_IN),
    "consultations.support": (None, SIGNED_IN),
    "consultations.report_abuse": (None, ALL),
    "consultations.moderate": (None, {"moderator", "admin"}),
}


def test_matrix_covers_every_declared_permission():
    declared = {n for n in rules.permissions.permissions if n.startswith("consultations.")}
    assert declared == set(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_role_is_allowed_or_refused(permission, role, make_person, consultation):
    target, allowed = MATRIX[permission]
    obj = consultation if target == "consultation" else None
    assert make_person(role).has_perm(permission, obj) is (role in allowed)


@pytest.mark.django_db
def test_without_a_verified_email_nobody_comments(make_person):
    person = make_person("citizen")
    person.emailaddress_set.update(verified=False)
    assert not person.has_perm("consultations.comment")
