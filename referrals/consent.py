"""Substance-use information and who may see it (42 CFR Part 2).

Intake and treatment details are substance-use-disorder information. Inside
case management (the receiving agency's case managers) and for administrators
they are part of the work. Shown to police, prosecutors or anyone else, or
exported, they are a disclosure: allowed only under an active release of
information, carrying the 42 CFR 2.32 notice, and logged for the accounting
of disclosures. Without an active release a completed intake shows as
"handed off": that it happened is itself the protected fact."""

from lead_ops.accounts.roles import Role

from .models import Referral

# Statuses that reveal that the person took part in treatment or case management.
SUD_STATUSES = frozenset({Referral.Status.INTAKE_DONE})
WITHHELD_STATUS = Referral.Status.HANDED_OFF.label
INTAKE_INFORMATION = "Intake completion (case-management participation)"
MONITORING_PURPOSE = "Monitoring progress by the referring criminal-justice agency (42 CFR 2.35)"


def inside_case_management(user, intake) -> bool:
    if user.has_role(Role.ADMINISTRATOR):
        return True
    return intake is not None and user.has_role(Role.CASE_MANAGER) and user.agency_id == intake.agency_id


def status_label(user, referral, *, consent_active: bool) -> str:
    """The status this user may see: a completed intake shows as a hand-off
    to anyone outside case management unless the person consented."""
    if referral.status not in SUD_STATUSES or consent_active:
        return referral.get_status_display()
    if user.has_role(Role.ADMINISTRATOR) or (
        user.has_role(Role.CASE_MANAGER) and user.agency_id and _intake_agency(referral) == user.agency_id
    ):
        return referral.get_status_display()
    return WITHHELD_STATUS


def _intake_agency(referral) -> int | None:
    try:
        return referral.intake.agency_id
    except referral._meta.model.intake.RelatedObjectDoesNotExist:
        return None
