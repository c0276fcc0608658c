"""The integration API's operations. Thin: parse, call a service or a
selector, answer. Scope, rate limit, audit and errors: api.access."""

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import segno
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from lead_ops.audit.models import AuditEvent
from referrals.models import ReferralRoute
from referrals.selectors.referrals import referral_filed_with_token
from reports.filters import ReportFilters, default_range
from reports.results import dashboard_sections, equity_figures
from webhooks import services as webhooks

from . import scopes, selectors, serializers, services
from .access import ClientView, client_of

PROBLEM = OpenApiResponse(description="Problem details (RFC 9457), application/problem+json")
ERRORS = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 429: PROBLEM}


def _prefill_answer(request, prefill) -> dict:
    link = request.build_absolute_uri(reverse("referrals:new") + f"?draft={prefill.draft_token}")
    filed = referral_filed_with_token(prefill.officer, prefill.draft_token)
    return {
        "draft": prefill.draft_token,
        "officer_badge_number": prefill.officer.badge_number,
        "link": link,
        "qr_code": request.build_absolute_uri(reverse("api:draft-qr", args=[prefill.draft_token])),
        "filed_referral": filed.pk if filed else None,
    }


class ReferralDraftCreate(ClientView):
    required_scope = scopes.PREFILL
    audit_action = AuditEvent.Action.CREATE

    @extend_schema(
        operation_id="referral_drafts_create",
        request=serializers.PrefillSerializer,
        responses={
            201: serializers.PrefillResultSerializer,
            200: serializers.PrefillResultSerializer,
            422: PROBLEM,
            **ERRORS,
        },
        summary="Prefill a referral draft for an officer from the RMS (idempotent per incident number)",
    )
    def post(self, request):
        incoming = serializers.PrefillSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        prefill, created = services.referral_prefill(client=client_of(request), data=incoming.to_input())
        self.audit_type, self.audit_targets = "api.prefill", [prefill]
        answer = serializers.PrefillResultSerializer(_prefill_answer(request, prefill)).data
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ReferralDraftQR(ClientView):
    required_scope = scopes.PREFILL

    @extend_schema(
        operation_id="referral_drafts_qr",
        responses={(200, "image/svg+xml"): OpenApiTypes.BINARY, 404: PROBLEM, **ERRORS},
        summary="The draft's link as an SVG QR code",
    )
    def get(self, request, token):
        prefill = selectors.prefill_of(client_of(request), token)
        if prefill is None:
            raise NotFound("No such draft of this client.")
        self.audit_targets = [prefill]
        link = request.build_absolute_uri(reverse("referrals:new") + f"?draft={prefill.draft_token}")
        return HttpResponse(segno.make(link, error="m").svg_inline(scale=4), content_type="image/svg+xml")


class ReferralStatusDetail(ClientView):
    required_scope = scopes.STATUS

    @extend_schema(
        operation_id="referrals_retrieve",
        responses={200: serializers.ReferralStatusSerializer, 404: PROBLEM, **ERRORS},
        summary="One referral's status, as the disclosure gate allows",
    )
    def get(self, request, pk: int):
        referral = selectors.referrals_of_client(client_of(request)).filter(pk=pk).first()
        if referral is None:
            raise NotFound("No such referral of this agency.")
        self.audit_targets = [referral]
        return Response(serializers.ReferralStatusSerializer(selectors.referral_status(referral)).data)


class ReferralStatusLookup(ClientView):
    required_scope = scopes.STATUS
    audit_action = AuditEvent.Action.SEARCH

    @extend_schema(
        operation_id="referrals_lookup",
        parameters=[OpenApiParameter("incident_number", str, required=True)],
        responses={200: serializers.ReferralStatusSerializer(many=True), **ERRORS},
        summary="The agency's referrals with an incident number",
    )
    def get(self, request):
        number = (request.query_params.get("incident_number") or "").strip().upper()
        if not number or len(number) > 40:
            raise ValidationError({"incident_number": ["Give the incident number (up to 40 characters)."]})
        found = list(selectors.referrals_of_client(client_of(request)).filter(incident_number=number)[:50])
        self.audit_targets = found
        return Response(
            serializers.ReferralStatusSerializer([selectors.referral_status(r) for r in found], many=True).data
        )


def _plain(value):
    """Figures as JSON: dataclasses to objects, dates to ISO, decimals to numbers."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


class Figures(ClientView):
    required_scope = scopes.REPORTS
    audit_action = AuditEvent.Action.EXPORT

    @extend_schema(
        operation_id="figures_retrieve",
        parameters=[serializers.FiguresQuerySerializer],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        summary="The dashboard's figures and the equity tables, de-identified, with small-cell suppression",
    )
    def get(self, request):
        blank = sorted(name for name, value in request.query_params.items() if not value.strip())
        if blank:
            raise ValidationError({name: ["Give a value, or leave the parameter out."] for name in blank})
        query = serializers.FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = default_range()
        date_from = query.validated_data.get("date_from", start)
        date_to = query.validated_data.get("date_to", end)
        if date_from > date_to:
            raise ValidationError({"date_to": ["The end comes before the start."]})
        route_id = None
        if code := query.validated_data.get("route"):
            route = ReferralRoute.objects.filter(code=code).first()
            if route is None:
                raise ValidationError({"route": ["Unknown route."]})
            route_id = route.pk
        client = client_of(request)
        scope = selectors.figures_scope(client)
        filters = ReportFilters(date_from, date_to, route_id=route_id)
        self.audit_type = "reports.figures"
        return Response(
            {
                "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
                "agency": client.agency.name if client.agency_id else None,
                "sections": _plain(dashboard_sections(None, scope, filters)),
                "equity": _plain(equity_figures(None, scope, filters)),
            }
        )


class Subscriptions(ClientView):
    required_scope = scopes.WEBHOOKS

    @extend_schema(
        operation_id="webhooks_list", responses={200: serializers.SubscriptionSerializer(many=True), **ERRORS}
    )
    def get(self, request):
        mine = list(client_of(request).subscriptions.order_by("pk"))
        self.audit_targets = mine
        return Response(serializers.SubscriptionSerializer(mine, many=True).data)

    @extend_schema(
        operation_id="webhooks_create",
        request=serializers.SubscriptionSerializer,
        responses={201: serializers.SubscriptionSerializer, **ERRORS},
    )
    def post(self, request):
        self.audit_action = AuditEvent.Action.CREATE
        incoming = serializers.SubscriptionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        subscription, secret = webhooks.subscription_create(
            client=client_of(request), url=incoming.validated_data["url"], kinds=incoming.validated_data["kinds"]
        )
        self.audit_targets = [subscription]
        answer = {**serializers.SubscriptionSerializer(subscription).data, "secret": secret}
        return Response(answer, status=status.HTTP_201_CREATED)


class SubscriptionDetail(ClientView):
    required_scope = scopes.WEBHOOKS
    audit_action = AuditEvent.Action.DELETE

    @extend_schema(operation_id="webhooks_destroy", responses={204: None, 404: PROBLEM, **ERRORS})
    def delete(self, request, pk: int):
        subscription = client_of(request).subscriptions.filter(pk=pk).first()
        if subscription is None:
            raise NotFound("No such subscription of this client.")
        self.audit_targets = [subscription]
        webhooks.subscription_delete(subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)
