"""Demo referrals: eligibility criteria for the demo protocol, synthetic people,
and a few hundred referrals over both routes and every screening outcome.
Everything goes through the services; every person is synthetic."""

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal
from importlib import import_module

from django.apps import apps as django_apps
from django.utils import timezone

from lead_ops.accounts.demo import demo_incident_number
from lead_ops.accounts.demo_context import DemoContext
from lead_ops.accounts.models import User
from lead_ops.accounts.roles import Role
from lead_ops.protocol.selectors import protocol_current
from lead_ops.protocol.services import protocol_version_publish

from .demo_outcomes import play_out
from .models import Decision, DecisionReason, EligibilityCriterion, Offense, Person, Referral, ReferralRoute
from .services import DecisionInput, ReferralAnswers, person_create, referral_submit
from .services.criteria import criterion_save, protocol_draft_from

ARREST, SOCIAL, COMMUNITY = "arrest-diversion", "social-contact", "community"
ALLOWED_OFFENSES = ["drug-possession", "drug-delivery-subsistence", "prostitution", "trespass", "theft-misdemeanor"]

# code, kind, routes, question, wording, overridable, parameters
CRITERIA = [
    ("offenses-allowed", "offense_allowed", [ARREST], "", "Offense not covered by LEAD", False, {}),
    ("quantity-limit", "quantity_limit", [ARREST], "", "More than 3 grams", False, {"limit_grams": Decimal("3")}),
    (
        "delivery-for-profit",
        "exclusion",
        [ARREST],
        "Delivering or intending to deliver for profit (beyond subsistence)?",
        "Delivery for profit",
        False,
        {},
    ),
    (
        "organized-distribution",
        "exclusion",
        [ARREST],
        "Part of an organized drug distribution operation?",
        "Organized distribution",
        False,
        {},
    ),
    (
        "exploitation",
        "exclusion",
        [ARREST],
        "Exploiting minors or others (including promoting prostitution)?",
        "Exploitation of minors or others",
        False,
        {},
    ),
    (
        "violent-history",
        "exclusion",
        [ARREST],
        "Conviction for murder, arson, robbery, rape, assault or a firearm offense in the last 10 years?",
        "Violent-offense history within 10 years",
        True,
        {"lookback_months": 120},
    ),
    (
        "domestic-violence",
        "exclusion",
        [ARREST],
        "Is this a domestic-violence incident?",
        "Domestic violence",
        False,
        {},
    ),
    (
        "specialty-court",
        "exclusion",
        [],
        "Pending drug-court or mental-health-court case?",
        "Pending specialty-court case",
        False,
        {},
    ),
    (
        "no-contact-order",
        "exclusion",
        [],
        "A no-contact order that protects a current LEAD participant?",
        "No-contact order protecting a participant",
        False,
        {},
    ),
    ("adults-only", "minimum_age", [], "", "Under 18", False, {"minimum_age": 18}),
    (
        "prior-activity",
        "prior_activity_lookback",
        [SOCIAL, COMMUNITY],
        "",
        "No verified activity in the LEAD area within 24 months",
        False,
        {"lookback_months": 24},
    ),
]

FIRST = [
    "Alex",
    "Bianca",
    "Carlos",
    "Deja",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jada",
    "Kofi",
    "Lena",
    "Marcus",
    "Nia",
    "Omar",
    "Paula",
    "Quentin",
    "Rosa",
    "Sean",
    "Tasha",
    "Uriel",
    "Vera",
    "Wade",
    "Xenia",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Abara",
    "Bell",
    "Castillo",
    "Dunn",
    "Eckert",
    "Flores",
    "Grant",
    "Hale",
    "Ibarra",
    "Joyce",
    "Kim",
    "Lowe",
    "Moreno",
    "Nash",
    "Ortiz",
    "Pryor",
    "Quinlan",
    "Ruiz",
    "Stone",
    "Tran",
    "Underwood",
    "Vance",
    "West",
    "Young",
]
RACES = [("white", 40), ("black", 30), ("american_indian", 6), ("asian", 5), ("multiracial", 7), ("not_recorded", 12)]
SEXES = [("male", 62), ("female", 33), ("another", 2), ("not_recorded", 3)]


def configure(demo: DemoContext) -> None:
    """The site's eligibility criteria, published as protocol version 2 before
    anything happens under it (acknowledgements, referrals)."""
    # The default routes, offenses and reasons of migration 0004, in case a
    # database was emptied after migrating (the browser tests' flush does that).
    import_module("referrals.migrations.0004_default_routes_offenses_reasons").seed(django_apps, None)
    import_module("referrals.migrations.0014_the_community_door_route").seed(django_apps, None)
    version = protocol_current()
    if version is not None and not version.criteria.exists():
        publish_demo_criteria(version, effective_from=demo.today - timedelta(days=800))


def seed(demo: DemoContext) -> None:
    version = protocol_current()
    if version is None or not version.criteria.exists():
        demo.note("referrals: no published protocol with criteria; skipped")
        return
    if Referral.objects.filter(is_synthetic=True).exists():
        demo.note("referrals: already present, kept")
        return
    people = _seed_people(demo)
    officers = list(
        User.objects.filter(groups__name=Role.OFFICER, unit__onboarded_on__isnull=False).select_related("unit")
    )
    routes = {route.code: route for route in ReferralRoute.objects.all()}
    offenses = {offense.code: offense for offense in Offense.objects.all()}
    reasons = {reason.code: reason for reason in DecisionReason.objects.all()}
    filed = 0
    for index in range(demo.referral_count):
        officer = officers[index % len(officers)] if index % 9 else demo.users["officer"]
        if _file_one(demo, officer, people[index % len(people)], routes, offenses, reasons, version):
            filed += 1
    demo.note(f"referrals: {filed} referrals, {len(people)} people, {len(CRITERIA)} criteria")
    outcomes = play_out(demo)
    demo.note(
        "referrals after filing: " + ", ".join(f"{count} {what.replace('_', ' ')}" for what, count in outcomes.items())
    )


def publish_demo_criteria(current, *, effective_from):
    """The demo site's criteria, published as the version after `current`."""
    draft = protocol_draft_from(version=current)
    routes = {route.code: route for route in ReferralRoute.objects.all()}
    allowed = list(Offense.objects.filter(code__in=ALLOWED_OFFENSES))
    for order, (code, kind, route_codes, question, wording, overridable, params) in enumerate(CRITERIA):
        criterion = EligibilityCriterion(
            protocol_version=draft,
            code=code,
            kind=kind,
            question=question,
            wording=wording,
            sergeant_may_override=overridable,
            order=order,
            **params,
        )
        criterion_save(
            criterion=criterion,
            routes=[routes[c] for c in route_codes],
            offenses=allowed if kind == "offense_allowed" else [],
        )
    return protocol_version_publish(version=draft, effective_from=effective_from)


def _weighted(rng, choices):
    total = sum(weight for _, weight in choices)
    pick = rng.uniform(0, total)
    for value, weight in choices:
        pick -= weight
        if pick <= 0:
            return value
    return choices[-1][0]


def _seed_people(demo: DemoContext) -> list[Person]:
    rng, today = demo.rng, demo.today
    people = []
    for index in range(180):
        born = today - timedelta(days=rng.randint(19 * 365, 64 * 365))
        people.append(
            person_create(
                first_name=FIRST[index % len(FIRST)],
                last_name=LAST[(index * 7) % len(LAST)],
                date_of_birth=born,
                race=_weighted(rng, RACES),
                sex=_weighted(rng, SEXES),
                ethnicity=rng.choice(["hispanic", "not_hispanic", "not_hispanic", "not_recorded"]),
                aliases=[f"{FIRST[(index + 3) % len(FIRST)]} {LAST[index % len(LAST)][0]}."] if index % 5 == 0 else [],
                is_synthetic=True,
            )
        )
    return people


def _contact_time(demo: DemoContext, officer) -> datetime:
    start = max(officer.unit.onboarded_on, demo.today - timedelta(days=700))
    day = start + timedelta(days=demo.rng.randint(0, max(1, (demo.today - start).days - 1)))
    moment = datetime.combine(day, time(hour=demo.rng.randint(7, 22), minute=demo.rng.randint(0, 59)))
    return timezone.make_aware(moment)


def _file_one(demo, officer, person, routes, offenses, reasons, version) -> Referral | None:
    rng = demo.rng
    route = routes[SOCIAL] if rng.random() < 0.55 else routes[ARREST]
    occurred = _contact_time(demo, officer)
    roll = rng.random()
    exclusions = {
        code: False
        for code, kind, route_codes, *_ in CRITERIA
        if kind == "exclusion" and (not route_codes or route.code in route_codes)
    }
    answers = {
        "occurred_at": occurred,
        "precinct": officer.unit.precinct,
        "beat": f"{officer.unit.precinct.code}{rng.randint(1, 3)}",
    }
    if route.code == ARREST:
        offense = offenses[
            rng.choice(["drug-possession", "drug-possession", "prostitution", "trespass", "theft-misdemeanor"])
        ]
        quantity = Decimal(rng.randint(1, 28)) / 10 if offense.involves_drugs else None
        if roll < 0.06:
            quantity = Decimal("5.5") if offense.involves_drugs else quantity
            exclusions["delivery-for-profit"] = not offense.involves_drugs
        elif roll < 0.1:
            exclusions["violent-history"] = True
        answers.update(
            incident_number=demo_incident_number(officer.police_agency, occurred, rng.randint(10000, 999999)),
            offenses=(offense,),
            drug_type=rng.choice(["opioids", "methamphetamine", "cocaine"]) if offense.involves_drugs else "",
            quantity_grams=quantity,
            conversation_led_by=rng.choice(["officer", "officer", "sergeant"]),
            case_manager_called_at=occurred + timedelta(minutes=rng.randint(5, 25)),
        )
    else:
        seen = occurred.date() - timedelta(days=rng.randint(3, 600))
        in_area = not (roll < 0.05)
        answers.update(
            prior_activity_verification=rng.choice(["criminal_history", "direct_observation", "reliable_report"]),
            prior_activity_date=seen,
            prior_activity_in_area=in_area,
        )
        if answers["prior_activity_verification"] == "reliable_report":
            answers["prior_activity_reported_by"] = "Business owner on the beat"
    if 0.1 <= roll < 0.12:
        exclusions["specialty-court"] = True
    referral_answers = ReferralAnswers(exclusions=exclusions, **answers)
    decision = _decision(rng, reasons)
    from .services.submission import screen

    agency = officer.police_agency
    screening = screen(
        route=route,
        answers=referral_answers,
        date_of_birth=person.date_of_birth,
        agency_id=agency.pk if agency else None,
        version=version,
    )
    if screening.result.status == "not_eligible":
        decision = None
    return referral_submit(
        officer=officer,
        token=uuid.UUID(int=rng.getrandbits(128)),
        route=route,
        person=person,
        answers=referral_answers,
        decision=decision,
        submitted_at=occurred + timedelta(minutes=rng.randint(20, 90)),
        is_synthetic=True,
        screening=screening,
    )


def _decision(rng, reasons) -> DecisionInput:
    roll = rng.random()
    if roll < 0.07:
        return DecisionInput(outcome=Decision.Outcome.NOT_DIVERT, reasons=(reasons["declined"],))
    if roll < 0.12:
        return DecisionInput(
            outcome=Decision.Outcome.NOT_DIVERT,
            reasons=(reasons["not-a-good-fit-profit"],),
            narrative="Multiple buyers approached; quantity packaged for sale.",
        )
    if roll < 0.14:
        return DecisionInput(
            outcome=Decision.Outcome.NOT_DIVERT,
            reasons=(reasons["not-amenable"],),
            narrative="Highly agitated; offered again later.",
        )
    return DecisionInput(outcome=Decision.Outcome.DIVERT)
