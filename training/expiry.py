"""When a completion expires, and how a person stands on one topic on a given day.

Pure functions of dates: the services store what they compute, the selectors
and pages explain it, and the tests can walk month ends and leap days freely.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models

DUE_SOON_DAYS = 30
"""A completion is "due soon" in its last 30 days, when the first reminder goes out."""


class Standing(models.TextChoices):
    CURRENT = "current", "Current"
    DUE_SOON = "due_soon", "Due soon"
    EXPIRED = "expired", "Overdue"
    MISSING = "missing", "Not yet completed"


def expiry_date(completed_on: date, refresher_months: int | None) -> date | None:
    """Completion date plus the topic's refresher interval in calendar months.

    A month later than 31 January is the last day of February (28th, or 29th in
    a leap year), never 3 March; a year after 29 February is 28 February. A
    topic without a refresher interval never expires (None)."""
    if refresher_months is None:
        return None
    return completed_on + relativedelta(months=refresher_months)


def standing_on(day: date, *, completed_on: date | None, expires_on: date | None) -> Standing:
    """The expiry date is the first day the completion no longer counts."""
    if completed_on is None:
        return Standing.MISSING
    if expires_on is None:
        return Standing.CURRENT
    days_left = (expires_on - day).days
    if days_left <= 0:
        return Standing.EXPIRED
    if days_left <= DUE_SOON_DAYS:
        return Standing.DUE_SOON
    return Standing.CURRENT
