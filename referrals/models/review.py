"""After the officer's decision: the sergeant's review. What follows the review
(hand-off, intake, consent) is in case_management."""

from django.conf import settings
from django.db import models

from .referral import Decision, Referral


class Review(models.Model):
    """A sergeant's action on one decision. Append-only, and at most one per
    decision (a database constraint): when two sergeants act at once, exactly
    one review is recorded and the other is told who was first."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        RETURN = "return", "Returned for correction"
        OVERRIDE = "override", "Overridden"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="reviews")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="reviews")
    sergeant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    action = models.CharField(max_length=16, choices=Action.choices)
    comment = models.TextField(blank=True, max_length=4000)
    eligibility_overridden = models.BooleanField(
        default=False, help_text="The sergeant approved a diversion a criterion would have sent to them."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["decision"], name="one_review_per_decision")]

    def __str__(self):
        return f"{self.get_action_display()} by {self.sergeant_id} (referral {self.referral_id})"
