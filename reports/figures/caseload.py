"""Caseload per case manager against the cap (Seattle's target: 20 to 25 people
per case manager; it ran about 44 in 2019). A snapshot of today: the date range
does not apply, the other filters do."""

from django.conf import settings
from django.db.models import Count

from referrals.models import Intake
from referrals.selectors.referrals import PARTICIPANT_STATUSES

from .base import Figure, Table, chart


def case_manager_name(group: dict) -> str:
    if group["case_manager_id"] is None:
        return f"Not yet assigned ({group['agency__name']})"
    name = f"{group['case_manager__first_name']} {group['case_manager__last_name']}".strip()
    return name or group["case_manager__username"]


def caseload_groups(referrals_without_dates) -> list[dict]:
    return list(
        Intake.objects.filter(referral__in=referrals_without_dates.filter(status__in=PARTICIPANT_STATUSES).values("pk"))
        .values(
            "case_manager_id",
            "case_manager__first_name",
            "case_manager__last_name",
            "case_manager__username",
            "agency__name",
        )
        .annotate(participants=Count("id"))
        .order_by("-participants", "agency__name", "case_manager__last_name", "case_manager_id")
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
        "Participants: people handed off whose referral is not closed, counted today; the date range does not apply."
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
