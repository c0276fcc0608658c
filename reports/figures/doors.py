"""The doors into LEAD side by side: arrest diversion, social contact and the
community door (routes are rows, so a site's own routes appear as they are).
Every door has the same outcomes once a referral is filed (eligible,
diverted, handed off, intake under a release); the community door also counts
what came in at it before anyone was screened: partners' referrals received,
declined at triage, still open. Then the community door by referring
organisation, and the time from a partner's referral to the first contact
with the person after hand-off.

Every count here goes through reports.suppression, and whether intake was
completed only through referrals.consent (42 CFR Part 2)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from community.models import CommunityReferral
from referrals.consent import outcomes_countable_outside
from referrals.models import Intake, ReferralRoute
from reports.suppression import Cell, is_small, suppress_funnel, suppress_part, suppress_with_total

from .base import DASH, Figure, Table, chart, days, percent
from .decisions import DIVERTED, ELIGIBLE_CONTACT
from .sql import SecondsBetween, aggregate_with_percentiles

DAY = 86400
Status = CommunityReferral.Status
DOOR_NOT_COUNTED = (
    "What came in at the community door (received, declined at triage, still open) belongs to no police agency, "
    "precinct or unit until it is screened, so it is counted only in the program's reports, without an agency, "
    "precinct, unit or unit-kind filter."
)
PUBLIC_REQUESTS = "Public request form (no organisation)"


@dataclass(frozen=True)
class DoorRoute:
    pk: int
    name: str
    is_community_door: bool


@dataclass(frozen=True)
class DoorCounts:
    routes: tuple[DoorRoute, ...]
    outcomes: dict[int, dict]  # route pk -> filed, eligible, diverted, handed_off, under_release, completed
    at_the_door: dict[int, dict] | None  # route pk -> received, screened, declined, open; None: not counted here


OUTCOMES = ("filed", "eligible", "diverted", "handed_off", "under_release", "completed")
AT_THE_DOOR = ("received", "screened", "declined", "open")


def door_groups(community_referrals) -> list[dict] | None:
    """One grouped query: the community referrals received in the period per
    (route, referring organisation; public requests have none): how many,
    screened, declined at triage, still open, and handed off once screened.
    None when `community_referrals` is None (a report that cannot count them)."""
    if community_referrals is None:
        return None
    return list(
        community_referrals.values("route_id", "organisation_id", "organisation__name")
        .annotate(
            received=Count("id"),
            screened=Count("id", filter=Q(status=Status.SCREENED)),
            declined=Count("id", filter=Q(status=Status.DECLINED)),
            open=Count("id", filter=Q(status__in=CommunityReferral.OPEN_STATUSES)),
            handed_off=Count("referral__intake"),
        )
        .order_by()
    )


def _summed(groups: list[dict], key: str, fields: tuple[str, ...]) -> dict:
    sums: dict = {}
    for group in groups:
        entry = sums.setdefault(group[key], {"name": group.get("organisation__name"), **dict.fromkeys(fields, 0)})
        for field in fields:
            entry[field] += group[field]
    return sums


def door_counts(referrals, groups: list[dict] | None, *, route_id: int | None) -> DoorCounts:
    """Three grouped queries, whatever the number of rows: the routes, the
    referrals' outcomes by route, and the hand-offs under a release of
    information by route; what came in at the door is summed from `groups`
    (door_groups)."""
    routes = ReferralRoute.objects.order_by("order", "name")
    if route_id is not None:
        routes = routes.filter(pk=route_id)
    route_rows = list(routes.values("pk", "name", "is_community_door", "is_active"))
    outcomes: dict[int, dict] = {row["pk"]: dict.fromkeys(OUTCOMES, 0) for row in route_rows}
    for group in (
        referrals.values("route_id")
        .annotate(
            filed=Count("id"),
            eligible=Count("id", filter=ELIGIBLE_CONTACT),
            diverted=Count("id", filter=ELIGIBLE_CONTACT & DIVERTED),
            handed_off=Count("intake"),
        )
        .order_by()
    ):
        outcomes.setdefault(group["route_id"], dict.fromkeys(OUTCOMES, 0)).update(
            {key: group[key] for key in ("filed", "eligible", "diverted", "handed_off")}
        )
    # Whether a person completed intake is substance-use information: counted
    # only where the release of information is in force, as every figure does.
    for group in (
        Intake.objects.filter(referral__in=outcomes_countable_outside(referrals).values("pk"))
        .values("referral__route_id")
        .annotate(under_release=Count("id"), completed=Count("id", filter=Q(intake_completed_at__isnull=False)))
        .order_by()
    ):
        outcomes.setdefault(group["referral__route_id"], dict.fromkeys(OUTCOMES, 0)).update(
            under_release=group["under_release"], completed=group["completed"]
        )
    at_the_door = None if groups is None else _summed(groups, "route_id", AT_THE_DOOR)
    shown = tuple(
        DoorRoute(row["pk"], row["name"], row["is_community_door"])
        for row in route_rows
        # A route switched off still shows while it has referrals in the period.
        if row["is_active"] or any(outcomes[row["pk"]].values()) or row["pk"] in (at_the_door or {})
    )
    return DoorCounts(routes=shown, outcomes=outcomes, at_the_door=at_the_door)


def _door_cells(route: DoorRoute, counts: DoorCounts) -> list:
    """The four counts at the door for one route: suppressed as a whole
    (received) and its parts (screened, declined, open); a dash where the
    route is no community door or the report does not count its door."""
    if not route.is_community_door or counts.at_the_door is None:
        return [DASH] * len(AT_THE_DOOR)
    group = counts.at_the_door.get(route.pk, dict.fromkeys(AT_THE_DOOR, 0))
    received = Cell(None if is_small(group["received"]) else group["received"])
    parts, received = suppress_with_total(
        [group["screened"], group["declined"], group["open"]], parts_of=[received] * 3
    )
    return [_shown(received), *(_shown(cell) for cell in parts)]


def _outcome_cells(route: DoorRoute, counts: DoorCounts) -> list[Cell]:
    group = counts.outcomes.get(route.pk, dict.fromkeys(OUTCOMES, 0))
    funnel = suppress_funnel([group["filed"], group["eligible"], group["diverted"], group["handed_off"]])
    under_release = suppress_part(group["under_release"], funnel[-1])
    completed = suppress_part(group["completed"], under_release)
    return [*funnel, under_release, completed]


def _shown(cell: Cell):
    return str(cell) if cell.suppressed else cell.value


OUTCOME_LABELS = (
    "Referrals filed (community door: screened)",
    "Eligible contacts",
    "Diverted",
    "Handed off to case management",
    "Hand-offs with a release of information in force",
    "Intake completed, of those with a release",
)
DOOR_LABELS = (
    "Received at the door",
    "Received and screened",
    "Received and declined at triage",
    "Received and still in triage",
)


def referrals_by_door(counts: DoorCounts) -> Figure:
    routes = counts.routes
    door = [_door_cells(route, counts) for route in routes]
    outcome = [_outcome_cells(route, counts) for route in routes]
    has_door = any(route.is_community_door for route in routes)
    rows = []
    if has_door:
        rows += [(label, *(cells[i] for cells in door)) for i, label in enumerate(DOOR_LABELS)]
    rows += [(label, *(_shown(cells[i]) for cells in outcome)) for i, label in enumerate(OUTCOME_LABELS)]
    filed = ", ".join(f"{route.name} {_shown(cells[0])}" for route, cells in zip(routes, outcome, strict=True))
    notes = [
        "A referral is counted by the day it was filed (on the community door: screened); a community referral at "
        "the door by the day it was received, so one received late in one period may be screened in the next.",
        "Intake completion is counted only over hand-offs whose person has a release of information in force: "
        "whether someone completed intake is substance-use information (42 CFR Part 2).",
    ]
    if has_door and counts.at_the_door is None:
        notes.append(DOOR_NOT_COUNTED)
    notes.append(
        "Counts that could identify someone (1 to the small-cell minimum, and any that would give one back) "
        "are suppressed."
    )
    return Figure(
        key="referrals-by-door",
        title="Referrals and outcomes by door",
        headline=f"Filed in the period by door: {filed}." if routes else "No route to report on.",
        table=Table(
            caption="Each door's referrals and what became of them, side by side",
            header=("", *(route.name for route in routes)),
            rows=tuple(rows),
        ),
        chart=chart(
            "bar",
            ["Filed", "Eligible", "Diverted", "Handed off"],
            [
                {"label": route.name, "data": [c.value for c in cells[:4]]}
                for route, cells in zip(routes, outcome, strict=True)
            ],
        )
        if routes
        else None,
        chart_label="Grouped bar chart of referrals filed, eligible, diverted and handed off by door; numbers in the "
        "table below.",
        notes=tuple(notes),
    )


# --- The community door by referring organisation --------------------------------------

ORGANISATION_COUNTS = ("received", "screened", "declined", "handed_off")


def organisation_rows(groups: list[dict] | None) -> list[dict] | None:
    """door_groups summed per referring organisation, the most referrals first."""
    if groups is None:
        return None
    sums = _summed(groups, "organisation_id", ORGANISATION_COUNTS)
    return sorted(sums.values(), key=lambda row: (-row["received"], row["name"] is None, row["name"] or ""))


def by_referring_organisation(groups: list[dict] | None) -> Figure:
    """Received is the whole; screened and declined are parts of it, handed off
    a part of screened, each suppressed as such (an organisation that referred
    two people must not learn, nor let anyone learn, which was declined)."""
    counted = groups is not None
    groups = groups or []
    received, received_total = suppress_with_total([g["received"] for g in groups])
    screened, screened_total = suppress_with_total(
        [g["screened"] for g in groups], parts_of=received, total_part_of=received_total
    )
    declined, declined_total = suppress_with_total(
        [g["declined"] for g in groups], parts_of=received, total_part_of=received_total
    )
    handed_off, handed_off_total = suppress_with_total(
        [g["handed_off"] for g in groups], parts_of=screened, total_part_of=screened_total
    )
    rows = tuple(
        (
            group["name"] or PUBLIC_REQUESTS,
            *(_shown(column[i]) for column in (received, screened, declined, handed_off)),
        )
        for i, group in enumerate(groups)
    )
    totals = (received_total, screened_total, declined_total, handed_off_total)
    notes = [
        "Community referrals received in the period, by the organisation of the partner who referred; screened, "
        "declined and handed off as they stand today.",
        "Counts that could identify someone (1 to the small-cell minimum, and any that would give one back) are "
        "suppressed.",
    ]
    if not counted:
        headline = "Not counted in this report."
        notes.insert(0, DOOR_NOT_COUNTED)
    elif groups:
        headline = (
            f"{_shown(received_total)} community referrals from {len(groups)} source{'s' if len(groups) != 1 else ''};"
            f" {_shown(handed_off_total)} handed off."
        )
    else:
        headline = "No community referral received in the period."
    return Figure(
        key="community-by-organisation",
        title="Community referrals by referring organisation",
        headline=headline,
        table=Table(
            caption="Community referrals by referring organisation",
            header=("Referring organisation", "Received", "Screened", "Declined at triage", "Handed off"),
            rows=(*rows, ("All organisations", *(_shown(cell) for cell in totals))) if rows else (),
        ),
        notes=tuple(notes),
    )


# --- From a partner's referral to the first contact after hand-off ------------------------

CONTACT_BUCKETS = (
    ("Within a day", None, 1),
    ("1 to 3 days", 1, 3),
    ("3 to 7 days", 3, 7),
    ("7 to 14 days", 7, 14),
    ("14 days or more", 14, None),
)


def _within(low, high) -> Q:
    condition = Q()
    if low is not None:
        condition &= Q(seconds__gte=low * DAY)
    if high is not None:
        condition &= Q(seconds__lt=high * DAY)
    return condition


def first_contact_counts(referrals) -> tuple[dict, dict]:
    """Hand-offs of community referrals (among `referrals`, so in the report's
    scope and filters) and the time from the partner's referral being received
    (CommunityReferral.received_at) to the case manager or outreach worker
    meeting the person (Intake.case_manager_arrived_at), where recorded: one
    query on PostgreSQL, two on SQLite."""
    intakes = Intake.objects.filter(
        referral__in=referrals.filter(route__is_community_door=True, community_referral__isnull=False).values("pk")
    ).annotate(seconds=SecondsBetween("case_manager_arrived_at", "referral__community_referral__received_at"))
    return aggregate_with_percentiles(
        intakes,
        "seconds",
        (0.5, 0.9),
        handed_off=Count("id"),
        met=Count("id", filter=Q(seconds__isnull=False)),
        **{f"b{i}": Count("id", filter=_within(low, high)) for i, (_, low, high) in enumerate(CONTACT_BUCKETS)},
    )


def time_to_first_contact(counts: dict, quantiles: dict) -> Figure:
    met = counts["met"]
    rows = tuple(
        (label, counts[f"b{i}"], percent(counts[f"b{i}"] / met if met else None))
        for i, (label, _, _) in enumerate(CONTACT_BUCKETS)
    )
    median, p90 = quantiles[0.5], quantiles[0.9]
    return Figure(
        key="community-first-contact",
        title="Time from community referral to first contact",
        headline=(
            f"Median {days(median)}, 90th percentile {days(p90)} over {met} "
            f"{'people' if met != 1 else 'person'} met after a community referral."
            if met
            else "No community referral handed off with a recorded first contact in the period."
        ),
        table=Table(
            caption="Days from a partner's referral being received to the first contact with the person",
            header=("First contact within", "People", "Share"),
            rows=(
                *rows,
                ("Median", days(median), ""),
                ("90th percentile", days(p90), ""),
                ("Handed off, first contact not recorded", counts["handed_off"] - met, ""),
            ),
        ),
        chart=chart("bar", [r[0] for r in rows], [{"label": "People", "data": [r[1] for r in rows]}]),
        chart_label="Bar chart of people by days from community referral to first contact; numbers in the table below.",
        notes=(
            "From the moment the community referral was received to the case manager's or outreach worker's arrival "
            "at the hand-off (the first meeting with the person), for community referrals screened in the period and "
            "handed off; hand-offs without a recorded arrival are counted apart.",
        ),
    )
