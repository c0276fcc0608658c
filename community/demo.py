"""Demo community referrals through the door, in each state: received, being
looked at, sent to a police agency to verify, screened and waiting for its
hand-off, handed off, declined; one from the public form. Synthetic, through
the services, added only when the demo has none."""

import uuid
from datetime import timedelta
from importlib import import_module

from django.apps import apps as django_apps
from django.utils import timezone

from lead_ops.accounts.demo_context import DemoContext
from lead_ops.accounts.models import Agency
from referrals.models import DecisionReason
from referrals.services import DecisionInput, PersonInput, ReferralAnswers
from referrals.services.handoff import referral_hand_off

from .models import CommunityReferral, Concern, DeclineReason
from .services import (
    CommunityReferralInput,
    community_door,
    community_referral_file,
    community_referral_screen,
    public_request_file,
    triage_decline,
    triage_note,
    triage_request_verification,
)

# name, description, where, concerns, urgency, days ago
REQUESTS = [
    (
        "",
        "Woman in her 30s, purple coat, sleeps in the doorway",
        "Pike St and 2nd Ave",
        ["unsheltered", "drug-use"],
        "soon",
        1,
    ),
    ("Marco", "Younger man with a skateboard", "Westlake Park fountain", ["drug-use"], "routine", 2),
    ("Lee Ana Voss", "", "Behind the Pine St grocery loading dock", ["trespass-loitering", "drug-use"], "today", 3),
    (
        "Tomas Reiner",
        "Grey hoodie, walks with a cane",
        "3rd Ave bus shelters",
        ["mental-health", "repeated-calls"],
        "soon",
        6,
    ),
    ("Dee Carter", "", "Union Station steps", ["sex-work"], "routine", 9),
    ("Jules Park", "", "Library plaza", ["drug-use", "unsheltered"], "soon", 14),
    ("", "Man in a wheelchair, asks for change", "Outside the ferry terminal", ["unsheltered"], "routine", 20),
    ("Rae Holm", "", "Cedar St underpass", ["other"], "routine", 25),
]


def configure(demo: DemoContext) -> None:
    """The behaviours and decline reasons of migration 0002, in case a database
    was emptied after migrating (the browser tests' flush does that)."""
    import_module("community.migrations.0002_concerns_and_decline_reasons").seed(django_apps, None)


def seed(demo: DemoContext) -> None:
    if community_door() is None or "community" not in demo.users:
        demo.note("community: no community door or no demo referrer; skipped")
        return
    if CommunityReferral.objects.filter(is_synthetic=True).exists():
        demo.note("community: already present, kept")
        return
    referrer, manager = demo.users["community"], demo.users["projectmanager"]
    now = timezone.now()
    rows = [
        community_referral_file(
            referrer=referrer,
            token=uuid.uuid4(),
            details=_details(*request[:5]),
            is_synthetic=True,
            received_at=now - timedelta(days=request[5], hours=3),
        )
        for request in REQUESTS
    ]
    public_request_file(
        details=_details(
            "", "Older man, talks to himself, very thin", "Main St church steps", ["mental-health"], "soon"
        ),
        is_synthetic=True,
        received_at=now - timedelta(hours=20),
    )
    # rows[0], rows[1]: received. rows[2]: being looked at. rows[3]: sent to Metro to verify.
    triage_note(
        community_referral=rows[2], manager=manager, note="Called the business alliance; they will send a photo."
    )
    metro = Agency.objects.filter(kind=Agency.Kind.POLICE).order_by("pk").first()
    triage_request_verification(
        community_referral=rows[3], manager=manager, agency=metro, note="Repeated 911 calls: please check history."
    )
    # rows[4], rows[5]: screened and accepted; rows[5] handed off to outreach.
    waiting = _screen(rows[4], manager, "Dee", "Carter", 1991)
    handed_off = _screen(rows[5], manager, "Jules", "Park", 1986)
    referral_hand_off(
        referral=handed_off,
        actor=manager,
        agency=Agency.objects.get(name="Bridgeway Outreach (demo)"),
        case_manager=None,
        called_at=now - timedelta(days=12),
        arrived_at=now - timedelta(days=11),
    )
    # rows[6]: declined at triage; rows[7]: screened, and the person declined LEAD.
    triage_decline(community_referral=rows[6], manager=manager, reason=DeclineReason.objects.get(code="outside-area"))
    _screen(
        rows[7],
        manager,
        "Rae",
        "Holm",
        1979,
        decision=DecisionInput(outcome="not_divert", reasons=(DecisionReason.objects.get(code="declined"),)),
    )
    demo.note(f"community: {len(rows) + 1} community referrals ({waiting.pk}: accepted, waiting for hand-off)")


def _details(name, description, where, concerns, urgency) -> CommunityReferralInput:
    return CommunityReferralInput(
        person_name=name,
        person_description=description,
        usual_location=where,
        concerns=tuple(Concern.objects.filter(code__in=concerns)),
        concern_text="Seen most days this month."
        if "other" not in concerns
        else "Shouting at passers-by most evenings.",
        urgency=urgency,
        contact_name="Cam Rivers",
        contact_phone="206 555 0147",
    )


def _screen(row, manager, first, last, born, decision=None):
    from datetime import date

    return community_referral_screen(
        community_referral=row,
        actor=manager,
        token=uuid.uuid4(),
        person=PersonInput(first_name=first, last_name=last, date_of_birth=date(born, 4, 12)),
        answers=ReferralAnswers(
            occurred_at=row.received_at + timedelta(days=1),
            location_text=row.usual_location,
            prior_activity_verification="reliable_report",
            prior_activity_reported_by=f"{row.contact_name} ({row.organisation})",
            prior_activity_date=timezone.localdate(row.received_at),
            prior_activity_in_area=True,
            exclusions={"specialty-court": False, "no-contact-order": False},
        ),
        decision=decision or DecisionInput(outcome="divert"),
        is_synthetic=True,
    )
