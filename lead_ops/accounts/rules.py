"""Role predicates shared by every app's rules.py.

A predicate is true only for a signed-in, active user holding the role.
"""

import rules

from .roles import Role


def _role_predicate(role: Role) -> rules.Predicate:
    def check(user) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.has_role(role)

    return rules.predicate(check, name=f"is_{role.name.lower()}")


is_officer = _role_predicate(Role.OFFICER)
is_sergeant = _role_predicate(Role.SERGEANT)
is_case_manager = _role_predicate(Role.CASE_MANAGER)
is_prosecutor = _role_predicate(Role.PROSECUTOR)
is_public_defender = _role_predicate(Role.PUBLIC_DEFENDER)
is_community_representative = _role_predicate(Role.COMMUNITY_REPRESENTATIVE)
is_coordinator = _role_predicate(Role.COORDINATOR)
is_analyst = _role_predicate(Role.ANALYST)
is_administrator = _role_predicate(Role.ADMINISTRATOR)
is_agency_administrator = _role_predicate(Role.AGENCY_ADMINISTRATOR)
is_community_referrer = _role_predicate(Role.COMMUNITY_REFERRER)
is_project_manager = _role_predicate(Role.PROJECT_MANAGER)

is_police = is_officer | is_sergeant


@rules.predicate
def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.is_staff


rules.add_perm("accounts.use_admin", is_staff)

# An agency administrator manages their agency's accounts, precincts and units in
# the admin (which rows: lead_ops/accounts/administration.py) and sees their own
# agency there, read-only; deleting stays with nobody (accounts are deactivated).
for _model in ("user", "unit", "precinct"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"accounts.{_action}_{_model}", is_agency_administrator)
rules.add_perm("accounts.view_agency", is_agency_administrator)
