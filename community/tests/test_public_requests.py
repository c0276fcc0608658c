"""The public request form (LEAD_PUBLIC_REQUESTS): off by default; on, the same
questions for people without an account, a budget per address, and nothing
shown back or stored from bad or automated input."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from lead_ops.audit.models import AuditEvent

from ..models import CommunityReferral
from .test_views import partner_form

pytestmark = pytest.mark.usefixtures("lead_protocol")


@pytest.fixture
def public(settings):
    settings.LEAD_PUBLIC_REQUESTS = True
    settings.LEAD_PUBLIC_REQUESTS_PER_HOUR = 3
    cache.clear()
    yield
    cache.clear()


def request_data(**overrides):
    data = partner_form(**overrides)
    data.pop("token")
    return data


def test_off_by_default_there_is_no_such_page(client, db):
    assert client.get(reverse("community:request")).status_code == 404
    assert client.post(reverse("community:request"), request_data()).status_code == 404
    assert client.get(reverse("community:request-sent")).status_code == 404
    assert not CommunityReferral.objects.exists()


def test_a_member_of_the_public_asks_and_is_shown_nothing_back(client, public):
    page = client.get(reverse("community:request"))
    assert page.status_code == 200 and "Ask LEAD to reach someone" in page.content.decode()
    response = client.post(reverse("community:request"), request_data(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("community:request-sent")
    text = response.content.decode()
    assert "Your request was sent" in text and "grey beard" not in text
    row = CommunityReferral.objects.get()
    assert row.source == CommunityReferral.Source.PUBLIC and row.referrer is None


def test_bad_input_gets_a_message_and_nothing_is_stored(client, public):
    response = client.post(reverse("community:request"), request_data(usual_location="", contact_phone="x"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "This field is required" in text and "Enter a phone number" in text
    assert "www." not in text
    spam = client.post(reverse("community:request"), request_data(concern_text="buy at www.example.com"))
    assert "Leave out web links" in spam.content.decode()
    assert not CommunityReferral.objects.exists()


def test_a_program_filling_the_hidden_field_is_thanked_and_nothing_is_stored(client, public):
    response = client.post(reverse("community:request"), request_data(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == reverse("community:request-sent")
    assert not CommunityReferral.objects.exists()


def test_a_null_character_is_refused_before_any_view(client, public):
    assert client.post(reverse("community:request"), request_data(person_description="a\x00b")).status_code == 400
    assert not CommunityReferral.objects.exists()


def test_each_address_has_a_budget_an_hour(client, public):
    for _ in range(3):
        client.post(reverse("community:request"), request_data(), REMOTE_ADDR="203.0.113.7")
    refused = client.post(reverse("community:request"), request_data(), REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert "Too many requests from this connection" in refused.content.decode()
    assert CommunityReferral.objects.count() == 3
    # Another address is its own budget.
    client.post(reverse("community:request"), request_data(), REMOTE_ADDR="198.51.100.4")
    assert CommunityReferral.objects.count() == 4


def test_a_closed_door_says_so(client, public):
    from referrals.models import ReferralRoute

    ReferralRoute.objects.filter(is_community_door=True).update(is_active=False)
    page = client.get(reverse("community:request")).content.decode()
    assert "not taken at this site" in page
    client.post(reverse("community:request"), request_data())
    assert not CommunityReferral.objects.exists()


def test_every_public_request_is_audited_without_an_actor(client, public):
    client.post(reverse("community:request"), request_data())
    event = AuditEvent.objects.get(object_type="community.communityreferral", action="create")
    assert event.actor is None and event.summary == "Public community request"
