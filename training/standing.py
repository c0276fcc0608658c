"""Where people stand on their required training, in a fixed number of queries
however many people are asked about. Shared by the selectors (my training, the
sergeant's review screen, compliance) and by the reminders."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import DateField, Exists, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from .expiry import Standing, standing_on
from .models import Topic, TopicRequirement, TrainingRecord

NEVER = date.max  # stands in for "never expires" inside queries


@dataclass(frozen=True)
class TopicStanding:
    topic_id: int
    topic: str
    state: Standing
    completed_on: date | None
    expires_on: date | None


@dataclass(frozen=True)
class TrainingStatus:
    """One person's standing on every topic their roles require, on one day.
    is_current: every required topic completed and not expired (due soon
    still counts). The lists hold topic names."""

    user_id: int
    roles: frozenset[str]
    topics: tuple[TopicStanding, ...]
    on: date
    is_current: bool
    summary: str
    current: list[str] = field(default_factory=list)
    due_soon: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def standing(self, topic_id: int) -> TopicStanding | None:
        return next((t for t in self.topics if t.topic_id == topic_id), None)


def summarise(*, required: int, due_soon: int, expired: int, missing: int) -> str:
    if not required:
        return "No training is required for this role."
    if expired or missing:
        parts = []
        if expired:
            parts.append(f"{expired} overdue")
        if missing:
            parts.append(f"{missing} not yet completed")
        return f"Not current: {', '.join(parts)} of {required} required topics."
    if due_soon:
        return f"Current; {due_soon} of {required} required topics due within 30 days."
    return f"Current on all {required} required topics."


def required_topics_by_role(roles: Iterable[str]) -> dict[str, list[Topic]]:
    """One query: the active topics each role must keep current."""
    by_role: dict[str, list[Topic]] = defaultdict(list)
    requirements = TopicRequirement.objects.filter(role__in=set(roles), topic__is_active=True).select_related("topic")
    for requirement in requirements.order_by("topic__name"):
        by_role[requirement.role].append(requirement.topic)
    return by_role


def latest_completions(people, topic_ids) -> dict[tuple[int, int], tuple[date, date | None]]:
    """One query: each person's latest completion and latest expiry per topic.
    `people` is a list of ids or a queryset of users (kept as a subquery)."""
    if isinstance(people, QuerySet):
        people = people.values("pk")
    rows = (
        TrainingRecord.objects.filter(person__in=people, topic_id__in=topic_ids)
        .values("person_id", "topic_id")
        .annotate(
            last_completed=Max("completed_on"),
            last_expiry=Max(Coalesce("expires_on", Value(NEVER), output_field=DateField())),
        )
        .order_by()
    )
    return {
        (row["person_id"], row["topic_id"]): (
            row["last_completed"],
            None if row["last_expiry"] == NEVER else row["last_expiry"],
        )
        for row in rows
    }


def roles_of(people) -> dict[int, frozenset[str]]:
    """One query: role names per user id."""
    if isinstance(people, QuerySet):
        people = people.values("pk")
    memberships = get_user_model().groups.through.objects.filter(user_id__in=people)
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, name in memberships.values_list("user_id", "group__name"):
        roles[user_id].add(name)
    return {user_id: frozenset(names) for user_id, names in roles.items()}


def build_status(
    *, user_id: int, roles: frozenset[str], by_role: dict[str, list[Topic]], latest: dict, on: date
) -> TrainingStatus:
    required = {topic.pk: topic for role in roles for topic in by_role.get(role, [])}
    lists: dict[Standing, list[str]] = defaultdict(list)
    standings = []
    for topic in sorted(required.values(), key=lambda t: t.name):
        completed_on, expires_on = latest.get((user_id, topic.pk), (None, None))
        state = standing_on(on, completed_on=completed_on, expires_on=expires_on)
        standings.append(TopicStanding(topic.pk, topic.name, state, completed_on, expires_on))
        lists[state].append(topic.name)
    counts = {state: len(names) for state, names in lists.items()}
    return TrainingStatus(
        user_id=user_id,
        roles=roles,
        topics=tuple(standings),
        on=on,
        is_current=not lists[Standing.EXPIRED] and not lists[Standing.MISSING],
        summary=summarise(
            required=len(standings),
            due_soon=counts.get(Standing.DUE_SOON, 0),
            expired=counts.get(Standing.EXPIRED, 0),
            missing=counts.get(Standing.MISSING, 0),
        ),
        current=lists[Standing.CURRENT],
        due_soon=lists[Standing.DUE_SOON],
        expired=lists[Standing.EXPIRED],
        missing=lists[Standing.MISSING],
    )


def statuses(
    *, people, roles: dict[int, frozenset[str]], on: date, by_role: dict[str, list[Topic]] | None = None
) -> dict[int, TrainingStatus]:
    """Two queries (requirements, completions) given the people's roles; one
    when the requirements are passed in."""
    if by_role is None:
        by_role = required_topics_by_role({name for names in roles.values() for name in names})
    topic_ids = {topic.pk for topics in by_role.values() for topic in topics}
    latest = latest_completions(people, topic_ids) if topic_ids else {}
    return {
        user_id: build_status(user_id=user_id, roles=user_roles, by_role=by_role, latest=latest, on=on)
        for user_id, user_roles in roles.items()
    }


def current_condition(*, on: date, roles: Iterable[str]) -> Exists:
    """A condition on User rows, for filters and conditional counts: true when the
    user has completed, and not let expire, every active topic that one of their
    roles among `roles` requires. TrainingStatus.is_current, computed by the
    database: a topic counts while its latest expiry is after `on` (standing_on),
    and due soon still counts."""
    person = OuterRef(OuterRef("pk"))
    holds_role = get_user_model().groups.through.objects.filter(user_id=person, group__name=OuterRef("role"))
    unexpired = TrainingRecord.objects.filter(person_id=person, topic_id=OuterRef("topic_id")).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=on)
    )
    lacking = (
        TopicRequirement.objects.filter(role__in=set(roles), topic__is_active=True)
        .filter(Exists(holds_role))
        .exclude(Exists(unexpired))
    )
    return ~Exists(lacking)
