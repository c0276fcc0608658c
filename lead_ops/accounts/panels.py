"""Home-page panels the accounts app contributes."""

from lead_ops.home import HomePanel

from . import selectors


def _assignment_context(user) -> dict:
    return {
        "unit": user.unit,
        "supervisors": list(selectors.supervisors_of(user)) if user.unit_id else [],
        "supervised_units": list(selectors.units_supervised_by(user).select_related("precinct")),
    }


my_assignment = HomePanel(
    key="my-assignment",
    title="My assignment",
    template="accounts/_assignment_panel.html",
    allowed=lambda user: True,
    context=_assignment_context,
    order=900,
)
