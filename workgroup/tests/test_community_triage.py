"""The community door's triage on a meeting's agenda: proposed as a report
review, counts only, since the workgroup's last meeting, where the site has a
community door and there is something to say."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import CommunityReferral, DeclineReason
from community.selectors import TriageFigures
from community.services import community_referral_file, triage_decline, triage_note
from community.tests.factories import details, make_project_manager, make_referrer
from referrals.models import ReferralRoute
from referrals.services.configuration import referral_route_save
from workgroup.models import AgendaItem
from workgroup.selectors import (
    COMMUNITY_TRIAGE_KEY,
    ProposalGroup,
    agenda_proposals,
    community_triage_proposal,
    proposals_by_group,
)
from workgroup.services import agenda_build, agenda_item_add

from .conftest import schedule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lead_protocol")]


@pytest.fixture
def manager(db):
    return make_project_manager()


@pytest.fixture
def referrer(db):
    return make_referrer(first_name="Rosa", last_name="Referrer")


@pytest.fixture
def last_meeting(workgroup, coordinator):
    """The workgroup's previous meeting, five days ago: "since the last meeting" starts there."""
    return schedule(workgroup, actor=coordinator, starts_in=-timedelta(days=5))


def received(referrer, days_ago, **fields):
    return community_referral_file(
        referrer=referrer,
        token=uuid.uuid4(),
        details=details(**fields),
        received_at=timezone.now() - timedelta(days=days_ago),
    )


def declined(row, manager, code, *, days_ago=0):
    row = triage_decline(community_referral=row, manager=manager, reason=DeclineReason.objects.get(code=code))
    if days_ago:  # as if declined then (closed_at is the service's "now")
        CommunityReferral.objects.filter(pk=row.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))
    return row


def triage(proposals):
    return [p for p in proposals if p.key == COMMUNITY_TRIAGE_KEY]


def test_the_backlog_and_the_declines_since_the_last_meeting_are_proposed(
    last_meeting, next_meeting, coordinator, manager, referrer
):
    received(referrer, 12, person_name="Robin Example")  # the oldest open
    triage_note(community_referral=received(referrer, 3), manager=manager, note="Calling back.")
    received(referrer, 1)
    for code in ("outside-area", "outside-area", "outside-area", "cannot-find", "cannot-find"):
        declined(received(referrer, 4), manager, code)
    declined(received(referrer, 20), manager, "outside-area", days_ago=9)  # before the last meeting

    (proposal,) = triage(agenda_proposals(next_meeting, coordinator))

    assert proposal.title == (
        "Community triage: 3 open, oldest 12 days; declined since the last meeting: "
        "Outside the LEAD area 3, Not enough to find the person 2"
    )
    assert proposal.kind == AgendaItem.Kind.REPORT_REVIEW and proposal.group == ProposalGroup.REPORT
    assert not proposal.ticked_by_default  # the coordinator chooses, as with case conferences
    since = f"{timezone.localdate(last_meeting.starts_at):%Y-%m-%d}"
    assert proposal.detail == (
        "Open: Received 2, Being looked at 1. "
        f"Declined at triage since {since}: Outside the LEAD area 3, Not enough to find the person 2."
    )
    # Counts only: nothing of who was referred, by whom, or what the partner wrote.
    said = f"{proposal.title} {proposal.reason} {proposal.detail}"
    for personal in ("Robin", "Example", "Rosa", "Referrer", "Sam Partner", "3rd Ave", "bicycle", "206 555"):
        assert personal not in said
    assert [group for group, _ in proposals_by_group([proposal])] == [ProposalGroup.REPORT]


def test_kept_it_goes_on_the_agenda_once_with_its_counts(next_meeting, coordinator, referrer):
    received(referrer, 2)

    (item,) = agenda_build(meeting=next_meeting, actor=coordinator, keep=[COMMUNITY_TRIAGE_KEY])

    assert item.kind == AgendaItem.Kind.REPORT_REVIEW
    assert item.title == "Community triage: 1 open, oldest 2 days; none declined since the last meeting"
    assert item.detail == "Open: Received 1."
    assert triage(agenda_proposals(next_meeting, coordinator)) == []


def test_nothing_to_say_proposes_nothing(last_meeting, next_meeting, coordinator, manager, referrer):
    declined(received(referrer, 20), manager, "outside-area", days_ago=9)  # closed before the last meeting

    assert triage(agenda_proposals(next_meeting, coordinator)) == []


def test_without_an_open_community_door_nothing_is_proposed(next_meeting, coordinator, referrer):
    received(referrer, 2)
    door = ReferralRoute.objects.get(is_community_door=True)
    door.is_active = False
    referral_route_save(route=door, changed=["is_active"])

    assert triage(agenda_proposals(next_meeting, coordinator)) == []


def test_declines_alone_are_worth_saying(next_meeting, coordinator, manager, referrer):
    declined(received(referrer, 2), manager, "cannot-find")

    (proposal,) = triage(agenda_proposals(next_meeting, coordinator))

    assert proposal.title == (
        "Community triage: none open; declined since the last meeting: Not enough to find the person 1"
    )


def test_a_triage_review_added_by_hand_is_not_proposed_again(next_meeting, coordinator, referrer):
    received(referrer, 2)
    agenda_item_add(
        meeting=next_meeting, actor=coordinator, kind=AgendaItem.Kind.REPORT_REVIEW, title="Community triage: backlog"
    )

    assert triage(agenda_proposals(next_meeting, coordinator)) == []


def test_the_proposal_reads_the_figures_it_is_given():
    since = timezone.now() - timedelta(days=14)
    figures = TriageFigures(
        open_by_status={"Received": 0, "Being looked at": 0, "Law enforcement asked to verify eligibility": 1},
        oldest_open_days=0,
        declined_by_reason={},
    )

    proposal = community_triage_proposal(figures, since=since)

    assert proposal.title == "Community triage: 1 open, oldest received today; none declined since the last meeting"
    assert proposal.detail == "Open: Law enforcement asked to verify eligibility 1."
    assert community_triage_proposal(TriageFigures({"Received": 0}, None, {}), since=since) is None


def test_a_long_list_of_reasons_keeps_the_title_within_its_field():
    reasons = {f"A reason with a long label, number {n}": n for n in range(1, 9)}
    figures = TriageFigures({"Received": 2}, 3, reasons)

    proposal = community_triage_proposal(figures, since=timezone.now())

    assert proposal.title == "Community triage: 2 open, oldest 3 days; 36 declined since the last meeting"
    assert all(reason in proposal.detail for reason in reasons)


@pytest.mark.parametrize("rows", [1, 12])
def test_the_proposals_query_count_does_not_grow_with_the_door(
    next_meeting, coordinator, manager, referrer, rows, django_assert_num_queries
):
    for index in range(rows):
        row = received(referrer, index + 1)
        if index % 3 == 1:
            declined(row, manager, "outside-area")
    agenda_proposals(next_meeting, coordinator)  # warm: the coordinator's groups

    # the agenda's items, the last meeting, issues, action items, overdue
    # intakes, overrides; the community door, open counts by status, the
    # oldest open, declines by reason.
    with django_assert_num_queries(10):
        (proposal,) = triage(agenda_proposals(next_meeting, coordinator))

    still_open = sum(1 for index in range(rows) if index % 3 != 1)
    assert proposal.title.startswith(f"Community triage: {still_open} open")


def test_the_build_page_offers_the_triage_among_the_reports(client, next_meeting, coordinator, manager, referrer):
    received(referrer, 4)
    declined(received(referrer, 2), manager, "outside-area")
    client.force_login(coordinator)

    page = client.get(f"/workgroup/meetings/{next_meeting.pk}/agenda/build/").content.decode()

    group = page.split('data-testid="proposal-group" data-group="report"')[1].split("</fieldset>")[0]
    assert "Reports (1)" in group
    assert (
        "Keep: Community triage: 1 open, oldest 4 days; declined since the last meeting: Outside the LEAD area 1"
        in group
    )
    checkbox = group.split(f'value="{COMMUNITY_TRIAGE_KEY}"')[1].split(">")[0]
    assert "checked" not in checkbox
    assert "Robin Example" not in page

    client.post(f"/workgroup/meetings/{next_meeting.pk}/agenda/build/", {"keep": [COMMUNITY_TRIAGE_KEY]})

    meeting_page = client.get(next_meeting.get_absolute_url()).content.decode()
    assert "Community triage: 1 open, oldest 4 days" in meeting_page
    assert "Open: Received 1. Declined at triage since" in meeting_page
