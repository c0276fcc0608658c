"""Non-interference for 42 CFR Part 2: two worlds identical except that in one
a handed-off person's intake was completed with no release in force (completed,
then the release revoked), and in the other it is still pending. Every role
outside the receiving agency fetches every URL it can reach (pages and htmx
fragments), every export kind and format, and receives the deadline sweep's
notices; the two worlds must be indistinguishable after normalising CSRF
tokens, nonces and clock times. With a release in force the difference shows.

A second police agency (its officer, sergeant, prosecutor's office, case-
management agency and agency administrator) shares the deployment and looks
too: across agencies the difference must not show either.

Both worlds are built from one world on one database: the first is observed,
rolled back to a savepoint, then the second is made and observed, so ids and
dates are the same in both."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lead_ops.notifications.models import Notification
from referrals.models import Intake, ReleaseOfInformation
from referrals.services.consent import release_revoke
from referrals.services.handoff import ReleaseInput, intake_deadline_sweep, intake_record_completion
from reports.filters import ReportFilters, default_range
from reports.models import ReportExport
from reports.services import report_export_build, report_export_request

from .test_url_matrix import MATRIX, PUBLIC, TOKEN_ONLY, url_arguments, url_names
from .world import AGENCY_BOUND, build_world

pytestmark = pytest.mark.django_db

# Inside the receiving agency or the system's superuser: they see intake as part of the work.
INSIDE = {"case_manager", "administrator"}
# URLs the crawl does not fetch, and why. Everything else in the resolver is fetched.
NOT_FETCHED = {
    "admin:*": "the superuser's only (the agency administrator sees no referral in the admin)",
    "accounts:logout": "ends the session",
}
# The integration API answers tokens, not sessions: observe() reads it as the
# first agency's records system would (api_status).
VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'<meta name="csrf-token" content="[^"]+"'), '<meta name="csrf-token" content=""'),
    (re.compile(r'"X-CSRFToken": ?"[^"]+"'), '"X-CSRFToken": ""'),
    (re.compile(r'"csrf_token": ?"[^"]+"'), '"csrf_token": ""'),  # the offline client's state
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "HH:MM"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),  # exports made in each world
    (re.compile(r"\b\d{8}T\d{6}Z?\b"), "YYYYMMDDTHHMMSS"),  # calendar stamps
    (re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\b"), "YYYY-MM-DDTHH:MM"),  # a form's "now" (date and time inputs)
    # "waiting 1 hour, 5 minutes": the clock moves between the two worlds' visits
    (re.compile(r"\b\d+\s(second|minute|hour|day|week|month|year)s?\b"), "N units"),
]


def normalised(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def fetched_names() -> list[str]:
    return sorted(set(url_names()) - set(NOT_FETCHED))


def outside_roles(world) -> dict:
    """Every role outside the receiving agency: the referring agency's, and the
    agency-bound roles of a second agency in the same deployment (its program-wide
    roles are the same as the first's)."""
    roles = {name: user for name, user in world.users.items() if name not in INSIDE}
    if world.other is not None:
        roles |= {f"other-{name}": world.other.users[name] for name in sorted(AGENCY_BOUND)}
    only = getattr(world, "only_roles", None)
    return {name: user for name, user in roles.items() if only is None or name in only}


def observe(client, world, arguments) -> dict:
    """Every GET each outside role reaches, as a page and as an htmx fragment;
    every export; then the deadline sweep's notices and the pages after it."""
    seen = {}
    for role, user in outside_roles(world).items():
        client.force_login(user)
        for name in fetched_names():
            method, roles = MATRIX[name]
            if method != "get" or roles == TOKEN_ONLY or (roles != PUBLIC and role.removeprefix("other-") not in roles):
                continue
            path = reverse(name, kwargs=arguments.get(name, {}))
            # The other agency's fragments are its pages' parts: its pages suffice.
            for htmx in (False,) if role.startswith("other-") else (False, True):
                response = client.get(path, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
                seen[(role, name, htmx)] = (response.status_code, normalised(body_of(response)))
    seen.update(exports(world))
    seen["agenda e-mails"] = agenda_emails(world)
    seen["api"] = api_status(client, world)
    return seen


def api_status(client, world) -> list:
    """What the police agency's records system reads: each referral's status by
    id and by incident number, and the figures, with a token of every scope."""
    from api.models import IntegrationClient
    from api.scopes import SCOPES
    from api.services import integration_client_create

    rms = IntegrationClient.objects.filter(name="World RMS").first()
    if rms is None:
        rms, _ = integration_client_create(name="World RMS", agency=world.police, scopes=list(SCOPES))
    from oauth2_provider.models import AccessToken

    token = AccessToken.objects.create(
        application=rms.application,
        token=f"differential-{rms.pk}",
        scope=" ".join(SCOPES),
        expires=timezone.now() + timedelta(hours=1),
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token.token}"}
    client.logout()
    read = [
        client.get(reverse("api:referral", args=[referral.pk]), **auth)
        for referral in (world.participant, world.handed_off, world.waiting)
    ]
    read.append(client.get(reverse("api:referrals"), {"incident_number": world.participant.incident_number}, **auth))
    read.append(client.get(reverse("api:figures"), **auth))
    token.delete()
    return [(response.status_code, normalised(response.content)) for response in read]


def agenda_emails(world) -> list:
    """The agenda e-mail (and its invitation) each member outside case management receives."""
    from django.core import mail

    from workgroup.services import meeting_agenda_send

    mail.outbox = []
    meeting_agenda_send(meeting_id=world.upcoming.pk)
    inside = {world.users[name].email for name in INSIDE}
    return sorted(
        (
            message.to[0],
            message.subject,
            normalised(message.body.encode()),
            [normalised(a[1].encode()) for a in message.attachments],
        )
        for message in mail.outbox
        if message.to[0] not in inside
    )


def exports(world) -> dict:
    """Every export kind and format, named where the role may and de-identified, built now."""
    made = {}
    owners = {"analyst": world.users["analyst"], "sergeant": world.users["sergeant"]}
    if world.other is not None:
        owners["other-sergeant"] = world.other.users["sergeant"]
    for role, owner in owners.items():
        for kind in ReportExport.Kind.values:
            for fmt in ReportExport.Format.values:
                for deidentified in (True, False):
                    try:
                        export = report_export_request(
                            owner=owner,
                            kind=kind,
                            fmt=fmt,
                            filters=ReportFilters(*default_range()),
                            deidentified=deidentified,
                        )
                    except Exception as refused:  # noqa: BLE001  (a refusal is the same in both worlds, or not)
                        made[("export", role, kind, fmt, deidentified)] = type(refused).__name__
                        continue
                    report_export_build(export_id=export.pk)
                    export.refresh_from_db()
                    content = export.file.read() if export.file else b""
                    made[("export", role, kind, fmt, deidentified)] = _export_content(fmt, content)
    return made


def _export_content(fmt: str, content: bytes):
    if fmt == "xlsx" and content:
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return [[tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]
    return normalised(content)


def after_the_deadline(client, world, arguments) -> dict:
    """The deadline passes: the sweep runs, its notices are kept, the pages seen again."""
    Intake.objects.filter(referral=world.handed_off).update(intake_deadline=timezone.localdate() - timedelta(days=1))
    before = set(Notification.objects.values_list("pk", flat=True))
    intake_deadline_sweep(today=timezone.localdate())
    notices = sorted(
        (n.recipient.username, n.kind, n.subject, n.body, n.url)
        for n in Notification.objects.exclude(pk__in=before).select_related("recipient")
        if n.recipient.username.removeprefix("world-") not in INSIDE
    )
    return {"notices": notices, **{("after", *key): value for key, value in observe(client, world, arguments).items()}}


def with_a_case_conference(world):
    """An upcoming meeting whose agenda holds a case conference about the person handed off."""
    from workgroup.models import AgendaItem
    from workgroup.services import agenda_item_add, meeting_schedule

    coordinator = world.users["coordinator"]
    starts = timezone.now() + timedelta(days=2)
    upcoming = meeting_schedule(
        workgroup=world.meeting.workgroup,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="Room 3",
        actor=coordinator,
    )
    agenda_item_add(
        meeting=upcoming, actor=coordinator, kind=AgendaItem.Kind.CASE_CONFERENCE, referral=world.handed_off
    )
    return upcoming


def complete(world, *, revoke: bool):
    cm = world.users["case_manager"]
    today = timezone.localdate()
    intake_record_completion(
        referral=world.handed_off,
        case_manager=cm,
        completed_at=timezone.now(),
        release=ReleaseInput(
            parties="LEAD partners", purpose="Coordination", signed_on=today, expires_on=today + timedelta(days=365)
        ),
    )
    if revoke:
        release_revoke(release=ReleaseOfInformation.objects.get(referral=world.handed_off), actor=cm)


def two_worlds(
    client, settings, tmp_path, *, revoke: bool, only_roles=None, across_agencies=False
) -> tuple[dict, dict, object]:
    settings.MEDIA_ROOT = tmp_path
    settings.LEAD_REPORT_CACHE_SECONDS = 0  # figures computed in each world, never carried over
    world = build_world()
    world.other = build_world("other") if across_agencies else None
    world.only_roles = only_roles
    world.upcoming = with_a_case_conference(world)
    arguments = url_arguments(world)
    point = transaction.savepoint()
    pending = {**observe(client, world, arguments)}
    pending.update(after_the_deadline(client, world, arguments))
    transaction.savepoint_rollback(point)
    complete(world, revoke=revoke)
    completed = {**observe(client, world, arguments)}
    completed.update(after_the_deadline(client, world, arguments))
    return pending, completed, world


def differences(one: dict, other: dict) -> list[str]:
    return [f"{key}" for key in sorted(set(one) | set(other), key=str) if one.get(key) != other.get(key)]


def test_a_completed_intake_without_a_release_is_indistinguishable_from_a_pending_one(
    client, settings, tmp_path, lead_protocol
):
    pending, completed, _ = two_worlds(client, settings, tmp_path, revoke=True, across_agencies=True)

    assert len(pending) > 300, "the crawl reached too little to mean anything"
    assert pending["notices"], "the sweep notified nobody outside case management"
    assert pending["agenda e-mails"], "no member outside case management was sent the agenda"
    assert ("other-sergeant", "reports:dashboard", False) in pending, "the second agency did not look"
    assert all(code == 200 for code, _ in pending["api"]), "the records system read nothing"
    assert not differences(pending, completed), "\n".join(differences(pending, completed)[:40])


def test_under_a_release_in_force_the_completion_shows_with_the_notice(client, settings, tmp_path, lead_protocol):
    from referrals.models import Disclosure

    # The roles that open the referral page: enough to see the difference.
    pending, completed, world = two_worlds(client, settings, tmp_path, revoke=False, only_roles={"officer", "sergeant"})

    changed = differences(pending, completed)
    assert any("referrals:detail" in key or "referrals:index" in key for key in changed), changed[:20]
    client.force_login(world.users["officer"])
    page = client.get(reverse("referrals:detail", args=[world.handed_off.pk])).content.decode()
    assert "Intake completed" in page and 'data-testid="part2-notice"' in page, "shown without the 2.32 notice"
    logged = Disclosure.objects.filter(referral=world.handed_off, recipient=world.users["officer"])
    assert logged.exists(), "showing a completion under a release was not logged"


def test_every_url_and_export_is_covered_by_the_differential_crawl():
    """A new URL is fetched by the crawl unless it is named in NOT_FETCHED with a
    reason; a new export kind or format is built by exports() automatically."""
    names = set(url_names())
    assert set(NOT_FETCHED) <= names, f"stale entries: {sorted(set(NOT_FETCHED) - names)}"
    assert set(fetched_names()) | set(NOT_FETCHED) == names
    assert set(ReportExport.Kind.values) and set(ReportExport.Format.values) >= {"csv", "xlsx"}
