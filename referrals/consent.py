"""Substance-use information and who may see it (42 CFR Part 2): the one gate
every channel asks what a viewer may learn of a referral's case-management stage.

Whether a person completed intake with a case-management agency is
substance-use-disorder information. Inside case management (the receiving
agency's case managers) and for administrators it is part of the work. Shown
to police, prosecutors, the workgroup or analysts, in a page, a list, a
filter, a count, an export, a figure or an e-mail, it is a disclosure: allowed
only under an active release of information, carrying the 42 CFR 2.32 notice,
and logged for the accounting of disclosures.

Without an active release a viewer outside case management learns only what
police already know from the hand-off they made: that the person was handed
off, the agency, the intake deadline and, once that day is past, that the
deadline passed without a completion shared under a release. A completed
intake and a pending one are then the same stage, with the same label and the
same fields (no case manager, no completion date, no release dates or
reasons), so they also sort, filter and count the same.

Why "deadline passed" is still said: the protocol lets the prosecutor file a
held charge when intake is not completed by the deadline, and 42 CFR 2.35
lets the referring criminal-justice agency learn of progress only under the
person's consent (which 2.35 allows to be irrevocable until the charge is
disposed of). So what the prosecutor is told is exactly what they may know:
no completion was confirmed to them under a release by that day. A person
who completed intake keeps the charge held by keeping a release in force."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from lead_ops.accounts.roles import Role

from .models import Referral

Status = Referral.Status
# The stages after a hand-off, inside which completion is the protected fact.
CASE_MANAGEMENT_STATUSES = (Status.HANDED_OFF, Status.INTAKE_DONE, Status.INTAKE_OVERDUE)
# Stages a viewer outside case management never filters on: asking "who
# completed intake" is a search of substance-use information, not monitoring.
HIDDEN_FROM_FILTERS = frozenset({Status.INTAKE_DONE})
OUTSIDE_LABELS = {
    Status.HANDED_OFF: "Handed off to case management",
    Status.INTAKE_OVERDUE: "Intake deadline passed, completion not confirmed",
}
WITHHELD_STATUS = OUTSIDE_LABELS[Status.HANDED_OFF]
NOT_SHARED = "not shared without an active release of information"
HIDDEN_FILTER_REFUSAL = (
    "Choose one of the statuses offered. Whether a person completed intake is substance-use "
    "information (42 CFR Part 2): outside case management it is not a filter."
)
INTAKE_INFORMATION = "Intake completion (case-management participation)"
MONITORING_PURPOSE = "Monitoring progress by the referring criminal-justice agency (42 CFR 2.35)"


@dataclass(frozen=True)
class Stage:
    """What one viewer may learn of one referral's stage.

    `status` is the visible status (a Referral.Status value), `label` its
    wording for this viewer; `intake_shown` says whether completion, its date
    and the case manager may be shown; `discloses` whether showing them is a
    disclosure (outside case management, under `release_id`) that must carry
    the 2.32 notice and be logged."""

    status: str
    label: str
    intake_shown: bool
    discloses: bool
    release_id: int | None = None

    @property
    def deadline_passed_unconfirmed(self) -> bool:
        return self.status == Status.INTAKE_OVERDUE


def inside_case_management(user, intake) -> bool:
    if user.has_role(Role.ADMINISTRATOR):
        return True
    return in_receiving_agency(user, intake)


def in_receiving_agency(user, intake) -> bool:
    """A case manager of the agency the person was handed off to: the only
    people who see case notes and releases (the Golden Rule)."""
    return (
        intake is not None
        and bool(intake.agency_id)
        and user.has_role(Role.CASE_MANAGER)
        and user.agency_id == intake.agency_id
    )


def decide_stage(*, status: str, inside: bool, release_id: int | None, deadline, today) -> Stage:
    """The rule itself, a pure function of the facts (see the module docstring).
    Completion is read from the status alone, as the query form reads it."""
    completed = status == Status.INTAKE_DONE
    if status not in CASE_MANAGEMENT_STATUSES or inside:
        return Stage(status, Status(status).label, intake_shown=True, discloses=False)
    if release_id is not None:
        return Stage(status, Status(status).label, intake_shown=True, discloses=completed, release_id=release_id)
    # The sweep's mark means the deadline passed (it runs on the site's days).
    passed = status == Status.INTAKE_OVERDUE or (deadline is not None and deadline < today)
    shown = Status.INTAKE_OVERDUE if passed else Status.HANDED_OFF
    return Stage(shown, OUTSIDE_LABELS[shown], intake_shown=False, discloses=False)


def stage_visible_to(user, referral, *, today=None) -> Stage:
    """The stage this user may see of this referral. Uses the annotations of
    with_visible_stage when the referral came through it (no query), and reads
    the intake and the active release otherwise."""
    today = today or timezone.localdate()
    if hasattr(referral, "stage_inside"):
        return decide_stage(
            status=referral.status,
            inside=referral.stage_inside,
            release_id=referral.active_release_id,
            deadline=referral.stage_deadline,
            today=today,
        )
    intake = _intake_of(referral)
    release_id = None
    if referral.status in CASE_MANAGEMENT_STATUSES:
        from .selectors.consent import active_release

        release = active_release(referral, on=today)
        release_id = release.pk if release else None
    return decide_stage(
        status=referral.status,
        inside=inside_case_management(user, intake),
        release_id=release_id,
        deadline=intake.intake_deadline if intake else None,
        today=today,
    )


def status_label(user, referral) -> str:
    return stage_visible_to(user, referral).label


def _inside_condition(user) -> Q | None:
    """Referrals whose stage this user sees as case management does; None for none."""
    if user.has_role(Role.ADMINISTRATOR):
        return Q()
    if user.has_role(Role.CASE_MANAGER) and user.agency_id:
        return Q(intake__agency_id=user.agency_id)
    return None


def _inside_value(user):
    inside = _inside_condition(user)
    if inside is None:
        return Value(False)
    if inside == Q():  # administrators: every referral
        return Value(True)
    return Case(When(inside, then=Value(True)), default=Value(False), output_field=BooleanField())


def _with_viewer_facts(referrals: QuerySet[Referral], user) -> QuerySet[Referral]:
    return referrals.annotate(stage_inside=_inside_value(user), stage_deadline=F("intake__intake_deadline"))


def with_stage_facts(referrals: QuerySet[Referral], user, *, on=None) -> QuerySet[Referral]:
    """Each referral annotated with what stage_visible_to needs to decide its
    stage without a query (the release in force, whether the viewer is inside
    case management, the intake deadline), and not the stage itself: for rows
    to show (staged_rows). Filters, sorts and counts use with_visible_stage."""
    from .selectors.consent import with_release_in_force  # selectors import this module

    return _with_viewer_facts(with_release_in_force(referrals, on=on or timezone.localdate()), user)


def staged_rows(
    referrals: QuerySet[Referral],
    user,
    *,
    on=None,
    limit: int | None = None,
    offset: int = 0,
    page_of: QuerySet[Referral] | None = None,
) -> list[Referral]:
    """The rows of a page (`limit` rows from `offset`), each with
    `visible_status` and `stage_discloses` as with_visible_stage would annotate
    them, decided by the rule itself (decide_stage) in Python: the stage is
    worked out for the rows shown, not in SQL, where each use of a fact repeats
    its subquery.

    A page is chosen, sorted and cut, on the list's own columns (a subquery of
    the rows' ids); the facts of the stage are read for the page's rows alone,
    not for every row the sort passes over. Still one query. `page_of`, a
    narrower queryset of the same order, chooses the page instead (a filter
    of its own, such as seen_as's, is then asked once, not again of the rows)."""
    on = on or timezone.localdate()
    if limit is not None:
        chosen = (referrals if page_of is None else page_of).values("pk")[offset : offset + limit]
        referrals = referrals.filter(pk__in=Subquery(chosen))
    staged = with_stage_facts(referrals, user, on=on)
    rows = list(staged if limit is not None else staged[offset:])
    for referral in rows:
        stage = stage_visible_to(user, referral, today=on)
        referral.visible_status, referral.stage_discloses = stage.status, stage.discloses
    return rows


def with_visible_stage(referrals: QuerySet[Referral], user, *, on=None) -> QuerySet[Referral]:
    """The queryset form of stage_visible_to, for lists, filters, sorts and
    counts: each referral annotated (in the same query) with `visible_status`,
    `stage_discloses`, and what stage_visible_to needs to label it."""
    from .selectors.consent import with_consent  # selectors import this module

    on = on or timezone.localdate()
    referrals = _with_viewer_facts(with_consent(referrals, on=on), user)
    # consent_active (an EXISTS) rather than active_release_id (the latest
    # release's id, sorted for): the same fact, and each reference repeats it in
    # the SQL, row by row. It comes last in each condition, after the row's own
    # columns: the database asks it only of the rows those leave (Q(**kwargs)
    # would sort it first).
    outside = Q(status__in=CASE_MANAGEMENT_STATUSES) & Q(stage_inside=False)
    passed = Q(stage_deadline__lt=on) | Q(status=Status.INTAKE_OVERDUE)
    return referrals.annotate(
        visible_status=Case(
            When(outside & passed & Q(consent_active=False), then=Value(Status.INTAKE_OVERDUE.value)),
            When(outside & Q(consent_active=False), then=Value(Status.HANDED_OFF.value)),
            default=F("status"),
            output_field=CharField(),
        ),
        stage_discloses=Case(
            When(Q(status=Status.INTAKE_DONE) & Q(stage_inside=False) & Q(consent_active=True), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def seen_as(referrals: QuerySet[Referral], user, status: str, *, on=None) -> QuerySet[Referral]:
    """The referrals whose stage this user sees as `status` (the status filter).
    Outside the case-management stages the visible status is the stored one, so
    that filter is the stored status alone (its index serves it, no stage is
    worked out row by row); inside them, with_visible_stage decides."""
    if not seen_row_by_row(status):
        return referrals.filter(status=status)
    staged = with_visible_stage(referrals.filter(status__in=CASE_MANAGEMENT_STATUSES), user, on=on)
    return staged.filter(visible_status=status)


def seen_row_by_row(status: str | None) -> bool:
    """Whether seen_as works out each row's stage to find this status (one of
    the case-management stages) rather than reading the stored status through
    its index: a list so filtered is best counted and paged in one query
    (lead_ops.paging.page_of_ids)."""
    return status in CASE_MANAGEMENT_STATUSES


def outcomes_countable_outside(referrals: QuerySet[Referral], *, on=None) -> QuerySet[Referral]:
    """For figures seen outside case management: the referrals whose intake
    outcome (completed or not, when, by which case manager) may be counted,
    those under a release of information in force. Report figures are shared by
    everyone with the same scope (administrators included), so they always use
    this, never a viewer's own view."""
    from .selectors.consent import with_consent

    return with_consent(referrals, on=on).filter(consent_active=True)


def status_choices_for(user) -> list[tuple[str, str]]:
    """The statuses a user may filter by, worded as they see them."""
    if _inside_condition(user) == Q():
        return list(Status.choices)
    return [
        (value, OUTSIDE_LABELS.get(value, label)) for value, label in Status.choices if value not in HIDDEN_FROM_FILTERS
    ]


def _intake_of(referral):
    try:
        return referral.intake
    except referral._meta.model.intake.RelatedObjectDoesNotExist:
        return None


def stage_for_systems(*, status: str, deadline, today) -> Stage:
    """What another organisation's system (an RMS reading the integration API)
    may learn of a referral's stage: the outside stage with no release. A release
    names the people and parties it allows, and a disclosure is logged per
    recipient; a records system is neither, so the API never discloses completion."""
    return decide_stage(status=status, inside=False, release_id=None, deadline=deadline, today=today)
