"""What a referrer is told of their referral: one of three words, nothing more.

The Golden Rule: no participant may be worse off for taking part, and what the
program learns through care coordination is not passed on. A partner who
referred someone learns only that the program received it, that the project
team is looking at it, or that it is closed. Accepted and declined read the
same ("closed"), and nothing says whether the person was found, engaged or
completed an intake."""

from referrals.models import Referral

from .models import CommunityReferral

RECEIVED, BEING_LOOKED_AT, CLOSED = "Received", "Being looked at", "Closed"
REFERRER_STATUSES = (RECEIVED, BEING_LOOKED_AT, CLOSED)

Status = CommunityReferral.Status
# Once screened, the referral's own status decides: closed when it left the
# project team's hands (handed off, or closed without a diversion).
REFERRAL_CLOSED = frozenset(
    {
        Referral.Status.HANDED_OFF,
        Referral.Status.INTAKE_DONE,
        Referral.Status.INTAKE_OVERDUE,
        Referral.Status.CLOSED,
    }
)


def referrer_status(status: str, referral_status: str | None) -> str:
    """The word for the referrer, a pure function of the two statuses."""
    if status == Status.RECEIVED:
        return RECEIVED
    if status == Status.DECLINED:
        return CLOSED
    if status == Status.SCREENED and referral_status in REFERRAL_CLOSED:
        return CLOSED
    return BEING_LOOKED_AT
