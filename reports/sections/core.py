"""The sections built on referrals, decisions, reviews, intakes and units."""

from reports.figures import caseload, decisions, handoffs, reviews, volume

from . import ReportQuery, Section


def _use(query: ReportQuery):
    groups = volume.monthly_counts(query.referrals, query.filters)
    return [volume.referrals_by_route(groups, query.filters), volume.proactive_and_patrol(groups, query.filters)]


def _decisions(query: ReportQuery):
    return [decisions.diversion_rate(query.referrals), decisions.reasons_not_diverted(query.referrals)]


def _review(query: ReportQuery):
    return [reviews.review_turnaround(query.referrals)]


def _handoff(query: ReportQuery):
    counts, quantiles = handoffs.handoff_and_intake_counts(query.referrals)
    return [handoffs.handoff_time(counts, quantiles), handoffs.intake_within_deadline(counts)]


def _caseload(query: ReportQuery):
    return [caseload.caseload(query.referrals_any_date, partial=not query.scope.is_program)]


SECTIONS = [
    Section("use", "Use of the program", _use, order=10),
    Section("decisions", "Decisions on eligible contacts", _decisions, order=20),
    Section("review", "Sergeant review", _review, order=30),
    Section("handoff", "Hand-off and intake", _handoff, order=40),
    Section("caseload", "Case management", _caseload, order=50),
]
