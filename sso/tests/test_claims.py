"""The rule that turns a provider's claims and groups into LEAD roles, badge
and unit: boundaries and properties over generated claims."""

from hypothesis import given
from hypothesis import strategies as st

from sso.claims import Rule, assignment_from, claim_values, roles_from, single_value

RULES = [
    Rule(claim="groups", value="LEAD-Officers", role="Officer"),
    Rule(claim="groups", value="LEAD-Sergeants", role="Sergeant"),
    Rule(claim="realm_access.roles", value="analyst", role="Analyst"),
    Rule(claim="extension_leadRole", value="case-manager", role="Case manager"),
]
texts = st.text(max_size=30)
scalars = st.one_of(texts, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
claims = st.recursive(
    st.dictionaries(texts, scalars, max_size=5),
    lambda inner: st.dictionaries(texts, st.one_of(scalars, st.lists(scalars, max_size=4), inner), max_size=5),
    max_leaves=20,
)


def test_a_group_claim_gives_its_role():
    assert roles_from(claims={"groups": ["LEAD-Officers", "Other"]}, rules=RULES) == {"Officer"}


def test_a_single_string_claim_counts_as_one_value():
    assert roles_from(claims={"extension_leadRole": "case-manager"}, rules=RULES) == {"Case manager"}


def test_nested_claims_are_reached_by_a_dotted_name():
    assert roles_from(claims={"realm_access": {"roles": ["analyst"]}}, rules=RULES) == {"Analyst"}
    assert roles_from(claims={"realm_access": "analyst"}, rules=RULES) == frozenset()


def test_values_match_exactly_not_by_case_or_substring():
    assert roles_from(claims={"groups": ["lead-officers", "LEAD-Officers-Retired", " LEAD-Officers"]}, rules=RULES) == (
        frozenset()
    )


def test_scim_groups_match_rules_on_groups_only():
    assert roles_from(claims={}, groups={"LEAD-Sergeants", "analyst"}, rules=RULES) == {"Sergeant"}


def test_a_badge_or_unit_is_taken_only_when_there_is_exactly_one_short_value():
    assert single_value({"employeeid": " 4471 "}, "employeeid", max_length=20) == "4471"
    assert single_value({"employeeid": 4471}, "employeeid", max_length=20) == "4471"
    assert single_value({"employeeid": ["1", "2"]}, "employeeid", max_length=20) is None
    assert single_value({"employeeid": "x" * 21}, "employeeid", max_length=20) is None
    assert single_value({"employeeid": "x" * 20}, "employeeid", max_length=20) == "x" * 20
    assert single_value({"employeeid": ""}, "employeeid", max_length=20) is None
    assert single_value({"employeeid": "4471"}, "", max_length=20) is None


@given(claims, st.sets(texts, max_size=4))
def test_roles_always_come_from_the_rules_and_never_raise(generated, groups):
    roles = roles_from(claims=generated, groups=groups, rules=RULES)
    assert roles <= {rule.role for rule in RULES}


@given(claims, st.sets(texts, max_size=4))
def test_a_rule_gives_its_role_exactly_when_its_value_is_there(generated, groups):
    roles = roles_from(claims=generated, groups=groups, rules=RULES)
    for rule in RULES:
        values = claim_values(generated, rule.claim) | (groups if rule.claim == "groups" else set())
        assert (rule.role in roles) == any(r.value in values for r in RULES if r.role == rule.role)


@given(claims, claims)
def test_more_claims_never_take_a_role_away(generated, more):
    merged = {**more, **generated}
    for name, value in more.items():
        if name in generated and isinstance(value, list) and isinstance(generated[name], list):
            merged[name] = [*generated[name], *value]
    assert roles_from(claims=generated, rules=RULES) <= roles_from(claims=merged, rules=RULES)


@given(claims)
def test_the_assignment_s_badge_and_unit_fit_their_fields(generated):
    assignment = assignment_from(claims=generated, rules=RULES, badge_claim="employeeid", unit_claim="department")
    assert assignment.badge_number is None or 0 < len(assignment.badge_number) <= 20
    assert assignment.unit_name is None or 0 < len(assignment.unit_name) <= 150
