"""The records system prefills a referral through the integration API; the
officer opens the link on a 375 px phone, answers what only they can, and
files. The README records how many inputs that leaves the officer."""

import base64
import json
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from api import scopes
from api.services import integration_client_create
from referrals.models import Referral

from .journeys import screenshot, sign_in
from .test_referral_filing import no_horizontal_scroll

pytestmark = pytest.mark.usefixtures("lead_protocol")


def call(url, body=None, *, token=None, basic=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    if basic:
        headers = {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"}
        data = b"grant_type=client_credentials"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (the test's own live server)
        return response.status, json.loads(response.read() or b"{}")


def test_the_rms_prefills_and_the_officer_finishes_on_a_phone(phone, live_server, officer):
    officer.badge_number = "B2040"
    officer.save(update_fields=["badge_number"])
    rms, secret = integration_client_create(
        name="Metro RMS", agency=officer.unit.precinct.agency, scopes=[scopes.PREFILL, scopes.STATUS]
    )
    basic = base64.b64encode(f"{rms.application.client_id}:{secret}".encode()).decode()
    _, token = call(f"{live_server.url}/api/oauth/token/", basic=basic)
    status, draft = call(
        f"{live_server.url}/api/v1/referral-drafts/",
        {
            "incident_number": "2026-004777",
            "badge_number": "B2040",
            "occurred_at": (timezone.now() - timedelta(minutes=40)).isoformat(),
            "location_text": "3rd Ave & Pine",
            "offenses": ["drug-possession"],
            "drug_type": "methamphetamine",
            "quantity_grams": "1.0",
            "first_name": "Rosa",
            "last_name": "Delgado",
            "date_of_birth": "1988-09-14",
        },
        token=token["access_token"],
    )
    assert status == 201

    sign_in(phone, "officer")
    phone.goto(draft["link"])
    phone.get_by_test_id("eligibility").wait_for()
    assert phone.get_by_label("Last name").input_value() == "Delgado"
    assert phone.get_by_label("Incident / report number").input_value() == "2026-004777"
    screenshot(phone, "api-prefilled-draft-phone")
    phone.a11y.check()
    # Left to the officer: the exclusions only they can judge. One input, where the
    # full form takes eight (README, Integrating).
    phone.get_by_label("None of these apply").check()
    phone.get_by_test_id("eligibility").filter(has_text="Eligible").wait_for()
    phone.get_by_role("button", name="Divert to LEAD").click()

    phone.wait_for_url("**/referrals/*/")
    phone.a11y.check()
    assert no_horizontal_scroll(phone)
    referral = Referral.objects.get()
    assert referral.incident_number == "2026-004777" and referral.person.last_name == "Delgado"
    _, status_now = call(f"{live_server.url}/api/v1/referrals/{referral.pk}/", token=token["access_token"])
    assert status_now["status"] == "under_review"
