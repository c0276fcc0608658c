"""The access matrix's agency axis: two police agencies in one deployment, each
with its prosecutor's office, case-management agency and a person in every role
(tests/security/world.py, built twice). Every URL is requested by every role of
the first agency against the first agency's records and against the second's,
with real ids; then every page an agency-bound role reaches is searched for
anything of the other agency's referrals."""

import pytest
from django.urls import reverse

from .test_url_matrix import MATRIX, PUBLIC, expected, request_as, url_arguments, url_names
from .world import AGENCY_BOUND, build_world

pytestmark = pytest.mark.django_db

# URLs about one agency's records: for a role bound to an agency, another
# agency's record is refused as if it did not exist. Program staff (coordinator,
# analyst, the system administrator) reach either as the matrix says.
AGENCY_SCOPED = {
    "referrals:detail",
    "referrals:correct",
    "referrals:handoff",
    "referrals:intake",
    "referrals:notes",
    "referrals:charging",
    "referrals:release-revoke",
    "referrals:review-act",
    "referrals:draft-discard",
    "training:unit_compliance",
    # A verification is asked of one police agency: its designated officers only.
    "community:screen",
}
# URLs about records the whole program shares: a person (for de-duplication),
# training and the workgroup. Reached alike from either agency; what they show
# of referrals is checked below.
SHARED = {
    # An agency's sign-in door is open to everyone; who it signs in is the provider's (sso/tests).
    "sso:start",
    "sso:callback",
    # The project team triages the whole program's community door.
    "community:triage-detail",
    "community:note",
    "community:ask-verification",
    "community:decline",
    "referrals:person",
    "referrals:person-choose",
    "referrals:disclosures",
    "training:session_detail",
    "training:session_edit",
    "training:session_delete",
    "training:attendance",
    "training:attendance_remove",
    "training:topic_edit",
    "training:trainer_retire",
    "training:import_preview",
    "training:import_apply",
    "workgroup:meeting-cancel",
    "workgroup:meeting-send-agenda",
    "workgroup:agenda-add",
    "workgroup:agenda-build",
    "workgroup:agenda-move",
    "workgroup:agenda-remove",
    "workgroup:minutes",
    "workgroup:minutes-approve",
    "workgroup:addendum-add",
    "workgroup:attendance",
    "workgroup:issue",
    "workgroup:calendar-feed",
}

# URLs reached through a tie to the record: a member of its workgroup, a trainer
# or attendee of its session, the owner of an export. The other world's records
# have other members, so only the program's own staff reach them by role.
BY_MEMBERSHIP = {
    "workgroup:meeting",
    "workgroup:minutes-csv",
    "workgroup:minutes-print",
    "workgroup:action-status",
    "training:session_materials",
    "reports:export-status",
    "reports:export-download",
    "accounts:passkey_rename",  # a passkey: its owner's only
    "accounts:passkey_remove",
}
PROGRAM_STAFF = {"coordinator", "administrator"}
# The integration API: no session opens it (api/tests hold its own agency axis, by token).
TOKEN_ONLY_URLS = {"api:referral", "api:draft-qr", "api:webhook"}


def expected_elsewhere(name: str, role: str) -> str:
    """What a role of the first agency gets for the second agency's record."""
    if name in AGENCY_SCOPED and role in AGENCY_BOUND:
        return "denied"
    if name in BY_MEMBERSHIP and role not in PROGRAM_STAFF:
        return "denied"
    return expected(MATRIX[name], role)


@pytest.fixture
def agencies(lead_protocol, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world("world"), build_world("other")


def test_every_url_with_a_record_is_placed_on_the_agency_axis(agencies):
    with_records = set(url_arguments(agencies[0]))
    placed = AGENCY_SCOPED | SHARED | BY_MEMBERSHIP | TOKEN_ONLY_URLS
    assert with_records == placed, (
        f"decide for each: {sorted(with_records - placed)}; stale: {sorted(placed - with_records)}"
    )


def test_each_role_reaches_its_own_and_another_agency_s_records_as_the_matrix_says(client, agencies):
    """Every URL about a record, as every role, for its own agency's record and
    the other agency's (URLs without a record are the same from either agency:
    test_url_matrix.py holds them)."""
    mine, theirs = agencies
    own, other = url_arguments(mine), url_arguments(theirs)
    mismatches = []
    for name in sorted(other):
        method, _ = MATRIX[name]
        for role, user in mine.users.items():
            same = request_as(client, user, method, reverse(name, kwargs=own[name]))
            if same != expected(MATRIX[name], role):
                mismatches.append(f"{name} as {role}, same agency: {same}, expected {expected(MATRIX[name], role)}")
            want = expected_elsewhere(name, role)
            got = request_as(client, user, method, reverse(name, kwargs=other[name]))
            if got != want:
                mismatches.append(f"{name} as {role}, other agency: {got}, expected {want}")
    assert not mismatches, "\n".join(mismatches)


def markers(world) -> set[str]:
    """What a page would print of the world's referrals: their incident numbers,
    links to them and the names of the people referred."""
    from referrals.models import Referral

    found = set(world.numbers)
    found |= {
        reverse("referrals:detail", args=[pk]) + '"'
        for pk in Referral.objects.filter(agency=world.police).values_list("pk", flat=True)
    }
    found |= {person.last_name for person in world.people}
    return found


def pages_reached(world, role, theirs):
    """Every GET the role reaches, with its own agency's records, plus the
    person pages and the person search of the other agency's people (people are
    shared across the program)."""
    arguments = url_arguments(world)
    for name in sorted(set(url_names()) - {"admin:*", "accounts:logout"}):
        method, roles = MATRIX[name]
        if method == "get" and (roles == PUBLIC or role in roles):
            yield name, reverse(name, kwargs=arguments.get(name, {}))
    if role in MATRIX["referrals:person"][1]:
        for person in theirs.people:
            yield "referrals:person", reverse("referrals:person", args=[person.pk])
        yield "referrals:people", reverse("referrals:people") + "?q=Otherperson"


def test_no_page_shows_an_agency_bound_role_another_agency_s_referrals(client, agencies):
    mine, theirs = agencies
    foreign = markers(theirs)
    people = {person.last_name for person in theirs.people}
    leaks = []
    for role in sorted(AGENCY_BOUND):
        client.force_login(mine.users[role])
        for name, path in pages_reached(mine, role, theirs):
            for htmx in (False, True):
                response = client.get(path, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
                body = b"".join(response.streaming_content) if response.streaming else response.content
                text = body.decode("utf-8", errors="replace")
                # A person page and the person search name the shared person, never their referrals.
                allowed = people if name in ("referrals:person", "referrals:people") else set()
                shown = sorted(marker for marker in foreign - allowed if marker in text)
                if shown:
                    leaks.append(f"{name} ({path}) as {role}{' (htmx)' if htmx else ''}: {shown}")
    assert not leaks, "\n".join(leaks)


def test_the_markers_are_seen_where_they_may_be(client, agencies):
    """The search above would find a leak: the other agency's own people and the
    program's coordinator see those referrals, and the people search finds the
    shared person from either agency."""
    mine, theirs = agencies
    client.force_login(theirs.users["officer"])
    own_list = client.get(reverse("referrals:index")).content.decode()
    assert all(number in own_list for number in theirs.numbers[:1]) or theirs.people[0].last_name in own_list
    client.force_login(mine.users["coordinator"])
    program = client.get(reverse("referrals:index")).content.decode()
    assert theirs.participant.person.last_name in program and mine.participant.person.last_name in program
    client.force_login(mine.users["officer"])
    found = client.get(reverse("referrals:people") + "?q=Otherperson").content.decode()
    assert theirs.people[0].last_name in found, "people are shared across the program for de-duplication"
    page = client.get(reverse("referrals:person", args=[theirs.participant.person.pk]))
    assert page.status_code == 200 and theirs.participant.person.last_name in page.content.decode()
