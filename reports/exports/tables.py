"""What each kind of export contains, as a header and an iterator of rows.

Referral rows are read in chunks (constant memory, whatever the count). A
de-identified export carries no name, date of birth, incident number, badge or
exact date: people and officers become keyed pseudonyms (stable, so repeat
referrals can be linked, but not reversible without the site's secret key),
ages become five-year bands, and any race, ethnicity or sex value held by fewer
than LEAD_SMALL_CELL_MIN rows of the export is written as suppressed."""

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from referrals.consent import INTAKE_INFORMATION, stage_visible_to, with_visible_stage
from referrals.models import DecisionReason, Person, Referral, Review
from referrals.selectors.referrals import ROW_DEFERRED
from referrals.services.consent import disclosures_record_bulk
from reports.figures.discretion import Discretion, DiscretionRow
from reports.figures.equity import EquityTable
from reports.models import ReportExport
from reports.suppression import SUPPRESSED_LABEL, is_small

# Rows read from the database at a time (a server-side cursor on PostgreSQL):
# an export's memory is about one chunk of referrals with their related rows,
# whatever its length (make bench: +30 MB for 104,000 referrals; 2,000 at a
# time, with the screening read too, took +85).
CHUNK_SIZE = 1000


@dataclass
class ExportTable:
    title: str
    header: list[str]
    rows: Iterator[list]
    total: int


def pseudonym(kind: str, pk: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"reports:{kind}:{pk}".encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def age_band(person: Person, day) -> str:
    age = person.age_on(day)
    if age is None:
        return "not recorded"
    low = age // 5 * 5
    return f"{low}-{low + 4}"


def _export_queryset(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    last_review = Review.objects.filter(referral=OuterRef("pk")).order_by("-created_at", "-id").values("action")[:1]
    return (
        referrals.select_related(
            "route",
            "precinct",
            "unit",
            "officer",
            "person",
            "intake",
            "current_decision",
            "current_decision__decided_by",
        )
        .prefetch_related(Prefetch("current_decision__reasons", queryset=DecisionReason.objects.order_by("order")))
        # No row writes the screening's answers or results: left in the
        # database, not decoded into every row of every chunk (most of the
        # export's memory).
        .defer(*ROW_DEFERRED)
        .annotate(last_review=Subquery(last_review))
        .order_by("submitted_at", "id")
    )


IDENTIFIED_HEADER = [
    "Referral",
    "Filed",
    "Contact",
    "Route",
    "Precinct",
    "Unit",
    "Unit kind",
    "Officer",
    "Incident number",
    "Person",
    "Date of birth",
    "Race",
    "Ethnicity",
    "Sex",
    "Eligibility",
    "Status",
    "Decision",
    "Decided by",
    "Reasons",
    "Last review",
    "Hand-off minutes",
    "Intake deadline",
    "Intake completed",
]
DEIDENTIFIED_HEADER = [
    "Row",
    "Filed month",
    "Route",
    "Precinct",
    "Unit",
    "Unit kind",
    "Officer key",
    "Person key",
    "Age band at contact",
    "Race",
    "Ethnicity",
    "Sex",
    "Eligibility",
    "Status",
    "Decision",
    "Overridden by a sergeant",
    "Reasons",
    "Last review",
    "Hand-off minutes",
    "Intake within deadline",
]


def _common(referral: Referral) -> dict:
    decision = referral.current_decision
    intake = getattr(referral, "intake", None)
    return {
        "decision": decision.get_outcome_display() if decision else "",
        "reasons": "; ".join(reason.label for reason in decision.reasons.all()) if decision else "",
        "review": Review.Action(referral.last_review).label if referral.last_review else "",
        "handoff": intake.warm_handoff_minutes if intake else None,
        "intake": intake,
    }


def _identified_rows(referrals: QuerySet[Referral], user) -> Iterator[list]:
    """Named rows. Whether an intake was completed is substance-use information
    (42 CFR Part 2): written only under an active release of information, and
    each such row is logged as a disclosure for the person's accounting."""
    disclosed = []
    for referral in with_visible_stage(referrals, user).iterator(chunk_size=CHUNK_SIZE):
        common, person = _common(referral), referral.person
        intake = common["intake"]
        stage = stage_visible_to(user, referral)
        completed = intake.intake_completed_at if intake else None
        if intake and not stage.intake_shown:
            completed = WITHHELD  # every hand-off without a release reads the same
        elif stage.discloses:
            disclosed.append((referral, referral.active_release_id))
        if len(disclosed) >= CHUNK_SIZE:
            _log_disclosures(disclosed, user)
        yield [
            referral.pk,
            referral.submitted_at,
            referral.occurred_at,
            referral.route.name,
            referral.precinct.name if referral.precinct_id else "",
            referral.unit.name if referral.unit_id else "",
            referral.unit.get_kind_display() if referral.unit_id else "",
            referral.officer.display_name,
            referral.incident_number,
            person.full_name,
            person.date_of_birth,
            person.get_race_display(),
            person.get_ethnicity_display(),
            person.get_sex_display(),
            referral.get_eligibility_status_display(),
            stage.label,
            common["decision"],
            referral.current_decision.decided_by.display_name if referral.current_decision else "",
            common["reasons"],
            common["review"],
            common["handoff"],
            intake.intake_deadline if intake else None,
            completed,
        ]
    _log_disclosures(disclosed, user)


WITHHELD = "not shared without an active release of information"


def _log_disclosures(disclosed: list, user) -> None:
    if disclosed:
        disclosures_record_bulk(
            disclosed=disclosed, recipient=user, information=INTAKE_INFORMATION, purpose=EXPORT_PURPOSE
        )
        disclosed.clear()


EXPORT_PURPOSE = "Program evaluation and supervision (export from LEAD Ops reports)"


def _rare_values(referrals: QuerySet[Referral]) -> dict[str, set[str]]:
    """Race, ethnicity and sex values too rare in this export to be written."""
    groups = referrals.values("person__race", "person__ethnicity", "person__sex").annotate(n=Count("id")).order_by()
    counts = {field: Counter() for field in ("race", "ethnicity", "sex")}
    for group in groups:
        for field, counter in counts.items():
            counter[group[f"person__{field}"]] += group["n"]
    return {field: {value for value, n in counter.items() if is_small(n)} for field, counter in counts.items()}


def _deidentified_rows(referrals: QuerySet[Referral], rare: dict[str, set[str]], user) -> Iterator[list]:
    def shown(person, field):
        value = getattr(person, field)
        return SUPPRESSED_LABEL if value in rare[field] else getattr(person, f"get_{field}_display")()

    # A keyed person code with month, precinct and age band can be traced back to
    # someone: a completion shown under a release is logged here as in named rows.
    disclosed = []
    for row, referral in enumerate(with_visible_stage(referrals, user).iterator(chunk_size=CHUNK_SIZE), start=1):
        common, person = _common(referral), referral.person
        intake = common["intake"]
        decision = referral.current_decision
        stage = stage_visible_to(user, referral)
        if stage.discloses:
            disclosed.append((referral, referral.active_release_id))
        if len(disclosed) >= CHUNK_SIZE:
            _log_disclosures(disclosed, user)
        within = ""
        if intake and intake.intake_completed_at and stage.intake_shown:
            within = timezone.localdate(intake.intake_completed_at) <= intake.intake_deadline
        yield [
            row,
            timezone.localtime(referral.submitted_at).strftime("%Y-%m"),
            referral.route.name,
            referral.precinct.name if referral.precinct_id else "",
            referral.unit.name if referral.unit_id else "",
            referral.unit.get_kind_display() if referral.unit_id else "",
            pseudonym("officer", referral.officer_id),
            pseudonym("person", referral.person_id),
            age_band(person, timezone.localdate(referral.occurred_at)),
            shown(person, "race"),
            shown(person, "ethnicity"),
            shown(person, "sex"),
            referral.get_eligibility_status_display(),
            stage.label,
            common["decision"],
            bool(decision and decision.decided_by_id != referral.officer_id),
            common["reasons"],
            common["review"],
            common["handoff"],
            within,
        ]
    _log_disclosures(disclosed, user)


def referrals_table(referrals: QuerySet[Referral], *, deidentified: bool, user=None) -> ExportTable:
    rows_query = _export_queryset(referrals)
    total = referrals.count()
    if deidentified:
        rows = _deidentified_rows(rows_query, _rare_values(referrals), user)
        return ExportTable("Referrals (de-identified)", DEIDENTIFIED_HEADER, rows, total)
    return ExportTable("Referrals", IDENTIFIED_HEADER, _identified_rows(rows_query, user), total)


DISCRETION_HEADER = [
    "Level",
    "Officer or unit",
    "Unit",
    "Unit kind",
    "Eligible contacts",
    "Diverted (officer's decision)",
    "Divert rate",
    "95% interval low",
    "95% interval high",
    "Compared with (unit or program rate)",
    "Overridden by a sergeant",
    "Override rate",
    "Highlighted",
]


def _discretion_row(level: str, row: DiscretionRow, name: str) -> list:
    return [
        level,
        name,
        row.unit_name,
        row.unit_kind,
        row.rate.trials,
        row.rate.successes,
        row.rate.rate,
        row.rate.low,
        row.rate.high,
        row.compared_with,
        row.overrides,
        row.override_rate,
        row.highlighted,
    ]


def discretion_table(figures: Discretion, *, deidentified: bool) -> ExportTable:
    rows = [_discretion_row("Unit", row, row.name) for row in figures.units]
    for row in figures.officers:
        name = f"Officer {pseudonym('officer', row.key)}" if deidentified else row.name
        rows.append(_discretion_row("Officer", row, name))
    return ExportTable("Discretion", DISCRETION_HEADER, iter(rows), len(rows))


EQUITY_HEADER = [
    "Grouped by",
    "Group",
    "Referrals",
    "Share of referrals",
    "Eligible contacts",
    "Share of eligible pool",
    "Diverted",
    "Diversion rate",
    "95% interval low",
    "95% interval high",
]


def equity_table(tables: tuple[EquityTable, ...]) -> ExportTable:
    def cell(cell):
        return SUPPRESSED_LABEL if cell.suppressed else cell.value

    def hidden_or(value, *cells):
        # A share or rate built on a hidden count is hidden too, and says so.
        return SUPPRESSED_LABEL if any(c.suppressed for c in cells) else value

    rows = []
    for table in tables:
        for row in (*table.rows, table.total):
            rate = row.rate
            rates = [rate.rate, rate.low, rate.high] if rate else [None, None, None]
            rows.append(
                [
                    table.title,
                    row.label,
                    cell(row.referrals),
                    hidden_or(row.referral_share, row.referrals),
                    cell(row.eligible),
                    hidden_or(row.eligible_share, row.eligible),
                    cell(row.diverted),
                    *(hidden_or(value, row.diverted, row.eligible) for value in rates),
                ]
            )
    return ExportTable("Equity", EQUITY_HEADER, iter(rows), len(rows))


KINDS = ReportExport.Kind
