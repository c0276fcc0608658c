"""Reads about users, units and precincts."""

from django.db.models import QuerySet

from .models import Unit, User
from .roles import Role


def units_supervised_by(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(supervisors=user)


def unit_ids_supervised_by(user: User) -> list[int]:
    """The ids of the units a sergeant supervises, read once per request (the
    user object is loaded fresh for each). As a list of values, not a subquery,
    PostgreSQL can combine the per-unit indexes of referrals instead of
    filtering every referral in a status one by one."""
    return user.supervised_unit_ids


def users_with_role(role: Role) -> QuerySet[User]:
    return User.objects.filter(groups__name=role, is_active=True).order_by("last_name", "first_name")


def supervisors_of(user: User) -> QuerySet[User]:
    """Sergeants who supervise the user's unit."""
    if user.unit_id is None:
        return User.objects.none()
    return User.objects.filter(supervised_units=user.unit_id, is_active=True)
