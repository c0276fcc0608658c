"""The criteria a referral is judged by, as plain data for the eligibility engine."""

from functools import lru_cache

from django.db.models import Q

from lead_ops.protocol.models import ProtocolVersion
from lead_ops.protocol.selectors import protocol_current
from referrals import eligibility
from referrals.models import EligibilityCriterion, Offense, ReferralRoute


def _as_engine_criterion(row: EligibilityCriterion) -> eligibility.Criterion:
    return eligibility.Criterion(
        code=row.code,
        kind=row.kind,
        wording=row.wording,
        question=row.question,
        sergeant_may_override=row.sergeant_may_override,
        routes=frozenset(route.code for route in row.routes.all()),
        offenses=frozenset(offense.code for offense in row.offenses.all()),
        limit_grams=row.limit_grams,
        exempt_drug_types=frozenset(row.exempt_drug_type_list),
        lookback_months=row.lookback_months,
        minimum_age=row.minimum_age,
        agencies=frozenset(agency.pk for agency in row.agencies.all()),
        offense_agencies=tuple(
            (offense.code, frozenset(agency.pk for agency in offense.agencies.all()))
            for offense in row.offenses.all()
            if offense.agencies.all()
        ),
    )


def _load(version_id: int) -> tuple[eligibility.Criterion, ...]:
    rows = EligibilityCriterion.objects.filter(protocol_version_id=version_id).prefetch_related(
        "routes", "agencies", "offenses__agencies"
    )
    return tuple(_as_engine_criterion(row) for row in rows)


@lru_cache(maxsize=16)
def _published(version_id: int, published_at) -> tuple[eligibility.Criterion, ...]:
    # A published version's criteria never change, so they are read once per process.
    return _load(version_id)


def criteria_of(version: ProtocolVersion) -> tuple[eligibility.Criterion, ...]:
    if version.is_published:
        return _published(version.pk, version.published_at)
    return _load(version.pk)


def criteria_for_route(
    version: ProtocolVersion, route: ReferralRoute, agency_id: int | None = None
) -> list[eligibility.Criterion]:
    return [c for c in criteria_of(version) if c.applies_to(route.code, agency_id)]


def exclusion_questions(
    version: ProtocolVersion, route: ReferralRoute, agency_id: int | None = None
) -> list[eligibility.Criterion]:
    return [c for c in criteria_for_route(version, route, agency_id) if c.kind == EligibilityCriterion.Kind.EXCLUSION]


def criterion_value(version: ProtocolVersion, route: ReferralRoute, kind: str, attribute: str, agency_id=None):
    """The parameter of the first criterion of a kind, e.g. the lookback in months."""
    for criterion in criteria_for_route(version, route, agency_id):
        if criterion.kind == kind:
            return getattr(criterion, attribute)
    return None


def protocol_in_force() -> ProtocolVersion:
    version = protocol_current()
    if version is None:
        raise ProtocolVersion.DoesNotExist("No protocol version is published; an administrator must publish one.")
    return version


def offenses_for_agency(agency_id: int | None):
    """The active offenses an officer of that agency picks from: those of every
    agency and those that name theirs."""
    ours = Q(agencies=None) if agency_id is None else Q(agencies=None) | Q(agencies=agency_id)
    return Offense.objects.filter(ours, is_active=True).distinct()
