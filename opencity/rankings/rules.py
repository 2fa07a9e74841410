"""Who may edit methodologies: methodology managers of a CSO, and administrators."""

from __future__ import annotations

import rules

from opencity.accounts.models import Role
from opencity.accounts.rules import has_any_role, is_platform_admin

is_methodology_manager = has_any_role(Role.METHODOLOGY_MANAGER)

rules.add_perm("rankings.change_methodology", is_platform_admin | is_methodology_manager)
rules.add_perm("rankings.freeze_methodology", is_platform_admin | is_methodology_manager)

is_coordinator = has_any_role(Role.COORDINATOR)

# Coordinators open cycles and assign the work.
rules.add_perm("rankings.manage_cycle", is_platform_admin | is_coordinator)
