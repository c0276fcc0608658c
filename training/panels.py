"""Home-page panels the training app contributes."""

from lead_ops.accounts.roles import POLICE_ROLES
from lead_ops.home import HomePanel

from .rules import can_manage_training
from .selectors import protocol_acknowledgement_due, sessions_upcoming, training_status_for


def _my_training_context(user) -> dict:
    return {"status": training_status_for(user), "protocol_due": protocol_acknowledgement_due(user)}


def _management_context(user) -> dict:
    return {"upcoming": sessions_upcoming(limit=3)}


# First on an officer's or sergeant's home: an unacknowledged protocol version
# is something to act on before the next referral.
my_training = HomePanel(
    key="my-training",
    title="My training",
    template="training/_my_training_panel.html",
    allowed=lambda user: user.has_role(*POLICE_ROLES),
    context=_my_training_context,
    order=10,
)

training_management = HomePanel(
    key="training-management",
    title="Peer training",
    template="training/_management_panel.html",
    allowed=can_manage_training,
    context=_management_context,
    order=50,
)
