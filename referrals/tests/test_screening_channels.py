"""The three callers of the screening engine agree: the live panel
(/referrals/new/check/), the form's clean() and what referral_submit stores.
Generated criteria of every kind (overridable or not), answers around every
boundary and contact dates that are not today; every generated contact can be
recorded (diverted, or screened not eligible), none is refused for a
disqualifying answer."""

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lead_ops.protocol.services import protocol_version_draft, protocol_version_publish
from referrals.forms import ReferralForm
from referrals.models import EligibilityCriterion, Offense, Referral, ReferralRoute
from referrals.selectors import criteria as criteria_selectors
from referrals.selectors.criteria import protocol_in_force
from referrals.services.criteria import criterion_save

pytestmark = pytest.mark.django_db

CHECK, NEW = "/referrals/new/check/", "/referrals/new/"


class Rollback(Exception):
    """Ends one generated example, undoing everything it wrote."""


@st.composite
def protocols(draw):
    return {
        "minimum_age": draw(st.integers(16, 21)),
        "age_overridable": draw(st.booleans()),
        "lookback_months": draw(st.integers(1, 36)),
        "lookback_overridable": draw(st.booleans()),
        "limit_grams": draw(st.decimals(Decimal("0.5"), Decimal("7"), places=1)),
        "quantity_overridable": draw(st.booleans()),
        "exclusion_overridable": draw(st.booleans()),
    }


@st.composite
def contacts(draw, protocol):
    today = timezone.localdate()
    contact_day = today - timedelta(days=draw(st.integers(0, 300)))
    # 23:30 and 00:10 local: the contact belongs to its local day, whatever UTC says.
    at = draw(st.sampled_from([time(0, 10), time(9, 0), time(23, 30)]))
    occurred = timezone.make_aware(datetime.combine(contact_day, at))
    if occurred > timezone.now():
        occurred -= timedelta(days=1)
        contact_day = occurred.date()
    birthday = contact_day - relativedelta(years=protocol["minimum_age"])
    prior_earliest = contact_day - relativedelta(months=protocol["lookback_months"])
    prior = prior_earliest + timedelta(days=draw(st.integers(-3, 3)))
    return {
        "route": draw(st.sampled_from(["social-contact", "arrest-diversion"])),
        "occurred_at": occurred,
        "date_of_birth": birthday + timedelta(days=draw(st.integers(-2, 2))),
        "prior_activity_date": min(prior, contact_day),
        "prior_activity_in_area": draw(st.booleans()),
        "quantity_grams": protocol["limit_grams"] + draw(st.sampled_from([Decimal("-0.1"), 0, Decimal("0.001")])),
        "excluded": draw(st.booleans()),
    }


def _publish(protocol) -> None:
    version = protocol_version_draft(title="Generated protocol", text="Generated.")
    routes = {route.code: route for route in ReferralRoute.objects.all()}
    kind = EligibilityCriterion.Kind
    rows = [
        ("adults", kind.MINIMUM_AGE, [], {"minimum_age": protocol["minimum_age"]}, protocol["age_overridable"]),
        (
            "recent",
            kind.PRIOR_ACTIVITY_LOOKBACK,
            ["social-contact"],
            {"lookback_months": protocol["lookback_months"]},
            protocol["lookback_overridable"],
        ),
        (
            "quantity",
            kind.QUANTITY_LIMIT,
            ["arrest-diversion"],
            {"limit_grams": protocol["limit_grams"]},
            protocol["quantity_overridable"],
        ),
        ("offenses", kind.OFFENSE_ALLOWED, ["arrest-diversion"], {}, False),
        ("profit", kind.EXCLUSION, [], {"question": "For profit?"}, protocol["exclusion_overridable"]),
    ]
    for code, criterion_kind, route_codes, params, overridable in rows:
        criterion_save(
            criterion=EligibilityCriterion(
                protocol_version=version,
                code=code,
                kind=criterion_kind,
                wording=f"Generated {code}",
                sergeant_may_override=overridable,
                **params,
            ),
            routes=[routes[c] for c in route_codes],
            offenses=list(Offense.objects.filter(code="drug-possession")) if code == "offenses" else [],
        )
    protocol_version_publish(version=version, effective_from=timezone.localdate() - timedelta(days=400))
    criteria_selectors._published.cache_clear()


def _form_data(contact) -> dict:
    data = {
        "route": contact["route"],
        "token": str(uuid.uuid4()),
        "first_name": "Gen",
        "last_name": "Erated",
        "not_a_duplicate": "on",
        "date_of_birth": contact["date_of_birth"].isoformat(),
        "occurred_at": timezone.localtime(contact["occurred_at"]).strftime("%Y-%m-%dT%H:%M"),
    }
    if contact["excluded"]:
        data["exclusion_profit"] = "on"
    else:
        data["none_apply"] = "on"
    if contact["route"] == "social-contact":
        data.update(
            prior_activity_verification="criminal_history",
            prior_activity_date=contact["prior_activity_date"].isoformat(),
            prior_activity_in_area="yes" if contact["prior_activity_in_area"] else "no",
        )
    else:
        data.update(
            incident_number="2026-004512",
            offenses=[str(Offense.objects.get(code="drug-possession").pk)],
            drug_type="methamphetamine",
            quantity_grams=str(contact["quantity_grams"]),
            conversation_led_by="officer",
        )
    return data


@pytest.fixture
def signed_in(client, officer, lead_defaults):
    client.force_login(officer)
    return client


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_live_panel_form_and_stored_outcome_agree_and_every_contact_is_recorded(signed_in, officer, data):
    protocol = data.draw(protocols())
    contact = data.draw(contacts(protocol))
    try:
        with transaction.atomic():
            _publish(protocol)
            form_data = _form_data(contact)

            live = signed_in.post(CHECK, form_data).context["result"]

            route = ReferralRoute.objects.get(code=contact["route"])
            form = ReferralForm(
                {**form_data, "decision": "divert"}, user=officer, route=route, version=protocol_in_force()
            )
            form.is_valid()
            assert form.result == live

            choice = "screened_out" if live.status == "not_eligible" else "divert"
            filed = signed_in.post(NEW, {**form_data, "decision": choice})

            assert filed.status_code == 302, filed.context["form"].errors
            referral = Referral.objects.get(client_token=form_data["token"])
            assert referral.eligibility_status == live.status.value
            assert referral.eligibility_results == live.as_json()
            if live.status == "not_eligible":
                assert referral.current_decision is None and referral.status == Referral.Status.CLOSED
                page = signed_in.get(f"/referrals/{referral.pk}/").content.decode()
                assert all(item.finding in page for item in live.failed)
            raise Rollback
    except Rollback:
        pass


def test_a_disqualified_person_at_the_boundary_is_recorded_with_the_failing_criterion(signed_in, lead_protocol):
    """A 17-year-old contacted yesterday, the day before their 18th birthday."""
    yesterday = timezone.localdate() - timedelta(days=1)
    contact = {
        "route": "social-contact",
        "occurred_at": timezone.make_aware(datetime.combine(yesterday, time(23, 30))),
        "date_of_birth": yesterday - relativedelta(years=18) + timedelta(days=1),
        "prior_activity_date": yesterday - timedelta(days=10),
        "prior_activity_in_area": True,
        "quantity_grams": Decimal("1"),
        "excluded": False,
    }
    form_data = _form_data(contact)
    live = signed_in.post(CHECK, form_data)
    assert "Not eligible: Under 18" in live.content.decode()
    assert "Record screening: not eligible" in live.content.decode()

    response = signed_in.post(NEW, {**form_data, "decision": "screened_out"}, follow=True)

    referral = Referral.objects.get()
    assert referral.eligibility_status == "not_eligible" and referral.status == Referral.Status.CLOSED
    content = response.content.decode()
    assert "Aged 18 or over on the day of contact: no" in content
    assert "Aged 17 on the day of contact" in content


def test_a_contact_just_after_local_midnight_on_the_birthday_is_judged_on_that_day(signed_in, lead_protocol):
    today = timezone.localdate()
    birthday_today = today - relativedelta(years=18)
    just_after_midnight = timezone.make_aware(datetime.combine(today, time(0, 1)))  # never past the clock skew
    form_data = _form_data(
        {
            "route": "social-contact",
            "occurred_at": just_after_midnight,
            "date_of_birth": birthday_today,
            "prior_activity_date": today - timedelta(days=10),
            "prior_activity_in_area": True,
            "quantity_grams": Decimal("1"),
            "excluded": False,
        }
    )

    response = signed_in.post(NEW, {**form_data, "decision": "divert"})

    assert response.status_code == 302
    assert Referral.objects.get().eligibility_status == "eligible"
