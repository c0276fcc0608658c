"""The community door's pages: the partner's form and list, the project team's
triage and screening, the designated officer's verification, and the partner
kept to their own door."""

import uuid

import pytest
from django.urls import reverse

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import AgencyFactory, PrecinctFactory, UnitFactory, UserFactory
from referrals.models import Referral
from referrals.tests.test_views_filing import social_form

from ..models import CommunityReferral, Concern, DeclineReason
from ..services import triage_request_verification
from .factories import make_project_manager, make_referrer, refer

pytestmark = pytest.mark.usefixtures("lead_protocol")


@pytest.fixture
def referrer(db):
    return make_referrer()


@pytest.fixture
def manager(db):
    return make_project_manager()


def partner_form(**overrides) -> dict:
    data = {
        "token": str(uuid.uuid4()),
        "person_name": "",
        "person_description": "Older man, grey beard, red backpack",
        "usual_location": "Westlake station, north entrance",
        "concerns": [str(Concern.objects.get(code="unsheltered").pk), str(Concern.objects.get(code="drug-use").pk)],
        "concern_text": "",
        "urgency": "soon",
        "contact_name": "Pat Outreach",
        "contact_phone": "(206) 555-0142",
        "contact_email": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_partner_refers_on_the_form_and_sees_it_received(client, referrer):
    client.force_login(referrer)
    page = client.get(reverse("community:refer"))
    assert "How soon should someone see them?" in page.content.decode()
    response = client.post(reverse("community:refer"), partner_form(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("community:mine")
    text = response.content.decode()
    assert "your referral was received" in text
    assert "Older man, grey beard" in text and ">Received<" in text
    assert CommunityReferral.objects.get().contact_phone == "(206) 555-0142"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"person_description": ""}, "describe them so outreach can find them"),
        ({"concerns": None}, "This field is required"),
        ({"contact_phone": ""}, "Give a phone number or an e-mail address"),
        ({"contact_phone": "call me"}, "Enter a phone number"),
        ({"contact_email": "not-an-address"}, "valid email address"),
        ({"concern_text": "see https://spam.example"}, "Leave out web links"),
        ({"concerns": ["999999999999999999999999999999"]}, "Select a valid choice"),
        ({"urgency": "yesterday"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(client, referrer, overrides, message):
    client.force_login(referrer)
    response = client.post(reverse("community:refer"), partner_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "your answers are kept" in response.content.decode()
    assert not CommunityReferral.objects.exists()


def test_the_same_form_sent_twice_files_once(client, referrer):
    client.force_login(referrer)
    data = partner_form()
    client.post(reverse("community:refer"), data)
    client.post(reverse("community:refer"), data)
    assert CommunityReferral.objects.count() == 1


def test_the_partner_sees_one_word_and_accepted_reads_the_same_as_declined(client, referrer, manager):
    from .factories import screen

    declined, accepted, waiting = refer(referrer), refer(referrer), refer(referrer)
    from ..services import triage_decline

    triage_decline(
        community_referral=declined, manager=manager, reason=DeclineReason.objects.get(code="already-participant")
    )
    referral = screen(accepted, manager)
    from datetime import timedelta

    from django.utils import timezone

    from referrals.services.handoff import referral_hand_off

    referral_hand_off(
        referral=referral,
        actor=manager,
        agency=AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT),
        case_manager=None,
        called_at=timezone.now() - timedelta(minutes=2),
    )
    client.force_login(referrer)
    text = client.get(reverse("community:mine")).content.decode()
    statuses = [part.split("<")[0] for part in text.split('data-testid="community-status">')[1:]]
    assert statuses == ["Received", "Closed", "Closed"]  # newest first: waiting, accepted, declined
    for secret in (
        "Already a LEAD participant",
        "Handed off",
        "Declined",
        "Accepted",
        "eligib",
        f"/referrals/{referral.pk}/",
    ):
        assert secret not in text
    assert waiting.pk


def test_the_partner_list_costs_the_same_for_one_row_and_many(client, referrer, django_assert_num_queries):
    refer(referrer)
    client.force_login(referrer)
    client.get(reverse("community:mine"))
    with django_assert_num_queries(6) as one:
        client.get(reverse("community:mine"))
    for _ in range(6):
        refer(referrer)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("community:mine"))


def test_a_partner_reaches_only_their_door(client, referrer):
    client.force_login(referrer)
    for url in ("/workgroup/issues/", "/training/", "/workgroup/meetings/", "/referrals/", "/people/"):
        response = client.get(url)
        assert response.status_code == 403, url
    home = client.get("/").content.decode()
    assert "Refer someone" in home
    for link in ("/training/", "/workgroup/", "/referrals/"):
        assert f'href="{link}' not in home


def test_the_triage_queue_puts_the_urgent_first_and_costs_the_same_for_one_row_and_many(
    client, referrer, manager, django_assert_num_queries
):
    refer(referrer, urgency="routine", person_name="First In")
    client.force_login(manager)
    client.get(reverse("community:triage"))
    with django_assert_num_queries(7) as one:
        client.get(reverse("community:triage"))
    for n in range(5):
        refer(referrer, urgency="today", person_name=f"Urgent {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        text = client.get(reverse("community:triage")).content.decode()
    assert text.index("Urgent 0") < text.index("First In")


def test_the_project_team_declines_with_a_reason_on_the_page(client, referrer, manager):
    row = refer(referrer)
    client.force_login(manager)
    reason = DeclineReason.objects.get(code="other")
    refused = client.post(reverse("community:decline", args=[row.pk]), {"reason": reason.pk, "note": ""})
    assert refused.status_code == 400 and "needs a few words" in refused.content.decode()
    client.post(reverse("community:decline", args=[row.pk]), {"reason": reason.pk, "note": "Moved out of state"})
    page = client.get(reverse("community:triage-detail", args=[row.pk])).content.decode()
    assert "Declined at triage" in page and "Moved out of state" in page


def test_the_project_team_sees_people_already_on_record_and_the_partner_never_does(client, referrer, manager):
    from referrals.tests.factories import PersonFactory

    PersonFactory(first_name="Robin", last_name="Example")
    row = refer(referrer)
    client.force_login(manager)
    page = client.get(reverse("community:triage-detail", args=[row.pk])).content.decode()
    assert 'data-testid="possible-matches"' in page and "Robin Example" in page
    client.force_login(referrer)
    assert client.get(reverse("community:triage-detail", args=[row.pk])).status_code == 403


def test_the_project_team_screens_accepts_and_hands_off(client, referrer, manager):
    row = refer(referrer, person_name="Ana Rivera")
    client.force_login(manager)
    form = client.get(reverse("community:screen", args=[row.pk])).content.decode()
    assert 'value="Ana"' in form and 'value="Rivera"' in form
    assert 'value="Sam Partner (Downtown outreach)"' in form
    data = social_form(
        route="community",
        prior_activity_verification="reliable_report",
        prior_activity_reported_by="Sam Partner (Downtown outreach)",
    )
    response = client.post(reverse("community:screen", args=[row.pk]), data, follow=True)
    import re

    assert "form-errors" not in response.content.decode(), re.findall(
        r"invalid-feedback[^>]*>([^<]+)", response.content.decode()
    )
    referral = Referral.objects.get()
    assert response.redirect_chain[-1][0] == referral.get_absolute_url()
    assert referral.route.code == "community" and referral.status == Referral.Status.DIVERTED
    assert 'data-testid="handoff-form"' in response.content.decode()
    # Sent again (a double tap): the same referral.
    client.post(reverse("community:screen", args=[row.pk]), data)
    assert Referral.objects.count() == 1


def test_a_designated_officer_verifies_what_their_agency_was_asked(client, referrer, manager):
    police = AgencyFactory(kind=Agency.Kind.POLICE, name="City police")
    unit = UnitFactory(precinct=PrecinctFactory(agency=police))
    verifier = UserFactory(roles=[Role.OFFICER], unit=unit, verifies_community_referrals=True)
    colleague = UserFactory(roles=[Role.OFFICER], unit=unit)
    row = triage_request_verification(community_referral=refer(referrer), manager=manager, agency=police)
    client.force_login(colleague)
    assert client.get(reverse("community:screen", args=[row.pk])).status_code == 403
    client.force_login(manager)
    back = client.get(reverse("community:screen", args=[row.pk]), follow=True)
    assert "a designated officer there screens it" in back.content.decode()
    client.force_login(verifier)
    listed = client.get(reverse("community:verifications")).content.decode()
    assert reverse("community:screen", args=[row.pk]) in listed
    data = social_form(route="community")
    client.post(reverse("community:screen", args=[row.pk]), data)
    referral = Referral.objects.get()
    assert referral.officer == verifier and referral.agency == police
    assert client.get(reverse("community:screen", args=[row.pk])).status_code == 404  # no longer asked of them


def test_officers_do_not_file_on_the_community_door(client, officer):
    client.force_login(officer)
    page = client.get("/referrals/new/").content.decode()
    assert 'data-testid="route-community"' not in page
    assert 'id="referral-form"' not in client.get("/referrals/new/?route=community").content.decode()
