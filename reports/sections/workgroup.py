"""The section the workgroup app's data makes: who attends its meetings, and
the operational issues it takes in and resolves."""

from reports.figures import issues, workgroup

from . import ReportQuery, Section


def _workgroup(query: ReportQuery):
    attendance = workgroup.attendance_counts(workgroup.meetings_held(query.scope, query.filters))
    opened, closed, quantiles = issues.issue_counts(issues.issues_in_view(query.scope, query.filters), query.filters)
    return [
        workgroup.attendance_by_role(attendance),
        issues.issues_opened_and_resolved(opened, closed, quantiles, query.filters),
    ]


SECTION = Section("workgroup", "Operational workgroup", _workgroup, order=70)
