"""/referrals/new/: who may file, what each route asks, and every bad input
refused beside its field with the rest of the form kept and nothing saved."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from referrals.models import DecisionReason, Offense, Person, Referral, ReferralDraft

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/referrals/new/"


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def social_form(**overrides) -> dict:
    data = {
        "route": "social-contact",
        "token": str(uuid.uuid4()),
        "first_name": "Ana",
        "last_name": "Rivera",
        "date_of_birth": "1990-05-17",
        "occurred_at": local(timezone.now() - timedelta(minutes=20)),
        "prior_activity_verification": "criminal_history",
        "prior_activity_date": str(timezone.localdate() - timedelta(days=40)),
        "prior_activity_in_area": "yes",
        "none_apply": "on",
        "decision": "divert",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def arrest_form(**overrides) -> dict:
    data = social_form(route="arrest-diversion")
    for key in ("prior_activity_verification", "prior_activity_date", "prior_activity_in_area"):
        data.pop(key)
    data.update(
        incident_number="2026-004512",
        offenses=[str(Offense.objects.get(code="drug-possession").pk)],
        drug_type="methamphetamine",
        quantity_grams="1.2",
        conversation_led_by="officer",
    )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def signed_in(client, officer, lead_protocol):
    client.force_login(officer)
    return client


def test_route_comes_first(signed_in):
    content = signed_in.get(URL).content.decode()

    assert "Arrest diversion (pre-booking)" in content and "Social contact referral" in content
    assert 'name="first_name"' not in content


def test_each_route_asks_only_its_own_questions(signed_in):
    social = signed_in.get(URL + "?route=social-contact").content.decode()
    arrest = signed_in.get(URL + "?route=arrest-diversion").content.decode()

    assert "prior_activity_date" in social and "incident_number" not in social
    assert "incident_number" in arrest and "prior_activity_date" not in arrest
    assert "Delivering or intending to deliver for profit" in arrest
    assert "Delivering or intending to deliver for profit" not in social
    assert "pending drug-court" in social.lower() and "no-contact order" in social.lower()


def test_filing_a_social_contact_referral(signed_in, officer):
    response = signed_in.post(URL, social_form())

    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    assert referral.officer == officer
    assert referral.status == Referral.Status.DIVERTED
    assert referral.person.full_name == "Ana Rivera"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Referral filed: Eligible." in page


def test_filing_an_arrest_diversion(signed_in):
    response = signed_in.post(URL, arrest_form())

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.prosecutor_hold_requested
    assert referral.status == Referral.Status.UNDER_REVIEW
    assert referral.quantity_grams == Decimal("1.2")


def test_double_submit_files_once(signed_in):
    data = social_form()

    first = signed_in.post(URL, data)
    second = signed_in.post(URL, data)

    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_twin_filed_while_this_post_was_checked_lands_on_its_referral(signed_in, monkeypatch):
    """Two posts of one form at the same instant: the other one committed after
    this one looked for the token, so its person now reads as a likely duplicate.
    The officer lands on the referral, not on a duplicate question."""
    from referrals.views import filing

    data = social_form()
    first = signed_in.post(URL, data)
    real, calls = filing.referral_filed_with_token, []

    def not_yet_the_first_time(user, token):
        calls.append(token)
        return None if len(calls) == 1 else real(user, token)

    monkeypatch.setattr(filing, "referral_filed_with_token", not_yet_the_first_time)
    second = signed_in.post(URL, data)

    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert len(calls) == 2 and Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quantity_grams": "abc"}, "quantity_grams", "Enter a number."),
        ({"quantity_grams": "-1"}, "quantity_grams", "greater than or equal to 0"),
        ({"quantity_grams": "5000"}, "quantity_grams", "not a personal quantity"),
        ({"incident_number": "12345"}, "incident_number", "for example 2026-012345"),
        ({"incident_number": "<b>2026-1</b>"}, "incident_number", "for example 2026-012345"),
        ({"date_of_birth": "1890-01-01"}, "date_of_birth", "check the year"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"date_of_birth": "not a date"}, "date_of_birth", "Enter a valid date."),
        ({"occurred_at": "2999-01-01T10:00"}, "occurred_at", "cannot be in the future"),
        ({"case_manager_called_at": "2999-01-01T10:00"}, "case_manager_called_at", "cannot be in the future"),
        ({"first_name": "A" * 101}, "first_name", "at most 100 characters"),
        ({"narrative": "x" * 4001}, "narrative", "at most 4000 characters"),
        ({"offenses": None}, "offenses", "This field is required."),
        ({"drug_type": ""}, "drug_type", "Drug not named for a drug offense."),
        ({"quantity_grams": ""}, "quantity_grams", "Quantity not given."),
        ({"none_apply": None}, "none_apply", "confirm that none of them apply"),
        ({"first_name": "", "last_name": ""}, "first_name", "Required, or pick the person"),
    ],
)
def test_bad_arrest_input_is_refused_beside_the_field(signed_in, overrides, field, message):
    data = arrest_form(**overrides)

    response = signed_in.post(URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'value="Rivera"' in response.content.decode() or field == "first_name"
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"prior_activity_date": "2999-01-01"}, "prior_activity_date", "cannot be in the future"),
        ({"prior_activity_verification": "reliable_report"}, "prior_activity_reported_by", "Say who made the report"),
        ({"prior_activity_verification": "rumour"}, "prior_activity_verification", "Select a valid choice"),
        ({"prior_activity_in_area": None}, "prior_activity_in_area", "This field is required."),
    ],
)
def test_bad_social_contact_input_is_refused(signed_in, overrides, field, message):
    response = signed_in.post(URL, social_form(**overrides))

    assert message in " ".join(response.context["form"].errors[field])
    assert not Referral.objects.exists()


def test_html_in_the_narrative_is_kept_as_text_and_shown_escaped(signed_in):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    response = signed_in.post(URL, social_form(narrative=payload), follow=True)

    assert Referral.objects.get().narrative == payload
    content = response.content.decode()
    assert payload not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


def test_outside_the_lead_area_is_not_eligible_and_cannot_be_diverted(signed_in):
    response = signed_in.post(URL, social_form(prior_activity_in_area="no"))

    assert response.status_code == 200
    assert "This person cannot be diverted. Not eligible: No verified activity" in response.content.decode()
    assert not Referral.objects.exists()

    recorded = signed_in.post(URL, social_form(prior_activity_in_area="no", decision="screened_out"))

    assert recorded.status_code == 302
    assert Referral.objects.get().status == Referral.Status.CLOSED


def test_not_a_good_fit_needs_its_reason_and_explanation(signed_in):
    reason = DecisionReason.objects.get(code="not-a-good-fit-organized")

    missing = signed_in.post(URL, arrest_form(decision="not_divert"))
    no_words = signed_in.post(URL, arrest_form(decision="not_divert", not_divert_reasons=[str(reason.pk)]))
    filed = signed_in.post(
        URL,
        arrest_form(
            decision="not_divert", not_divert_reasons=[str(reason.pk)], decision_narrative="Runner for a crew."
        ),
    )

    assert "Give at least one reason" in missing.content.decode()
    assert "needs a few words" in no_words.content.decode()
    assert filed.status_code == 302
    decision = Referral.objects.get().current_decision
    assert decision.outcome == "not_divert" and decision.narrative == "Runner for a crew."


def test_a_likely_duplicate_is_shown_before_a_new_person_is_created(signed_in):
    existing = PersonFactory(first_name="Ana", last_name="Rivera", date_of_birth="1990-05-17")

    response = signed_in.post(URL, social_form())

    assert "may be someone already on record" in response.content.decode()
    assert response.context["form"].likely_duplicates == [existing]
    assert not Referral.objects.exists()

    picked = signed_in.post(URL, social_form(person=str(existing.pk), first_name="", last_name="", date_of_birth=""))
    assert picked.status_code == 302
    assert Referral.objects.get().person == existing

    signed_in.post(URL, social_form(not_a_duplicate="on"))
    assert Person.objects.filter(last_name="Rivera").count() == 2


def test_live_check_screens_and_saves_the_draft(signed_in, officer):
    data = social_form(prior_activity_in_area="no")

    response = signed_in.post("/referrals/new/check/", data, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "Not eligible: No verified activity in the LEAD area within 24 months" in content
    assert 'value="screened_out"' in content  # the decision buttons follow the result
    draft = ReferralDraft.objects.get(token=data["token"])
    assert draft.officer == officer and draft.answers["first_name"] == ["Ana"]
    assert not Referral.objects.exists()


def test_live_check_with_nothing_answered_says_what_is_missing(signed_in):
    response = signed_in.post("/referrals/new/check/", {"route": "social-contact", "token": str(uuid.uuid4())})

    assert "Answers missing" in response.content.decode()


def test_live_check_refuses_a_broken_form(signed_in):
    assert signed_in.post("/referrals/new/check/", {"route": "social-contact", "token": "nope"}).status_code == 400
    assert signed_in.post("/referrals/new/check/", {"route": "nope", "token": str(uuid.uuid4())}).status_code == 400


def test_a_draft_can_be_resumed(signed_in):
    data = social_form(first_name="Resumed")
    signed_in.post("/referrals/new/check/", data)

    response = signed_in.get(f"{URL}?draft={data['token']}")

    content = response.content.decode()
    assert 'value="Resumed"' in content
    assert f'value="{data["token"]}"' in content


def test_another_officers_draft_is_not_found(signed_in, client, make_user):
    data = social_form()
    signed_in.post("/referrals/new/check/", data)
    client.force_login(make_user(Role.OFFICER))

    assert client.get(f"{URL}?draft={data['token']}").status_code == 404
    assert client.get(f"{URL}?draft=not-a-uuid").status_code == 404


def test_person_matches_as_the_officer_types(signed_in):
    person = PersonFactory(first_name="Marisol", last_name="Quintero")

    response = signed_in.get("/referrals/new/matches/", {"first_name": "mari", "last_name": "quin"})

    content = response.content.decode()
    assert "Marisol Quintero" in content
    assert f"/referrals/new/person/{person.pk}/" in content


def test_choosing_a_person_shows_their_card(signed_in):
    person = PersonFactory(first_name="Marisol", last_name="Quintero")

    content = signed_in.get(f"/referrals/new/person/{person.pk}/").content.decode()

    assert "Marisol Quintero" in content and f'name="person" value="{person.pk}"' in content
    assert "0 earlier referrals you can see" in content


@pytest.mark.parametrize("role", [Role.PROSECUTOR, Role.CASE_MANAGER, Role.ANALYST, Role.COORDINATOR])
def test_only_police_may_file(client, make_user, lead_protocol, role):
    client.force_login(make_user(role))

    assert client.get(URL).status_code == 403
    assert client.post(URL, social_form()).status_code == 403
    assert client.post("/referrals/new/check/", social_form()).status_code == 403
    assert not Referral.objects.exists()


def test_without_a_published_protocol_the_form_says_so(client, officer, lead_defaults):
    client.force_login(officer)

    response = client.get(URL + "?route=social-contact")

    assert "No protocol version is published yet" in response.content.decode()


@pytest.mark.parametrize("extra_offenses", [0, 30])
@pytest.mark.parametrize(("route", "queries"), [("arrest-diversion", 13), ("social-contact", 11)])
def test_the_form_of_each_route_takes_fixed_queries_however_many_offenses(
    signed_in, route, queries, extra_offenses, django_assert_num_queries
):
    Offense.objects.bulk_create(Offense(code=f"extra-{n}", name=f"Extra offense {n}") for n in range(extra_offenses))
    signed_in.get(URL + f"?route={route}")  # the session's first request writes it

    # If this moved, ask why: the route and the protocol in force are read once
    # each (the acknowledgement notice reuses the form's version).
    with django_assert_num_queries(queries):
        response = signed_in.get(URL + f"?route={route}")

    assert response.status_code == 200
    assert "needs your acknowledgement" in response.content.decode()
