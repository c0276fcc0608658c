"""What happened to the demo referrals after filing: reviews, returns, hand-offs,
intakes, overdue intakes and prosecutors' decisions, so that every state a
real program sees is in the demo. Through the services, with historic times."""

from datetime import timedelta

from django.utils import timezone

from lead_ops.accounts.demo_context import DemoContext
from lead_ops.accounts.models import Agency, User
from lead_ops.accounts.roles import Role

from .models import Decision, Referral, Review
from .selectors.referrals import held_charges_condition
from .services.handoff import (
    ReleaseInput,
    intake_deadline_sweep,
    intake_record_completion,
    prosecution_decide,
    referral_hand_off,
)
from .services.review import review_record

STILL_PENDING_DAYS = 4


def play_out(demo: DemoContext) -> dict:
    rng, now = demo.rng, timezone.now()
    counts = {"reviewed": 0, "returned": 0, "handed_off": 0, "intake_done": 0, "filing_decisions": 0}
    kept_pending = _kept_for_the_demo_sergeant(demo)
    waiting = Referral.objects.filter(status=Referral.Status.UNDER_REVIEW, is_synthetic=True).select_related(
        "unit", "officer"
    )
    for referral in waiting.order_by("submitted_at"):
        if referral.submitted_at > now - timedelta(days=STILL_PENDING_DAYS) or referral.pk in kept_pending:
            continue
        sergeant = referral.unit.supervisors.exclude(pk=referral.officer_id).first()
        roll = rng.random()
        action = Review.Action.APPROVE if roll < 0.86 else (Review.Action.RETURN if roll < 0.95 else "override")
        comment = {
            Review.Action.RETURN: "Please add the beat and check the incident number.",
            "override": "Known to be selling to others on the block; not a LEAD case.",
        }.get(action, "Looks good." if referral.eligibility_status != "sergeant_decision" else "Old conviction; ok.")
        if action == Review.Action.RETURN and referral.submitted_at < now - timedelta(days=30):
            action = Review.Action.APPROVE  # old returns were corrected long ago
        review_record(
            referral=referral,
            decision_id=referral.current_decision_id,
            sergeant=sergeant,
            action=action,
            comment=comment,
            now=referral.submitted_at + timedelta(hours=rng.randint(2, 30)),
        )
        counts["reviewed"] += 1
        counts["returned"] += action == Review.Action.RETURN
    _return_one_to_the_demo_officer(demo, kept_pending, counts)
    _hand_off_approved(demo, counts)
    intake_deadline_sweep()
    _prosecutors_decide(demo, counts)
    return counts


def _kept_for_the_demo_sergeant(demo: DemoContext) -> set[int]:
    """The demo sergeant signs in to a queue with work in it."""
    sergeant = demo.users["sergeant"]
    mine = (
        Referral.objects.filter(status=Referral.Status.UNDER_REVIEW, unit__supervisors=sergeant)
        .exclude(officer=sergeant)
        .order_by("-submitted_at")
    )
    return set(mine.values_list("pk", flat=True)[:6])


def _return_one_to_the_demo_officer(demo: DemoContext, kept_pending: set[int], counts: dict) -> None:
    """The demo officer signs in to one referral returned for correction."""
    referral = (
        Referral.objects.filter(pk__in=kept_pending, officer=demo.users["officer"]).order_by("submitted_at").first()
    )
    if referral is None:
        return
    review_record(
        referral=referral,
        decision_id=referral.current_decision_id,
        sergeant=demo.users["sergeant"],
        action=Review.Action.RETURN,
        comment="Add the beat, and check the quantity against the property report.",
    )
    counts["returned"] += 1


def _hand_off_approved(demo: DemoContext, counts: dict) -> None:
    rng = demo.rng
    agencies = list(Agency.objects.filter(kind=Agency.Kind.CASE_MANAGEMENT))
    staff = {agency.pk: list(User.objects.filter(agency=agency, groups__name=Role.CASE_MANAGER)) for agency in agencies}
    approved = Referral.objects.filter(
        status__in=Referral.READY_FOR_HAND_OFF, is_synthetic=True, current_decision__outcome=Decision.Outcome.DIVERT
    ).select_related("route", "officer")
    for referral in approved.order_by("submitted_at"):
        if rng.random() < 0.12:
            continue  # approved, hand-off not yet recorded
        agency = rng.choice(agencies)
        called = referral.occurred_at + timedelta(minutes=rng.randint(3, 15))
        arrived = called + timedelta(minutes=rng.choice([12, 18, 22, 25, 28, 31, 35, 48, 65]))
        intake = referral_hand_off(
            referral=referral,
            actor=referral.officer,
            agency=agency,
            case_manager=rng.choice(staff[agency.pk]) if staff[agency.pk] else None,
            called_at=called,
            arrived_at=arrived,
            handed_off_at=arrived,
        )
        counts["handed_off"] += 1
        completed = arrived + timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 8))
        case_manager = intake.case_manager or (staff[agency.pk][0] if staff[agency.pk] else None)
        if case_manager is None or completed > timezone.now() or rng.random() < 0.18:
            continue
        intake_record_completion(
            referral=referral,
            case_manager=case_manager,
            completed_at=completed,
            release=ReleaseInput(
                parties="LEAD case management\nMetro Police Department LEAD liaison\nCounty Prosecutor's Office",
                purpose="Coordinating LEAD case management and monitoring progress",
                signed_on=timezone.localdate(completed),
                expires_on=timezone.localdate(completed) + timedelta(days=365),
            ),
        )
        counts["intake_done"] += 1


def _prosecutors_decide(demo: DemoContext, counts: dict) -> None:
    for username in ("prosecutor", "countyprosecutor"):
        if username in demo.users:
            _office_decides(demo.users[username], counts)


def _office_decides(prosecutor, counts: dict) -> None:
    """Half the overdue held charges of the prosecutor's office are decided."""
    overdue = Referral.objects.filter(
        held_charges_condition(prosecutor), status=Referral.Status.INTAKE_OVERDUE, is_synthetic=True
    ).order_by("submitted_at")
    for index, referral in enumerate(overdue):
        if index % 2:
            continue  # left for the demo prosecutor to decide
        prosecution_decide(
            referral=referral,
            prosecutor=prosecutor,
            decision="decline" if index % 4 == 0 else "file",
            note="No engagement after repeated outreach." if index % 4 else "Engaged late; declining to file.",
        )
        counts["filing_decisions"] += 1
