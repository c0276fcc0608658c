"""Who is told what when a referral moves: in the app and by e-mail."""

from django.urls import reverse

from lead_ops.accounts.selectors import supervisors_of
from lead_ops.notifications.services import notify
from referrals.models import Referral, Review


def notify_officer_of_return(referral: Referral, review: Review) -> None:
    notify(
        recipient=referral.officer,
        kind="decision_returned",
        subject=f"Referral {referral.pk} returned for correction",
        body=f"{review.sergeant.display_name}: {review.comment}",
        url=reverse("referrals:detail", args=[referral.pk]),
        dedupe_key=f"returned:{review.pk}",
    )


def notify_sergeants_of_new_item(referral: Referral) -> None:
    for sergeant in supervisors_of(referral.officer).exclude(pk=referral.officer_id):
        notify(
            recipient=sergeant,
            kind="review_waiting",
            subject=f"Decision waiting for review: referral {referral.pk}",
            body=(
                f"{referral.officer.display_name} filed a referral ({referral.route.name}): "
                f"{referral.eligibility_headline}."
            ),
            url=reverse("referrals:reviews"),
            dedupe_key=f"review-waiting:{referral.pk}:{referral.current_decision_id}:{sergeant.pk}",
        )
