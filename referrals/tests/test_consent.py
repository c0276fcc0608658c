"""Consent-gated disclosure of substance-use information (42 CFR Part 2):
whether the person completed intake is shown outside case management only
under an active release, with the 2.32 notice, and logged for the accounting."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory
from referrals.models import Disclosure, ReleaseOfInformation
from referrals.services.consent import release_revoke
from referrals.services.handoff import ReleaseInput, intake_record_completion, referral_hand_off
from referrals.services.review import review_approve

from .factories import file_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT)


@pytest.fixture
def cm(make_user, agency):
    return make_user(Role.CASE_MANAGER, agency=agency)


@pytest.fixture
def participant(officer, sergeant, lead_protocol, agency, cm):
    """An arrest diversion through intake, with a release signed today for a year."""
    referral = file_referral(officer=officer, route_code="arrest-diversion")
    review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
    referral_hand_off(
        referral=referral,
        actor=officer,
        agency=agency,
        case_manager=cm,
        called_at=timezone.now() - timedelta(minutes=10),
    )
    today = timezone.localdate()
    intake_record_completion(
        referral=referral,
        case_manager=cm,
        completed_at=timezone.now(),
        release=ReleaseInput(
            parties="LEAD partners", purpose="Coordination", signed_on=today, expires_on=today + timedelta(days=365)
        ),
    )
    referral.refresh_from_db()
    return referral


def page(client, user, referral):
    client.force_login(user)
    return client.get(f"/referrals/{referral.pk}/").content.decode()


def test_with_an_active_release_the_prosecutor_sees_the_intake_with_the_notice(client, participant, prosecutor):
    content = page(client, prosecutor, participant)

    assert "Intake completed" in content
    assert "42 CFR part 2 prohibits unauthorized use or disclosure of these records." in content
    disclosure = Disclosure.objects.get()
    assert disclosure.recipient == prosecutor and disclosure.person == participant.person
    assert disclosure.release == participant.releases.get()
    assert disclosure.channel == Disclosure.Channel.PAGE
    assert "42 CFR 2.35" in disclosure.purpose


def test_each_view_is_a_disclosure_in_the_accounting(client, participant, officer, prosecutor, administrator):
    page(client, officer, participant)
    page(client, prosecutor, participant)

    client.force_login(administrator)
    accounting = client.get(f"/people/{participant.person_id}/disclosures/").content.decode()

    assert Disclosure.objects.count() == 2
    assert officer.display_name in accounting and prosecutor.display_name in accounting


def test_inside_case_management_it_is_not_a_disclosure(client, participant, cm):
    content = page(client, cm, participant)

    assert "Intake completed" in content and "part2-notice" not in content
    assert not Disclosure.objects.exists()


def test_an_expired_release_withholds_it(client, participant, prosecutor):
    ReleaseOfInformation.objects.filter(referral=participant).update(
        signed_on=timezone.localdate() - timedelta(days=400), expires_on=timezone.localdate() - timedelta(days=35)
    )

    content = page(client, prosecutor, participant)

    assert "Intake completed" not in content
    assert "Handed off to case management" in content
    # No release dates or reasons, no case manager: a pending hand-off reads the same.
    assert "expired" not in content and participant.intake.case_manager.get_full_name() not in content
    assert "not shared without an active release of information" in content
    assert not Disclosure.objects.exists()


def test_a_revoked_release_withholds_it_from_that_day(client, participant, prosecutor, cm):
    release_revoke(release=participant.releases.get(), actor=cm)

    content = page(client, prosecutor, participant)

    assert "revoked" not in content
    assert "Intake completed" not in content
    assert not Disclosure.objects.exists()


def test_lists_show_a_hand_off_without_consent(client, participant, officer):
    ReleaseOfInformation.objects.filter(referral=participant).update(revoked_on=timezone.localdate())
    client.force_login(officer)

    listing = client.get("/referrals/").content.decode()
    home = client.get("/").content.decode()

    assert "<td>Intake completed</td>" not in listing
    assert "<td>Handed off to case management</td>" in listing
    assert "Intake completed" not in home


def test_only_the_agency_records_a_withdrawal(participant, officer, cm):
    release = participant.releases.get()
    with pytest.raises(PermissionDenied):
        release_revoke(release=release, actor=officer)
    release_revoke(release=release, actor=cm)
    with pytest.raises(ValidationError, match="already revoked"):
        release_revoke(release=release, actor=cm)


def test_a_named_export_writes_intake_only_under_consent_and_logs_it(participant, sergeant, officer, lead_protocol):
    from reports.exports.tables import referrals_table
    from reports.services import export_table  # noqa: F401  (the path reports takes)

    other = file_referral(officer=officer)  # no intake at all
    table = referrals_table(
        participant.__class__.objects.filter(pk__in=[participant.pk, other.pk]), deidentified=False, user=sergeant
    )
    rows = {row[0]: row for row in table.rows}

    assert rows[participant.pk][-1] is not None and rows[participant.pk][15] == "Intake completed"
    assert Disclosure.objects.get().channel == Disclosure.Channel.EXPORT

    ReleaseOfInformation.objects.update(revoked_on=timezone.localdate())
    table = referrals_table(participant.__class__.objects.filter(pk=participant.pk), deidentified=False, user=sergeant)
    row = next(iter(table.rows))
    assert row[-1] == "not shared without an active release of information"
    assert row[15] == "Handed off to case management"
    assert Disclosure.objects.count() == 1


def test_a_de_identified_export_logs_a_completion_it_shows_under_consent(participant, sergeant, lead_protocol):
    """A keyed person code beside month, precinct and age band can be traced back:
    the completion is logged as in a named export."""
    from reports.exports.tables import referrals_table

    table = referrals_table(participant.__class__.objects.filter(pk=participant.pk), deidentified=True, user=sergeant)
    rows = list(table.rows)

    assert "Intake completed" in rows[0]
    assert Disclosure.objects.get().channel == Disclosure.Channel.EXPORT


def test_only_administrators_read_the_accounting(client, participant, make_user):
    for role in (Role.OFFICER, Role.SERGEANT, Role.PROSECUTOR, Role.CASE_MANAGER, Role.ANALYST):
        client.force_login(make_user(role))
        assert client.get(f"/people/{participant.person_id}/disclosures/").status_code == 403


def test_a_completed_intake_without_a_release_reads_as_a_pending_hand_off(
    client, participant, officer, sergeant, agency, cm, prosecutor
):
    import re

    from referrals.services.handoff import intake_deadline_sweep

    release_revoke(release=participant.releases.get(), actor=cm)
    pending = file_referral(officer=officer, route_code="arrest-diversion")
    review_approve(referral=pending, decision_id=pending.current_decision_id, sergeant=sergeant)
    referral_hand_off(
        referral=pending,
        actor=officer,
        agency=agency,
        case_manager=cm,
        called_at=timezone.now() - timedelta(minutes=10),
    )

    def intake_section(referral):
        content = page(client, prosecutor, referral)
        section = content[
            content.index('id="handoff-heading"') : content.index("</section>", content.index("handoff-heading"))
        ]
        badge = re.search(r'data-testid="referral-status">([^<]*)<', content).group(1)
        section = re.sub(r"/referrals/\d+/", "/referrals/ID/", section)
        section = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", section)
        return badge, re.sub(r"\d{2}:\d{2}", "HH:MM", section)

    assert intake_section(participant) == intake_section(pending)
    client.force_login(prosecutor)
    listing = client.get("/prosecution/").content.decode()
    assert listing.count("Handed off to case management") == 2

    # Past the deadline both are "deadline passed", with the same notice and a filing form.
    from referrals.models import Intake

    Intake.objects.update(intake_deadline=timezone.localdate() - timedelta(days=1))
    intake_deadline_sweep()
    import difflib

    first, second = intake_section(participant), intake_section(pending)
    assert first == second, "\n".join(difflib.unified_diff(first[1].splitlines(), second[1].splitlines(), lineterm=""))
    notices = list(prosecutor.notifications.order_by("id").values_list("subject", "body"))
    assert len(notices) == 2 and notices[0][1] == notices[1][1]
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("status", ["handed_off", "intake_done", "intake_overdue", "closed"])
@pytest.mark.parametrize("release", ["active", "revoked"])
@pytest.mark.parametrize("deadline_days", [-1, 0, 1, None])  # None: no intake row (no deadline)
def test_the_gate_s_query_form_and_its_python_form_agree(
    participant, prosecutor, cm, officer, administrator, status, release, deadline_days
):
    """with_visible_stage (lists, filters, counts) and stage_visible_to (one
    referral, annotated or not) are two forms of one rule: they must agree."""
    from referrals.consent import seen_as, stage_visible_to, staged_rows, with_visible_stage
    from referrals.models import Intake, Referral

    today = timezone.localdate()
    Referral.objects.filter(pk=participant.pk).update(status=status)
    if release == "revoked":
        release_revoke(release=participant.releases.get(), actor=cm, on=today)
    if deadline_days is None:
        Intake.objects.filter(referral=participant).delete()
    else:
        Intake.objects.filter(referral=participant).update(intake_deadline=today + timedelta(days=deadline_days))
    for viewer in (prosecutor, cm, officer, administrator):
        annotated = with_visible_stage(Referral.objects.filter(pk=participant.pk), viewer).get()
        plain = Referral.objects.get(pk=participant.pk)

        assert stage_visible_to(viewer, annotated) == stage_visible_to(viewer, plain), viewer
        assert annotated.visible_status == stage_visible_to(viewer, plain).status, viewer
        assert annotated.stage_discloses == stage_visible_to(viewer, plain).discloses, viewer
        # The page's rows (staged_rows), decided in Python for the rows shown.
        (row,) = staged_rows(Referral.objects.filter(pk=plain.pk), viewer, limit=1)
        assert (row.visible_status, row.stage_discloses) == (annotated.visible_status, annotated.stage_discloses)
        # The status filter (its third form) finds it under the status it shows, and under no other.
        found_under = [s for s in Referral.Status.values if seen_as(Referral.objects.filter(pk=plain.pk), viewer, s)]
        assert found_under == [stage_visible_to(viewer, plain).status], viewer


@pytest.mark.parametrize("ordering", [("-submitted_at", "-id"), ("intake__intake_deadline", "submitted_at", "id")])
def test_a_page_of_staged_rows_is_that_slice_of_the_whole_list(
    participant, officer, sergeant, agency, cm, prosecutor, ordering
):
    """staged_rows chooses a page by its ids (a subquery) and reads the stage
    for those rows alone: every page, at every offset and length, is exactly
    that slice of the list in its order, and with page_of, that slice of the
    narrower list."""
    from referrals.consent import seen_as, staged_rows
    from referrals.models import Intake, Referral

    for days in (3, -2, 3, 0):
        referral = file_referral(officer=officer, route_code="arrest-diversion")
        review_approve(referral=referral, decision_id=referral.current_decision_id, sergeant=sergeant)
        referral_hand_off(referral=referral, actor=officer, agency=agency, case_manager=cm, called_at=timezone.now())
        Intake.objects.filter(referral=referral).update(intake_deadline=timezone.localdate() + timedelta(days=days))
    file_referral(officer=officer, route_code="social-contact")  # no intake: its deadline is empty
    listed = Referral.objects.select_related("intake").order_by(*ordering)
    overdue = seen_as(listed, prosecutor, Referral.Status.INTAKE_OVERDUE)
    whole, narrower = list(listed.values_list("pk", flat=True)), list(overdue.values_list("pk", flat=True))
    assert len(whole) == 6 and 0 < len(narrower) < len(whole)

    for offset in range(len(whole) + 1):
        for limit in range(1, len(whole) + 1):
            page = staged_rows(listed, prosecutor, offset=offset, limit=limit)
            assert [row.pk for row in page] == whole[offset : offset + limit], (offset, limit)
            page = staged_rows(listed, prosecutor, offset=offset, limit=limit, page_of=overdue)
            assert [row.pk for row in page] == narrower[offset : offset + limit], (offset, limit)
            assert {row.visible_status for row in page} <= {Referral.Status.INTAKE_OVERDUE}
    assert [row.pk for row in staged_rows(listed, prosecutor, offset=2)] == whole[2:]
