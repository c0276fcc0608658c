"""Caseload per case manager against the cap (Seattle's target: 20 to 25 people
per case manager; it ran about 44 in 2019). A snapshot of today: the date range
does not apply, the other filters do."""

from django.conf import settings
from django.db.models import Count

from referrals.consent import outcomes_countable_outside
from referrals.models import Intake
from referrals.selectors.referrals import PARTICIPANT_STATUSES

from .base import Figure, Table, chart


def case_manager_name(group: dict) -> str:
    if group["case_manager_id"] is None:
        return f"Not attributed without a release ({group['agency__name']})"
    name = f"{group['case_manager__first_name']} {group['case_manager__last_name']}".strip()
    return name or group["case_manager__username"]


def caseload_groups(referrals_without_dates) -> list[dict]:
    """Participants per case manager where the person's release of information
    is in force, and per agency for the rest. A case manager can be named when
    intake is completed, so naming one for a person without a release would tell
    of the completion (42 CFR Part 2); the agency is known from the hand-off."""
    participants = referrals_without_dates.filter(status__in=PARTICIPANT_STATUSES)
    named = list(
        Intake.objects.filter(
            referral__in=outcomes_countable_outside(participants).values("pk"), case_manager__isnull=False
        )
        .values(
            "case_manager_id",
            "case_manager__first_name",
            "case_manager__last_name",
            "case_manager__username",
            "agency_id",
            "agency__name",
        )
        .annotate(participants=Count("id"))
    )
    by_agency = (
        Intake.objects.filter(referral__in=participants.values("pk"))
        .values("agency_id", "agency__name")
        .annotate(participants=Count("id"))
    )
    groups = list(named)
    for agency in by_agency:
        attributed = sum(g["participants"] for g in named if g["agency_id"] == agency["agency_id"])
        if agency["participants"] > attributed:
            groups.append(
                {
                    "case_manager_id": None,
                    "case_manager__first_name": "",
                    "case_manager__last_name": "",
                    "case_manager__username": "",
                    "agency_id": agency["agency_id"],
                    "agency__name": agency["agency__name"],
                    "participants": agency["participants"] - attributed,
                }
            )
    return sorted(
        groups,
        key=lambda g: (-g["participants"], g["agency__name"], g["case_manager__last_name"], g["case_manager_id"] or 0),
    )


def caseload(referrals_without_dates, *, partial: bool) -> Figure:
    cap = settings.LEAD_CASELOAD_CAP
    groups = caseload_groups(referrals_without_dates)
    rows, flags = [], []
    for group in groups:
        over = group["case_manager_id"] is not None and group["participants"] > cap
        name = case_manager_name(group)
        rows.append((name, group["agency__name"], group["participants"], "Over the cap" if over else ""))
        flags.append(over)
    over_cap = sum(flags)
    notes = [
        "Participants: people handed off whose referral is not closed, counted today; the date range does not apply.",
        "A participant is counted under their case manager only with a release of information in force; the others "
        "are counted under their agency (42 CFR Part 2), so a case manager's count here can be below their caseload.",
    ]
    if partial:
        notes.append("Only participants referred by your units are counted, so a caseload here is part of the whole.")
    return Figure(
        key="caseload",
        title=f"Caseload per case manager against the cap of {cap}",
        headline=(
            f"{over_cap} case manager{'s are' if over_cap != 1 else ' is'} over the cap of {cap} participants."
            if rows
            else "No current participants."
        ),
        table=Table(
            caption=f"Current participants per case manager (cap {cap})",
            header=("Case manager", "Agency", "Participants", "Against the cap"),
            rows=tuple(rows),
            highlighted=tuple(flags),
        ),
        chart=chart(
            "bar",
            [r[0] for r in rows],
            [
                {"label": "Participants", "data": [r[2] for r in rows]},
                {"label": f"Cap ({cap})", "data": [cap] * len(rows), "type": "line"},
            ],
            horizontal=True,
        )
        if rows
        else None,
        chart_label="Horizontal bar chart of participants per case manager with the cap as a line; numbers below.",
        notes=tuple(notes),
    )
