"""Reads of the integration API, through the same gates as the pages: a client
reads only its own agency's referrals, and their stage through the disclosure
gate (referrals.consent.stage_for_systems)."""

from django.db.models import QuerySet
from django.utils import timezone

from referrals.consent import stage_for_systems
from referrals.models import Referral
from reports.selectors import ReportScope, agency_scope

from .models import IntegrationClient, Prefill


def referrals_of_client(client: IntegrationClient) -> QuerySet[Referral]:
    if client.agency_id is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(agency_id=client.agency_id)
        .select_related("route", "current_decision", "intake__agency")
        .order_by("-submitted_at", "-pk")
    )


def referral_status(referral: Referral, *, today=None) -> dict:
    """What the RMS is told of one referral: its ids, route, the decision and
    the review, and the stage as the gate allows. No personal data."""
    today = today or timezone.localdate()
    intake = getattr(referral, "intake", None)  # None when never handed off
    stage = stage_for_systems(status=referral.status, deadline=intake.intake_deadline if intake else None, today=today)
    decision = referral.current_decision
    return {
        "id": referral.pk,
        "incident_number": referral.incident_number,
        "route": referral.route.code,
        "filed_at": referral.submitted_at,
        "status": stage.status,
        "status_label": stage.label,
        "decision": decision.outcome if decision else None,
        "eligibility": referral.eligibility_status,
        "handed_off_to": intake.agency.name if intake and intake.agency_id else None,
        "intake_deadline": intake.intake_deadline if intake else None,
    }


def prefill_of(client: IntegrationClient, token) -> Prefill | None:
    return Prefill.objects.filter(client=client, draft_token=token).first()


def figures_scope(client: IntegrationClient) -> ReportScope:
    return agency_scope(client.agency_id)
