"""The operational workgroup: who comes to its meetings. Core principles for
the policing role: line officers and sergeants sit in the Operational Workgroup
beside case managers and prosecutors, so a meeting without either is counted."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from workgroup.models import Attendance, Meeting, MemberRole

from .base import Figure, Table, chart, percent


def workgroup_condition(scope, filters, path: str = "workgroup") -> Q:
    """Which workgroups a report covers, as a condition on `path`: those of the
    precincts in scope (a sergeant's: their units'), and the site-wide ones
    (no precinct) unless an agency, precinct or unit is chosen, which narrows the
    report to those precincts' workgroups. Unit kind and route do not apply."""
    if not scope.is_program and not scope.unit_ids:
        return Q(pk__in=[])
    narrowed = filters.precinct_id is not None or filters.unit_id is not None or filters.agency_id is not None
    if scope.is_program and not narrowed:
        return Q()
    precincts = scope.precincts()
    if filters.agency_id is not None:
        precincts = precincts.filter(agency_id=filters.agency_id)
    if filters.precinct_id is not None:
        precincts = precincts.filter(pk=filters.precinct_id)
    if filters.unit_id is not None:
        precincts = precincts.filter(units=filters.unit_id)
    condition = Q(**{f"{path}__precinct__in": precincts.values("pk")})
    if not narrowed:
        condition |= Q(**{f"{path}__precinct__isnull": True})
    return condition


def meetings_held(scope, filters, *, now=None):
    """Meetings in the date range that took place: not cancelled, already started."""
    start, end = filters.period()
    return Meeting.objects.filter(
        workgroup_condition(scope, filters),
        is_cancelled=False,
        starts_at__gte=start,
        starts_at__lt=min(end, now or timezone.now()),
    )


def _present(role) -> Exists:
    return Exists(Attendance.objects.filter(meeting=OuterRef("pk"), role=role))


def attendance_counts(meetings) -> dict:
    """One query: meetings held, attendances and meetings attended per seat, and
    meetings with both a line officer and a sergeant."""
    return meetings.aggregate(
        held=Count("id", distinct=True),
        with_both=Count("id", distinct=True, filter=_present(MemberRole.OFFICER) & _present(MemberRole.SERGEANT)),
        **{f"attendances_{role}": Count("attendance", filter=Q(attendance__role=role)) for role in MemberRole.values},
        **{
            f"meetings_{role}": Count("id", distinct=True, filter=Q(attendance__role=role))
            for role in MemberRole.values
        },
    )


def attendance_by_role(counts: dict) -> Figure:
    held = counts["held"]

    def share(n):
        return percent(n / held if held else None)

    seats = [(role.label, counts[f"attendances_{role.value}"], counts[f"meetings_{role.value}"]) for role in MemberRole]
    without = {
        "officer": held - counts[f"meetings_{MemberRole.OFFICER}"],
        "sergeant": held - counts[f"meetings_{MemberRole.SERGEANT}"],
        "either": held - counts["with_both"],
    }
    rows = (
        *((label, attendances, meetings, share(meetings)) for label, attendances, meetings in seats),
        ("All seats", sum(seat[1] for seat in seats), "", ""),
        ("Meetings held", "", held, ""),
        ("Meetings without a line officer", "", without["officer"], share(without["officer"])),
        ("Meetings without a sergeant", "", without["sergeant"], share(without["sergeant"])),
        ("Meetings missing a line officer or a sergeant", "", without["either"], share(without["either"])),
    )
    return Figure(
        key="workgroup-attendance",
        title="Workgroup attendance by role",
        headline=(
            f"{held} meeting{'s' if held != 1 else ''} held; {without['officer']} without a line officer, "
            f"{without['sergeant']} without a sergeant."
            if held
            else "No workgroup meeting was held in the period."
        ),
        table=Table(
            caption="Attendance at workgroup meetings held in the period, by the seat each person took",
            header=("Seat", "Attendances", "Meetings attended", "Share of meetings held"),
            rows=rows,
        ),
        chart=chart(
            "bar",
            [seat[0] for seat in seats],
            [{"label": "Attendances", "data": [seat[1] for seat in seats]}],
            horizontal=True,
        ),
        chart_label="Horizontal bar chart of attendances at workgroup meetings by seat; numbers in the table below.",
        notes=(
            "Meetings of the workgroups of the precincts in view, and of site-wide workgroups unless a precinct or "
            "unit is chosen; cancelled and future meetings are not counted. Unit kind and route do not apply.",
        ),
    )
