"""A small hand-built program whose every figure is worked out by hand in the
tests. Built through the services, with historic times, as the demo is.

Units: Proactive (officers Avery and Blake; sergeant Sam) and Patrol (officer
Casey; sergeant Terry). Avery filed 8 social-contact referrals about 60 days
ago: 6 diverted, 2 not diverted ("declined"). Blake filed 3 about 20 days ago:
1 diverted, 1 not diverted and overridden by Sam to a diversion, 1 not eligible.
Casey filed 3 arrest diversions about 20 days ago, all diverted and approved.

Reviews (hours after the decision): Avery's no-diverts 2 and 30, Blake's
override 6, Casey's diversions 5, 10 and 50.
Hand-offs (minutes until the case manager arrived): a1 10, a2 25, a3 30, a4 45,
a5 not recorded, b1 20. Intakes: a1 on time, a2 late, a5 on time, a3 and a4
past their deadline, b1 still open. Case managers: Morgan a1-a3, Quinn a4-a5."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.models import Agency, Unit
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory, PrecinctFactory, UnitFactory, UserFactory
from referrals.models import DecisionReason, Person, Review
from referrals.services import DecisionInput
from referrals.services.handoff import ReleaseInput, intake_record_completion, referral_hand_off
from referrals.services.review import review_record
from referrals.tests.factories import PersonFactory, arrest_answers, file_referral, social_contact_answers
from training.models import Topic
from training.tests.factories import TopicFactory, TrainingRecordFactory
from workgroup.models import MemberRole, OperationalIssue
from workgroup.services import (
    attendance_record,
    issue_raise,
    issue_update,
    meeting_cancel,
    meeting_schedule,
    workgroup_create,
)


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """An empty cache for each test: a key prefix of its own. Not a flush, which
    on Redis would empty the cache under the other test process too."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"{config.get('KEY_PREFIX', '')}:test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@dataclass
class Program:
    today: object
    early: datetime  # Avery's referrals
    late: datetime  # Blake's and Casey's
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    referrals: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)  # workgroup_year
    issues: dict = field(default_factory=dict)  # workgroup_year
    community: dict = field(default_factory=dict)  # doors


def _noon(days_ago: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _person(race, sex=Person.Sex.MALE):
    return PersonFactory(race=race, sex=sex)


@pytest.fixture
def program(make_user, lead_protocol):
    early, late = _noon(60), _noon(20)
    program = Program(today=timezone.localdate(), early=early, late=late)
    proactive = UnitFactory(
        name="Proactive", kind=Unit.Kind.PROACTIVE, precinct=PrecinctFactory(name="North", code="N")
    )
    patrol = UnitFactory(name="Patrol", kind=Unit.Kind.PATROL, precinct=PrecinctFactory(name="South", code="S"))
    program.units = {"proactive": proactive, "patrol": patrol}
    users = program.users
    users["avery"] = make_user(Role.OFFICER, username="avery", first_name="Avery", last_name="Ames", unit=proactive)
    users["blake"] = make_user(Role.OFFICER, username="blake", first_name="Blake", last_name="Bell", unit=proactive)
    users["casey"] = make_user(Role.OFFICER, username="casey", first_name="Casey", last_name="Cole", unit=patrol)
    users["sam"] = make_user(Role.SERGEANT, username="sam", first_name="Sam", last_name="Stone")
    users["terry"] = make_user(Role.SERGEANT, username="terry", first_name="Terry", last_name="Tate")
    proactive.supervisors.add(users["sam"])
    patrol.supervisors.add(users["terry"])
    agency = AgencyFactory(name="Harbor", kind=Agency.Kind.CASE_MANAGEMENT)
    users["morgan"] = make_user(
        Role.CASE_MANAGER, username="morgan", first_name="Morgan", last_name="Moss", agency=agency
    )
    users["quinn"] = make_user(
        Role.CASE_MANAGER, username="quinn", first_name="Quinn", last_name="Quist", agency=agency
    )
    declined = DecisionReason.objects.get(code="declined")
    profit = DecisionReason.objects.get(code="not-a-good-fit-profit")

    def social(officer, moment, person, decision="divert", **answers):
        return file_referral(
            officer=officer,
            person=person,
            decision=decision,
            answers=social_contact_answers(occurred_at=moment - timedelta(minutes=30), **answers),
            submitted_at=moment,
        )

    refs = program.referrals
    white, black = Person.Race.WHITE, Person.Race.BLACK
    for index in range(1, 6):
        sex = Person.Sex.FEMALE if index <= 2 else Person.Sex.MALE
        refs[f"a{index}"] = social(users["avery"], early, _person(white, sex))
    refs["a6"] = social(users["avery"], early, _person(black))
    for index in (1, 2):
        refs[f"an{index}"] = social(
            users["avery"], early, _person(black), DecisionInput(outcome="not_divert", reasons=(declined,))
        )
    refs["b1"] = social(users["blake"], late, _person(black))
    refs["bo"] = social(
        users["blake"],
        late,
        _person(black),
        DecisionInput(outcome="not_divert", reasons=(profit,), narrative="Selling to others."),
    )
    refs["bx"] = social(users["blake"], late, _person(Person.Race.ASIAN), decision=None, prior_activity_in_area=False)
    from referrals.models import Offense

    possession = Offense.objects.get(code="drug-possession")
    for index in (1, 2, 3):
        refs[f"c{index}"] = file_referral(
            officer=users["casey"],
            route_code="arrest-diversion",
            person=_person(black),
            answers=arrest_answers([possession], occurred_at=late - timedelta(minutes=30)),
            submitted_at=late,
        )

    def review(key, sergeant, action, hours, comment=""):
        referral = refs[key]
        referral.refresh_from_db()
        review_record(
            referral=referral,
            decision_id=referral.current_decision_id,
            sergeant=users[sergeant],
            action=action,
            comment=comment,
            now=referral.submitted_at + timedelta(hours=hours),
        )

    review("an1", "sam", Review.Action.APPROVE, 2)
    review("an2", "sam", Review.Action.APPROVE, 30)
    review("bo", "sam", Review.Action.OVERRIDE, 6, "Known to the team; LEAD is worth a try.")
    review("c1", "terry", Review.Action.APPROVE, 5)
    review("c2", "terry", Review.Action.APPROVE, 10)
    review("c3", "terry", Review.Action.APPROVE, 50)

    def hand_off(key, arrived_after, case_manager):
        referral = refs[key]
        referral.refresh_from_db()
        called = referral.submitted_at + timedelta(minutes=5)
        arrived = called + timedelta(minutes=arrived_after) if arrived_after is not None else None
        return referral_hand_off(
            referral=referral,
            actor=referral.officer,
            agency=agency,
            case_manager=users[case_manager] if case_manager else None,
            called_at=called,
            arrived_at=arrived,
            handed_off_at=arrived or called + timedelta(minutes=20),
        )

    def complete(key, case_manager, days_after_hand_off):
        referral = refs[key]
        referral.refresh_from_db()
        done = referral.intake.handed_off_at + timedelta(days=days_after_hand_off)
        intake_record_completion(
            referral=referral,
            case_manager=users[case_manager],
            completed_at=done,
            release=ReleaseInput(
                parties="LEAD partners",
                purpose="Coordinating case management",
                signed_on=timezone.localdate(done),
                expires_on=timezone.localdate(done) + timedelta(days=365),
            ),
        )

    hand_off("a1", 10, "morgan")
    hand_off("a2", 25, "morgan")
    hand_off("a3", 30, "morgan")
    hand_off("a4", 45, "quinn")
    hand_off("a5", None, "quinn")
    hand_off("b1", 20, None)
    complete("a1", "morgan", 3)
    complete("a2", "morgan", 35)
    complete("a5", "quinn", 10)
    for referral in refs.values():
        referral.refresh_from_db()
    return program


def report_query_string(program, **extra) -> dict:
    """The filters that cover the whole hand-built program."""
    start = (program.early - timedelta(days=1)).date()
    return {"date_from": start.isoformat(), "date_to": program.today.isoformat(), **extra}


# --- Training and the workgroup, over the same units and people -------------------------------


@pytest.fixture
def trained(program):
    """Required: "LEAD protocol" (12 months; officers and sergeants), "Harm
    reduction" (24 months; officers) and a retired topic nobody has done.
    The topics migration 0002 seeds are removed so only these count.

    Proactive: Avery current; Blake's harm reduction expired; Dana current (her
    protocol due within 30 days still counts); Sam (supervises) current on his
    latest protocol though an older one expired; Eli current but deactivated,
    so not counted: 4 people, 3 current. Patrol: Casey has no protocol; Terry
    (supervises) current; Fay, officer and sergeant of the unit, current and
    counted once: 3 people, 2 current. Night (South, patrol): nobody."""
    Topic.objects.all().delete()
    protocol = TopicFactory(name="LEAD protocol", refresher_months=12, roles=[Role.OFFICER, Role.SERGEANT])
    harm = TopicFactory(name="Harm reduction", refresher_months=24, roles=[Role.OFFICER])
    TopicFactory(name="Retired", refresher_months=12, roles=[Role.OFFICER], is_active=False)
    units, users = program.units, program.users
    units["night"] = UnitFactory(name="Night", kind=Unit.Kind.PATROL, precinct=units["patrol"].precinct)
    users["dana"] = make_officer("dana", units["proactive"])
    users["eli"] = make_officer("eli", units["proactive"], is_active=False)
    users["fay"] = make_officer("fay", units["patrol"], Role.SERGEANT)

    def done(name, topic, days_ago):
        TrainingRecordFactory(person=users[name], topic=topic, completed_on=program.today - timedelta(days=days_ago))

    for name in ("avery", "dana", "eli", "fay"):
        done(name, harm, 20)
    for name in ("avery", "blake", "eli", "terry", "fay"):
        done(name, protocol, 20)
    done("blake", harm, 800)
    done("dana", protocol, 350)
    done("sam", protocol, 400)
    done("sam", protocol, 10)
    done("casey", harm, 20)
    return program


def make_officer(username, unit, *more_roles, **fields):
    return UserFactory(
        roles=[Role.OFFICER, *more_roles], username=username, first_name=username.title(), unit=unit, **fields
    )


def moment(days_ago: int, hours: int = 0) -> datetime:
    """Noon some days ago, in UTC, so that whole days between two moments are
    whole days of elapsed time whatever daylight saving does in between."""
    return _noon(days_ago).astimezone(UTC) + timedelta(hours=hours)


@pytest.fixture
def workgroup_year(program, coordinator, prosecutor):
    """Workgroups North (precinct of Proactive), South (of Patrol) and a
    site-wide one. Meetings held in the report's range, with who came:

    North 30 days ago: Avery (officer), Sam (sergeant), Morgan (case manager), the coordinator.
    North 10 days ago: Blake (officer), Morgan: no sergeant.
    South 20 days ago: Terry (sergeant), Quinn (case manager), the prosecutor: no officer.
    Site-wide 15 days ago: Casey (officer), Terry (sergeant), the coordinator.
    Not counted: North 100 days ago (before the range), North in 3 days, and
    North in 4 days, cancelled.

    Issues (days to resolve): i1 Avery's (North) raised 50 days ago, resolved
    10 days later; i2 Casey's (South) raised 30 days ago, resolved in 2; i3
    Morgan's (no workgroup) raised 20 days ago, resolved in 5; i4 Avery's raised
    10 days ago, in progress; i5 Casey's raised 12 days ago, closed as won't fix
    the next day; i6 Avery's raised 200 days ago (before the range), resolved
    25 days ago, 175 days later; i7 Morgan's raised 100 days ago, still open."""
    units, users = program.units, program.users
    north = workgroup_create(name="North workgroup", precinct=units["proactive"].precinct, actor=coordinator)
    south = workgroup_create(name="South workgroup", precinct=units["patrol"].precinct, actor=coordinator)
    site = workgroup_create(name="Site-wide workgroup", actor=coordinator)
    users["coordinator"], users["prosecutor"] = coordinator, prosecutor
    seats = MemberRole

    def meeting(workgroup, days_ago, *attendees):
        starts_at = moment(days_ago) - timedelta(hours=2)
        held = meeting_schedule(
            workgroup=workgroup,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            place="Room 2",
            actor=coordinator,
        )
        if attendees:
            attendance_record(meeting=held, actor=coordinator, attendees=[(users[n], seat) for n, seat in attendees])
        return held

    program.meetings = {
        "n1": meeting(
            north,
            30,
            ("avery", seats.OFFICER),
            ("sam", seats.SERGEANT),
            ("morgan", seats.CASE_MANAGER),
            ("coordinator", seats.COORDINATOR),
        ),
        "n2": meeting(north, 10, ("blake", seats.OFFICER), ("morgan", seats.CASE_MANAGER)),
        "s1": meeting(
            south, 20, ("terry", seats.SERGEANT), ("quinn", seats.CASE_MANAGER), ("prosecutor", seats.PROSECUTOR)
        ),
        "w1": meeting(
            site, 15, ("casey", seats.OFFICER), ("terry", seats.SERGEANT), ("coordinator", seats.COORDINATOR)
        ),
        "n0": meeting(north, 100, ("avery", seats.OFFICER)),
        "n3": meeting(north, -3),
        "n4": meeting(north, -4),
    }
    meeting_cancel(meeting=program.meetings["n4"], actor=coordinator)

    def issue(name, days_ago, closed_after=None, status=OperationalIssue.Status.RESOLVED):
        raised = issue_raise(raised_by=users[name], what_happened=f"Issue raised by {name}", raised_at=moment(days_ago))
        if closed_after is not None:
            issue_update(
                issue=raised,
                actor=coordinator,
                status=status,
                resolution="Agreed at the workgroup.",
                now=moment(days_ago) + timedelta(days=closed_after),
            )
        elif status != OperationalIssue.Status.RESOLVED:
            issue_update(issue=raised, actor=coordinator, status=status)
        raised.refresh_from_db()
        return raised

    program.issues = {
        "i1": issue("avery", 50, 10),
        "i2": issue("casey", 30, 2),
        "i3": issue("morgan", 20, 5),
        "i4": issue("avery", 10, status=OperationalIssue.Status.IN_PROGRESS),
        "i5": issue("casey", 12, 1, status=OperationalIssue.Status.WONT_FIX),
        "i6": issue("avery", 200, 175),
        "i7": issue("morgan", 100),
    }
    return program


# --- The community door, beside the two police doors ----------------------------------------


@pytest.fixture
def community_door(program):
    """Community referrals over the hand-built program, through the community
    services. Days ago each was received; "now" is when each was screened:

    Downtown outreach: d1 (10) and d2 (8) screened by the project manager Pat,
    diverted and handed off, the case manager meeting the person 2 and 5 days
    after the referral came in (d1's intake completed under a release); d3 (6)
    sent for verification and screened by Avery as the Proactive agency's
    designated officer: eligible, not diverted ("declined"); d4 (3) declined
    at triage as outside the area; d5 (2) being looked at. Business district:
    b1 (4) declined, not enough to find the person; b2 (1) received. A public
    request p1 (today), received. Before the range: old (100), declined.

    In the range: 8 received, 3 screened, 2 declined, 3 open; on the
    community route 3 referrals filed, 3 eligible, 2 diverted, 2 handed off,
    1 under a release and completed."""
    from community.models import DeclineReason
    from community.services import (
        community_referral_file,
        public_request_file,
        triage_decline,
        triage_note,
        triage_request_verification,
    )
    from community.tests.factories import details, make_organisation, make_project_manager, make_referrer, screen

    users, refs = program.users, program.referrals
    pat = users["pat"] = make_project_manager("pat", first_name="Pat", last_name="Park")
    downtown = make_referrer("downtown", organisation=make_organisation("Downtown outreach"))
    business = make_referrer("business", organisation=make_organisation("Business district"))
    avery = users["avery"]
    avery.verifies_community_referrals = True
    avery.save(update_fields=["verifies_community_referrals"])
    now = timezone.now()

    def received(referrer, days_ago):
        return community_referral_file(
            referrer=referrer, token=uuid.uuid4(), details=details(), received_at=now - timedelta(days=days_ago)
        )

    def screened(row, actor, decision="divert"):
        answers = social_contact_answers(
            prior_activity_verification="reliable_report",
            prior_activity_reported_by="Outreach",
            occurred_at=row.received_at + timedelta(hours=2),
        )
        return screen(row, actor, decision=decision, answers=answers)

    def handed_off(referral, met_after_days):
        arrived = referral.community_referral.received_at + timedelta(days=met_after_days)
        return referral_hand_off(
            referral=referral,
            actor=pat,
            agency=users["morgan"].agency,
            case_manager=users["morgan"],
            called_at=arrived - timedelta(hours=1),
            arrived_at=arrived,
            handed_off_at=arrived,
        )

    reason = DeclineReason.objects.get
    rows = {name: received(downtown, days) for name, days in (("d1", 10), ("d2", 8), ("d3", 6), ("d4", 3), ("d5", 2))}
    rows |= {"b1": received(business, 4), "b2": received(business, 1), "old": received(downtown, 100)}
    refs["d1"] = screened(rows["d1"], pat)
    refs["d2"] = screened(rows["d2"], pat)
    triage_request_verification(community_referral=rows["d3"], manager=pat, agency=avery.police_agency)
    declined = DecisionReason.objects.get(code="declined")
    refs["d3"] = screened(rows["d3"], avery, DecisionInput(outcome="not_divert", reasons=(declined,)))
    triage_decline(community_referral=rows["d4"], manager=pat, reason=reason(code="outside-area"))
    triage_note(community_referral=rows["d5"], manager=pat, note="Calling the outreach team back.")
    triage_decline(community_referral=rows["b1"], manager=pat, reason=reason(code="cannot-find"))
    triage_decline(community_referral=rows["old"], manager=pat, reason=reason(code="outside-area"))
    rows["p1"] = public_request_file(details=details(contact_name="A neighbour"))
    handed_off(refs["d1"], 2)
    handed_off(refs["d2"], 5)
    d1 = refs["d1"]
    d1.refresh_from_db()
    intake_record_completion(
        referral=d1,
        case_manager=users["morgan"],
        completed_at=now,
        release=ReleaseInput(
            parties="LEAD partners",
            purpose="Coordinating case management",
            signed_on=timezone.localdate(now),
            expires_on=timezone.localdate(now) + timedelta(days=365),
        ),
    )
    for key in ("d1", "d2", "d3"):
        refs[key].refresh_from_db()
    program.community = rows
    return program
