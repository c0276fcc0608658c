"""Reads for referrals and people. Each takes the acting user and returns only
what that user may see."""

import re
from datetime import date, datetime

from django.db.models import QuerySet

from lead_ops.accounts.roles import Role

from .models import Person
from .names import normalise

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")
_DATE_SHAPE = re.compile(r"^\d{1,4}[-/]\d{1,2}[-/]\d{1,4}$")


def people_visible_to(user) -> QuerySet[Person]:
    """Police need every person to avoid filing duplicates; administrators
    manage the records. Other roles see people through their own work queues."""
    if user.has_role(Role.OFFICER, Role.SERGEANT, Role.ADMINISTRATOR):
        return Person.objects.all()
    return Person.objects.none()


def _parse_date(token: str) -> date | None:
    if not _DATE_SHAPE.match(token):
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(token, fmt).date()
        except ValueError:
            continue
    return None


def people_search(*, user, query: str, limit: int = 20) -> list[Person]:
    """People whose name, alias or identifier contains every word of the query;
    a date in the query (2001-04-30 or 4/30/2001) must equal the date of birth.
    On PostgreSQL a trigram index on search_text serves the word matches."""
    people = people_visible_to(user)
    words, matched_anything = [], False
    for token in query.split():
        born = _parse_date(token)
        if born:
            people, matched_anything = people.filter(date_of_birth=born), True
        else:
            words.extend(normalise(token).split())
    for word in words:
        people, matched_anything = people.filter(search_text__contains=word), True
    if not matched_anything:
        return []
    return list(people.order_by("last_name", "first_name", "id")[:limit])
