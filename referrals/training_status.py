"""What the referral pages show of an officer's training (the training app's selectors)."""

from training.selectors import protocol_acknowledgement_due, training_status_for_users


def training_statuses(officers) -> dict:
    """Each officer's training status by user id: the sergeant sees at the point
    of review whether the officer is trained and current."""
    return training_status_for_users(officers)


def protocol_notice_for(user, *, in_force=None) -> dict | None:
    """The notice shown on the referral form until the officer acknowledges the
    protocol version in force (`in_force`, when the form has read it already)."""
    version = protocol_acknowledgement_due(user, in_force=in_force)
    return {"template": "training/_protocol_notice.html", "version": version} if version else None
