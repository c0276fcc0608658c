"""The integration API as partner systems use it, and as an attacker would:
tokens from the token endpoint, scopes and agencies kept apart, idempotent
prefill, problem details for bad input, a rate limit, every call audited, and
referral status no more telling than the disclosure gate allows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api import scopes
from api.models import Prefill
from api.services import integration_client_revoke, integration_client_secret_rotate
from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from referrals.models import Offense, ReferralDraft
from referrals.services.consent import release_revoke
from referrals.services.handoff import ReleaseInput, intake_record_completion, referral_hand_off
from referrals.tests.factories import PersonFactory, arrest_answers, file_referral

pytestmark = pytest.mark.django_db

DRAFTS = "/api/v1/referral-drafts/"


def prefill_body(**overrides):
    body = {
        "incident_number": "2026-004211",
        "badge_number": "B1001",
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "location_text": "3rd Ave & Pine",
        "offenses": ["drug-possession"],
        "drug_type": "opioids",
        "quantity_grams": "1.5",
        "first_name": "Dora",
        "last_name": "Example",
        "date_of_birth": "1990-04-02",
    }
    return {**body, **overrides}


@pytest.fixture
def badge(officer):
    officer.badge_number = "B1001"
    officer.save(update_fields=["badge_number"])
    return officer


def test_a_token_comes_only_from_the_right_secret_and_carries_only_granted_scopes(make_caller, police, lead_protocol):
    rms = make_caller(agency=police, granted=[scopes.STATUS])
    assert rms.get_token().status_code == 200
    assert rms.get_token(scope=scopes.PREFILL).status_code == 400, "a scope the client was not given"
    wrong = make_caller(agency=police, granted=[scopes.STATUS], name="Other")
    wrong.secret = rms.secret
    assert wrong.get_token().status_code == 401
    assert rms.client.application.client_secret != rms.secret, "the secret is stored hashed"
    from oauth2_provider.models import AccessToken

    stored = AccessToken.objects.get(application=rms.client.application)
    assert stored.token == "" and stored.token_checksum, "tokens are kept as checksums only (RFC 9700)"


def test_prefill_makes_the_officer_s_draft_once_per_incident(make_caller, police, badge, lead_protocol):
    rms = make_caller(agency=police, granted=[scopes.PREFILL])
    first = rms.post(DRAFTS, prefill_body())
    again = rms.post(DRAFTS, prefill_body(first_name="Changed"))

    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["draft"] == first.json()["draft"]
    draft = ReferralDraft.objects.get(token=first.json()["draft"])
    assert draft.officer == badge and draft.route.code == "arrest-diversion"
    assert draft.answers["first_name"] == ["Dora"] and draft.answers["incident_number"] == ["2026-004211"]
    assert first.json()["link"].endswith(f"/referrals/new/?draft={draft.token}")
    qr = rms.get(f"/api/v1/referral-drafts/{draft.token}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    event = AuditEvent.objects.filter(actor_username=rms.client.audit_name, action=AuditEvent.Action.CREATE)
    assert event.exists(), "the client is the actor of the prefill"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"incident_number": "not-a-number"}, "incident_number"),
        ({"offenses": ["no-such-offense"]}, "offenses"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"quantity_grams": "-1"}, "quantity_grams"),
        ({"date_of_birth": "1990-02-30"}, "date_of_birth"),
        ({"occurred_at": (timezone.now() + timedelta(days=2)).isoformat()}, "occurred_at"),
        ({"route": "community"}, "route"),  # partners refer on the community door, not the records system
    ],
)
def test_bad_input_is_a_400_with_field_errors_as_problem_details(
    make_caller, police, badge, lead_protocol, overrides, field
):
    rms = make_caller(agency=police, granted=[scopes.PREFILL])
    response = rms.post(DRAFTS, prefill_body(**overrides))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and field in problem["errors"], problem
    assert not Prefill.objects.exists()


def test_an_unknown_officer_or_one_of_another_agency_is_a_422(
    make_caller, police, other_police, make_user, lead_protocol
):
    make_user(Role.OFFICER, badge_number="S777", agency=other_police)
    rms = make_caller(agency=police, granted=[scopes.PREFILL])
    for number in ("NOPE", "S777"):
        response = rms.post(DRAFTS, prefill_body(badge_number=number))
        assert response.status_code == 422 and number in response.json()["detail"], response.content
    assert not ReferralDraft.objects.exists()


def test_status_reads_only_the_agency_s_referrals_through_the_gate(
    make_caller, police, other_police, officer, make_user, lead_protocol
):
    from lead_ops.accounts.models import Agency
    from lead_ops.accounts.tests.factories import AgencyFactory, PrecinctFactory, UnitFactory

    cm_agency = AgencyFactory(kind=Agency.Kind.CASE_MANAGEMENT)
    cm = make_user(Role.CASE_MANAGER, agency=cm_agency)
    mine = file_referral(officer=officer)
    referral_hand_off(referral=mine, actor=officer, agency=cm_agency, case_manager=cm, called_at=timezone.now())
    deputy = make_user(Role.OFFICER, unit=UnitFactory(precinct=PrecinctFactory(agency=other_police)))
    theirs = file_referral(officer=deputy)
    file_referral(
        officer=deputy,
        route_code="arrest-diversion",
        answers=arrest_answers([Offense.objects.get(code="drug-possession")], incident_number="2026-012345"),
    )
    rms = make_caller(agency=police, granted=[scopes.STATUS])

    pending = rms.get(f"/api/v1/referrals/{mine.pk}/").json()
    assert rms.get(f"/api/v1/referrals/{theirs.pk}/").status_code == 404
    arrest = file_referral(officer=officer, route_code="arrest-diversion")
    found = rms.get("/api/v1/referrals/", {"incident_number": arrest.incident_number}).json()
    assert [r["id"] for r in found] == [arrest.pk], "the other agency's referral with that number is not found"

    today = timezone.localdate()
    intake_record_completion(
        referral=mine,
        case_manager=cm,
        completed_at=timezone.now(),
        release=ReleaseInput(
            parties="LEAD", purpose="Coordination", signed_on=today, expires_on=today + timedelta(days=30)
        ),
    )
    under_release = rms.get(f"/api/v1/referrals/{mine.pk}/").json()
    release_revoke(release=mine.releases.get(), actor=cm)
    revoked = rms.get(f"/api/v1/referrals/{mine.pk}/").json()
    assert pending == under_release == revoked, "the API never tells whether intake was completed"
    assert pending["status"] == "handed_off" and "first_name" not in pending


def test_every_endpoint_needs_its_own_scope(make_caller, police, badge, lead_protocol):
    only_status = make_caller(agency=police, granted=[scopes.STATUS])
    assert only_status.post(DRAFTS, prefill_body()).status_code == 403
    assert only_status.get("/api/v1/figures/").status_code == 403
    assert only_status.get("/api/v1/webhooks/").status_code == 403
    only_figures = make_caller(agency=police, granted=[scopes.REPORTS], name="Figures")
    assert only_figures.get("/api/v1/referrals/", {"incident_number": "2026-1"}).status_code == 403
    answered = only_figures.get("/api/v1/figures/")
    assert answered.status_code == 200 and "no-store" in answered["Cache-Control"], "no copy kept on the way"
    assert (
        AuditEvent.objects.filter(
            actor_username=only_status.client.audit_name, action=AuditEvent.Action.PERMISSION_DENIED
        ).count()
        == 3
    )


def test_a_call_without_a_token_or_with_a_revoked_one_is_refused(client, make_caller, police, lead_protocol):
    assert client.get("/api/v1/figures/").status_code == 401
    assert client.get("/api/v1/figures/", HTTP_AUTHORIZATION="Bearer forged").status_code == 401
    rms = make_caller(agency=police, granted=[scopes.REPORTS])
    assert rms.get("/api/v1/figures/").status_code == 200
    old_secret = rms.secret
    rms.secret = integration_client_secret_rotate(client=rms.client)
    assert rms.get("/api/v1/figures/").status_code == 401, "rotation ends every token"
    rms.token = None
    assert rms.get("/api/v1/figures/").status_code == 200
    rms.secret, rms.token = old_secret, None
    assert rms.get_token().status_code == 401
    rms.secret = integration_client_secret_rotate(client=rms.client)
    rms.token = None
    rms.get_token()
    integration_client_revoke(client=rms.client)
    assert rms.http.get("/api/v1/figures/", HTTP_AUTHORIZATION=f"Bearer {rms.token}").status_code == 401


def test_each_client_is_rate_limited_with_retry_after(make_caller, police, lead_protocol, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}}
    slow = make_caller(agency=police, granted=[scopes.REPORTS], requests_per_minute=2)
    other = make_caller(agency=police, granted=[scopes.REPORTS], name="Other", requests_per_minute=2)
    codes = [slow.get("/api/v1/figures/", {"date_from": "2026-01-01"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = slow.get("/api/v1/figures/")
    assert refused["Content-Type"] == "application/problem+json" and int(refused["Retry-After"]) > 0
    assert other.get("/api/v1/figures/").status_code == 200, "one client's limit is its own"


def test_figures_are_the_agency_s_and_suppress_small_cells(make_caller, police, officer, lead_protocol):
    # A name no figure could hold by chance (a surname such as "White" is also a race).
    person = file_referral(officer=officer, person=PersonFactory(first_name="Zenaida", last_name="Quillfeather")).person
    figures = make_caller(agency=police, granted=[scopes.REPORTS]).get("/api/v1/figures/").json()
    assert figures["agency"] == police.name and figures["sections"]
    text = str(figures)
    assert person.last_name not in text and person.first_name not in text, "de-identified"
    assert figures["equity"], "the equity tables come with their suppression"
