"""Every write of the integration API: clients (registered, rotated and revoked
in the admin) and the prefilled drafts an RMS makes for an officer."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, RefreshToken

from lead_ops import audit
from lead_ops.accounts.agencies import incident_number_format
from lead_ops.accounts.models import Agency, Precinct, User
from lead_ops.accounts.roles import POLICE_ROLES
from lead_ops.audit.models import AuditEvent
from referrals.models import ReferralDraft, ReferralRoute
from referrals.selectors.criteria import offenses_for_agency
from referrals.selectors.routes import filing_route
from referrals.services import referral_draft_save

from .models import IntegrationClient, Prefill
from .scopes import AGENCY_SCOPES, SCOPES


class Unprocessable(Exception):
    """Well-formed, but it names someone or something the client may not use (422)."""


def client_problems(*, name: str, agency: Agency | None, scopes) -> dict[str, str]:
    problems = {}
    if not name or not name.strip():
        problems["name"] = "Name the client (the system it is, e.g. 'Metro RMS')."
    unknown = sorted(set(scopes or []) - set(SCOPES))
    if not scopes or unknown:
        problems["scopes"] = "Choose one or more of: " + ", ".join(SCOPES) + "."
    elif set(scopes) & AGENCY_SCOPES and (agency is None or agency.kind != Agency.Kind.POLICE):
        problems["agency"] = "Prefill and status read a police agency's referrals: choose the police agency."
    return problems


def _revoke_tokens(application: Application) -> None:
    RefreshToken.objects.filter(application=application).delete()
    AccessToken.objects.filter(application=application).delete()


@transaction.atomic
def integration_client_create(
    *, name: str, agency: Agency | None, scopes, requests_per_minute: int = 120, actor=None
) -> tuple[IntegrationClient, str]:
    """A client and its OAuth application; the secret is returned this once (it is stored hashed)."""
    scopes = sorted(set(scopes or []))
    if problems := client_problems(name=name, agency=agency, scopes=scopes):
        raise ValidationError(problems)
    secret = generate_client_secret()
    application = Application.objects.create(
        name=name.strip(),
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    client = IntegrationClient(
        name=name.strip(),
        application=application,
        agency=agency,
        scopes=scopes,
        requests_per_minute=requests_per_minute,
    )
    client.full_clean()
    client.save()
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=client, detail={"scopes": scopes})
    return client, secret


@transaction.atomic
def integration_client_save(*, client: IntegrationClient, actor=None, changed=()) -> IntegrationClient:
    client.scopes = sorted(set(client.scopes or []))
    if problems := client_problems(name=client.name, agency=client.agency, scopes=client.scopes):
        raise ValidationError(problems)
    client.full_clean()
    client.save()
    if not client.is_active or "scopes" in changed or "agency" in changed:
        _revoke_tokens(client.application)  # what a token allowed is no longer what the client may do
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=client, detail={"fields": sorted(changed)})
    return client


@transaction.atomic
def integration_client_secret_rotate(*, client: IntegrationClient, actor=None) -> str:
    """A new secret, returned this once; the old one and every token stop working."""
    secret = generate_client_secret()
    application = client.application
    application.client_secret = secret
    application.hash_client_secret = True
    application.save()
    _revoke_tokens(application)
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=client, summary="Client secret rotated")
    return secret


@transaction.atomic
def integration_client_revoke(*, client: IntegrationClient, actor=None) -> IntegrationClient:
    client.is_active = False
    client.save(update_fields=["is_active"])
    _revoke_tokens(client.application)
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=client, summary="Client revoked")
    return client


@dataclass(frozen=True)
class OffenseInput:
    code: str


@dataclass(frozen=True)
class PrefillInput:
    incident_number: str
    badge_number: str
    occurred_at: datetime
    route: str = "arrest-diversion"
    location_text: str = ""
    beat: str = ""
    precinct_code: str = ""
    offenses: tuple[str, ...] = ()
    drug_type: str = ""
    quantity_grams: Decimal | None = None
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None


def prefill_officer(client: IntegrationClient, badge_number: str) -> User:
    """The officer the draft is for: an active police account of the client's own agency."""
    officers = User.objects.filter(
        badge_number=badge_number.strip(), agency=client.agency, is_active=True, groups__name__in=POLICE_ROLES
    ).distinct()
    officer = officers.first()
    if officer is None:
        raise Unprocessable(f"No active officer of {client.agency} has badge number {badge_number.strip()}.")
    return officer


def _answers(client: IntegrationClient, data: PrefillInput) -> tuple[ReferralRoute, QueryDict]:
    """The form's answers, as the officer's filing form names them."""
    problems = {}
    route = filing_route(data.route)
    if route is None:
        problems["route"] = (
            "Unknown route: use arrest-diversion or social-contact (partners refer on the community door)."
        )
    incident_format = incident_number_format(client.agency)
    if not incident_format.accepts(data.incident_number.strip().upper()):
        problems["incident_number"] = incident_format.refusal
    offenses = {o.code: o.pk for o in offenses_for_agency(client.agency_id).filter(code__in=data.offenses)}
    if unknown := sorted(set(data.offenses) - set(offenses)):
        problems["offenses"] = f"Not an offense this agency's officers may refer for: {', '.join(unknown)}."
    precinct = None
    if data.precinct_code:
        precinct = Precinct.objects.filter(agency=client.agency, code__iexact=data.precinct_code).first()
        if precinct is None:
            problems["precinct_code"] = f"{client.agency} has no precinct with that code."
    if data.occurred_at > timezone.now():
        problems["occurred_at"] = "The time of contact is in the future."
    if problems:
        raise ValidationError(problems)
    answers = QueryDict(mutable=True)
    values = {
        "occurred_at": timezone.localtime(data.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "incident_number": data.incident_number.strip().upper(),
        "location_text": data.location_text,
        "beat": data.beat,
        "precinct": str(precinct.pk) if precinct else "",
        "drug_type": data.drug_type,
        "quantity_grams": "" if data.quantity_grams is None else str(data.quantity_grams),
        "first_name": data.first_name,
        "middle_name": data.middle_name,
        "last_name": data.last_name,
        "date_of_birth": data.date_of_birth.isoformat() if data.date_of_birth else "",
    }
    for key, value in values.items():
        if value:
            answers[key] = value
    answers.setlist("offenses", [str(offenses[code]) for code in data.offenses])
    return route, answers


def referral_prefill(*, client: IntegrationClient, data: PrefillInput) -> tuple[Prefill, bool]:
    """A draft for the officer, filled from the RMS; the same incident number
    from the same client again returns the first draft (created False)."""
    number = data.incident_number.strip().upper()
    existing = Prefill.objects.filter(client=client, incident_number=number).first()
    if existing is not None:
        return existing, False
    officer = prefill_officer(client, data.badge_number)
    route, answers = _answers(client, data)
    try:
        with transaction.atomic():
            token = uuid.uuid4()
            draft = referral_draft_save(
                officer=officer, token=token, route=route, form_data=answers, started_by=client.audit_name
            )
            prefill = Prefill.objects.create(
                client=client, incident_number=number, draft=draft, draft_token=token, officer=officer
            )
    except IntegrityError:  # the same request raced itself: the first one stands
        return Prefill.objects.get(client=client, incident_number=number), False
    return prefill, True


def draft_of(prefill: Prefill) -> ReferralDraft | None:
    return ReferralDraft.objects.filter(token=prefill.draft_token).first()
