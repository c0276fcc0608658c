"""What a device is given to screen while offline: the criteria of the protocol
version in force, as plain data for the JavaScript port of the engine
(static/js/offline/eligibility.js), and the offenses the officer picks from.
Reference data only: no person, no referral, no search result."""

from referrals import eligibility
from referrals.models import ReferralRoute

from .criteria import criteria_for_route, offenses_for_agency


def criterion_data(criterion: eligibility.Criterion) -> dict:
    """One criterion as the device's evaluator reads it (sorted sets, decimal strings)."""
    return {
        "code": criterion.code,
        "kind": criterion.kind,
        "wording": criterion.wording,
        "question": criterion.question,
        "sergeant_may_override": criterion.sergeant_may_override,
        "routes": sorted(criterion.routes),
        "offenses": sorted(criterion.offenses),
        "limit_grams": None if criterion.limit_grams is None else str(criterion.limit_grams),
        "exempt_drug_types": sorted(criterion.exempt_drug_types),
        "lookback_months": criterion.lookback_months,
        "minimum_age": criterion.minimum_age,
        "agencies": sorted(criterion.agencies),
        "offense_agencies": [[code, sorted(agencies)] for code, agencies in criterion.offense_agencies],
    }


def answers_data(answers: eligibility.Answers) -> dict:
    """The engine's answers as the device builds them from the form."""

    def day(value):
        return value.isoformat() if value else None

    return {
        "route": answers.route,
        "agency": answers.agency,
        "contact_date": day(answers.contact_date),
        "date_of_birth": day(answers.date_of_birth),
        "offenses": sorted(answers.offenses),
        "drug_type": answers.drug_type,
        "quantity_grams": None if answers.quantity_grams is None else str(answers.quantity_grams),
        "exclusions": dict(answers.exclusions),
        "prior_activity_date": day(answers.prior_activity_date),
        "prior_activity_in_area": answers.prior_activity_in_area,
        "drug_offense": answers.drug_offense,
    }


def result_data(result: eligibility.Result) -> dict:
    return {"status": result.status.value, "headline": result.headline, "results": result.as_json()}


def offline_screening_data(*, version, route: ReferralRoute, agency_id: int | None) -> dict:
    return {
        "version": version.number,
        "route": route.code,
        "agency": agency_id,
        # Only the route's criteria for the officer's agency, as the form asks them
        # (the evaluator's own applies_to check is proven by the parity test).
        "criteria": [criterion_data(c) for c in criteria_for_route(version, route, agency_id)],
        # The form's offense boxes carry ids; the engine speaks codes.
        "offenses": {
            str(offense.pk): {"code": offense.code, "involves_drugs": offense.involves_drugs}
            for offense in (offenses_for_agency(agency_id) if route.asks_arrest_details else ())
        },
    }
