"""Home-page panels from the workgroup: what became of the issues you raised
(the feedback that builds officer ownership), your action items and your next
meeting."""

from lead_ops.home import HomePanel

from .rules import is_signed_in, may_hold_a_seat
from .selectors import issues_raised_by, next_meeting_for, open_actions_owned_by


def _my_issues(user) -> dict:
    return {"issues": issues_raised_by(user)}


def _my_workgroup(user) -> dict:
    return {"meeting": next_meeting_for(user), "actions": open_actions_owned_by(user)}


my_issues = HomePanel(
    key="my-issues",
    title="Issues you raised",
    template="workgroup/_my_issues_panel.html",
    allowed=is_signed_in,
    context=_my_issues,
    order=30,
)
my_workgroup = HomePanel(
    key="my-workgroup",
    title="Operational workgroup",
    template="workgroup/_my_workgroup_panel.html",
    allowed=may_hold_a_seat,
    context=_my_workgroup,
    order=40,
)
