"""What the referral pages show of an officer's training (the training app's selectors)."""


def training_statuses(officers) -> dict:
    try:
        from training.selectors import training_status_for_users
    except ImportError:  # the training app has not landed yet
        return {}
    return training_status_for_users(officers)


def protocol_notice_for(user):
    try:
        from training.selectors import protocol_acknowledgement_due
    except ImportError:
        return None
    version = protocol_acknowledgement_due(user)
    return {"template": "training/_protocol_notice.html", "version": version} if version else None
