"""One small program with a record of every kind, and a person in every role,
for the role-by-URL access matrix."""

import io
from datetime import timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory, PrecinctFactory, UnitFactory, UserFactory
from lead_ops.accounts.tests.two_factor import passkey_for
from referrals.services import referral_draft_save
from referrals.services.handoff import ReleaseInput, intake_record_completion, referral_hand_off
from referrals.services.review import review_approve, review_return
from referrals.tests.factories import PersonFactory, arrest_answers, file_referral
from sso.models import IdentityProvider

ROLES = {
    "officer": Role.OFFICER,
    "sergeant": Role.SERGEANT,
    "case_manager": Role.CASE_MANAGER,
    "prosecutor": Role.PROSECUTOR,
    "defender": Role.PUBLIC_DEFENDER,
    "community": Role.COMMUNITY_REPRESENTATIVE,
    "coordinator": Role.COORDINATOR,
    "analyst": Role.ANALYST,
    "administrator": Role.ADMINISTRATOR,
    "agency_admin": Role.AGENCY_ADMINISTRATOR,
    "referrer": Role.COMMUNITY_REFERRER,
    "project_manager": Role.PROJECT_MANAGER,
}
# The roles that belong to one agency or office, and see only its records.
AGENCY_BOUND = frozenset({"officer", "sergeant", "case_manager", "prosecutor", "agency_admin"})
# Each world's police agency files in its own incident-number format.
FORMATS = {
    "world": (r"^[0-9]{2,4}-[0-9]{4,8}$", "2026-012345"),
    "other": (r"^SO[0-9]{2}-[0-9]{6}$", "SO26-004211"),
}


class Filer:
    """Files the world's referrals in its police agency's incident-number format,
    each with its own number and a person of its own, so a page that shows
    another agency's referral can be caught by what it prints."""

    def __init__(self, label: str):
        self.label, self.numbers, self.people = label, [], []

    def __call__(self, *, officer, route_code="social-contact"):
        from referrals.models import Offense

        n = len(self.numbers) + 1
        number = f"2026-{10000 + n:06d}" if self.label == "world" else f"SO26-{700000 + n}"
        person = PersonFactory(
            first_name=f"{self.label.capitalize()}person", last_name=f"{self.label.capitalize()}marker{'abcdefgh'[n]}"
        )
        self.numbers.append(number)
        self.people.append(person)
        answers = None
        if route_code == "arrest-diversion":
            answers = arrest_answers([Offense.objects.get(code="drug-possession")], incident_number=number)
        return file_referral(officer=officer, route_code=route_code, person=person, answers=answers)


def build_world(label: str = "world"):
    """One program's world for one police agency (with its prosecutor's office
    and a case-management agency). Two calls with different labels make two
    agencies side by side in one deployment."""
    from django.http import QueryDict

    from training.models import Topic
    from training.services import (
        attendance_record,
        peer_trainer_flag,
        record_import_upload,
        training_session_create,
    )
    from workgroup.models import MemberRole
    from workgroup.services import (
        action_item_create,
        agenda_item_add,
        calendar_feed_create,
        issue_raise,
        meeting_schedule,
        membership_add,
        workgroup_create,
    )

    title = label.capitalize()
    pattern, example = FORMATS[label]
    office = AgencyFactory(kind=Agency.Kind.PROSECUTOR, name=f"{title} prosecutor's office")
    police = AgencyFactory(
        kind=Agency.Kind.POLICE,
        name=f"{title} police",
        prosecutor_office=office,
        incident_number_pattern=pattern,
        incident_number_example=example,
    )
    agency = AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT, name=f"{title} case management")
    # Its identity provider answers nobody here (port 9, discard): its sign-in door sends everyone back.
    identity_provider = IdentityProvider.objects.create(
        agency=police, name=f"{title} directory", slug=f"{label}-idp", issuer="http://127.0.0.1:9", client_id=label
    )
    unit = UnitFactory(name=f"{title} unit", precinct=PrecinctFactory(agency=police, code=f"{title[0]}1"))
    belongs = {Role.CASE_MANAGER: agency, Role.PROSECUTOR: office, Role.SERGEANT: police}
    belongs[Role.AGENCY_ADMINISTRATOR] = police
    belongs[Role.COMMUNITY_REFERRER] = AgencyFactory(kind=Agency.Kind.REFERRING, name=f"{title} outreach")
    users = {}
    for name, role in ROLES.items():
        users[name] = UserFactory(
            username=f"{label}-{name}",
            roles=[role],
            unit=unit if role in (Role.OFFICER,) else None,
            agency=belongs.get(role),
            badge_number=f"{title[0]}{len(users) + 100}" if role in (Role.OFFICER, Role.SERGEANT) else "",
            is_staff=role in (Role.ADMINISTRATOR, Role.AGENCY_ADMINISTRATOR),
            is_superuser=role == Role.ADMINISTRATOR,
            # The officer is designated to verify community referrals; the sergeant is not.
            verifies_community_referrals=role == Role.OFFICER,
        )
    unit.supervisors.add(users["sergeant"])
    officer, sergeant, cm = users["officer"], users["sergeant"], users["case_manager"]
    file = Filer(label)

    participant = file(officer=officer, route_code="arrest-diversion")
    review_approve(referral=participant, decision_id=participant.current_decision_id, sergeant=sergeant)
    referral_hand_off(
        referral=participant,
        actor=officer,
        agency=agency,
        case_manager=cm,
        called_at=timezone.now() - timedelta(minutes=10),
    )
    today = timezone.localdate()
    intake_record_completion(
        referral=participant,
        case_manager=cm,
        completed_at=timezone.now(),
        release=ReleaseInput(
            parties="LEAD partners", purpose="Coordination", signed_on=today, expires_on=today + timedelta(days=365)
        ),
    )
    participant.refresh_from_db()
    waiting = file(officer=officer, route_code="arrest-diversion")
    approved = file(officer=officer, route_code="arrest-diversion")
    review_approve(referral=approved, decision_id=approved.current_decision_id, sergeant=sergeant)
    handed_off = file(officer=officer)  # social contact: approved on filing
    referral_hand_off(
        referral=handed_off,
        actor=officer,
        agency=agency,
        case_manager=None,
        called_at=timezone.now() - timedelta(minutes=5),
    )
    returned = file(officer=officer, route_code="arrest-diversion")
    review_return(referral=returned, decision_id=returned.current_decision_id, sergeant=sergeant, comment="Fix it")
    draft = referral_draft_save(
        officer=officer, token=__import__("uuid").uuid4(), route=participant.route, form_data=QueryDict("first_name=A")
    )

    passkey = passkey_for(officer, name=f"{title} passkey")

    coordinator = users["coordinator"]
    topic = Topic.objects.order_by("pk").first()
    trainer = peer_trainer_flag(user=sergeant, actor=coordinator)
    session = training_session_create(
        title=f"{title} session",
        held_on=today - timedelta(days=3),
        topics=[topic],
        hours=2,
        place="Room 1",
        trainers=[sergeant],
        outside_trainers="",
        actor=coordinator,
        materials=SimpleUploadedFile("handout.pdf", b"%PDF-1.4\n% world handout\n", content_type="application/pdf"),
    )
    attendance = attendance_record(session=session, attendees=[officer], actor=coordinator)[0]
    record_import, _ = record_import_upload(
        upload=SimpleUploadedFile(
            "records.csv", io.BytesIO(b"badge_number,topic,completed_on,note\n").getvalue(), content_type="text/csv"
        ),
        actor=coordinator,
    )

    workgroup = workgroup_create(name=f"{title} workgroup", actor=coordinator)
    for name, seat in (
        ("officer", MemberRole.OFFICER),
        ("sergeant", MemberRole.SERGEANT),
        ("case_manager", MemberRole.CASE_MANAGER),
        ("prosecutor", MemberRole.PROSECUTOR),
        ("coordinator", MemberRole.COORDINATOR),
    ):
        membership_add(workgroup=workgroup, user=users[name], role=seat, actor=coordinator)
    starts = timezone.now() - timedelta(hours=1)
    meeting = meeting_schedule(
        workgroup=workgroup, starts_at=starts, ends_at=starts + timedelta(hours=1), place="Room 2", actor=coordinator
    )
    issue = issue_raise(raised_by=officer, what_happened="The hand-off line rings out at night.")
    item = agenda_item_add(meeting=meeting, actor=coordinator, kind="operational_issue", issue=issue)
    action = action_item_create(
        workgroup=workgroup,
        actor=coordinator,
        owner=officer,
        description="Call the agency",
        due_on=today + timedelta(days=7),
        meeting=meeting,
    )
    _, token = calendar_feed_create(user=officer)

    community = _community_door(label, users, police)

    from reports.filters import ReportFilters, default_range
    from reports.services import report_export_request

    export = report_export_request(
        owner=users["analyst"], kind="referrals", fmt="csv", filters=ReportFilters(*default_range()), deidentified=True
    )
    return SimpleNamespace(
        identity_provider=identity_provider,
        label=label,
        police=police,
        office=office,
        agency=agency,
        numbers=file.numbers,
        people=file.people,
        users=users,
        participant=participant,
        waiting=waiting,
        approved=approved,
        handed_off=handed_off,
        returned=returned,
        unit=unit,
        draft=draft,
        person=participant.person,
        release=participant.releases.get(),
        topic=topic,
        trainer=trainer,
        session=session,
        attendance=attendance,
        record_import=record_import,
        meeting=meeting,
        item=item,
        issue=issue,
        action=action,
        token=token,
        export=export,
        passkey=passkey,
        community=community,
    )


def _community_door(label: str, users: dict, police) -> SimpleNamespace:
    """A referral received at the community door, one the project team sent the
    police agency to verify, and one it screened into a diversion."""
    from community.models import DeclineReason
    from community.services import triage_decline, triage_request_verification
    from community.tests.factories import refer, screen

    title = label.capitalize()
    referrer, manager = users["referrer"], users["project_manager"]
    received = refer(referrer, person_name=f"{title}community Received", usual_location=f"{title} park")
    to_verify = triage_request_verification(
        community_referral=refer(referrer, person_name=f"{title}community Verify"), manager=manager, agency=police
    )
    accepted = refer(referrer, person_name=f"{title}community Accepted")
    screened = screen(accepted, manager)
    declined = triage_decline(
        community_referral=refer(referrer, person_name=f"{title}community Declined"),
        manager=manager,
        reason=DeclineReason.objects.get(code="outside-area"),
    )
    return SimpleNamespace(
        received=received, to_verify=to_verify, accepted=accepted, screened=screened, declined=declined
    )
