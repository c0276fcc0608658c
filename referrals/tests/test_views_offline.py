"""The offline client's doors: /referrals/offline/state/ and /send/. A referral
the device kept files once however often it is sent; what changed while it
waited becomes the officer's server draft, never a lost or overwritten one."""

import uuid

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory
from lead_ops.protocol.services import protocol_version_publish
from referrals.models import Referral, ReferralDraft
from referrals.services.criteria import protocol_draft_from

from .factories import PersonFactory, file_referral
from .test_views_filing import social_form

pytestmark = pytest.mark.django_db

SEND = "/referrals/offline/send/"
STATE = "/referrals/offline/state/"


@pytest.fixture
def signed_in(client, officer, lead_protocol):
    client.force_login(officer)
    return client


def offline_form(version, **overrides):
    return {**social_form(**overrides), "offline_version": str(version.number)}


def test_a_kept_referral_is_filed_once_however_often_it_is_sent(signed_in, lead_protocol):
    data = offline_form(lead_protocol)

    first = signed_in.post(SEND, data).json()
    again = signed_in.post(SEND, data).json()

    referral = Referral.objects.get()
    assert first == again == {"outcome": "filed", "url": referral.get_absolute_url(), "headline": "Eligible"}
    assert referral.client_token == uuid.UUID(data["token"]) and referral.status == Referral.Status.DIVERTED


def test_nothing_is_filed_on_the_community_door_from_a_device(signed_in, lead_protocol):
    response = signed_in.post(SEND, offline_form(lead_protocol, route="community"))
    assert response.status_code == 400 and "no longer offered" in response.json()["message"]
    assert not Referral.objects.exists()
    state = signed_in.get(STATE).json()
    assert not any("route=community" in form for form in state["forms"])


def test_the_state_names_the_user_and_the_tokens_already_filed(signed_in, officer, lead_protocol):
    data = offline_form(lead_protocol)
    signed_in.post(SEND, data)
    waiting = str(uuid.uuid4())

    state = signed_in.get(STATE, {"token": [data["token"], waiting, "not-a-token"]}).json()

    assert state["user"] == officer.pk and state["version"] == lead_protocol.number and state["csrf_token"]
    assert list(state["filed"]) == [data["token"]]
    assert "/referrals/new/?route=social-contact" in state["forms"]


def test_a_new_protocol_version_keeps_the_answers_as_a_draft_to_confirm(signed_in, lead_protocol):
    newer = protocol_version_publish(
        version=protocol_draft_from(version=lead_protocol), effective_from=timezone.localdate()
    )
    data = offline_form(lead_protocol)

    answer = signed_in.post(SEND, data).json()

    assert answer["outcome"] == "attention" and answer["reason"] == "protocol_changed"
    assert f"Protocol version {newer.number} came into force" in answer["message"]
    assert answer["review_url"] == f"/referrals/new/?draft={data['token']}"
    draft = ReferralDraft.objects.get(token=data["token"])
    assert draft.answers["first_name"] == ["Ana"] and "offline_version" not in draft.answers
    assert not Referral.objects.exists()


def test_a_likely_duplicate_filed_meanwhile_asks_the_officer_without_naming_anyone(signed_in, lead_protocol):
    PersonFactory(first_name="Ana", last_name="Rivera", date_of_birth="1990-05-17")

    answer = signed_in.post(SEND, offline_form(lead_protocol))

    body = answer.json()
    assert body["outcome"] == "attention" and body["reason"] == "duplicate"
    assert "Rivera" not in answer.content.decode()  # no search result reaches the device
    assert not Referral.objects.exists() and ReferralDraft.objects.count() == 1


def test_a_refused_answer_is_listed_and_kept(signed_in, lead_protocol):
    answer = signed_in.post(SEND, offline_form(lead_protocol, prior_activity_date="not a date")).json()

    assert answer["outcome"] == "attention" and answer["reason"] == "invalid"
    assert any(problem.startswith("Date of that activity:") for problem in answer["problems"])
    assert ReferralDraft.objects.count() == 1 and not Referral.objects.exists()


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_a_send_without_a_token_is_a_clear_refusal(signed_in, lead_protocol, token):
    answer = signed_in.post(SEND, offline_form(lead_protocol, token=token))

    assert answer.status_code == 400 and "no valid form token" in answer.json()["message"]


def test_another_officers_token_is_refused(signed_in, officer, lead_protocol):
    data = offline_form(lead_protocol)
    other = UserFactory(roles=[Role.OFFICER], unit=officer.unit)
    theirs = file_referral(officer=other, token=uuid.UUID(data["token"]))

    answer = signed_in.post(SEND, data)

    assert answer.status_code == 403 and "another officer" in answer.json()["message"]
    assert list(Referral.objects.all()) == [theirs]


def test_a_session_that_ended_is_sent_to_sign_in(client, lead_protocol):
    answer = client.post(SEND, offline_form(lead_protocol))

    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_service_worker_and_manifest_are_served_for_the_whole_site(client):
    worker = client.get("/sw.js")
    manifest = client.get("/manifest.webmanifest").json()

    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert worker["Cache-Control"] == "no-cache" and worker["Service-Worker-Allowed"] == "/"
    assert b"lead-filing-form" in worker.content and b"workbox" in worker.content
    assert manifest["start_url"] == "/referrals/new/" and manifest["display"] == "standalone"


FORGET = b"js/offline/forget.js"


def test_the_first_page_after_sign_out_deletes_what_the_device_kept(signed_in):
    signed_out = signed_in.post("/accounts/logout/")
    first = signed_in.get(signed_out["Location"])
    again = signed_in.get("/accounts/login/")

    assert first.status_code == 200 and FORGET in first.content
    # Once: a later visit to the sign-in page does not touch the next officer's device store.
    assert FORGET not in again.content
    # Not by the Clear-Site-Data header: Chromium holds the answer carrying it for many seconds.
    assert not signed_out.has_header("Clear-Site-Data")


def test_a_session_that_ended_on_its_own_keeps_the_queue_for_the_officers_return(signed_in):
    signed_in.logout()  # the session is gone (idle, maximum age) without a sign-out

    sign_in_page = signed_in.get("/accounts/login/")

    assert sign_in_page.status_code == 200 and FORGET not in sign_in_page.content
