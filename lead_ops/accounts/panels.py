"""Home-page panels the accounts app contributes."""

from lead_ops.home import HomePanel

from . import selectors
from .models import User
from .roles import Role

SHOWN_OF_ME = ("unit__name", "unit__kind", "agency__name")
SHOWN_OF_SERGEANT = ("username", "first_name", "last_name", "badge_number")  # User.display_name


def _assignment_context(user) -> dict:
    # The unit and the agency in one query, and none when there is neither; of
    # each, and of the sergeants, only what the panel shows.
    me = (
        User.objects.select_related("unit", "agency").only(*SHOWN_OF_ME).get(pk=user.pk)
        if user.unit_id or user.agency_id
        else None
    )
    unit = me.unit if me else None
    return {
        "unit": unit,
        "agency": me.agency if me else None,
        "supervisors": list(selectors.supervisors_of(user).only(*SHOWN_OF_SERGEANT)) if unit else [],
        # Only sergeants supervise units; nobody else pays for the question.
        "supervised_units": list(selectors.units_supervised_by(user).select_related("precinct"))
        if user.has_role(Role.SERGEANT)
        else [],
    }


my_assignment = HomePanel(
    key="my-assignment",
    title="My assignment",
    template="accounts/_assignment_panel.html",
    allowed=lambda user: True,
    context=_assignment_context,
    order=900,
    for_partners=True,
)
