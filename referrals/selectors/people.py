"""Reads about people: search and duplicate detection."""

import re
from datetime import date, datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from lead_ops import audit
from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from lead_ops.search_limits import validate_search
from referrals.models import Person
from referrals.names import normalise

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")
_DATE_SHAPE = re.compile(r"^\d{1,4}[-/]\d{1,2}[-/]\d{1,4}$")


def people_visible_to(user) -> QuerySet[Person]:
    """Police need every person to avoid filing duplicates, and so does the
    project team matching a community referral to someone already on record;
    administrators manage the records. Other roles see people through their
    own work queues."""
    if user.has_role(Role.OFFICER, Role.SERGEANT, Role.PROJECT_MANAGER, Role.ADMINISTRATOR):
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
    On PostgreSQL a trigram index on search_text serves the word matches.
    Raises ValidationError past the search limits (lead_ops.search_limits).
    Every search that asked for something is audited with the people it returned,
    whichever page or fragment asked (CJIS: audit access to records)."""
    validate_search(query)
    people = people_visible_to(user)
    words, dates = [], []
    for token in query.split():
        born = _parse_date(token)
        if born:
            dates.append(born)
        else:
            words.extend(normalise(token).split())
    validate_search(query, words=len(words) + len(dates))
    matched_anything = bool(words or dates)
    for born in dates:
        people = people.filter(date_of_birth=born)
    for word in words:
        people = people.filter(search_text__contains=word)
    found = list(with_visible_referral_counts(user, people)[:limit]) if matched_anything else []
    if query.strip():
        _record_shown(user, found, AuditEvent.Action.SEARCH, "Person search", {"query": query})
    return found


def person_likely_duplicates(*, user, first_name: str, last_name: str, date_of_birth: date | None) -> list[Person]:
    """People who may be the one the officer is about to create: the same date
    of birth and a name in common, or both names in common."""
    first, last = normalise(first_name), normalise(last_name)
    if not (first and last) and not (date_of_birth and (first or last)):
        return []
    conditions = Q(pk__in=[])
    if first and last:
        conditions |= Q(search_text__contains=first) & Q(search_text__contains=last)
    if date_of_birth:
        shares_a_name = Q(pk__in=[])
        for name in (first, last):
            if name:
                shares_a_name |= Q(search_text__contains=name)
        conditions |= Q(date_of_birth=date_of_birth) & shares_a_name
    found = list(with_visible_referral_counts(user, people_visible_to(user).filter(conditions))[:DUPLICATE_LIMIT])
    if found:
        _record_shown(user, found, AuditEvent.Action.SEARCH, "Likely duplicates while filing", {})
    return found


def _record_shown(user, people: list[Person], action: str, summary: str, detail: dict) -> None:
    audit.record(
        action=action, actor=user, targets=people, object_type="referrals.person", summary=summary, detail=detail
    )


DUPLICATE_LIMIT = 5


def with_visible_referral_counts(user, people: QuerySet[Person]) -> QuerySet[Person]:
    """Each person annotated with visible_referrals: how many of their referrals
    this user may see. Others' referrals are not counted, not even as a number."""
    from referrals.selectors.referrals import referrals_visible_to

    visible = (
        referrals_visible_to(user)
        .filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(total=Count("pk"))
        .values("total")
    )
    # Alphabetical regardless of case. Ordering by an expression also keeps
    # PostgreSQL from walking the name index past thousands of non-matches; it
    # takes the few matches from the trigram index and sorts them.
    return people.annotate(visible_referrals=Coalesce(Subquery(visible), 0)).order_by(
        Lower("last_name"), Lower("first_name"), "id"
    )
