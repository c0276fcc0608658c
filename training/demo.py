"""Demo peer training (synthetic): peer trainers, sessions over the past two
years and one scheduled, their rosters, a historic import, and protocol
acknowledgements, all through the services.

Who attended what is written out below rather than drawn at random, so the
compliance it produces can be worked out by hand (training/tests/test_demo.py
does). Proactive units were trained first and patrol later, as LEAD rolls
out; on the demo day the demo officer is current with three topics due soon,
North Bike Squad has two officers overdue, South Patrol is part-trained and
West Patrol 3rd Watch, not yet onboarded, has a session scheduled. The County
Sheriff's Office proactive team was onboarded by the city's peer trainers.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from lead_ops.accounts.demo_context import DemoContext
from lead_ops.accounts.models import Unit, User
from lead_ops.accounts.roles import Role
from lead_ops.protocol.selectors import protocol_current

from . import services
from .models import PeerTrainer, Topic, TrainingSession

WAC, NBS, EP2, SP1, WP3 = (
    "West Anti-Crime Team",
    "North Bike Squad",
    "East Patrol 2nd Watch",
    "South Patrol 1st Watch",
    "West Patrol 3rd Watch",
)
SPT = "Sheriff Proactive Team"
LP, SC, HR, SUD, MH, HB = (
    "lead-protocol",
    "social-contact",
    "harm-reduction",
    "substance-use",
    "mental-health",
    "housing-barriers",
)
PLACES = ["West Precinct roll-call room", "North Precinct training room", "East Precinct community room"]

# days before the demo day (negative: ahead), title, topics, peer trainers,
# outside trainers, attendees. People are named by group: "WAC officers" are
# every officer of the unit; "NBS officers[:2]" the first two by username;
# "WAC sergeants" the unit's sergeants of their own; "demo sergeant" the
# sign-in sergeant, who supervises WAC and EP2.
SESSIONS = [
    (
        180,
        "Sheriff's Office onboarding: LEAD protocol, barriers and harm reduction",
        [LP, SC, HR, HB, SUD, MH],
        ["WAC trainer officer"],
        "",
        ["SPT officers", "SPT sergeants"],
    ),
    (
        715,
        "LEAD launch: the barriers people face",
        [HB, SUD, MH],
        ["WAC sergeants"],
        "Harbor Case Management (demo) outreach team",
        ["WAC officers", "WAC sergeants", "demo sergeant", "NBS officers", "NBS sergeants"],
    ),
    (
        420,
        "Patrol briefing: barriers, treatment and crisis",
        [HB, SUD, MH],
        ["demo sergeant"],
        "",
        ["EP2 officers[:3]", "EP2 sergeants"],
    ),
    (
        400,
        "Harm reduction and naloxone",
        [HR],
        ["demo sergeant"],
        "Bridgeway Outreach (demo) harm-reduction educator",
        [
            "WAC officers",
            "WAC sergeants",
            "demo sergeant",
            "NBS officers",
            "NBS sergeants",
            "EP2 officers",
            "EP2 sergeants",
        ],
    ),
    (
        300,
        "Protocol and social-contact referrals, from officers who use them",
        [LP, SC],
        ["WAC trainer officer", "demo sergeant"],
        "",
        [
            "WAC officers",
            "WAC sergeants",
            "demo sergeant",
            "NBS officers[:2]",
            "NBS sergeants",
            "EP2 officers",
            "EP2 sergeants",
        ],
    ),
    (
        200,
        "Patrol onboarding: LEAD protocol, social contact and harm reduction",
        [LP, SC, HR],
        ["EP2 sergeants"],
        "",
        ["SP1 officers", "SP1 sergeants"],
    ),
    (
        100,
        "Substance use disorders and mental health",
        [SUD, MH],
        ["EP2 sergeants"],
        "County behavioral health (demo) clinician",
        ["SP1 officers[:3]"],
    ),
    (
        -21,
        "West Patrol 3rd Watch pre-launch training",
        [LP, SC, HB],
        ["demo sergeant", "WAC trainer officer"],
        "",
        [],
    ),
]

# Historic records from before the app: (group, topic, days before the demo day, note)
HISTORIC = [
    ("NBS officers[2:]", LP, 500, "Academy in-service (demo)"),
    ("NBS officers[2:]", SC, 800, "Academy in-service (demo)"),
    ("SP1 sergeants", HB, 900, "Sergeants' academy (demo)"),
    ("officer", LP, 665, "Academy in-service (demo)"),
]

# Everyone acknowledged protocol version 1 except the demo sergeant, the
# South Patrol sergeant and the unit not yet onboarded.
ACKNOWLEDGED = [
    "WAC officers",
    "WAC sergeants",
    "NBS officers",
    "NBS sergeants",
    "EP2 officers",
    "EP2 sergeants",
    "SP1 officers",
    "SPT officers",
    "SPT sergeants",
]
UNIT_CODES = {"WAC": WAC, "NBS": NBS, "EP2": EP2, "SP1": SP1, "WP3": WP3, "SPT": SPT}


def seed(demo: DemoContext) -> None:
    if TrainingSession.objects.exists():
        demo.note("training: already present, kept")
        return
    coordinator = demo.users["coordinator"]
    people = _People(demo)
    trainers = ["demo sergeant", "WAC sergeants", "WAC trainer officer", "EP2 sergeants"]
    for user in [person for name in trainers for person in people.group(name)]:
        if not PeerTrainer.objects.filter(user=user, is_active=True).exists():
            services.peer_trainer_flag(user=user, note="Demo peer trainer", actor=coordinator)
    topics = {topic.code: topic for topic in Topic.objects.all()}
    for days_ago, title, codes, trainers, outside, attendees in SESSIONS:
        session = services.training_session_create(
            title=title,
            held_on=demo.today - timedelta(days=days_ago),
            topics=[topics[code] for code in codes if code in topics],
            hours=Decimal(demo.rng.choice(["1.5", "2", "3"])),
            place=demo.rng.choice(PLACES),
            trainers=[person for name in trainers for person in people.group(name)],
            outside_trainers=outside,
            actor=coordinator,
        )
        roster = list(dict.fromkeys(person for name in attendees for person in people.group(name)))
        if roster:
            services.attendance_record(session=session, attendees=roster, actor=coordinator)
    _import_historic(demo, people, coordinator)
    version = protocol_current()
    if version is not None:
        for person in dict.fromkeys(p for name in ACKNOWLEDGED for p in people.group(name)):
            services.protocol_acknowledgement_record(user=person, version=version)
    demo.note(f"training: {TrainingSession.objects.count()} sessions with rosters, historic records imported")


def _import_historic(demo: DemoContext, people: "_People", coordinator: User) -> None:
    lines = ["badge_number,topic,completed_on,note"]
    for name, code, days_ago, note in HISTORIC:
        for person in people.group(name):
            lines.append(f"{person.badge_number},{code},{demo.today - timedelta(days=days_ago):%Y-%m-%d},{note}")
    upload = SimpleUploadedFile("historic-training-records.csv", "\n".join(lines).encode(), content_type="text/csv")
    record_import, _ = services.record_import_upload(upload=upload, actor=coordinator)
    services.record_import_apply(record_import=record_import, actor=coordinator)


class _People:
    """The demo's officers and sergeants by unit, in a fixed order."""

    def __init__(self, demo: DemoContext):
        self.demo = demo
        self.units = {code: Unit.objects.get(name=name) for code, name in UNIT_CODES.items()}

    def group(self, name: str) -> list[User]:
        if name in {"officer", "sergeant"}:
            return [self.demo.users[name]]
        if name == "demo sergeant":
            return [self.demo.users["sergeant"]]
        if name == "WAC trainer officer":
            return [self.one(name)]
        code, rest = name.split(" ", 1)
        unit = self.units[code]
        kind, _, cut = rest.partition("[")
        if kind == "officers":
            members = list(unit.members.filter(groups__name=Role.OFFICER, is_active=True).order_by("username"))
        else:  # the unit's own sergeants: those who supervise it, apart from the demo sergeant
            members = list(unit.supervisors.exclude(pk=self.demo.users["sergeant"].pk).order_by("username"))
        if cut:
            start, _, stop = cut.rstrip("]").partition(":")
            members = members[int(start or 0) : int(stop) if stop else None]
        return members

    def one(self, name: str) -> User:
        # The first West Anti-Crime officer after the demo officer: officers who
        # use LEAD explain it best (core principles).
        assert name == "WAC trainer officer"
        officers = self.units["WAC"].members.filter(groups__name=Role.OFFICER).exclude(username="officer")
        return officers.order_by("username").first()
