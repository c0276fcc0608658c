"""Building the benchmark data set in bulk. See the package docstring."""

import csv
import io
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from lead_ops.accounts.models import Agency, Precinct, Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from lead_ops.protocol.models import ProtocolVersion
from lead_ops.protocol.selectors import protocol_current
from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish
from referrals import eligibility
from referrals.models import (
    Decision,
    DecisionReason,
    Intake,
    Offense,
    Person,
    Referral,
    ReferralRoute,
    ReleaseOfInformation,
    Review,
)
from referrals.names import normalise
from referrals.selectors.criteria import criteria_of

BENCH_PASSWORD = "bench-password-not-for-use"  # noqa: S105  (benchmark accounts on a benchmark database)
BENCH_ACCOUNTS = 20
# Of completed intakes, the share whose participant signed a release, and of those the share revoked.
RELEASE_SHARE, RELEASE_REVOKED_SHARE = 0.75, 0.05
FULL_SCALE = {
    "units": 40,
    "officers": 500,
    "people": 30_000,
    "referrals": 100_000,
    "meetings": 5_000,
    "training_records": 20_000,
    "audit_events": 1_000_000,
}
YEARS = 5
BATCH = 5_000

FIRST = [
    "James",
    "Maria",
    "Robert",
    "Linda",
    "Michael",
    "Patricia",
    "David",
    "Jennifer",
    "Daniel",
    "Elizabeth",
    "Jose",
    "Barbara",
    "Anthony",
    "Susan",
    "Kevin",
    "Jessica",
    "Brian",
    "Sarah",
    "Tyrone",
    "Karen",
    "Luis",
    "Nancy",
    "Darnell",
    "Lisa",
    "Andre",
    "Betty",
    "Carlos",
    "Sandra",
    "Jamal",
    "Ashley",
    "Miguel",
    "Kimberly",
    "Dmitri",
    "Aaliyah",
    "Hoang",
    "Fatima",
    "Tariq",
    "Ingrid",
    "Keanu",
    "Rosa",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Begay",
    "Yazzie",
    "Tsosie",
    "Okafor",
]
RACES = [
    ("white", 40),
    ("black", 30),
    ("american_indian", 6),
    ("asian", 5),
    ("multiracial", 7),
    ("pacific_islander", 2),
    ("not_recorded", 10),
]
SEXES = [("male", 62), ("female", 33), ("another", 2), ("not_recorded", 3)]


@dataclass
class Organisation:
    units: list = field(default_factory=list)
    officers: list = field(default_factory=list)
    officers_by_unit: dict = field(default_factory=dict)
    sergeants_by_unit: dict = field(default_factory=dict)
    case_managers_by_agency: dict = field(default_factory=dict)
    bench_units: list = field(default_factory=list)
    prosecutor: User | None = None
    coordinator: User | None = None
    everyone: list = field(default_factory=list)


def _count(name: str, scale: float) -> int:
    return max(1, round(FULL_SCALE[name] * scale))


def _weighted(rng: random.Random, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def generate(*, scale: float, out=print) -> dict:
    if Referral.objects.filter(is_synthetic=True, incident_number__startswith="B").exists():
        raise RuntimeError("This database already holds benchmark data; use a fresh database.")
    rng = random.Random(20261126)
    started = time.monotonic()
    timings = {}
    with transaction.atomic():
        organisation = _organisation(rng, scale)
        timings["organisation"] = time.monotonic() - started
        version = _protocol()
        people = _people(rng, scale)
        timings["people"] = time.monotonic() - started
        counts = _referrals(
            rng,
            organisation,
            people,
            version,
            total=_count("referrals", scale),
            pending_per_bench_unit=max(10, round(200 * scale)),
        )
        timings["referrals"] = time.monotonic() - started
        counts.update(_releases(random.Random(20261208)))
        timings["releases"] = time.monotonic() - started
        counts.update(_workgroups(rng, scale, organisation))
        timings["workgroups"] = time.monotonic() - started
        counts.update(_training(rng, scale, organisation))
        timings["training"] = time.monotonic() - started
    _audit_events(rng, scale, organisation)
    timings["audit_events"] = time.monotonic() - started
    _reset_sequences()
    _analyze()
    counts.update(people=len(people), officers=len(organisation.officers), units=len(organisation.units))
    counts["seconds"] = round(time.monotonic() - started, 1)
    out(f"generated {counts} (cumulative seconds: { {k: round(v, 1) for k, v in timings.items()} })")
    return counts


# --- people in the department and its partners ---------------------------------------------


def _organisation(rng: random.Random, scale: float) -> Organisation:
    org = Organisation()
    now = timezone.now()
    unit_count = max(2, _count("units", scale))
    officer_count = max(unit_count * 2, _count("officers", scale))
    # The office the department's held charges go to: its prosecutor sees them (held_charges_condition).
    office = Agency.objects.create(name="Bench prosecutor's office", kind=Agency.Kind.PROSECUTOR)
    police = Agency.objects.create(
        name="Bench police department",
        kind=Agency.Kind.POLICE,
        prosecutor_office=office,
        incident_number_pattern=settings.LEAD_INCIDENT_NUMBER_PATTERN,
        incident_number_example=settings.LEAD_INCIDENT_NUMBER_EXAMPLE,
    )
    precincts = Precinct.objects.bulk_create(
        [Precinct(agency=police, name=f"Bench precinct {i}", code=f"B{i}") for i in range(1, 9)]
    )
    cm_agencies = Agency.objects.bulk_create(
        [Agency(name=f"Bench case management {i}", kind=Agency.Kind.CASE_MANAGEMENT) for i in range(1, 5)]
    )
    proactive = max(1, unit_count * 3 // 10)
    units = []
    for index in range(unit_count):
        kind = Unit.Kind.PROACTIVE if index < proactive else Unit.Kind.PATROL
        # Proactive units first; patrol units join over the years (core principles).
        days_ago = (
            365 * YEARS
            if kind == Unit.Kind.PROACTIVE
            else int(365 * YEARS * (1 - (index - proactive + 1) / (unit_count - proactive + 1)))
        )
        units.append(
            Unit(
                name=f"Bench unit {index + 1:02d}",
                kind=kind,
                precinct=precincts[index % len(precincts)],
                onboarded_on=(now - timedelta(days=max(days_ago, 30))).date(),
            )
        )
    org.units = Unit.objects.bulk_create(units)
    password = make_password(BENCH_PASSWORD)
    unusable = make_password(None)
    users, roles = [], []

    def person(username, role, *, unit=None, agency=None, first=None, last=None, usable=False):
        user = User(
            username=username,
            first_name=first or rng.choice(FIRST),
            last_name=last or rng.choice(LAST),
            unit=unit,
            agency=agency,
            password=password if usable else unusable,
            is_active=True,
            email=f"{username}@bench.invalid",
        )
        users.append(user)
        roles.append((user, role))
        return user

    for index in range(officer_count):
        unit = org.units[index % unit_count]
        badge = f"B{10000 + index}"
        name = f"bench-officer-{index + 1}" if index < BENCH_ACCOUNTS else f"bench.ofc{index + 1}"
        officer = person(name, Role.OFFICER, unit=unit, agency=police, usable=index < BENCH_ACCOUNTS)
        officer.badge_number = badge
        org.officers.append(officer)
        org.officers_by_unit.setdefault(unit.pk, []).append(officer)
    for index, unit in enumerate(org.units):
        for second in range(2):
            number = index * 2 + second
            usable = second == 0 and index < BENCH_ACCOUNTS
            name = f"bench-sergeant-{index + 1}" if usable else f"bench.sgt{number + 1}"
            sergeant = person(name, Role.SERGEANT, agency=police, usable=usable)
            org.sergeants_by_unit.setdefault(unit.pk, []).append(sergeant)
    for index in range(max(4, round(40 * scale))):
        agency = cm_agencies[index % len(cm_agencies)]
        manager = person(f"bench.cm{index + 1}", Role.CASE_MANAGER, agency=agency, usable=index == 0)
        org.case_managers_by_agency.setdefault(agency.pk, []).append(manager)
    org.prosecutor = person("bench-prosecutor", Role.PROSECUTOR, agency=office, usable=True)
    person("bench-analyst", Role.ANALYST, usable=True)
    org.coordinator = person("bench-coordinator", Role.COORDINATOR, usable=True)
    User.objects.bulk_create(users, batch_size=BATCH)
    groups = {group.name: group for group in Group.objects.all()}
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=u.pk, group_id=groups[role].pk) for u, role in roles], batch_size=BATCH
    )
    supervision = Unit.supervisors.through
    supervision.objects.bulk_create(
        [
            supervision(unit_id=unit_id, user_id=s.pk)
            for unit_id, sergeants in org.sergeants_by_unit.items()
            for s in sergeants
        ]
    )
    org.bench_units = list(org.units[:BENCH_ACCOUNTS])
    org.everyone = users
    return org


def _protocol() -> ProtocolVersion:
    version = protocol_current()
    if version is not None and version.criteria.exists():
        return version
    from referrals.demo import publish_demo_criteria

    if version is None:
        first = protocol_version_draft(title="Benchmark protocol", text="Benchmark site protocol.")
        version = protocol_version_publish(version=first, effective_from=timezone.localdate() - timedelta(days=365 * 6))
    return publish_demo_criteria(version, effective_from=timezone.localdate() - timedelta(days=365 * YEARS + 30))


def _people(rng: random.Random, scale: float) -> list[Person]:
    today = timezone.localdate()
    people = []
    for _ in range(_count("people", scale)):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        born = today - timedelta(days=rng.randint(19 * 365, 70 * 365))
        people.append(
            Person(
                first_name=first,
                last_name=last,
                date_of_birth=born,
                race=_weighted(rng, RACES),
                sex=_weighted(rng, SEXES),
                ethnicity=rng.choice(["hispanic", "not_hispanic", "not_recorded"]),
                search_text=normalise(f"{first} {last}"),
                is_synthetic=True,
            )
        )
    return Person.objects.bulk_create(people, batch_size=BATCH)


# --- referrals and what followed -------------------------------------------------------------


def _screenings(version) -> dict:
    """Real screening results from the engine, one per route and outcome."""
    criteria = criteria_of(version)
    base = dict(
        contact_date=timezone.localdate(),
        date_of_birth=timezone.localdate() - timedelta(days=35 * 365),
        prior_activity_date=timezone.localdate() - timedelta(days=60),
        prior_activity_in_area=True,
    )
    arrest_no = {c.code: False for c in criteria if c.kind == "exclusion" and c.applies_to("arrest-diversion")}
    social_no = {c.code: False for c in criteria if c.kind == "exclusion" and c.applies_to("social-contact")}
    cases = {
        ("arrest-diversion", "eligible"): dict(
            offenses=frozenset({"drug-possession"}), drug_type="opioids", quantity_grams=1, exclusions=arrest_no
        ),
        ("arrest-diversion", "not_eligible"): dict(
            offenses=frozenset({"drug-possession"}), drug_type="opioids", quantity_grams=9, exclusions=arrest_no
        ),
        ("arrest-diversion", "sergeant_decision"): dict(
            offenses=frozenset({"drug-possession"}),
            drug_type="opioids",
            quantity_grams=1,
            exclusions={**arrest_no, "violent-history": True},
        ),
        ("social-contact", "eligible"): dict(exclusions=social_no),
        ("social-contact", "not_eligible"): dict(exclusions={**social_no, "specialty-court": True}),
        ("social-contact", "sergeant_decision"): dict(exclusions=social_no),
    }
    results = {}
    for (route, _), answers in cases.items():
        result = eligibility.evaluate(eligibility.Answers(route=route, **base, **answers), criteria)
        results[(route, result.status.value)] = result.as_json()
    return results


def pending_reviews_top_up(*, at_least: int) -> int:
    """Adds decisions waiting for review to the bench sergeants' units, spread
    evenly, until they hold at_least; returns how many were added. For make
    bench's review-approve flow, which consumes them: the data set must hold
    enough for the run at whatever scale it was generated."""
    org = Organisation()
    sergeants = User.objects.filter(username__startswith="bench-sergeant-")
    org.bench_units = list(Unit.objects.filter(supervisors__in=sergeants).select_related("precinct").distinct())
    for officer in User.objects.filter(unit__in=org.bench_units, username__startswith="bench"):
        org.officers_by_unit.setdefault(officer.unit_id, []).append(officer)
    waiting = Referral.objects.filter(unit__in=org.bench_units, status=Referral.Status.UNDER_REVIEW).count()
    missing = max(0, at_least - waiting)
    if not missing or not org.bench_units:
        return 0
    people = list(Person.objects.filter(is_synthetic=True).only("pk")[:5_000])
    per_unit = -(-missing // len(org.bench_units))
    # A seed of its own: the generator's would repeat the client tokens it already used.
    rng = random.Random(f"top-up-{waiting}-{Referral.objects.count()}")
    with transaction.atomic():
        counts = _referrals(rng, org, people, _protocol(), total=0, pending_per_bench_unit=per_unit)
    _reset_sequences()
    return counts["referrals"]


def _referrals(rng, org: Organisation, people, version, *, total: int, pending_per_bench_unit: int) -> dict:
    now = timezone.now()
    routes = {route.code: route for route in ReferralRoute.objects.all()}
    offenses = {o.code: o for o in Offense.objects.all()}
    reasons = list(DecisionReason.objects.filter(applies_to=DecisionReason.AppliesTo.NOT_DIVERT))
    screenings = _screenings(version)
    cm_agencies = list(org.case_managers_by_agency)
    next_referral = (Referral.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    next_decision = (Decision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    referrals, decisions, decision_reasons, reviews, intakes, offense_links = [], [], [], [], [], []
    counts = {"referrals": 0, "decisions": 0, "reviews": 0, "intakes": 0}
    # Proactive units refer three times as often as patrol units; the bench sergeants'
    # units also get a queue of recent decisions to work through.
    unit_weights = [3 if unit.kind == Unit.Kind.PROACTIVE else 1 for unit in org.units]
    plan = [(None, False)] * total + [(unit, True) for unit in org.bench_units for _ in range(pending_per_bench_unit)]
    for index, (fixed_unit, pending) in enumerate(plan):
        referral_id = next_referral + index
        unit = fixed_unit or rng.choices(org.units, weights=unit_weights)[0]
        officer = rng.choice(org.officers_by_unit[unit.pk])
        route = routes["social-contact"] if rng.random() < 0.55 and not pending else routes["arrest-diversion"]
        start = max(
            now - timedelta(days=365 * YEARS),
            timezone.make_aware(datetime.combine(unit.onboarded_on, datetime.min.time())),
        )
        span = (now - start).total_seconds()
        occurred = (
            now - timedelta(hours=rng.uniform(2, 60))
            if pending
            else start + timedelta(seconds=rng.uniform(0, span - 7200))
        )
        submitted = occurred + timedelta(minutes=rng.randint(20, 90))
        roll = rng.random()
        status_of_eligibility = (
            "eligible" if pending or roll < 0.88 else ("not_eligible" if roll < 0.97 else "sergeant_decision")
        )
        if route.code == "social-contact" and status_of_eligibility == "sergeant_decision":
            status_of_eligibility = "eligible"
        referral = Referral(
            pk=referral_id,
            route=route,
            person=rng.choice(people),
            officer=officer,
            unit=unit,
            agency_id=unit.precinct.agency_id,
            precinct=unit.precinct,
            client_token=uuid.UUID(int=rng.getrandbits(128)),
            occurred_at=occurred,
            submitted_at=submitted,
            beat=f"{unit.precinct.code}{rng.randint(1, 4)}",
            protocol_version=version,
            eligibility_status=status_of_eligibility,
            eligibility_results=screenings[(route.code, status_of_eligibility)],
            is_synthetic=True,
        )
        if route.asks_arrest_details:
            referral.incident_number = f"B{occurred.year}-{referral_id:07d}"
            referral.drug_type, referral.quantity_grams = "opioids", 1 if status_of_eligibility != "not_eligible" else 9
            referral.conversation_led_by = "officer"
            offense_links.append(
                Referral.offenses.through(referral_id=referral_id, offense_id=offenses["drug-possession"].pk)
            )
        else:
            referral.prior_activity_verification = "criminal_history"
            referral.prior_activity_date = (occurred - timedelta(days=rng.randint(5, 500))).date()
            referral.prior_activity_in_area = True
        referral.status = Referral.Status.CLOSED
        if status_of_eligibility != "not_eligible":
            _decide(
                rng,
                referral,
                route,
                status_of_eligibility,
                now,
                pending,
                next_decision + counts["decisions"],
                decisions,
                decision_reasons,
                reviews,
                intakes,
                reasons,
                org,
                cm_agencies,
                counts,
            )
        referrals.append(referral)
        if len(referrals) >= BATCH:
            _flush(referrals, decisions, decision_reasons, reviews, intakes, offense_links, counts)
    _flush(referrals, decisions, decision_reasons, reviews, intakes, offense_links, counts)
    return counts


def _decide(
    rng,
    referral,
    route,
    screening,
    now,
    pending,
    decision_id,
    decisions,
    decision_reasons,
    reviews,
    intakes,
    reasons,
    org,
    cm_agencies,
    counts,
) -> None:
    divert = pending or rng.random() < 0.86
    decision = Decision(
        pk=decision_id,
        referral_id=referral.pk,
        outcome=Decision.Outcome.DIVERT if divert else Decision.Outcome.NOT_DIVERT,
        decided_by=referral.officer,
        decided_at=referral.submitted_at,
    )
    decisions.append(decision)
    counts["decisions"] += 1
    referral.current_decision_id = decision_id
    if not divert:
        decision_reasons.append(
            Decision.reasons.through(decision_id=decision_id, decisionreason_id=rng.choice(reasons).pk)
        )
    needs_review = (
        (divert and route.review_diversions)
        or (not divert and route.review_no_divert)
        or screening == "sergeant_decision"
    )
    age = now - referral.submitted_at
    if needs_review and (pending or age < timedelta(days=3)):
        referral.status = Referral.Status.UNDER_REVIEW
        return
    if needs_review:
        reviewed_at = referral.submitted_at + timedelta(hours=rng.uniform(1, 40))
        action = "approve" if rng.random() < 0.95 else "override"
        reviews.append(
            Review(
                referral_id=referral.pk,
                decision_id=decision_id,
                sergeant=org.sergeants_by_unit[referral.unit_id][0],
                action=action,
                comment="" if action == "approve" else "Override for the benchmark data.",
                eligibility_overridden=screening == "sergeant_decision" and action == "approve",
                created_at=min(reviewed_at, now),
            )
        )
        counts["reviews"] += 1
        if action == "override":
            divert = False
    if not divert:
        referral.status = Referral.Status.CLOSED
        return
    referral.prosecutor_hold_requested = route.holds_prosecution
    if age < timedelta(days=1) or rng.random() < 0.05:
        referral.status = Referral.Status.APPROVED if needs_review else Referral.Status.DIVERTED
        return
    agency_id = rng.choice(cm_agencies)
    manager = rng.choice(org.case_managers_by_agency[agency_id])
    called = referral.occurred_at + timedelta(minutes=rng.randint(3, 20))
    arrived = called + timedelta(minutes=rng.choice([10, 15, 20, 25, 28, 32, 40, 55, 75]))
    deadline = (arrived + timedelta(days=route.intake_deadline_days)).date()
    completed = arrived + timedelta(days=rng.uniform(0.5, 38))
    intake = Intake(
        referral_id=referral.pk,
        agency_id=agency_id,
        case_manager=manager,
        case_manager_called_at=called,
        case_manager_arrived_at=arrived,
        handed_off_at=arrived,
        handed_off_by=referral.officer,
        intake_deadline=deadline,
    )
    if completed < now and rng.random() < 0.82:
        intake.intake_completed_at = completed
        referral.status = Referral.Status.INTAKE_DONE
    elif deadline < now.date():
        intake.overdue_at = timezone.make_aware(datetime.combine(deadline, datetime.min.time())) + timedelta(days=1)
        referral.status = Referral.Status.INTAKE_OVERDUE
        if route.holds_prosecution and rng.random() < 0.7:
            intake.filing_decision = rng.choice(["file", "decline"])
            intake.filing_decided_at, intake.filing_decided_by = intake.overdue_at + timedelta(days=3), org.prosecutor
            referral.status = Referral.Status.CLOSED
    else:
        referral.status = Referral.Status.HANDED_OFF
    intakes.append(intake)
    counts["intakes"] += 1


def _flush(referrals, decisions, decision_reasons, reviews, intakes, offense_links, counts) -> None:
    # Referrals point at decisions and decisions at referrals; the database checks
    # foreign keys at commit, so order within the transaction does not matter.
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    Decision.reasons.through.objects.bulk_create(decision_reasons, batch_size=BATCH)
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    Intake.objects.bulk_create(intakes, batch_size=BATCH)
    Referral.offenses.through.objects.bulk_create(offense_links, batch_size=BATCH)
    counts["referrals"] += len(referrals)
    for rows in (referrals, decisions, decision_reasons, reviews, intakes, offense_links):
        rows.clear()


def _releases(rng: random.Random) -> dict:
    """Most participants sign a release of information at intake (42 CFR
    2.31) for a year, and a few revoke it: the gate of Part 2 disclosure
    (referrals.consent) decides every list over real releases, in force, lapsed
    and revoked, not over an empty table. Its own random stream, so the stages
    after it hold what they held before."""
    completed = Intake.objects.filter(intake_completed_at__isnull=False).values_list(
        "referral_id", "referral__person_id", "case_manager_id", "intake_completed_at"
    )
    releases = []
    for referral_id, person_id, manager_id, completed_at in completed.order_by("referral_id").iterator(BATCH):
        if rng.random() >= RELEASE_SHARE:
            continue
        signed = timezone.localdate(completed_at)
        expires = signed + timedelta(days=365)
        revoked = signed + timedelta(days=rng.randint(1, 364)) if rng.random() < RELEASE_REVOKED_SHARE else None
        releases.append(
            ReleaseOfInformation(
                person_id=person_id,
                referral_id=referral_id,
                parties="LEAD police department\nLEAD case management\nProsecutor's office",
                purpose="Coordination of LEAD services",
                signed_on=signed,
                expires_on=expires,
                revoked_on=revoked,
                recorded_by_id=manager_id,
            )
        )
    ReleaseOfInformation.objects.bulk_create(releases, batch_size=BATCH)
    return {"releases": len(releases)}


# --- the operational workgroup ------------------------------------------------------------


ISSUE_TEXTS = [
    ("The case manager took over an hour to arrive at night.", "Precinct holding area", "A night on-call rota."),
    ("The referral form asks for the beat twice.", "The referral form", "Take the beat from the location."),
    ("Officers are unsure whether trespass counts as low-level.", "Downtown beats", "Add it to the protocol FAQ."),
    ("No interpreter was available at the hand-off.", "East precinct", "A phone interpreter line."),
    ("Participants are cited again while in intake.", "Transit centre", "Flag participants to patrol."),
]
AGENDA_KINDS = ["operational_issue", "report_review", "protocol_change", "other"]


def _workgroups(rng: random.Random, scale: float, org: Organisation) -> dict:
    """One workgroup per unit, meeting every other week over the years; each
    meeting with an agenda, attendance by seat, minutes (approved once held),
    and the operational issues and action items that came out of it."""
    from workgroup.models import ActionItem, AgendaItem, Meeting, Membership, OperationalIssue, Workgroup
    from workgroup.models import Attendance as MeetingAttendance
    from workgroup.models.meetings import MemberRole

    now = timezone.now()
    total = _count("meetings", scale)
    workgroups = Workgroup.objects.bulk_create(
        [
            Workgroup(
                name=f"{unit.name} workgroup", precinct=unit.precinct, default_place=f"{unit.precinct} briefing room"
            )
            for unit in org.units
        ]
    )
    managers = [m for managers in org.case_managers_by_agency.values() for m in managers]
    seats_by_group, memberships = {}, []
    for workgroup, unit in zip(workgroups, org.units, strict=True):
        seats = [(o, MemberRole.OFFICER) for o in org.officers_by_unit[unit.pk][:4]]
        seats += [(s, MemberRole.SERGEANT) for s in org.sergeants_by_unit[unit.pk]]
        seats += [(rng.choice(managers), MemberRole.CASE_MANAGER), (org.prosecutor, MemberRole.PROSECUTOR)]
        seats.append((org.coordinator, MemberRole.COORDINATOR))
        seats_by_group[workgroup.pk] = seats
        memberships += [Membership(workgroup=workgroup, user=user, role=role) for user, role in seats]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    issues, meetings = [], []
    for index in range(total):
        workgroup = workgroups[index % len(workgroups)]
        # Every other week, the newest a week ahead (the next meeting), going back in time.
        weeks_ago = 2 * (index // len(workgroups)) - 1
        starts = now - timedelta(weeks=weeks_ago, hours=now.hour - 14, minutes=now.minute, seconds=now.second)
        starts += timedelta(days=index % 5)
        meetings.append(
            Meeting(
                workgroup=workgroup,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=90),
                place=workgroup.default_place,
                created_by=org.coordinator,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)

    for meeting in meetings[: max(1, total // 2)]:
        raised_by, _ = rng.choice(seats_by_group[meeting.workgroup_id][:6])
        what, where, suggestion = rng.choice(ISSUE_TEXTS)
        opened = meeting.starts_at - timedelta(days=rng.randint(2, 20))
        issue = OperationalIssue(
            raised_by=raised_by,
            what_happened=what,
            location=where,
            suggestion=suggestion,
            workgroup_id=meeting.workgroup_id,
            created_at=opened,
        )
        age = now - opened
        if age > timedelta(days=30) and rng.random() < 0.85:
            closed = opened + timedelta(days=rng.uniform(3, 90))
            issue.status = "resolved" if rng.random() < 0.85 else "wont_fix"
            issue.resolution = "Agreed at the workgroup and written into the protocol notes."
            issue.resolved_at, issue.resolved_by = min(closed, now), org.coordinator
        else:
            issue.status = rng.choice(["open", "on_agenda", "in_progress"])
        issues.append(issue)
    issues = OperationalIssue.objects.bulk_create(issues, batch_size=BATCH)
    issues_of = {}
    for issue in issues:
        issues_of.setdefault(issue.workgroup_id, []).append(issue)

    agenda, attendance, actions = [], [], []
    for meeting in meetings:
        held = meeting.starts_at < now
        for position, kind in enumerate([*rng.sample(AGENDA_KINDS, 3), "other"], start=1):
            candidates = issues_of.get(meeting.workgroup_id) if kind == "operational_issue" else None
            issue = rng.choice(candidates) if candidates else None
            agenda.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    kind=kind,
                    title=issue.what_happened[:200] if issue else f"{kind.replace('_', ' ').capitalize()}",
                    issue=issue,
                    minutes="Discussed; see the action items." if held else "",
                    minutes_updated_at=meeting.ends_at if held else None,
                    minutes_updated_by=org.coordinator if held else None,
                    added_by=org.coordinator,
                )
            )
        if not held:
            continue
        seats = seats_by_group[meeting.workgroup_id]
        for user, role in rng.sample(seats, rng.randint(4, len(seats))):
            attendance.append(
                MeetingAttendance(
                    meeting=meeting, user=user, role=role, recorded_by=org.coordinator, recorded_at=meeting.ends_at
                )
            )
        owner, _ = rng.choice(seats)
        due = (meeting.starts_at + timedelta(days=14)).date()
        done = due < now.date() and rng.random() < 0.8
        actions.append(
            ActionItem(
                workgroup_id=meeting.workgroup_id,
                meeting=meeting,
                description="Follow up with the precinct and report back.",
                owner=owner,
                due_on=due,
                status="done" if done else "open",
                completed_at=meeting.starts_at + timedelta(days=10) if done else None,
                created_by=org.coordinator,
                created_at=meeting.ends_at,
            )
        )
    AgendaItem.objects.bulk_create(agenda, batch_size=BATCH)
    MeetingAttendance.objects.bulk_create(attendance, batch_size=BATCH)
    ActionItem.objects.bulk_create(actions, batch_size=BATCH)
    # Minutes are approved after the agenda and attendance are in: approved minutes are locked.
    Meeting.objects.filter(pk__in=[m.pk for m in meetings], starts_at__lt=now - timedelta(days=7)).update(
        minutes_approved_at=models.F("ends_at") + timedelta(days=2), minutes_approved_by=org.coordinator
    )
    return {
        "meetings": len(meetings),
        "agenda_items": len(agenda),
        "meeting_attendance": len(attendance),
        "operational_issues": len(issues),
        "action_items": len(actions),
    }


# --- peer training --------------------------------------------------------------------------


def _training(rng: random.Random, scale: float, org: Organisation) -> dict:
    """Training history for officers and sergeants: most of it from sessions led
    by peer trainers (a roster and one record per topic), the rest imported from
    earlier records; a mix of current, due and lapsed."""
    from training.models import Attendance, PeerTrainer, Topic, TrainingRecord, TrainingSession

    today = timezone.localdate()
    total = _count("training_records", scale)
    topics = list(Topic.objects.filter(is_active=True))
    trainees = org.officers + [s for sergeants in org.sergeants_by_unit.values() for s in sergeants]
    trainers = [sergeants[0] for sergeants in list(org.sergeants_by_unit.values())[:10]]
    PeerTrainer.objects.bulk_create([PeerTrainer(user=t, since=today - timedelta(days=365 * YEARS)) for t in trainers])
    seen, records = set(), []

    def record(person, topic, completed_on, **extra):
        key = (person.pk, topic.pk, completed_on)
        if key in seen:
            return
        seen.add(key)
        records.append(
            TrainingRecord(
                person=person,
                topic=topic,
                completed_on=completed_on,
                expires_on=topic.expiry_for(completed_on),
                **extra,
            )
        )

    session_count = max(1, total // 60)
    sessions = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                title=f"Peer training {index + 1}",
                held_on=today - timedelta(days=rng.randint(1, 365 * YEARS)),
                hours=Decimal("2.00"),
                place="Training room",
                created_by=org.coordinator,
            )
            for index in range(session_count)
        ]
    )
    session_topics, session_trainers, rosters = [], [], []
    for session in sessions:
        chosen = rng.sample(topics, 2)
        session_topics += [TrainingSession.topics.through(trainingsession_id=session.pk, topic_id=t.pk) for t in chosen]
        session_trainers.append(
            TrainingSession.trainers.through(trainingsession_id=session.pk, user_id=rng.choice(trainers).pk)
        )
        for attendee in rng.sample(trainees, min(20, len(trainees))):
            rosters.append(
                (Attendance(session=session, attendee=attendee, recorded_by=org.coordinator), session, chosen)
            )
    TrainingSession.topics.through.objects.bulk_create(session_topics, batch_size=BATCH)
    TrainingSession.trainers.through.objects.bulk_create(session_trainers, batch_size=BATCH)
    Attendance.objects.bulk_create([a for a, _, _ in rosters], batch_size=BATCH)
    for attendance, session, chosen in rosters:
        for topic in chosen:
            record(attendance.attendee, topic, session.held_on, source="session", attendance=attendance)
    while len(records) < total:
        record(
            rng.choice(trainees),
            rng.choice(topics),
            today - timedelta(days=rng.randint(1, 365 * YEARS)),
            source="manual",
            note="Academy record",
        )
    TrainingRecord.objects.bulk_create(records, batch_size=BATCH)
    return {"training_sessions": len(sessions), "training_records": len(records)}


# --- the audit trail ------------------------------------------------------------------------


AUDIT_ACTIONS = [("view", 45), ("list", 30), ("search", 8), ("create", 8), ("update", 6), ("sign_in", 3)]


def _audit_events(rng: random.Random, scale: float, org: Organisation) -> None:
    total = _count("audit_events", scale)
    now = timezone.now()
    users = [(u.pk, u.username) for u in org.everyone]
    referral_ids = list(Referral.objects.filter(is_synthetic=True).values_list("pk", flat=True)[:200_000])
    span = 365 * YEARS * 86400
    columns = [
        "occurred_at",
        "actor_id",
        "actor_username",
        "action",
        "object_type",
        "object_ids",
        "summary",
        "detail",
        "ip_address",
        "request_id",
        "outcome",
    ]

    def row():
        actor_id, username = rng.choice(users)
        action = _weighted(rng, AUDIT_ACTIONS)
        ids = rng.sample(referral_ids, 10 if action == "list" else 1)
        return [
            (now - timedelta(seconds=rng.uniform(0, span))).isoformat(),
            actor_id,
            username,
            action,
            "referrals.referral",
            "," + ",".join(map(str, ids)) + ",",
            "",
            "{}",
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            uuid.UUID(int=rng.getrandbits(128)).hex,
            "success",
        ]

    chunk = 50_000
    for start in range(0, total, chunk):
        rows = [row() for _ in range(min(chunk, total - start))]
        with transaction.atomic():
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(rows)  # "" stays empty, not NULL
                buffer.seek(0)
                with connection.cursor() as cursor:
                    cursor.cursor.copy_expert(
                        f"COPY audit_auditevent ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer
                    )
            else:
                AuditEvent.objects.bulk_create(
                    [AuditEvent(**dict(zip(columns, values, strict=True)) | {"detail": {}}) for values in rows],
                    batch_size=BATCH,
                )


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [Referral, Decision])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _analyze() -> None:
    """Statistics for the planner, and on PostgreSQL the visibility map that
    autovacuum keeps in production: without it every index-only scan of a
    freshly loaded table still reads each row from the heap. VACUUM cannot run
    inside a transaction (a test's): there, the statistics alone."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
