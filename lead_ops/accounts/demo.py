"""Demo accounts, precincts, units and agencies. Synthetic: no real person."""

from datetime import timedelta

from .demo_context import DEMO_PASSWORD, DemoContext
from .models import Agency, Precinct, Unit, User
from .roles import Role
from .services import agency_create, agency_save, precinct_create, unit_create, unit_set_supervisors, user_create

METRO = "Metro Police Department (demo)"
SHERIFF = "County Sheriff's Office (demo)"

# Two law-enforcement agencies in one deployment, each with its own precincts,
# units and incident-number format (the sheriff's differs from the site default).
INCIDENT_FORMATS = {SHERIFF: (r"^SO[0-9]{2}-[0-9]{6}$", "SO26-004211")}
# How the demo writes an incident number of each agency, from the contact's date and a serial.
INCIDENT_NUMBERS = {METRO: "{year}-{serial:06d}", SHERIFF: "SO{yy}-{serial:06d}"}

# Which office decides each police agency's held charges.
PROSECUTOR_OFFICES = {METRO: "City Attorney's Office (demo)", SHERIFF: "County Prosecutor's Office (demo)"}

# name, code, agency
PRECINCTS = [
    ("North", "N", METRO),
    ("East", "E", METRO),
    ("South", "S", METRO),
    ("West", "W", METRO),
    ("Valley", "V", SHERIFF),
    ("Lakeside", "L", SHERIFF),
]

# name, kind, precinct, days since onboarding (None: not yet onboarded)
UNITS = [
    ("West Anti-Crime Team", Unit.Kind.PROACTIVE, "West", 900),
    ("North Bike Squad", Unit.Kind.PROACTIVE, "North", 700),
    ("East Patrol 2nd Watch", Unit.Kind.PATROL, "East", 400),
    ("South Patrol 1st Watch", Unit.Kind.PATROL, "South", 200),
    ("West Patrol 3rd Watch", Unit.Kind.PATROL, "West", None),
    ("Sheriff Proactive Team", Unit.Kind.PROACTIVE, "Valley", 500),
    ("Sheriff Lakeside Patrol", Unit.Kind.PATROL, "Lakeside", 150),
]

AGENCIES = [
    (METRO, Agency.Kind.POLICE),
    (SHERIFF, Agency.Kind.POLICE),
    ("Harbor Case Management (demo)", Agency.Kind.CASE_MANAGEMENT),
    ("Bridgeway Outreach (demo)", Agency.Kind.CASE_MANAGEMENT),
    ("County Prosecutor's Office (demo)", Agency.Kind.PROSECUTOR),
    ("City Attorney's Office (demo)", Agency.Kind.PROSECUTOR),
    ("Public Defense Office (demo)", Agency.Kind.DEFENDER),
    ("Neighborhood Council (demo)", Agency.Kind.COMMUNITY),
    # Partners who refer through the community door.
    ("Downtown Business Alliance (demo)", Agency.Kind.REFERRING),
    ("City 311 (demo)", Agency.Kind.REFERRING),
]

# The accounts a newcomer signs in with, all with DEMO_PASSWORD.
# username, role, first, last, badge, unit, agency
SIGN_IN_ACCOUNTS = [
    ("officer", Role.OFFICER, "Olivia", "Ortega", "4471", "West Anti-Crime Team", METRO),
    ("sergeant", Role.SERGEANT, "Samuel", "Reyes", "2210", None, METRO),
    ("deputy", Role.OFFICER, "Dmitri", "Volkov", "S118", "Sheriff Proactive Team", SHERIFF),
    ("sheriffsgt", Role.SERGEANT, "Simone", "Achebe", "S042", None, SHERIFF),
    ("sheriffadmin", Role.AGENCY_ADMINISTRATOR, "Hana", "Sato", "", None, SHERIFF),
    ("casemanager", Role.CASE_MANAGER, "Casey", "Morgan", "", None, "Harbor Case Management (demo)"),
    ("prosecutor", Role.PROSECUTOR, "Priya", "Shah", "", None, "City Attorney's Office (demo)"),
    ("countyprosecutor", Role.PROSECUTOR, "Kofi", "Mensah", "", None, "County Prosecutor's Office (demo)"),
    ("defender", Role.PUBLIC_DEFENDER, "Dana", "Whitfield", "", None, "Public Defense Office (demo)"),
    ("coordinator", Role.COORDINATOR, "Corinne", "Abbott", "", None, None),
    ("analyst", Role.ANALYST, "Ari", "Lindqvist", "", None, None),
    ("admin", Role.ADMINISTRATOR, "Ada", "Nakamura", "", None, None),
    ("community", Role.COMMUNITY_REFERRER, "Cam", "Rivers", "", None, "Downtown Business Alliance (demo)"),
    ("projectmanager", Role.PROJECT_MANAGER, "Petra", "Lindgren", "", None, None),
]
# Designated to verify the eligibility of community referrals the project team sends.
COMMUNITY_VERIFIERS = {"officer", "sergeant"}

# Further synthetic officers and sergeants who cannot sign in; they make the
# demo's referrals, reviews and training rosters look like a real department.
FIRST_NAMES = [
    "Jordan",
    "Taylor",
    "Morgan",
    "Riley",
    "Avery",
    "Quinn",
    "Rowan",
    "Emerson",
    "Harper",
    "Skyler",
    "Parker",
    "Reese",
    "Sawyer",
    "Dakota",
    "Hayden",
    "Marlowe",
]
LAST_NAMES = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Duarte",
    "Ellison",
    "Fofana",
    "Garrison",
    "Haddad",
    "Iverson",
    "Jensen",
    "Kowalski",
    "Liang",
    "Mensah",
    "Novak",
    "Okafor",
    "Petrov",
]


def configure(demo: DemoContext) -> None:
    if User.objects.filter(username="officer").exists():
        _load(demo)
        added = _add_missing_accounts(demo)
        demo.note(f"accounts: already present, kept{f'; added {added}' if added else ''}")
        return
    demo.agencies = {name: _agency(name, kind) for name, kind in AGENCIES}
    for police, office in PROSECUTOR_OFFICES.items():
        demo.agencies[police].prosecutor_office = demo.agencies[office]
        agency_save(agency=demo.agencies[police], changed=["prosecutor_office"])
    precincts = {
        name: precinct_create(agency=demo.agencies[agency], name=name, code=code) for name, code, agency in PRECINCTS
    }
    for name, kind, precinct, days in UNITS:
        onboarded = demo.today - timedelta(days=days) if days is not None else None
        demo.units[name] = unit_create(name=name, kind=kind, precinct=precincts[precinct], onboarded_on=onboarded)
    for account in SIGN_IN_ACCOUNTS:
        _sign_in_account(demo, account)
    _seed_department(demo)
    demo.note(f"accounts: {User.objects.count()} users in {len(demo.units)} units")


def _sign_in_account(demo: DemoContext, account) -> User:
    username, role, first, last, badge, unit, agency = account
    demo.users[username] = user_create(
        username=username,
        password=DEMO_PASSWORD,
        roles=[role],
        first_name=first,
        last_name=last,
        email=f"{username}@demo.lead-ops.invalid",
        badge_number=badge,
        unit=demo.units.get(unit),
        agency=demo.agencies.get(agency),
        is_staff=role == Role.AGENCY_ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
        verifies_community_referrals=username in COMMUNITY_VERIFIERS,
    )
    return demo.users[username]


def _add_missing_accounts(demo: DemoContext) -> list[str]:
    """A demo made before a release that added accounts gets them (and their agencies)."""
    for name, kind in AGENCIES:
        if name not in demo.agencies:
            demo.agencies[name] = _agency(name, kind)
    missing = [account for account in SIGN_IN_ACCOUNTS if account[0] not in demo.users]
    for account in missing:
        _sign_in_account(demo, account)
    return [account[0] for account in missing]


def _agency(name: str, kind: str) -> Agency:
    pattern, example = INCIDENT_FORMATS.get(name, ("", ""))
    return agency_create(name=name, kind=kind, incident_number_pattern=pattern, incident_number_example=example)


def demo_incident_number(agency: Agency, occurred, serial: int) -> str:
    """An incident number as the demo's agency writes it."""
    template = INCIDENT_NUMBERS.get(agency.name, INCIDENT_NUMBERS[METRO])
    return template.format(year=occurred.year, yy=f"{occurred:%y}", serial=serial)


def _seed_department(demo: DemoContext) -> None:
    names = iter((f, last) for last in LAST_NAMES for f in FIRST_NAMES)
    badge = 5000
    for unit_index, unit in enumerate(demo.units.values()):
        sergeant_name = next(names)
        badge += 1
        police = demo.agencies[next(agency for name, _, agency in PRECINCTS if name == unit.precinct.name)]
        sergeant = user_create(
            username=f"sgt.{sergeant_name[1].lower()}{unit_index}",
            password=None,
            roles=[Role.SERGEANT],
            first_name=sergeant_name[0],
            last_name=sergeant_name[1],
            badge_number=str(badge),
            agency=police,
        )
        supervisors = [sergeant]
        if unit.name in {"West Anti-Crime Team", "East Patrol 2nd Watch"}:
            supervisors.append(demo.users["sergeant"])
        if unit.name == "Sheriff Proactive Team":
            supervisors.append(demo.users["sheriffsgt"])
        unit_set_supervisors(unit=unit, supervisors=supervisors)
        for officer_index in range(4):
            first, last = next(names)
            badge += 1
            user_create(
                username=f"ofc.{last.lower()}{unit_index}{officer_index}",
                password=None,
                roles=[Role.OFFICER],
                first_name=first,
                last_name=last,
                badge_number=str(badge),
                unit=unit,
                agency=police,
            )
    # The demo sergeant is also a peer trainer in their own right; they sit in no unit.
    cm_agency = demo.agencies["Bridgeway Outreach (demo)"]
    for index in range(3):
        first, last = next(names)
        user_create(
            username=f"cm.{last.lower()}{index}",
            password=None,
            roles=[Role.CASE_MANAGER],
            first_name=first,
            last_name=last,
            agency=cm_agency if index else demo.agencies["Harbor Case Management (demo)"],
        )


def _load(demo: DemoContext) -> None:
    demo.users = {user.username: user for user in User.objects.filter(username__in=[a[0] for a in SIGN_IN_ACCOUNTS])}
    demo.units = {unit.name: unit for unit in Unit.objects.all()}
    demo.agencies = {agency.name: agency for agency in Agency.objects.all()}
    assert Precinct.objects.exists()
