"""What an identity provider's claims and groups make of a person in LEAD: one
pure function, used at every sign-in and at every SCIM change."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GROUPS = "groups"


@dataclass(frozen=True)
class Rule:
    claim: str
    value: str
    role: str


@dataclass(frozen=True)
class Assignment:
    roles: frozenset[str]
    badge_number: str | None  # None: the provider says nothing about it, keep what is there
    unit_name: str | None


def claim_values(claims: Mapping, name: str) -> set[str]:
    """The values of one claim as a set of strings. A dotted name reaches into
    nested claims (Keycloak's realm_access.roles); a string is one value."""
    value = claims
    for part in name.split(".") if name else ():
        if not isinstance(value, Mapping) or part not in value:
            return set()
        value = value[part]
    if value is claims or value is None:
        return set()
    if isinstance(value, str | int | bool):
        return {str(value)}
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return {str(item) for item in value if isinstance(item, str | int) and not isinstance(item, bool)}
    return set()


def roles_from(*, claims: Mapping, groups: Iterable[str] = (), rules: Iterable[Rule]) -> frozenset[str]:
    """Each rule gives its role when its claim holds its value. A rule on
    "groups" also matches the SCIM groups (their names or external ids)."""
    group_values = set(groups)
    roles = set()
    for rule in rules:
        values = claim_values(claims, rule.claim)
        if rule.claim == GROUPS:
            values |= group_values
        if rule.value in values:
            roles.add(rule.role)
    return frozenset(roles)


def single_value(claims: Mapping, name: str, *, max_length: int) -> str | None:
    """One short text claim (a badge number, a unit name), or None when absent
    or unusable: a list, or longer than the field holds."""
    if not name:
        return None
    values = claim_values(claims, name)
    if len(values) != 1:
        return None
    (value,) = values
    value = value.strip()
    return value if 0 < len(value) <= max_length else None


def assignment_from(
    *, claims: Mapping, groups: Iterable[str] = (), rules: Iterable[Rule], badge_claim: str, unit_claim: str
) -> Assignment:
    return Assignment(
        roles=roles_from(claims=claims, groups=groups, rules=rules),
        badge_number=single_value(claims, badge_claim, max_length=20),
        unit_name=single_value(claims, unit_claim, max_length=150),
    )
